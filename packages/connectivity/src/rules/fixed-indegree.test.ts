import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { binomialPmfReference, chiSquare, chiSquareCritical, csrDefect, inDegrees, indexUniformity, outDegrees, pairsOf } from '../../test/statistics.js';
import { CounterStream, DrawPurpose } from '../counter-stream.js';
import { sampleDistinct } from '../index-sampling.js';
import { transposeCsr } from '../transpose-csr.js';
import { buildFixedIndegree } from './fixed-indegree.js';

describe('fixed-indegree', () => {
  it('gives every postsynaptic neuron exactly k distinct presynaptic neurons', () => {
    const csr = buildFixedIndegree(25, false, false, 300, 2000, 3, 8);
    expect([...new Set(inDegrees(csr))]).toEqual([25]);
    expect(csrDefect(csr, { strict: true, excludeSelf: false })).toBeUndefined();
  });

  it('draws sources uniformly: out-degrees are Binomial(M, k/N) (χ², α = 0.001)', () => {
    const sources = 300;
    const k = 30;
    const csr = buildFixedIndegree(k, false, false, sources, 2000, 3, 8);
    const { statistic, df } = chiSquare(outDegrees(csr), binomialPmfReference(2000, k / sources), 2000);
    expect(statistic).toBeLessThan(chiSquareCritical(df));
    // …and no source is favoured: across sources, degrees scatter as Binomial(M, k/N) (variance M·q·(1 − q)).
    const q = k / sources;
    const uniformity = indexUniformity(outDegrees(csr), 2000 * q * (1 - q));
    expect(uniformity.statistic).toBeLessThan(chiSquareCritical(uniformity.df));
  });

  it('leaves out autapses in a recurrent projection and still gives exactly k, uniform over the others', () => {
    const size = 400;
    const csr = buildFixedIndegree(20, true, false, size, size, 1, 2);
    expect(csrDefect(csr, { strict: true, excludeSelf: true })).toBeUndefined();
    expect([...new Set(inDegrees(csr))]).toEqual([20]);
    // Each source is in each other column with probability k/(N − 1): out-degree ~ Binomial(N − 1, k/(N − 1)).
    const { statistic, df } = chiSquare(outDegrees(csr), binomialPmfReference(size - 1, 20 / (size - 1)), size - 1);
    expect(statistic).toBeLessThan(chiSquareCritical(df));
  });

  it('takes k = N (every other neuron) without multapses', () => {
    const csr = buildFixedIndegree(49, true, false, 50, 50, 1, 2);
    expect(csr.targets.length).toBe(50 * 49);
    expect(csrDefect(csr, { strict: true, excludeSelf: true })).toBeUndefined();
  });

  it('draws with replacement when multapses are allowed: repeats at the birthday rate', () => {
    const sources = 100;
    const k = 40;
    const columns = 3000;
    const csr = buildFixedIndegree(k, false, true, sources, columns, 4, 4);
    expect([...new Set(inDegrees(csr))]).toEqual([k]);
    expect(csrDefect(csr, { strict: false, excludeSelf: false })).toBeUndefined();
    // Out-degree ~ Binomial(M·k, 1/N): every one of the M·k draws is an independent uniform source.
    const { statistic, df } = chiSquare(outDegrees(csr), binomialPmfReference(columns * k, 1 / sources), columns * k);
    expect(statistic).toBeLessThan(chiSquareCritical(df));
    // Expected repeated (source, column) pairs per column: C(k, 2)/N to first order; count exact pairs.
    const seen = new Set<number>();
    let repeats = 0;
    for (const [pre, post] of pairsOf(csr)) {
      const key = post * sources + pre;
      if (seen.has(key)) repeats++;
      seen.add(key);
    }
    const distinctExpected = sources * (1 - (1 - 1 / sources) ** k); // per column
    const repeatsExpected = columns * (k - distinctExpected);
    expect(Math.abs(repeats - repeatsExpected)).toBeLessThan(0.05 * repeatsExpected);
  });

  it('draws each column from its own stream: a larger target population keeps the existing columns', () => {
    const small = transposeCsr(buildFixedIndegree(7, false, false, 90, 60, 5, 5));
    const large = transposeCsr(buildFixedIndegree(7, false, false, 90, 150, 5, 5));
    expect([...large.sources.slice(0, 60 * 7)]).toEqual([...small.sources]);
  });

  it('draws the same sources on its fast path (n ≤ 2^21) as the general CounterStream path', () => {
    const csr = buildFixedIndegree(7, false, false, 500, 40, 3, 4);
    const rng = new CounterStream(3, 4, DrawPurpose.fixedIndegree);
    const marks = new Uint8Array(500);
    const column = new Uint32Array(7);
    const rows: number[][] = Array.from({ length: 500 }, () => []);
    for (let c = 0; c < 40; c++) {
      rng.reset(c);
      sampleDistinct(rng, 500, 7, column, 0, marks);
      for (const source of column) rows[source]!.push(c);
    }
    expect([...csr.targets]).toEqual(rows.flat());
  });

  it('sorts columns into rows the same however the work is cut into column chunks and row blocks', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 200 }),
        fc.integer({ min: 1, max: 120 }),
        fc.integer({ min: 0, max: 30 }),
        fc.boolean(),
        fc.boolean(),
        fc.constantFrom(1, 7, 64, 1000),
        fc.constantFrom(1, 4, 64, 1 << 18),
        (sourceSize, rawTargetSize, rawK, isRecurrent, allowMultapses, chunkEntries, blockEntries) => {
          const targetSize = isRecurrent ? sourceSize : rawTargetSize;
          const candidates = isRecurrent ? sourceSize - 1 : sourceSize;
          const k = allowMultapses ? (candidates > 0 ? rawK : 0) : Math.min(rawK, candidates);
          const whole = buildFixedIndegree(k, isRecurrent, allowMultapses, sourceSize, targetSize, 9, 3);
          const cut = buildFixedIndegree(k, isRecurrent, allowMultapses, sourceSize, targetSize, 9, 3, undefined, { chunkEntries, blockEntries });
          expect([...cut.rowOffsets]).toEqual([...whole.rowOffsets]);
          expect([...cut.targets]).toEqual([...whole.targets]);
          expect(csrDefect(cut, { strict: !allowMultapses, excludeSelf: isRecurrent })).toBeUndefined();
          if (targetSize > 0 && k > 0) expect([...new Set(inDegrees(cut))]).toEqual([k]);
        },
      ),
      { numRuns: 300 },
    );
  });
});
