/**
 * A bracket on ln(u) for the uniforms u = (k + 0.5)·2^-32 of a u32 k, from a table over its top
 * {@link LOG_BOUND_BITS} bits: on bin j = k >>> 20, ln u is the chord `logChordBase[j] +
 * logChordSlope[j]·((k & 0xfffff) + 0.5)` plus at most `logChordAbove[j]` and minus at most
 * `logChordBelow[j]`. The chord lies below the concave logarithm by at most h²/(8u²) over a bin of
 * width h (Taylor), and both margins add far more than the rounding of Math.log and of the chord.
 * Geometric gaps ⌊ln u · c⌋ are then decided from the bracket whenever both ends give the same
 * integer, and from Math.log only when they straddle one (rarely: the bracket is ~10⁻⁸ wide): the same
 * gaps as computing every logarithm, at a fraction of the cost.
 */
export const LOG_BOUND_BITS = 12;

const bins = 2 ** LOG_BOUND_BITS;
const binWidth = 2 ** (32 - LOG_BOUND_BITS);

/** ln of bin j's lower edge j·2^-12 (−∞ for j = 0, whose draws always take Math.log). */
export const logChordBase = new Float64Array(bins);
/** The chord's rise per unit of k within bin j. */
export const logChordSlope = new Float64Array(bins);
/** How far ln u may lie above the chord on bin j. */
export const logChordAbove = new Float64Array(bins);
/** How far ln u may lie below the chord on bin j (rounding only). */
export const logChordBelow = new Float64Array(bins);
for (let j = 0; j < bins; j++) {
  const low = Math.log(j * binWidth * 2.3283064365386963e-10);
  const high = Math.log((j + 1) * binWidth * 2.3283064365386963e-10);
  const rounding = 1e-12 * (Math.abs(low) + Math.abs(high)) + 1e-300;
  logChordBase[j] = j === 0 ? 0 : low;
  logChordSlope[j] = j === 0 ? 0 : (high - low) / binWidth;
  logChordAbove[j] = j === 0 ? Infinity : (1.001 * (1 / j) ** 2) / 8 + rounding;
  logChordBelow[j] = j === 0 ? Infinity : rounding;
}

/**
 * ⌊ln u · scale⌋ for u = (k + 0.5)·2^-32 and scale ≤ 0: exactly `Math.floor(Math.log(u) * scale)`.
 * Hot loops inline this; it is here for the tests and the colder paths.
 */
export function floorScaledLog(k: number, scale: number): number {
  const j = k >>> 20;
  const chord = (logChordBase[j] as number) + (logChordSlope[j] as number) * ((k & 0xfffff) + 0.5);
  const smallest = Math.floor((chord + (logChordAbove[j] as number)) * scale);
  if (smallest === Math.floor((chord - (logChordBelow[j] as number)) * scale)) return smallest;
  return Math.floor(Math.log((k + 0.5) * 2.3283064365386963e-10) * scale);
}
