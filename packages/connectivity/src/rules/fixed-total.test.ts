import { describe, expect, it } from 'vitest';
import { binomialPmfReference, chiSquare, chiSquareCritical, csrDefect, moments, outDegrees, pairsOf } from '../../test/statistics.js';
import { buildFixedTotal } from './fixed-total.js';

describe('fixed-total', () => {
  it('makes exactly n synapses, multinomially spread over rows when multapses are allowed', () => {
    const rows = 500;
    const n = 20_000;
    const csr = buildFixedTotal(n, false, true, rows, 80, 6, 1);
    expect(csr.targets.length).toBe(n);
    expect(csrDefect(csr, { strict: false, excludeSelf: false })).toBeUndefined();
    // Each row's count is Binomial(n, 1/N).
    const { statistic, df } = chiSquare(outDegrees(csr), binomialPmfReference(n, 1 / rows), n);
    expect(statistic).toBeLessThan(chiSquareCritical(df));
  });

  it('draws n distinct pairs without multapses: row counts are hypergeometric', () => {
    const rows = 400;
    const columns = 50;
    const n = 12_000; // 60 % of the 20,000 pairs
    const csr = buildFixedTotal(n, false, false, rows, columns, 6, 2);
    expect(csr.targets.length).toBe(n);
    expect(csrDefect(csr, { strict: true, excludeSelf: false })).toBeUndefined();
    // Hypergeometric(n draws, M successes, N·M total): mean n/N, variance n(1/N)(1 − 1/N)(NM − n)/(NM − 1).
    const total = rows * columns;
    const { mean, variance } = moments(outDegrees(csr));
    expect(mean).toBe(n / rows);
    const expectedVariance = ((n / rows) * (1 - 1 / rows) * (total - n)) / (total - 1);
    expect(variance / expectedVariance).toBeGreaterThan(0.85);
    expect(variance / expectedVariance).toBeLessThan(1.15);
  });

  it('takes every candidate pair when n equals their number, leaving out autapses', () => {
    const csr = buildFixedTotal(30 * 29, true, false, 30, 30, 1, 1);
    expect(csrDefect(csr, { strict: true, excludeSelf: true })).toBeUndefined();
    expect(pairsOf(csr).length).toBe(30 * 29);
  });

  it('spreads synapses evenly over columns (χ² of column counts)', () => {
    const csr = buildFixedTotal(30_000, true, false, 300, 300, 2, 2);
    expect(csrDefect(csr, { strict: true, excludeSelf: true })).toBeUndefined();
    const counts = new Float64Array(300);
    for (const target of csr.targets) counts[target] = (counts[target] as number) + 1;
    const expected = 30_000 / 300;
    let statistic = 0;
    for (const count of counts) statistic += (count - expected) ** 2 / expected;
    expect(statistic).toBeLessThan(chiSquareCritical(299));
  });
});
