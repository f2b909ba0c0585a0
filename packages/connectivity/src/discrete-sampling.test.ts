import { describe, expect, it } from 'vitest';
import { binomialPmfReference, chiSquare, chiSquareCritical } from '../test/statistics.js';
import { binomialFromUniform, binomialPmf, hypergeometricFromUniform, hypergeometricPmf } from './discrete-sampling.js';

/** Evenly spaced uniforms: the inversion then reproduces the distribution's quantiles exactly. */
function quantileGrid(count: number): number[] {
  return Array.from({ length: count }, (_, i) => (i + 0.5) / count);
}

describe('binomial and hypergeometric variates', () => {
  it('computes binomial probabilities to 1e-12 of a direct sum, and they sum to 1 even for n = 1e9', () => {
    const reference = binomialPmfReference(200, 0.3);
    for (let x = 0; x <= 200; x++) expect(binomialPmf(x, 200, 0.3, 0.7)).toBeCloseTo(reference(x), 12);
    let total = 0;
    const n = 1e9;
    const mean = n * 1e-4;
    const spread = 9 * Math.sqrt(mean); // ±9 sd
    for (let x = Math.round(mean - spread); x <= mean + spread; x++) total += binomialPmf(x, n, 1e-4, 1 - 1e-4);
    expect(total).toBeCloseTo(1, 10);
  });

  it('computes hypergeometric probabilities that sum to 1', () => {
    let total = 0;
    for (let x = 0; x <= 40; x++) total += hypergeometricPmf(x, 40, 70, 200);
    expect(total).toBeCloseTo(1, 12);
    // P(X = 2) drawing 2 of 5 where 3 are marked: C(3,2)/C(5,2) = 0.3.
    expect(hypergeometricPmf(2, 2, 3, 5)).toBeCloseTo(0.3, 14);
  });

  it('inverts the binomial cdf: quantile-grid samples fit the pmf (χ²)', () => {
    for (const [n, p] of [
      [50, 0.2],
      [2000, 0.01],
      [1000, 0.97],
    ] as const) {
      const samples = quantileGrid(20_000).map((u) => binomialFromUniform(u, n, p));
      const { statistic, df } = chiSquare(samples, binomialPmfReference(n, p), n);
      expect(statistic).toBeLessThan(chiSquareCritical(df));
    }
  });

  it('inverts the hypergeometric cdf: quantile-grid samples have its mean and variance', () => {
    const draws = 300;
    const successes = 120;
    const total = 1000;
    const samples = quantileGrid(50_000).map((u) => hypergeometricFromUniform(u, draws, successes, total));
    const mean = samples.reduce((a, b) => a + b, 0) / samples.length;
    const variance = samples.reduce((a, b) => a + (b - mean) ** 2, 0) / samples.length;
    const p = successes / total;
    expect(mean).toBeCloseTo(draws * p, 2);
    expect(variance).toBeCloseTo((draws * p * (1 - p) * (total - draws)) / (total - 1), 1);
  });

  it('handles degenerate cases', () => {
    expect(binomialFromUniform(0.5, 0, 0.3)).toBe(0);
    expect(binomialFromUniform(0.5, 10, 0)).toBe(0);
    expect(binomialFromUniform(0.5, 10, 1)).toBe(10);
    expect(hypergeometricFromUniform(0.5, 10, 10, 10)).toBe(10);
    expect(hypergeometricFromUniform(0.99, 5, 0, 10)).toBe(0);
  });
});
