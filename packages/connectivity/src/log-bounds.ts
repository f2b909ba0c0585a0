/**
 * Bounds on ln(u) for the uniforms u = (k + 0.5)·2^-32 of a u32 k, by its top {@link LOG_BOUND_BITS}
 * bits: `logBelow[k >>> 20] ≤ Math.log(u) ≤ logAbove[k >>> 20]`, with a margin far above Math.log's
 * rounding error. Geometric gaps ⌊ln u · c⌋ are then decided from the table whenever both bounds give
 * the same integer, and from Math.log only when they straddle one (a few per cent of draws): the same
 * gaps as computing every logarithm, at a fraction of the cost.
 */
export const LOG_BOUND_BITS = 12;

const bins = 2 ** LOG_BOUND_BITS;
const binWidth = 2 ** (32 - LOG_BOUND_BITS);

/** Lower bound on ln u over bin j (its smallest u), less a relative margin of 1e-12. */
export const logBelow = new Float64Array(bins);
/** Upper bound on ln u over bin j (its largest u), plus a relative margin of 1e-12. */
export const logAbove = new Float64Array(bins);
for (let j = 0; j < bins; j++) {
  const low = Math.log((j * binWidth + 0.5) * 2.3283064365386963e-10);
  const high = Math.log(((j + 1) * binWidth - 0.5) * 2.3283064365386963e-10);
  logBelow[j] = low - 1e-12 * Math.abs(low) - 1e-300;
  logAbove[j] = high + 1e-12 * Math.abs(high) + 1e-300;
}

/**
 * ⌊ln u · scale⌋ for u = (k + 0.5)·2^-32 and scale ≤ 0: exactly `Math.floor(Math.log(u) * scale)`.
 * Hot loops inline this; it is here for the tests and the colder paths.
 */
export function floorScaledLog(k: number, scale: number): number {
  const j = k >>> 20;
  const smallest = Math.floor((logAbove[j] as number) * scale);
  if (smallest === Math.floor((logBelow[j] as number) * scale)) return smallest;
  return Math.floor(Math.log((k + 0.5) * 2.3283064365386963e-10) * scale);
}
