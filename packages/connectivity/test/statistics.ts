/**
 * Statistics for the tests: goodness of fit against a discrete distribution, moments, degrees.
 * Seeds are fixed, so every test is deterministic; thresholds are set at α = 0.001 so that the
 * tests would also pass for almost any other seed.
 */
import type { Csr } from '../src/csr.js';

/** The standard normal quantile at 1 − α for α = 0.001. */
export const Z_999 = 3.090232306167813;

/** Upper α = 0.001 critical value of χ² with `df` degrees of freedom (Wilson & Hilferty 1931). */
export function chiSquareCritical(df: number): number {
  const a = 2 / (9 * df);
  return df * (1 - a + Z_999 * Math.sqrt(a)) ** 3;
}

/**
 * Pearson's χ² of observed integer samples against a pmf on [0, support). Tail bins are merged until
 * every bin expects at least 5 samples. Returns the statistic and its degrees of freedom.
 */
export function chiSquare(samples: ArrayLike<number>, pmf: (x: number) => number, support: number): { statistic: number; df: number } {
  const n = samples.length;
  const observed = new Float64Array(support + 1);
  for (let i = 0; i < n; i++) {
    const bin = Math.min(support, samples[i] as number);
    observed[bin] = (observed[bin] as number) + 1;
  }
  const bins: Array<{ observed: number; expected: number }> = [];
  let current = { observed: 0, expected: 0 };
  for (let x = 0; x <= support; x++) {
    current.observed += observed[x] as number;
    current.expected += x < support ? n * pmf(x) : 0;
    if (current.expected >= 5) {
      bins.push(current);
      current = { observed: 0, expected: 0 };
    }
  }
  const last = bins[bins.length - 1];
  if (last) {
    last.observed += current.observed;
    last.expected += current.expected;
  }
  let statistic = 0;
  for (const bin of bins) statistic += (bin.observed - bin.expected) ** 2 / bin.expected;
  return { statistic, df: bins.length - 1 };
}

/**
 * Whether every index is hit equally often: Σ (count_i − mean)² / variance over the indices, which is
 * χ² with (indices − 1) degrees of freedom when the counts are independent with that variance.
 * Compare with {@link chiSquareCritical}; catches a sampler that favours some indices.
 */
export function indexUniformity(counts: ArrayLike<number>, variance: number): { statistic: number; df: number } {
  let mean = 0;
  for (let i = 0; i < counts.length; i++) mean += counts[i] as number;
  mean /= counts.length;
  let statistic = 0;
  for (let i = 0; i < counts.length; i++) statistic += ((counts[i] as number) - mean) ** 2 / variance;
  return { statistic, df: counts.length - 1 };
}

/** Mean and (unbiased) variance. */
export function moments(values: ArrayLike<number>): { mean: number; variance: number } {
  let mean = 0;
  for (let i = 0; i < values.length; i++) mean += values[i] as number;
  mean /= values.length;
  let variance = 0;
  for (let i = 0; i < values.length; i++) variance += ((values[i] as number) - mean) ** 2;
  return { mean, variance: variance / (values.length - 1) };
}

/** Binomial pmf by direct log-gamma sums (small n), independent of the library's own. */
export function binomialPmfReference(n: number, p: number): (x: number) => number {
  const logFactorial = [0];
  for (let i = 1; i <= n; i++) logFactorial.push((logFactorial[i - 1] as number) + Math.log(i));
  return (x) =>
    x < 0 || x > n
      ? 0
      : Math.exp((logFactorial[n] as number) - (logFactorial[x] as number) - (logFactorial[n - x] as number) + x * Math.log(p) + (n - x) * Math.log1p(-p));
}

export function outDegrees(csr: Csr): Uint32Array {
  const degrees = new Uint32Array(csr.sourceSize);
  for (let i = 0; i < csr.sourceSize; i++) degrees[i] = (csr.rowOffsets[i + 1] as number) - (csr.rowOffsets[i] as number);
  return degrees;
}

export function inDegrees(csr: Csr): Uint32Array {
  const degrees = new Uint32Array(csr.targetSize);
  for (const target of csr.targets) degrees[target] = (degrees[target] as number) + 1;
  return degrees;
}

/** Every (pre, post) pair in row order. */
export function pairsOf(csr: Csr): Array<[number, number]> {
  const pairs: Array<[number, number]> = [];
  for (let i = 0; i < csr.sourceSize; i++) {
    for (let s = csr.rowOffsets[i] as number; s < (csr.rowOffsets[i + 1] as number); s++) pairs.push([i, csr.targets[s] as number]);
  }
  return pairs;
}

/**
 * The structural invariants every CSR must keep; returns the first broken one, or undefined.
 * `strict`: targets strictly ascending within rows (no multapses).
 */
export function csrDefect(csr: Csr, options: { strict: boolean; excludeSelf: boolean }): string | undefined {
  const { rowOffsets, targets, sourceSize, targetSize } = csr;
  if (rowOffsets.length !== sourceSize + 1) return `rowOffsets has length ${rowOffsets.length}, not ${sourceSize + 1}`;
  if (rowOffsets[0] !== 0) return 'rowOffsets[0] is not 0';
  if (rowOffsets[sourceSize] !== targets.length) return `rowOffsets ends at ${rowOffsets[sourceSize]}, not ${targets.length}`;
  for (let i = 0; i < sourceSize; i++) {
    const begin = rowOffsets[i] as number;
    const end = rowOffsets[i + 1] as number;
    if (end < begin) return `rowOffsets decreases at row ${i}`;
    for (let s = begin; s < end; s++) {
      const target = targets[s] as number;
      if (target >= targetSize) return `row ${i} has target ${target} ≥ ${targetSize}`;
      if (options.excludeSelf && target === i) return `row ${i} has an autapse`;
      if (s > begin) {
        const previous = targets[s - 1] as number;
        if (options.strict ? target <= previous : target < previous) return `row ${i} is not ascending at ${s}`;
      }
    }
  }
  return undefined;
}
