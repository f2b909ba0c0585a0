import { ValidationError } from '@spikegpu/core';
import { describe, expect, it } from 'vitest';
import { moments } from '../test/statistics.js';
import { sampleValues } from './sample-values.js';

const n = 200_000;
const ctx = { seed: 3, stream: 21 };
/** Allowed deviation of a sample mean, in standard errors (two-sided α ≈ 0.001). */
const Z = 3.3;

describe('sampleValues', () => {
  it('fills constants', () => {
    expect([...sampleValues(2.5, 3, ctx)]).toEqual([2.5, 2.5, 2.5]);
    expect([...sampleValues({ dist: 'constant', value: -1 }, 2, ctx)]).toEqual([-1, -1]);
  });

  it('draws uniform values with mean (a+b)/2 and sd (b−a)/√12, all inside [a, b]', () => {
    const values = sampleValues({ dist: 'uniform', low: 2, high: 5 }, n, ctx);
    const sd = 3 / Math.sqrt(12);
    const { mean, variance } = moments(values);
    expect(Math.abs(mean - 3.5)).toBeLessThan((Z * sd) / Math.sqrt(n));
    expect(Math.sqrt(variance) / sd).toBeCloseTo(1, 2);
    expect(values.every((v) => v >= 2 && v <= 5)).toBe(true);
    // Uniform over the range: each tenth holds a tenth (χ² with 9 degrees of freedom, critical 27.9).
    const bins = new Float64Array(10);
    for (const v of values) bins[Math.min(9, Math.floor(((v - 2) / 3) * 10))]! += 1;
    const statistic = bins.reduce((sum, count) => sum + (count - n / 10) ** 2 / (n / 10), 0);
    expect(statistic).toBeLessThan(27.9);
  });

  it('draws normal values with the given mean and sd, and normal tail fractions', () => {
    const values = sampleValues({ dist: 'normal', mean: 10, sd: 2 }, n, ctx);
    const { mean, variance } = moments(values);
    expect(Math.abs(mean - 10)).toBeLessThan((Z * 2) / Math.sqrt(n));
    expect(Math.sqrt(variance) / 2).toBeCloseTo(1, 2);
    // P(Z > 1.96) = 0.025 on each side.
    const upper = values.filter((v) => v > 10 + 1.96 * 2).length / n;
    expect(Math.abs(upper - 0.025)).toBeLessThan(Z * Math.sqrt((0.025 * 0.975) / n));
  });

  it('clamps a normal to [min, max]: the clipped mass sits exactly on the bounds', () => {
    const values = sampleValues({ dist: 'normal', mean: 0, sd: 1, min: -1, max: 0.5 }, n, ctx);
    expect(values.every((v) => v >= -1 && v <= 0.5)).toBe(true);
    // Φ(−1) = 0.158655 of the values sit at −1, 1 − Φ(0.5) = 0.308538 at 0.5.
    const atMin = values.filter((v) => v === -1).length / n;
    const atMax = values.filter((v) => v === 0.5).length / n;
    expect(Math.abs(atMin - 0.158655)).toBeLessThan(Z * Math.sqrt((0.158655 * 0.841345) / n));
    expect(Math.abs(atMax - 0.308538)).toBeLessThan(Z * Math.sqrt((0.308538 * 0.691462) / n));
  });

  it("draws lognormal values whose logs are N(mu, sigma) (NEST's convention) with mean exp(mu + sigma²/2)", () => {
    const mu = -1;
    const sigma = 0.5;
    const values = sampleValues({ dist: 'lognormal', mu, sigma }, n, ctx);
    expect(values.every((v) => v > 0)).toBe(true);
    const logs = moments(Array.from(values, Math.log));
    expect(Math.abs(logs.mean - mu)).toBeLessThan((Z * sigma) / Math.sqrt(n));
    expect(Math.sqrt(logs.variance) / sigma).toBeCloseTo(1, 2);
    const expectedMean = Math.exp(mu + sigma ** 2 / 2);
    const expectedSd = expectedMean * Math.sqrt(Math.exp(sigma ** 2) - 1);
    expect(Math.abs(moments(values).mean - expectedMean)).toBeLessThan((Z * expectedSd) / Math.sqrt(n));
  });

  it('copies lists, and refuses one of the wrong length naming the field', () => {
    expect([...sampleValues({ dist: 'list', values: [1, 2, 3] }, 3, ctx)]).toEqual([1, 2, 3]);
    expect(() => sampleValues({ dist: 'list', values: [1, 2] }, 3, { ...ctx, path: 'projections[1].weight' })).toThrow(
      /^projections\[1\]\.weight\.values: expected 3 values/,
    );
  });

  it('is a pure function of (seed, stream, element): pieces equal the whole, seeds and streams differ', () => {
    const spec = { dist: 'normal', mean: 0, sd: 1 } as const;
    const whole = sampleValues(spec, 1001, ctx);
    const head = sampleValues(spec, 333, ctx);
    const tail = sampleValues(spec, 1001 - 333, { ...ctx, firstIndex: 333 });
    expect([...head, ...tail]).toEqual([...whole]);
    expect(sampleValues(spec, 1001, ctx)).toEqual(whole);
    expect(sampleValues(spec, 1001, { ...ctx, seed: 4 })).not.toEqual(whole);
    expect(sampleValues(spec, 1001, { ...ctx, stream: 22 })).not.toEqual(whole);
  });

  it('refuses bad specs with a ValidationError naming the field', () => {
    const bad = (spec: unknown, path: string) => {
      expect(() => sampleValues(spec as number, 10, { ...ctx, path: 'w' })).toThrow(ValidationError);
      try {
        sampleValues(spec as number, 10, { ...ctx, path: 'w' });
      } catch (error) {
        expect((error as ValidationError).path).toBe(path);
      }
    };
    bad(Number.NaN, 'w');
    bad({ dist: 'uniform', low: 1, high: 0 }, 'w.high');
    bad({ dist: 'normal', mean: 0, sd: -1 }, 'w.sd');
    bad({ dist: 'lognormal', mu: 0, sigma: Number.POSITIVE_INFINITY }, 'w.sigma');
    bad({ dist: 'gamma', shape: 2 }, 'w.dist');
    expect(() => sampleValues(1, -1, ctx)).toThrow(ValidationError);
  });
});
