import { CapacityError, type ConnectivitySpec, ValidationError } from '@spikegpu/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { csrDefect, inDegrees, outDegrees } from '../test/statistics.js';
import { buildConnectivity, estimateSynapseCount } from './build-connectivity.js';
import type { BuildContext } from './csr.js';

const recurrent = (size: number, seed = 1, stream = 0): BuildContext => ({
  sourceSize: size,
  targetSize: size,
  isSamePopulation: true,
  seed,
  stream,
});

const randomRules: ConnectivitySpec[] = [
  { rule: 'fixed-probability', p: 0.1 },
  { rule: 'fixed-indegree', k: 5 },
  { rule: 'fixed-indegree', k: 5, allowMultapses: true },
  { rule: 'fixed-outdegree', k: 5 },
  { rule: 'fixed-total', n: 300 },
  { rule: 'fixed-total', n: 300, allowMultapses: true },
];

describe('buildConnectivity', () => {
  it('gives identical arrays for the same seed and stream, and different ones for another seed or stream', () => {
    for (const spec of randomRules) {
      const a = buildConnectivity(spec, recurrent(200, 7, 3));
      const b = buildConnectivity(spec, recurrent(200, 7, 3));
      expect(b.rowOffsets).toEqual(a.rowOffsets);
      expect(b.targets).toEqual(a.targets);
      expect(buildConnectivity(spec, recurrent(200, 8, 3)).targets).not.toEqual(a.targets);
      expect(buildConnectivity(spec, recurrent(200, 7, 4)).targets).not.toEqual(a.targets);
    }
  });

  it('pins the arrays of a seed: a change to the RNG or a rule shows up here', () => {
    const csr = buildConnectivity({ rule: 'fixed-probability', p: 0.2 }, recurrent(6, 42, 1));
    expect({ rowOffsets: [...csr.rowOffsets], targets: [...csr.targets] }).toMatchInlineSnapshot(`
      {
        "rowOffsets": [
          0,
          2,
          3,
          7,
          9,
          9,
          10,
        ],
        "targets": [
          3,
          5,
          3,
          0,
          1,
          4,
          5,
          0,
          2,
          0,
        ],
      }
    `);
  });

  it('keeps every CSR invariant for any sizes and parameters (property)', () => {
    const rule = fc.oneof(
      fc.record({ rule: fc.constant('fixed-probability' as const), p: fc.double({ min: 0, max: 1, noNaN: true }), allowAutapses: fc.boolean() }),
      fc.record({ rule: fc.constant('fixed-indegree' as const), k: fc.nat(12), allowAutapses: fc.boolean(), allowMultapses: fc.boolean() }),
      fc.record({ rule: fc.constant('fixed-outdegree' as const), k: fc.nat(12), allowAutapses: fc.boolean(), allowMultapses: fc.boolean() }),
      fc.record({ rule: fc.constant('fixed-total' as const), n: fc.nat(200), allowAutapses: fc.boolean(), allowMultapses: fc.boolean() }),
      fc.record({ rule: fc.constant('all-to-all' as const), allowAutapses: fc.boolean() }),
      fc.record({
        rule: fc.constant('trait-matrix' as const),
        sourceTraits: fc.constant({ fractions: [0.5, 0.5] } as { fractions: number[] }),
        targetTraits: fc.constant({ fractions: [0.3, 0.7] } as { fractions: number[] }),
        probabilities: fc.array(fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 2, maxLength: 2 }), { minLength: 2, maxLength: 2 }),
        allowAutapses: fc.boolean(),
      }),
      fc.constant({ rule: 'one-to-one' as const }),
    );
    // Sizes 0 and 1 come often: the edge cases of "every neuron but itself".
    const size = fc.oneof(fc.constantFrom(0, 1, 2), fc.nat(40));
    fc.assert(
      fc.property(rule, size, size, fc.boolean(), fc.nat(), (spec, sourceSize, rawTargetSize, isSamePopulation, seed) => {
        const targetSize = isSamePopulation || spec.rule === 'one-to-one' ? sourceSize : rawTargetSize;
        const ctx = { sourceSize, targetSize, isSamePopulation, seed, stream: 5 };
        let csr: ReturnType<typeof buildConnectivity>;
        try {
          csr = buildConnectivity(spec, ctx);
        } catch (error) {
          // Only a rule that cannot be met may refuse, and then with a typed error naming the field.
          expect(error).toBeInstanceOf(ValidationError);
          expect((error as ValidationError).path).toMatch(/^connectivity\.(k|n)$/);
          return;
        }
        const allowAutapses = 'allowAutapses' in spec && spec.allowAutapses === true;
        const allowMultapses = 'allowMultapses' in spec && spec.allowMultapses === true;
        const excludeSelf = isSamePopulation && !allowAutapses && spec.rule !== 'one-to-one';
        expect(csrDefect(csr, { strict: !allowMultapses, excludeSelf })).toBeUndefined();
        if (spec.rule === 'fixed-probability' || spec.rule === 'trait-matrix') {
          expect(csr.targets.length).toBeLessThanOrEqual(sourceSize * targetSize);
        } else {
          expect(csr.targets.length).toBe(estimateSynapseCount(spec, ctx));
        }
        if (spec.rule === 'fixed-indegree') expect(inDegrees(csr).every((d) => d === spec.k)).toBe(true);
        if (spec.rule === 'fixed-outdegree') expect(outDegrees(csr).every((d) => d === spec.k)).toBe(true);
      }),
      { numRuns: 400 },
    );
  });

  it('builds empty and one-neuron populations for every rule', () => {
    for (const size of [0, 1]) {
      for (const spec of [
        ...randomRules.map((rule) => ({ ...rule, ...('k' in rule ? { k: 0 } : {}), ...('n' in rule ? { n: 0 } : {}) })),
        { rule: 'all-to-all' as const },
      ]) {
        const csr = buildConnectivity(spec as ConnectivitySpec, recurrent(size));
        expect(csr.targets.length).toBe(0);
        expect(csr.rowOffsets.length).toBe(size + 1);
      }
    }
  });

  it('makes i → i only when autapses are allowed', () => {
    const count = (csr: ReturnType<typeof buildConnectivity>) =>
      Array.from({ length: csr.sourceSize }, (_, i) => csr.targets.subarray(csr.rowOffsets[i], csr.rowOffsets[i + 1]).includes(i)).filter(Boolean).length;
    expect(count(buildConnectivity({ rule: 'all-to-all' }, recurrent(30)))).toBe(0);
    expect(count(buildConnectivity({ rule: 'all-to-all', allowAutapses: true }, recurrent(30)))).toBe(30);
    // Two populations of one size: i → i is no autapse, so nothing is left out.
    expect(buildConnectivity({ rule: 'all-to-all' }, { ...recurrent(30), isSamePopulation: false }).targets.length).toBe(900);
  });
});

describe('bad input', () => {
  const at = (path: string) => ({ ...recurrent(100), path });
  const expectValidation = (run: () => unknown, path: string, message?: RegExp) => {
    try {
      run();
    } catch (error) {
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).path).toBe(path);
      if (message) expect((error as Error).message).toMatch(message);
      return;
    }
    throw new Error(`expected a ValidationError at ${path}`);
  };

  it('rejects p outside [0, 1] or not a number', () => {
    const path = 'projections[0].connectivity';
    expectValidation(
      () => buildConnectivity({ rule: 'fixed-probability', p: 1.5 }, at(path)),
      `${path}.p`,
      /^projections\[0\]\.connectivity\.p: expected a number in \[0, 1\], got 1\.5$/,
    );
    expectValidation(() => buildConnectivity({ rule: 'fixed-probability', p: -0.1 }, at(path)), `${path}.p`);
    expectValidation(() => buildConnectivity({ rule: 'fixed-probability', p: Number.NaN }, at(path)), `${path}.p`, /got NaN/);
    expectValidation(() => buildConnectivity({ rule: 'fixed-probability' } as unknown as ConnectivitySpec, at(path)), `${path}.p`, /got nothing/);
  });

  it('rejects k above the candidates without multapses, negative or fractional k', () => {
    expectValidation(() => buildConnectivity({ rule: 'fixed-indegree', k: 100 }, at('c')), 'c.k', /integer in \[0, 99\].*allowMultapses/);
    expectValidation(() => buildConnectivity({ rule: 'fixed-outdegree', k: 101 }, { ...at('c'), isSamePopulation: false }), 'c.k');
    expectValidation(() => buildConnectivity({ rule: 'fixed-indegree', k: -1 }, at('c')), 'c.k');
    expectValidation(() => buildConnectivity({ rule: 'fixed-outdegree', k: 2.5 }, at('c')), 'c.k');
    expectValidation(() => buildConnectivity({ rule: 'fixed-total', n: 100 * 99 + 1 }, at('c')), 'c.n');
    expect(buildConnectivity({ rule: 'fixed-indegree', k: 150, allowMultapses: true }, at('c')).targets.length).toBe(15_000);
  });

  it('rejects unknown rules and fields with a suggestion, and wrongly typed flags', () => {
    expectValidation(
      () => buildConnectivity({ rule: 'fixed-indegre', k: 1 } as unknown as ConnectivitySpec, at('c')),
      'c.rule',
      /did you mean 'fixed-indegree'/,
    );
    expectValidation(
      () => buildConnectivity({ rule: 'fixed-probability', p: 0.1, allowAutapse: true } as unknown as ConnectivitySpec, at('c')),
      'c.allowAutapse',
      /did you mean 'allowAutapses'/,
    );
    expectValidation(
      () => buildConnectivity({ rule: 'fixed-probability', p: 0.1, allowAutapses: 'yes' } as unknown as ConnectivitySpec, at('c')),
      'c.allowAutapses',
    );
    expectValidation(() => buildConnectivity(null as unknown as ConnectivitySpec, at('c')), 'c');
  });

  it('rejects explicit lists of unequal length or with indices out of range', () => {
    const ctx = { ...at('c'), isSamePopulation: false, targetSize: 10 };
    expectValidation(() => buildConnectivity({ rule: 'explicit', pre: [0, 1], post: [0] }, ctx), 'c.post', /2 indices/);
    expectValidation(() => buildConnectivity({ rule: 'explicit', pre: [0, 100], post: [0, 1] }, ctx), 'c.pre[1]', /integer in \[0, 99\], got 100/);
    expectValidation(() => buildConnectivity({ rule: 'explicit', pre: [0, 1], post: [0, -1] }, ctx), 'c.post[1]');
    expectValidation(() => buildConnectivity({ rule: 'explicit', pre: [0, 1.5], post: [0, 1] }, ctx), 'c.pre[1]');
  });

  it('rejects one-to-one between populations of different sizes, and bad sizes or seeds', () => {
    expectValidation(() => buildConnectivity({ rule: 'one-to-one' }, { ...at('c'), isSamePopulation: false, targetSize: 5 }), 'c.rule');
    expectValidation(() => buildConnectivity({ rule: 'all-to-all' }, { ...at('c'), sourceSize: -3 }), 'sourceSize');
    expectValidation(() => buildConnectivity({ rule: 'all-to-all' }, { ...at('c'), seed: -1 }), 'seed');
    expectValidation(() => buildConnectivity({ rule: 'all-to-all' }, { ...at('c'), stream: 1.5 }), 'stream');
  });

  it('refuses a projection over 2^32 − 1 synapses with a CapacityError before allocating', () => {
    const ctx = { sourceSize: 100_000, targetSize: 100_000, isSamePopulation: false, seed: 1, stream: 1, path: 'p' };
    expect(() => buildConnectivity({ rule: 'all-to-all' }, ctx)).toThrow(CapacityError);
    expect(() => buildConnectivity({ rule: 'fixed-probability', p: 0.5 }, ctx)).toThrow(CapacityError);
    expect(() => buildConnectivity({ rule: 'fixed-indegree', k: 50_000 }, ctx)).toThrow(CapacityError);
  });
});
