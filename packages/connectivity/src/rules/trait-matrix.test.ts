import { type ConnectivitySpec, ValidationError } from '@spikegpu/core';
import { describe, expect, it } from 'vitest';
import { csrDefect } from '../../test/statistics.js';
import { buildConnectivity, estimateSynapseCount } from '../build-connectivity.js';
import { traitScales, traitsOf } from './trait-matrix.js';

const size = 2000;
const ctx = { sourceSize: size, targetSize: size, isSamePopulation: true, seed: 8, stream: 3 };
// Brunel-style E/I: 80 % excitatory, E→E sparse, I→E dense.
const p = [
  [0.02, 0.1],
  [0.3, 0.05],
];
const spec: ConnectivitySpec = { rule: 'trait-matrix', sourceTraits: { fractions: [0.8, 0.2] }, targetTraits: { fractions: [0.8, 0.2] }, probabilities: p };

describe('trait-matrix', () => {
  it('connects trait a to trait b with probability p[a][b] (each block within 3.3 standard errors)', () => {
    const csr = buildConnectivity(spec, ctx);
    expect(csrDefect(csr, { strict: true, excludeSelf: true })).toBeUndefined();
    const traits = traitsOf({ fractions: [0.8, 0.2] }, size);
    const counts = [
      [0, 0],
      [0, 0],
    ];
    for (let i = 0; i < size; i++) {
      for (let s = csr.rowOffsets[i] as number; s < (csr.rowOffsets[i + 1] as number); s++) counts[traits[i]!]![traits[csr.targets[s]!]!]! += 1;
    }
    const members = [1600, 400];
    for (let a = 0; a < 2; a++) {
      for (let b = 0; b < 2; b++) {
        const pairs = members[a]! * members[b]! - (a === b ? members[a]! : 0);
        const q = p[a]![b]!;
        expect(Math.abs(counts[a]![b]! - pairs * q)).toBeLessThan(3.3 * Math.sqrt(pairs * q * (1 - q)));
      }
    }
    expect(Math.abs(estimateSynapseCount(spec, ctx) - csr.targets.length)).toBeLessThan(3.3 * Math.sqrt(csr.targets.length));
  });

  it('takes traits per neuron as well, and gives per-synapse weight scales by trait pair', () => {
    const traits = Array.from({ length: 50 }, (_, i) => i % 3);
    const small = { ...ctx, sourceSize: 50, targetSize: 50 };
    const csr = buildConnectivity(
      {
        rule: 'trait-matrix',
        sourceTraits: traits,
        targetTraits: traits,
        probabilities: [
          [1, 0, 0],
          [0, 1, 0],
          [0, 0, 0],
        ],
      },
      small,
    );
    // Only same-trait pairs among traits 0 and 1, all of them, no autapses.
    for (let i = 0; i < 50; i++) {
      const row = [...csr.targets.subarray(csr.rowOffsets[i], csr.rowOffsets[i + 1])];
      expect(row).toEqual(traits[i] === 2 ? [] : traits.flatMap((t, j) => (t === traits[i] && j !== i ? [j] : [])));
    }
    const factors = traitScales(csr, traits, traits, [
      [1, 2, 3],
      [-4, -5, -6],
      [7, 8, 9],
    ]);
    expect(new Set(factors)).toEqual(new Set([1, -5]));
  });

  it('refuses a matrix of the wrong shape, probabilities outside [0, 1] and traits out of range', () => {
    const fails = (override: object, path: string) => {
      try {
        buildConnectivity({ ...spec, ...override } as never, { ...ctx, path: 'c' });
      } catch (error) {
        expect(error).toBeInstanceOf(ValidationError);
        expect((error as ValidationError).path).toBe(path);
        return;
      }
      throw new Error(`expected a ValidationError at ${path}`);
    };
    fails({ probabilities: [[0.1, 0.2], [0.3]] }, 'c.probabilities[1]');
    fails(
      {
        probabilities: [
          [0.1, 1.2],
          [0.3, 0.4],
        ],
      },
      'c.probabilities[0][1]',
    );
    // A misspelt field is named, with a suggestion.
    fails({ probabilities: undefined, probability: p }, 'c.probability');
    fails({ sourceTraits: { fractions: [1] } }, 'c.sourceTraits.fractions');
    fails({ targetTraits: Array.from({ length: size }, () => 2) }, 'c.targetTraits[0]');
    fails({ targetTraits: [0, 1] }, 'c.targetTraits');
  });
});
