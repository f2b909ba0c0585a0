/**
 * Printing f32 constants so that WGSL and JS read back exactly the same 32-bit value.
 *
 * JS computes in f64, so a JS literal must *be* the f32 value (`0.03999999910593033`, not `0.04`):
 * `Math.fround(0.04 * v)` and `Math.fround(Math.fround(0.04) * v)` differ. WGSL reads `0.04f` as
 * f32 directly, so the shortest decimal that names the f32 value is printed — but checked against
 * both ways a compiler may read it: decimal → f64 → f32 (Tint: `strtod`, then a cast) and a
 * single correctly rounded decimal → f32 conversion. Both must give the value, and the decimal
 * never exceeds the largest f32 (Tint rejects such literals even where they would round down).
 */

/** The largest finite f32, 2^128 − 2^104. */
export const F32_MAX = 3.4028234663852886e38;
/** The smallest positive normal f32, 2^-126. GPUs may flush anything smaller to zero. */
export const F32_MIN_NORMAL = 2 ** -126;

/**
 * Why `value` cannot be a constant of generated code, or undefined when it can: it must stay
 * finite and must not be subnormal once rounded to f32 (GPUs may flush subnormals to zero, JS does
 * not, and the two results would differ).
 */
export function f32ConstantProblem(value: number): string | undefined {
  if (Number.isNaN(value)) return 'is not a number (NaN)';
  const rounded = Math.fround(value);
  if (!Number.isFinite(rounded)) return `is outside the f32 range (largest ${F32_MAX.toPrecision(8).replace('+', '')})`;
  if (rounded !== 0 && Math.abs(rounded) < F32_MIN_NORMAL) {
    return `is below the smallest normal f32 (${F32_MIN_NORMAL.toPrecision(8)}); GPUs may flush it to zero`;
  }
  if (rounded === 0 && value !== 0) return 'rounds to zero in f32';
  return undefined;
}

/**
 * The JS literal of `Math.fround(value)`: the shortest decimal that reads back as that exact double,
 * so `Number(text) === Math.fround(value)`. Negative values start with `-` (`-0` included).
 *
 * @example jsF32Literal(0.04) // '0.03999999910593033'
 */
export function jsF32Literal(value: number): string {
  const rounded = Math.fround(value);
  if (!Number.isFinite(rounded)) throw new RangeError(`${value} has no finite f32 literal`);
  return Object.is(rounded, -0) ? '-0' : String(rounded);
}

/**
 * The WGSL literal of `Math.fround(value)`: the shortest decimal, with an `f` suffix, that every
 * conforming compiler reads as exactly that f32. Plain notation between 1e-5 and 1e9, exponent
 * notation outside. Negative values start with `-` (`-0.0f` included).
 *
 * @example wgslF32Literal(0.04) // '0.04f'
 * @example wgslF32Literal(140) // '140.0f'
 * @example wgslF32Literal(1e-7) // '1e-7f'
 */
export function wgslF32Literal(value: number): string {
  const rounded = Math.fround(value);
  if (!Number.isFinite(rounded)) throw new RangeError(`${value} has no finite f32 literal`);
  const sign = rounded < 0 || Object.is(rounded, -0) ? '-' : '';
  const magnitude = Math.abs(rounded);
  if (magnitude === 0) return `${sign}0.0f`;
  for (let digits = 1; digits <= 100; digits++) {
    const [mantissa, exponentText] = magnitude.toExponential(digits - 1).split('e') as [string, string];
    const decimal = { digits: mantissa.replace('.', '').replace(/0+$/, '') || '0', exponent: Number(exponentText) };
    if (readsAsF32(decimal, magnitude)) return `${sign}${formatDecimal(decimal)}f`;
  }
  throw new RangeError(`no decimal literal found for the f32 value ${rounded}`);
}

/** A positive decimal `0.d₁d₂d₃… × 10^(exponent+1)`, i.e. `d₁.d₂d₃… × 10^exponent`. */
interface Decimal {
  readonly digits: string;
  readonly exponent: number;
}

function formatDecimal({ digits, exponent }: Decimal): string {
  if (exponent < -5 || exponent >= 9) {
    const fraction = digits.slice(1);
    return `${digits[0]}${fraction ? `.${fraction}` : ''}e${exponent}`;
  }
  if (exponent < 0) return `0.${'0'.repeat(-exponent - 1)}${digits}`;
  const whole = digits.slice(0, exponent + 1).padEnd(exponent + 1, '0');
  const fraction = digits.slice(exponent + 1);
  return `${whole}.${fraction || '0'}`;
}

function readsAsF32(decimal: Decimal, target: number): boolean {
  const viaDouble = Number(`${decimal.digits[0]}.${decimal.digits.slice(1)}e${decimal.exponent}`);
  if (Math.fround(viaDouble) !== target || viaDouble > F32_MAX) return false;
  return roundsDirectlyTo(decimal, target);
}

/**
 * Whether the exact decimal lies in the rounding interval of the f32 `target` (round to nearest,
 * ties to even), and not above the largest f32. Exact rational comparison with BigInt.
 */
function roundsDirectlyTo(decimal: Decimal, target: number): boolean {
  const view = new DataView(new ArrayBuffer(4));
  view.setFloat32(0, target);
  const bits = view.getUint32(0);
  const biasedExponent = (bits >>> 23) & 0xff;
  const fraction = bits & 0x7fffff;
  const significand = biasedExponent === 0 ? fraction : fraction | 0x800000;
  const scale = (biasedExponent === 0 ? 1 : biasedExponent) - 150; // target = significand × 2^scale
  const isEven = (bits & 1) === 0;
  // Midpoints to the neighbours, as integers × 2^(scale − 2).
  const m = BigInt(significand);
  const upper = target === F32_MAX ? 4n * m : 4n * m + 2n;
  const isPowerOfTwoBoundary = fraction === 0 && biasedExponent > 1;
  const lower = isPowerOfTwoBoundary ? 4n * m - 1n : 4n * m - 2n;
  const value = BigInt(decimal.digits);
  const power10 = decimal.exponent - (decimal.digits.length - 1); // value × 10^power10
  const compare = (midpoint: bigint): number => compareDecimalToDyadic(value, power10, midpoint, scale - 2);
  const aboveLower = compare(lower);
  const belowUpper = compare(upper);
  const insideLower = aboveLower > 0 || (aboveLower === 0 && isEven);
  const insideUpper = belowUpper < 0 || (belowUpper === 0 && (isEven || target === F32_MAX));
  return insideLower && insideUpper;
}

/** Sign of `a × 10^p − b × 2^q` for non-negative integers a, b. */
function compareDecimalToDyadic(a: bigint, p: number, b: bigint, q: number): number {
  let left = a;
  let right = b;
  if (p >= 0) left *= 10n ** BigInt(p);
  else right *= 10n ** BigInt(-p);
  if (q >= 0) right *= 2n ** BigInt(q);
  else left *= 2n ** BigInt(-q);
  return left === right ? 0 : left > right ? 1 : -1;
}
