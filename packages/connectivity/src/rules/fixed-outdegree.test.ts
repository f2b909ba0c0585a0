import { describe, expect, it } from 'vitest';
import { binomialPmfReference, chiSquare, chiSquareCritical, csrDefect, inDegrees, indexUniformity, outDegrees } from '../../test/statistics.js';
import { buildFixedOutdegree } from './fixed-outdegree.js';

describe('fixed-outdegree', () => {
  it('gives every presynaptic neuron exactly k distinct targets, ascending', () => {
    const csr = buildFixedOutdegree(12, false, false, 1500, 200, 2, 2);
    expect([...new Set(outDegrees(csr))]).toEqual([12]);
    expect(csrDefect(csr, { strict: true, excludeSelf: false })).toBeUndefined();
  });

  it('draws targets uniformly: in-degrees are Binomial(N, k/M) (χ², α = 0.001), sparse and dense rows alike', () => {
    for (const k of [12, 150]) {
      const csr = buildFixedOutdegree(k, false, false, 1500, 200, 2, 2);
      const { statistic, df } = chiSquare(inDegrees(csr), binomialPmfReference(1500, k / 200), 1500);
      expect(statistic).toBeLessThan(chiSquareCritical(df));
      const q = k / 200;
      const uniformity = indexUniformity(inDegrees(csr), 1500 * q * (1 - q));
      expect(uniformity.statistic).toBeLessThan(chiSquareCritical(uniformity.df));
      expect(csrDefect(csr, { strict: true, excludeSelf: false })).toBeUndefined();
    }
  });

  it('leaves out autapses in a recurrent projection', () => {
    const csr = buildFixedOutdegree(30, true, false, 300, 300, 9, 1);
    expect(csrDefect(csr, { strict: true, excludeSelf: true })).toBeUndefined();
    const full = buildFixedOutdegree(299, true, false, 300, 300, 9, 1);
    expect(full.targets.length).toBe(300 * 299);
    expect(csrDefect(full, { strict: true, excludeSelf: true })).toBeUndefined();
  });

  it('draws with replacement when multapses are allowed, k may exceed M', () => {
    const csr = buildFixedOutdegree(50, false, true, 400, 20, 9, 1);
    expect([...new Set(outDegrees(csr))]).toEqual([50]);
    expect(csrDefect(csr, { strict: false, excludeSelf: false })).toBeUndefined();
    const { statistic, df } = chiSquare(inDegrees(csr), binomialPmfReference(400 * 50, 1 / 20), 400 * 50);
    expect(statistic).toBeLessThan(chiSquareCritical(df));
  });

  it('draws each row from its own stream: a larger source population keeps the existing rows', () => {
    const small = buildFixedOutdegree(5, false, false, 40, 70, 3, 3);
    const large = buildFixedOutdegree(5, false, false, 90, 70, 3, 3);
    expect([...large.targets.slice(0, small.targets.length)]).toEqual([...small.targets]);
  });
});
