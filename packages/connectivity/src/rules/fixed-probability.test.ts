import { describe, expect, it } from 'vitest';
import { binomialPmfReference, chiSquare, chiSquareCritical, csrDefect, inDegrees, moments, outDegrees } from '../../test/statistics.js';
import { buildFixedProbability, buildFixedProbabilityRows } from './fixed-probability.js';

describe('fixed-probability (Erdős–Rényi)', () => {
  const sources = 10_000;
  const targets = 400;
  const p = 0.05;
  const csr = buildFixedProbability(p, false, sources, targets, 11, 3);

  it('gives out-degrees distributed Binomial(N, p) (χ², α = 0.001)', () => {
    const { statistic, df } = chiSquare(outDegrees(csr), binomialPmfReference(targets, p), targets);
    expect(statistic).toBeLessThan(chiSquareCritical(df));
    // Mean within 3.3 standard errors; variance within 3.3 standard errors of its ratio (√(2/N)).
    const { mean, variance } = moments(outDegrees(csr));
    const binomialVariance = targets * p * (1 - p);
    expect(Math.abs(mean - targets * p)).toBeLessThan(Z_SPREAD * Math.sqrt(binomialVariance / sources));
    expect(Math.abs(variance / binomialVariance - 1)).toBeLessThan(Z_SPREAD * Math.sqrt(2 / sources));
  });

  it('gives in-degrees distributed Binomial(M, p) (χ², α = 0.001)', () => {
    const { statistic, df } = chiSquare(inDegrees(csr), binomialPmfReference(sources, p), sources);
    expect(statistic).toBeLessThan(chiSquareCritical(df));
  });

  it('connects every column with the same probability (χ² of column counts)', () => {
    // Geometric skipping must not favour early or late columns: each column's count is Binomial(N, p).
    const counts = inDegrees(csr);
    const expected = sources * p;
    let statistic = 0;
    for (const count of counts) statistic += (count - expected) ** 2 / (expected * (1 - p));
    expect(statistic).toBeLessThan(chiSquareCritical(targets));
  });

  it('keeps rows ascending without repeats, and leaves out autapses in a recurrent projection', () => {
    expect(csrDefect(csr, { strict: true, excludeSelf: false })).toBeUndefined();
    const recurrent = buildFixedProbability(0.3, true, 500, 500, 1, 1);
    expect(csrDefect(recurrent, { strict: true, excludeSelf: true })).toBeUndefined();
    // Leaving i out of row i must not thin the other columns: mean degree is p(N − 1).
    expect(recurrent.targets.length / 500).toBeCloseTo(0.3 * 499, -1);
  });

  it('makes autapses at rate p when they are allowed', () => {
    const recurrent = buildFixedProbability(0.5, false, 2000, 2000, 5, 1);
    let autapses = 0;
    for (let i = 0; i < 2000; i++) {
      for (let s = recurrent.rowOffsets[i] as number; s < (recurrent.rowOffsets[i + 1] as number); s++) {
        if (recurrent.targets[s] === i) autapses++;
      }
    }
    expect(Math.abs(autapses - 1000)).toBeLessThan(Z_SPREAD * Math.sqrt(2000 * 0.25));
  });

  it('connects nothing at p = 0 and everything at p = 1', () => {
    expect(buildFixedProbability(0, false, 50, 60, 1, 1).targets.length).toBe(0);
    const full = buildFixedProbability(1, true, 40, 40, 1, 1);
    expect(full.targets.length).toBe(40 * 39);
    expect(csrDefect(full, { strict: true, excludeSelf: true })).toBeUndefined();
  });

  it('builds each row from its own stream: any split of the rows gives the same rows', () => {
    const whole = buildFixedProbabilityRows(0.1, true, 300, 9, 4, 0, 300);
    const parts = [buildFixedProbabilityRows(0.1, true, 300, 9, 4, 0, 137), buildFixedProbabilityRows(0.1, true, 300, 9, 4, 137, 300)];
    const joined = [...parts[0]!.targets, ...parts[1]!.targets];
    expect(joined).toEqual([...whole.targets]);
    expect([...parts[1]!.rowOffsets].map((offset) => offset + parts[0]!.targets.length)).toEqual([...whole.rowOffsets.slice(137)]);
  });
});

/** Standard deviations allowed for a count (two-sided α ≈ 0.001). */
const Z_SPREAD = 3.3;
