import { ValidationError } from '@spikegpu/core';
import { describe, expect, it } from 'vitest';
import { chiSquareCritical, csrDefect } from '../../test/statistics.js';
import { buildConnectivity, estimateSynapseCount } from '../build-connectivity.js';
import type { Csr } from '../csr.js';
import { distanceDelays } from '../distance-delays.js';
import { placeNeurons } from '../place-neurons.js';
import { connectionProbability, type DistanceProfile } from './distance-dependent.js';

const size = 1500;
const positions = placeNeurons({ layout: 'box', sizeUm: [300, 300, 300] }, size, { seed: 1, stream: 2 });
const ctx = { sourceSize: size, targetSize: size, isSamePopulation: true, seed: 4, stream: 9, sourcePositions: positions, targetPositions: positions };

/**
 * Over all pairs binned by distance: connected pairs against Σp and Σp(1 − p) of the bin, as
 * Σ z² ~ χ²(bins). Also counts connections beyond the cutoff.
 */
function distanceFit(csr: Csr, profile: DistanceProfile, bins: number) {
  const connected = new Uint8Array(size * size);
  for (let i = 0; i < size; i++)
    for (let s = csr.rowOffsets[i] as number; s < (csr.rowOffsets[i + 1] as number); s++) connected[i * size + (csr.targets[s] as number)] = 1;
  const observed = new Float64Array(bins);
  const expected = new Float64Array(bins);
  const variance = new Float64Array(bins);
  let beyondCutoff = 0;
  for (let i = 0; i < size; i++) {
    for (let j = 0; j < size; j++) {
      if (i === j) continue;
      const d2 =
        (positions[3 * i]! - positions[3 * j]!) ** 2 +
        (positions[3 * i + 1]! - positions[3 * j + 1]!) ** 2 +
        (positions[3 * i + 2]! - positions[3 * j + 2]!) ** 2;
      const isConnected = connected[i * size + j] === 1;
      if (d2 > profile.cutoffUm ** 2) {
        if (isConnected) beyondCutoff++;
        continue;
      }
      const bin = Math.min(bins - 1, Math.floor((Math.sqrt(d2) / profile.cutoffUm) * bins));
      const p = connectionProbability(profile, d2);
      observed[bin]! += isConnected ? 1 : 0;
      expected[bin]! += p;
      variance[bin]! += p * (1 - p);
    }
  }
  let statistic = 0;
  for (let b = 0; b < bins; b++) if (variance[b]! > 0) statistic += (observed[b]! - expected[b]!) ** 2 / variance[b]!;
  return { statistic, beyondCutoff, observed, expected };
}

describe('distance-dependent', () => {
  for (const profile of [
    { profile: 'gaussian', p0: 0.8, scaleUm: 40, cutoffUm: 110 },
    { profile: 'exponential', p0: 0.3, scaleUm: 30, cutoffUm: 150 },
  ] as const) {
    it(`connects pairs with p(d) = ${profile.profile} profile, nothing beyond the cutoff (χ² over distance bins)`, () => {
      const csr = buildConnectivity({ rule: 'distance-dependent', ...profile }, ctx);
      expect(csrDefect(csr, { strict: true, excludeSelf: true })).toBeUndefined();
      const fit = distanceFit(csr, profile, 20);
      expect(fit.beyondCutoff).toBe(0);
      expect(fit.statistic).toBeLessThan(chiSquareCritical(20));
      // The expected count is right to within 3 %.
      expect(Math.abs(estimateSynapseCount({ rule: 'distance-dependent', ...profile }, ctx) / csr.targets.length - 1)).toBeLessThan(0.03);
    });
  }

  it('is deterministic, and rows depend only on their own stream', () => {
    const spec = { rule: 'distance-dependent', profile: 'gaussian', p0: 0.5, scaleUm: 30, cutoffUm: 90 } as const;
    const a = buildConnectivity(spec, ctx);
    expect(buildConnectivity(spec, ctx).targets).toEqual(a.targets);
    expect(buildConnectivity(spec, { ...ctx, seed: 5 }).targets).not.toEqual(a.targets);
    // The first 700 sources alone (autapses allowed in both, as a separate population has none to leave out): the same rows.
    const all = buildConnectivity({ ...spec, allowAutapses: true }, ctx);
    const part = buildConnectivity(
      { ...spec, allowAutapses: true },
      { ...ctx, isSamePopulation: false, sourceSize: 700, sourcePositions: positions.slice(0, 2100) },
    );
    expect([...part.targets]).toEqual([...all.targets.slice(0, all.rowOffsets[700])]);
  });

  it('refuses missing positions, negative distances and unknown profiles, naming the field', () => {
    const fails = (run: () => unknown, path: string) => {
      expect(run).toThrow(ValidationError);
      try {
        run();
      } catch (error) {
        expect((error as ValidationError).path).toBe(path);
      }
    };
    const spec = { rule: 'distance-dependent', profile: 'gaussian', p0: 0.5, scaleUm: 30, cutoffUm: 90 } as const;
    fails(() => buildConnectivity(spec, { ...ctx, sourcePositions: undefined }), 'sourcePositions');
    fails(() => buildConnectivity({ ...spec, cutoffUm: -1 }, { ...ctx, path: 'p' }), 'p.cutoffUm');
    fails(() => buildConnectivity({ ...spec, scaleUm: 0 }, { ...ctx, path: 'p' }), 'p.scaleUm');
    fails(() => buildConnectivity({ ...spec, p0: 2 }, { ...ctx, path: 'p' }), 'p.p0');
    fails(() => buildConnectivity({ ...spec, profile: 'cauchy' } as never, { ...ctx, path: 'p' }), 'p.profile');
  });
});

describe('distanceDelays', () => {
  it('is the offset plus distance over conduction velocity, per synapse', () => {
    const csr = buildConnectivity({ rule: 'fixed-outdegree', k: 3 }, { ...ctx, sourceSize: 10, targetSize: 10, sourcePositions: undefined });
    const small = positions.slice(0, 30);
    const delays = distanceDelays(csr, small, small, { velocityUmPerMs: 500, offsetMs: 0.5 });
    for (let i = 0; i < 10; i++) {
      for (let s = csr.rowOffsets[i] as number; s < (csr.rowOffsets[i + 1] as number); s++) {
        const j = csr.targets[s] as number;
        const d = Math.hypot(small[3 * i]! - small[3 * j]!, small[3 * i + 1]! - small[3 * j + 1]!, small[3 * i + 2]! - small[3 * j + 2]!);
        expect(delays[s]).toBeCloseTo(0.5 + d / 500, 5);
      }
    }
    expect(() => distanceDelays(csr, small, small, { velocityUmPerMs: -1, path: 'projections[0].delayMs' })).toThrow(
      /^projections\[0\]\.delayMs\.velocityUmPerMs: expected a positive number/,
    );
    expect(() => distanceDelays(csr, small, small, { velocityUmPerMs: 1, offsetMs: -0.1 })).toThrow(ValidationError);
  });
});
