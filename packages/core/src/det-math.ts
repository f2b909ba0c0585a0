/**
 * Deterministic f32 math ("det-math"): exp, log, sqrt, division, sin, cos, tanh, pow, expm1 built
 * only from correctly rounded +, -, *, comparisons and integer operations on the bits, so that the
 * CPU (this file) and the GPU (`det-math.wgsl`, exported as `detMathWgsl`) give the same f32 bits.
 *
 * Why not `Math.exp` / WGSL `exp`: the two differ in the last bits, GPU compilers contract `a*b+c`
 * into an FMA, and WGSL's `x / y` is not correctly rounded. Here every float operation is rounded
 * to f32 on its own (`Math.fround` in JS, `dm_pin` in WGSL, which hides the value from the
 * compiler so that it cannot fuse or reassociate), and each function's statements are mirrored
 * one to one in `det-math.wgsl`. A change to one file must be made to the other; the GPU tests in
 * `@spikegpu/gpu-runtime` compare the two bit for bit on SwiftShader.
 *
 * Subnormals: no det-math result and no pinned operation is ever subnormal; a result below 2^−126
 * in magnitude becomes ±0 on both sides (GPUs differ in whether they keep subnormals; SwiftShader
 * flushes them). Subnormal inputs are read exactly from their bits. NaN and infinities are detected
 * on the bits, since WGSL compilers may assume that floats are finite. Host code that uploads f32
 * data for kernels that mirror CPU code should not upload subnormals ({@link f32} flushes them).
 *
 * Accuracy (measured by the tests against f64 `Math`): exp, log, sqrt, div, recip within 1 ulp
 * (sqrt and div nearly always correctly rounded), expm1 within 2 ulp, pow and tanh within 3 ulp; sin and cos within 1e-7 absolute for
 * |x| ≤ 1.2e4, the error then growing like the spacing of f32 around x; |x| > 2^21 gives NaN
 * (f32 cannot say which period such an x lies in; reduce the phase before calling).
 * @module
 */

import detMathWgslSource from './det-math.wgsl';
import fastMathWgslSource from './fast-math.wgsl';

/**
 * WGSL source of det-math: `dm_exp, dm_expm1, dm_log, dm_sqrt, dm_recip, dm_div, dm_sin, dm_cos,
 * dm_tanh, dm_pow, dm_ldexp` (all f32 → f32, `dm_div`/`dm_pow` two arguments, `dm_ldexp(x, k: i32)`),
 * bit-identical to the `dm*` functions of this module, plus `dm_pin(x: f32) -> f32` and the pinned
 * operations `dm_add, dm_sub, dm_mul`.
 *
 * Contract: a kernel that includes it binds a uniform holding the u32 value 0 and stores it in the
 * private variable `dm_zero` as the first statement of every entry point (`dm_zero = params.zero;`).
 * Generated code wraps every f32 product and sum in `dm_pin(...)` (JS: `Math.fround(...)`), so that the
 * compiler cannot contract `a*b+c` into an FMA. Names starting with `dm_` / `DM_` are reserved.
 * @example
 * const code = `${detMathWgsl}
 * struct Params { zero: u32, count: u32 }
 * @group(0) @binding(0) var<uniform> params: Params;
 * @group(0) @binding(1) var<storage, read_write> values: array<f32>;
 * @compute @workgroup_size(64) fn main(@builtin(global_invocation_id) id: vec3u) {
 *   dm_zero = params.zero;
 *   if (id.x < params.count) { values[id.x] = dm_exp(values[id.x]); }
 * }`;
 */
export const detMathWgsl: string = detMathWgslSource;

/**
 * The same `dm_*` functions on the GPU's builtins, contraction allowed: a drop-in replacement for
 * {@link detMathWgsl} when speed matters more than CPU/GPU bit identity (results then agree with the
 * CPU to float32 tolerance). `rngWgsl` works with either; with this one its normals are no longer
 * bit-identical to `normalPair`.
 */
export const fastMathWgsl: string = fastMathWgslSource;

const fround = Math.fround;
const bitsView = new Float32Array(1);
const bitsViewU32 = new Uint32Array(bitsView.buffer);

/** The bits of `x` rounded to f32, as an unsigned 32-bit integer (`bitcast<u32>(x)` in WGSL). */
export function f32ToBits(x: number): number {
  bitsView[0] = x;
  return bitsViewU32[0] as number;
}

/** The f32 whose bits are `bits` (`bitcast<f32>(bits)` in WGSL), as a JS number. */
export function bitsToF32(bits: number): number {
  bitsViewU32[0] = bits;
  return bitsView[0] as number;
}

/** The smallest normal f32, 2^−126. */
const MIN_NORMAL = 1.1754943508222875e-38;

/**
 * Rounds a JS number to f32 the way a pinned WGSL operation does: `Math.fround`, then a subnormal
 * result becomes a zero of the same sign. GPUs may flush subnormals to zero or keep them (WGSL leaves
 * it to the implementation; SwiftShader flushes), so `dm_pin` flushes them on every GPU and this
 * function does the same on the CPU: the two then agree whatever the GPU's denormal mode. It is the
 * `f(…)` a code generator wraps around every JS operation that mirrors a `dm_pin(…)`.
 * @example f32(0.1) === Math.fround(0.1); f32(1e-40) === 0; Object.is(f32(-1e-40), -0)
 */
export function f32(x: number): number {
  const rounded = fround(x);
  return rounded > -MIN_NORMAL && rounded < MIN_NORMAL ? rounded * 0 : rounded;
}

/** `a + b` as a pinned WGSL f32 addition gives it (`dm_pin(a + b)`): {@link f32} of the sum. */
export function f32Add(a: number, b: number): number {
  return f32(a + b);
}

/** `a - b` as a pinned WGSL f32 subtraction gives it: {@link f32} of the difference. */
export function f32Sub(a: number, b: number): number {
  return f32(a - b);
}

/**
 * `a * b` as a pinned WGSL f32 multiplication gives it: {@link f32} of the product. (For f32 operands
 * the f64 product is exact and an f64 sum rounds innocuously, so one rounding to f32 gives the
 * correctly rounded f32 result.)
 */
export function f32Mul(a: number, b: number): number {
  return f32(a * b);
}

/**
 * The JS twin of WGSL `dm_pin`: {@link f32} (round to f32, flush a subnormal to ±0), so that
 * `dmPin(a * b)` in JS has the bits of `dm_pin(a * b)` in WGSL. (In WGSL, `dm_pin` also hides the
 * value from the compiler so that it cannot fuse `a*b+c` into an FMA; JS never fuses.)
 */
export function dmPin(x: number): number {
  return f32(x);
}

// Shorthands: each is one correctly rounded f32 operation, mirrored by dm_add / dm_sub / dm_mul.
const add = (a: number, b: number): number => f32(a + b);
const sub = (a: number, b: number): number => f32(a - b);
const mul = (a: number, b: number): number => f32(a * b);

/**
 * Every constant det-math uses, as f32 bit patterns. `det-math.wgsl` and `rng.wgsl` declare the
 * same values as hex-float constants named `DM_<NAME>` / `RNG_<NAME>`; a test checks that the two
 * agree.
 * @internal
 */
export const DET_MATH_CONSTANT_BITS = {
  // ln 2 split so that k·LN2_HI is exact for |k| < 2^9 (Cody & Waite 1980; fdlibm e_expf.c).
  LN2_HI: 0x3f317200,
  LN2_LO: 0x35bfbe8e,
  LN2: 0x3f317218,
  INV_LN2: 0x3fb8aa3b,
  INV_LN2_LO: 0x32a57060,
  // 1.5·2^23: adding and subtracting it rounds an f32 with |x| < 2^22 to the nearest integer.
  ROUND_MAGIC: 0x4b400000,
  // Veltkamp's splitter 2^12 + 1 for binary32 (Dekker 1971).
  SPLITTER: 0x45800800,
  // Linear start for 1/m on [1, 2): 24/17 − 8/17·m (max relative error 1/17).
  RECIP_A: 0x3fb4b4b5,
  RECIP_B: 0x3ef0f0f1,
  // Taylor coefficients 1/n! of exp and expm1.
  INV_FACT3: 0x3e2aaaab,
  INV_FACT4: 0x3d2aaaab,
  INV_FACT5: 0x3c088889,
  INV_FACT6: 0x3ab60b61,
  INV_FACT7: 0x39500d01,
  INV_FACT8: 0x37d00d01,
  // log(1+f) polynomial of fdlibm e_logf.c (Sun Microsystems 1993).
  LG1: 0x3f2aaaab,
  LG2: 0x3ecccccd,
  LG3: 0x3e924925,
  LG4: 0x3e638e29,
  LG5: 0x3e3a3325,
  LG6: 0x3e1cd04f,
  LG7: 0x3e178897,
  // 2/(2n+1): the series 2·atanh(s) = log((1+s)/(1−s)), used by pow's extended-precision log2.
  ATANH3: 0x3f2aaaab,
  ATANH5: 0x3ecccccd,
  ATANH7: 0x3e924925,
  ATANH9: 0x3e638e39,
  ATANH11: 0x3e3a2e8c,
  ATANH13: 0x3e1d89d9,
  // 2/π and π/2 split into 9-, 11-, 11- and 24-bit parts: k·PIO2_1..3 are exact for |k| < 2^13.
  TWO_OVER_PI: 0x3f22f983,
  PIO2_1: 0x3fc90000,
  PIO2_2: 0x39fda000,
  PIO2_3: 0x33a22000,
  PIO2_4: 0x2c34611a,
  // Taylor coefficients of sin and cos on [−π/4, π/4].
  SIN1: 0xbe2aaaab,
  SIN2: 0x3c088889,
  SIN3: 0xb9500d01,
  SIN4: 0x3638ef1d,
  COS1: 0x3d2aaaab,
  COS2: 0xbab60b61,
  COS3: 0x37d00d01,
  COS4: 0xb493f27e,
} as const;

const C = DET_MATH_CONSTANT_BITS;
const LN2_HI = bitsToF32(C.LN2_HI);
const LN2_LO = bitsToF32(C.LN2_LO);
const LN2 = bitsToF32(C.LN2);
const INV_LN2 = bitsToF32(C.INV_LN2);
const INV_LN2_LO = bitsToF32(C.INV_LN2_LO);
const ROUND_MAGIC = bitsToF32(C.ROUND_MAGIC);
const SPLITTER = bitsToF32(C.SPLITTER);
const RECIP_A = bitsToF32(C.RECIP_A);
const RECIP_B = bitsToF32(C.RECIP_B);
const INV_FACT3 = bitsToF32(C.INV_FACT3);
const INV_FACT4 = bitsToF32(C.INV_FACT4);
const INV_FACT5 = bitsToF32(C.INV_FACT5);
const INV_FACT6 = bitsToF32(C.INV_FACT6);
const INV_FACT7 = bitsToF32(C.INV_FACT7);
const INV_FACT8 = bitsToF32(C.INV_FACT8);
const LG1 = bitsToF32(C.LG1);
const LG2 = bitsToF32(C.LG2);
const LG3 = bitsToF32(C.LG3);
const LG4 = bitsToF32(C.LG4);
const LG5 = bitsToF32(C.LG5);
const LG6 = bitsToF32(C.LG6);
const LG7 = bitsToF32(C.LG7);
const ATANH3 = bitsToF32(C.ATANH3);
const ATANH5 = bitsToF32(C.ATANH5);
const ATANH7 = bitsToF32(C.ATANH7);
const ATANH9 = bitsToF32(C.ATANH9);
const ATANH11 = bitsToF32(C.ATANH11);
const ATANH13 = bitsToF32(C.ATANH13);
const TWO_OVER_PI = bitsToF32(C.TWO_OVER_PI);
const PIO2_1 = bitsToF32(C.PIO2_1);
const PIO2_2 = bitsToF32(C.PIO2_2);
const PIO2_3 = bitsToF32(C.PIO2_3);
const PIO2_4 = bitsToF32(C.PIO2_4);
const SIN1 = bitsToF32(C.SIN1);
const SIN2 = bitsToF32(C.SIN2);
const SIN3 = bitsToF32(C.SIN3);
const SIN4 = bitsToF32(C.SIN4);
const COS1 = bitsToF32(C.COS1);
const COS2 = bitsToF32(C.COS2);
const COS3 = bitsToF32(C.COS3);
const COS4 = bitsToF32(C.COS4);

const SIGN_BIT = 0x80000000;
const ABS_MASK = 0x7fffffff;
const INF_BITS = 0x7f800000;
const ONE_BITS = 0x3f800000;
const INF = Number.POSITIVE_INFINITY;

// Results of the helpers that return two values (kept in module scope: no allocation per call).
let splitMantissa = 0; // in [1, 2)
let splitExponent = 0;
let productError = 0;
let sumError = 0;
let log2Low = 0;

/** Decomposes a finite, nonzero |x| given by its bits into mantissa ∈ [1, 2) and exponent. */
function frexpBits(absBits: number): void {
  if (absBits < 0x00800000) {
    // Subnormal: normalise with integer shifts, never with a float multiply.
    const shift = Math.clz32(absBits) - 8;
    splitMantissa = bitsToF32(((absBits << shift) & 0x7fffff) | ONE_BITS);
    splitExponent = -126 - shift;
  } else {
    splitMantissa = bitsToF32((absBits & 0x7fffff) | ONE_BITS);
    splitExponent = (absBits >>> 23) - 127;
  }
}

/**
 * x · 2^k: exact where the result is a normal f32, ±Infinity where it overflows, and ±0 where it
 * falls below 2^−126 (subnormal results are flushed, like every det-math result; see {@link f32}).
 * Built on the bits, so it is the same on CPU and GPU. A subnormal x is read exactly.
 */
export function dmLdexp(x: number, k: number): number {
  const bits = f32ToBits(x);
  const absBits = bits & ABS_MASK;
  if (absBits === 0 || absBits >= INF_BITS) return bitsToF32(bits);
  const sign = bits & SIGN_BIT;
  frexpBits(absBits);
  const biased = splitExponent + Math.min(Math.max(k, -400), 400) + 127;
  if (biased >= 255) return bitsToF32(sign | INF_BITS);
  if (biased < 1) return bitsToF32(sign);
  return bitsToF32(sign | (biased << 23) | (f32ToBits(splitMantissa) & 0x7fffff));
}

/** 2^n for n ∈ [−126, 127]. */
function pow2(n: number): number {
  return bitsToF32((n + 127) << 23);
}

/** Dekker's exact product: returns fl(a·b) and leaves a·b − fl(a·b) in `productError`. */
function twoProduct(a: number, b: number): number {
  const product = mul(a, b);
  let t = mul(SPLITTER, a);
  const aHigh = sub(t, sub(t, a));
  const aLow = sub(a, aHigh);
  t = mul(SPLITTER, b);
  const bHigh = sub(t, sub(t, b));
  const bLow = sub(b, bHigh);
  productError = add(add(add(sub(mul(aHigh, bHigh), product), mul(aHigh, bLow)), mul(aLow, bHigh)), mul(aLow, bLow));
  return product;
}

/** Knuth's two-sum: returns fl(a+b) and leaves the rounding error in `sumError`. */
function twoSum(a: number, b: number): number {
  const sum = add(a, b);
  const bVirtual = sub(sum, a);
  sumError = add(sub(a, sub(sum, bVirtual)), sub(b, bVirtual));
  return sum;
}

/** 1/m for m ∈ [1, 2), to about 1 ulp: linear start and three Newton steps. */
function recipMantissa(m: number): number {
  let r = sub(RECIP_A, mul(RECIP_B, m));
  r = add(r, mul(r, sub(1, mul(m, r))));
  r = add(r, mul(r, sub(1, mul(m, r))));
  r = add(r, mul(r, sub(1, mul(m, r))));
  return r;
}

/** 1/d for d ∈ [1, 4), to about 1 ulp. */
function recipSmall(d: number): number {
  if (d >= 2) return mul(recipMantissa(mul(d, 0.5)), 0.5);
  return recipMantissa(d);
}

/**
 * a / b with a, b ∈ [1, 2): a quotient from the reciprocal, then one correction with the exact
 * residual a − q·b (Markstein's scheme without FMA, the product made exact by Dekker).
 */
function divideMantissas(a: number, b: number): number {
  const r = recipMantissa(b);
  const q = mul(a, r);
  const p = twoProduct(q, b);
  const residual = sub(sub(a, p), productError);
  return add(q, mul(residual, r));
}

/**
 * a / b in f32, nearly always correctly rounded (never more than 1 ulp off), with IEEE special
 * cases: x/0 = ±Infinity, 0/0 = NaN, x/±Infinity = ±0, NaN propagates.
 * @example dmDiv(1, 3) === Math.fround(1 / 3)
 */
export function dmDiv(a: number, b: number): number {
  a = fround(a);
  b = fround(b);
  const aBits = f32ToBits(a);
  const bBits = f32ToBits(b);
  const aAbs = aBits & ABS_MASK;
  const bAbs = bBits & ABS_MASK;
  const sign = (aBits ^ bBits) & SIGN_BIT;
  if (aAbs > INF_BITS || bAbs > INF_BITS) return Number.NaN;
  if (aAbs === INF_BITS) return bAbs === INF_BITS ? Number.NaN : bitsToF32(sign | INF_BITS);
  if (bAbs === INF_BITS) return bitsToF32(sign);
  if (bAbs === 0) return aAbs === 0 ? Number.NaN : bitsToF32(sign | INF_BITS);
  if (aAbs === 0) return bitsToF32(sign);
  frexpBits(aAbs);
  const aMantissa = splitMantissa;
  const aExponent = splitExponent;
  frexpBits(bAbs);
  const quotient = divideMantissas(aMantissa, splitMantissa);
  return dmLdexp(sign === 0 ? quotient : -quotient, aExponent - splitExponent);
}

/** 1/x in f32, within 1 ulp; 1/±0 = ±Infinity, 1/±Infinity = ±0. */
export function dmRecip(x: number): number {
  return dmDiv(1, x);
}

/**
 * √x in f32, nearly always correctly rounded: an inverse-square-root start from the bits, two Newton
 * steps, and one correction with the exact residual. √(−0) = −0, √(x<0) = NaN, √∞ = ∞.
 */
export function dmSqrt(x: number): number {
  x = fround(x);
  const bits = f32ToBits(x);
  const absBits = bits & ABS_MASK;
  if (absBits > INF_BITS) return Number.NaN;
  if (absBits === 0) return bitsToF32(bits);
  if ((bits & SIGN_BIT) !== 0) return Number.NaN;
  if (absBits === INF_BITS) return INF;
  frexpBits(absBits);
  let m = splitMantissa;
  let e = splitExponent;
  if ((e & 1) !== 0) {
    m = mul(m, 2);
    e -= 1;
  }
  // m ∈ [1, 4): the classic bit-level start for 1/√m (Lomont 2003), then Newton.
  let r = bitsToF32(0x5f3759df - (f32ToBits(m) >>> 1));
  const halfM = mul(0.5, m);
  r = mul(r, sub(1.5, mul(halfM, mul(r, r))));
  r = mul(r, sub(1.5, mul(halfM, mul(r, r))));
  const y = mul(m, r);
  const p = twoProduct(y, y);
  const residual = sub(sub(m, p), productError);
  const root = add(y, mul(mul(0.5, r), residual));
  return dmLdexp(root, e >> 1);
}

/** e^r − 1 − r − r²/2·… for |r| ≤ ln2/2: returns the Horner tail q with e^r = 1 + r + r²·q. */
function expTail(r: number): number {
  let q = INV_FACT7;
  q = add(INV_FACT6, mul(r, q));
  q = add(INV_FACT5, mul(r, q));
  q = add(INV_FACT4, mul(r, q));
  q = add(INV_FACT3, mul(r, q));
  return add(0.5, mul(r, q));
}

/** e^r for |r| ≤ ~0.35: Taylor to degree 7 (truncation below 2^−27). */
function expKernel(r: number): number {
  return add(1, add(r, mul(mul(r, r), expTail(r))));
}

/** e^r − 1 for |r| ≤ ~0.35, with full relative accuracy near 0: Taylor to degree 8. */
function expm1Kernel(r: number): number {
  let q = INV_FACT8;
  q = add(INV_FACT7, mul(r, q));
  q = add(INV_FACT6, mul(r, q));
  q = add(INV_FACT5, mul(r, q));
  q = add(INV_FACT4, mul(r, q));
  q = add(INV_FACT3, mul(r, q));
  q = add(0.5, mul(r, q));
  return add(r, mul(mul(r, r), q));
}

/** Nearest integer of t (|t| < 2^22) as an f32, by the 1.5·2^23 trick (round half to even). */
function roundToInteger(t: number): number {
  return sub(add(t, ROUND_MAGIC), ROUND_MAGIC);
}

// Ranges outside which exp and expm1 have a constant answer.
const EXP_OVERFLOW = 88.75; // e^88.7229 > FLT_MAX
const EXP_UNDERFLOW = -88; // e^−87.34 = 2^−126: below, the (flushed) result is 0
const EXPM1_SATURATION = -17.5; // e^−17.33 < 2^−25: e^x − 1 rounds to −1

/**
 * e^x in f32, within 1 ulp for normal results: Cody–Waite reduction x = k·ln2 + r, a degree-7
 * polynomial, and 2^k set in the exponent bits. exp(x > 88.72) = ∞; results below 2^−126
 * (x < −87.34) are 0.
 * @example dmExp(1) // 2.7182817459106445 (= Math.fround(Math.E))
 */
export function dmExp(x: number): number {
  x = fround(x);
  const bits = f32ToBits(x);
  const absBits = bits & ABS_MASK;
  if (absBits > INF_BITS) return Number.NaN;
  if (absBits === INF_BITS) return (bits & SIGN_BIT) === 0 ? INF : 0;
  if (absBits < 0x33000000) return 1; // |x| < 2^−25: e^x rounds to 1
  if (x > EXP_OVERFLOW) return INF;
  if (x < EXP_UNDERFLOW) return 0;
  const k = roundToInteger(mul(x, INV_LN2));
  const r = sub(sub(x, mul(k, LN2_HI)), mul(k, LN2_LO));
  return dmLdexp(expKernel(r), k);
}

/**
 * e^x − 1 in f32 with full relative accuracy near 0 (within 2 ulp): x itself for |x| < 2^−26, a
 * polynomial for |x| ≤ ln2/2, else 2^k·(expm1(r) + 1 − 2^−k) (the form of fdlibm's s_expm1f.c).
 */
export function dmExpm1(x: number): number {
  x = fround(x);
  const bits = f32ToBits(x);
  const absBits = bits & ABS_MASK;
  if (absBits > INF_BITS) return Number.NaN;
  if (absBits === INF_BITS) return (bits & SIGN_BIT) === 0 ? INF : -1;
  if (absBits < 0x32800000) return x; // |x| < 2^−26
  if (x > EXP_OVERFLOW) return INF;
  if (x < EXPM1_SATURATION) return -1;
  if (absBits <= 0x3eb17217) return expm1Kernel(x); // |x| ≤ ln2/2
  const k = roundToInteger(mul(x, INV_LN2));
  const r = sub(sub(x, mul(k, LN2_HI)), mul(k, LN2_LO));
  const oneMinusScale = sub(1, pow2(-Math.min(k, 30)));
  return dmLdexp(add(expm1Kernel(r), oneMinusScale), k);
}

/**
 * ln x in f32, within 1 ulp: x = 2^k·(1+f) with 1+f ∈ [√½, √2), then fdlibm's e_logf.c scheme
 * (s = f/(2+f) and a polynomial in s²). ln 0 = −∞, ln(x<0) = NaN, ln ∞ = ∞.
 */
export function dmLog(x: number): number {
  x = fround(x);
  const bits = f32ToBits(x);
  const absBits = bits & ABS_MASK;
  if (absBits > INF_BITS) return Number.NaN;
  if (absBits === 0) return -INF;
  if ((bits & SIGN_BIT) !== 0) return Number.NaN;
  if (absBits === INF_BITS) return INF;
  frexpBits(absBits);
  let m = splitMantissa;
  let e = splitExponent;
  if ((f32ToBits(m) & 0x7fffff) > 0x3504f3) {
    m = mul(m, 0.5);
    e += 1;
  }
  const f = sub(m, 1);
  const s = mul(f, recipSmall(add(2, f)));
  const halfFSquared = mul(mul(0.5, f), f);
  const z = mul(s, s);
  const w = mul(z, z);
  const evenTerms = mul(w, add(LG2, mul(w, add(LG4, mul(w, LG6)))));
  const oddTerms = mul(z, add(LG1, mul(w, add(LG3, mul(w, add(LG5, mul(w, LG7)))))));
  const tail = add(oddTerms, evenTerms);
  return sub(mul(e, LN2_HI), sub(sub(halfFSquared, add(mul(s, add(halfFSquared, tail)), mul(e, LN2_LO))), f));
}

/**
 * log2|x| for finite nonzero |x| (given by its bits) as an unevaluated sum high + `log2Low`,
 * accurate to about 2^−30 relative: pow needs that much so that y·log2|x| keeps 24 good bits.
 */
function log2Extended(absBits: number): number {
  frexpBits(absBits);
  let m = splitMantissa;
  let e = splitExponent;
  if ((f32ToBits(m) & 0x7fffff) > 0x3504f3) {
    m = mul(m, 0.5);
    e += 1;
  }
  const f = sub(m, 1);
  if (f === 0) {
    log2Low = 0;
    return e;
  }
  // s = f/(2+f) in two pieces: the divisor 2+f exactly as dHigh + dLow, the quotient corrected.
  const dHigh = add(2, f);
  const dLow = sub(f, sub(dHigh, 2));
  const r = recipSmall(dHigh);
  const sHigh = mul(f, r);
  const p = twoProduct(sHigh, dHigh);
  const sLow = mul(sub(sub(sub(f, p), productError), mul(sHigh, dLow)), r);
  // ln(1+f) = 2s + 2s³/3 + 2s⁵/5 + … (|s| ≤ 0.172, so seven terms reach 2^−36).
  const z = mul(sHigh, sHigh);
  let q = ATANH13;
  q = add(ATANH11, mul(z, q));
  q = add(ATANH9, mul(z, q));
  q = add(ATANH7, mul(z, q));
  q = add(ATANH5, mul(z, q));
  q = add(ATANH3, mul(z, q));
  const lnHigh = mul(2, sHigh);
  const lnLow = add(mul(2, sLow), mul(mul(sHigh, z), q));
  // log2 = ln · (1/ln2), with 1/ln2 in two pieces, then + e.
  const log2High = twoProduct(lnHigh, INV_LN2);
  const log2LowPart = add(productError, add(mul(lnHigh, INV_LN2_LO), mul(lnLow, INV_LN2)));
  const high = twoSum(e, log2High);
  const low = add(sumError, log2LowPart);
  const result = add(high, low);
  log2Low = sub(low, sub(result, high));
  return result;
}

/** Is y (finite, nonzero, given by its bits) an odd integer (1), an even integer (2) or neither (0)? */
function integerClass(absBits: number): number {
  const exponent = (absBits >>> 23) - 127;
  if (exponent < 0) return 0;
  if (exponent >= 24) return 2;
  const mantissa = (absBits & 0x7fffff) | 0x800000;
  const fractionBits = 23 - exponent;
  if ((mantissa & ((1 << fractionBits) - 1)) !== 0) return 0;
  return ((mantissa >>> fractionBits) & 1) === 1 ? 1 : 2;
}

/**
 * x^y in f32, within a few ulp: 2^(y·log2|x|) with log2 and the product carried in two f32 pieces.
 * Special cases follow C99 Annex F / IEEE 754 pow: pow(x, ±0) = 1, pow(1, y) = 1 even for NaN,
 * pow(x<0, non-integer) = NaN, pow(−8, 3) = −512, pow(±0, y<0) = ∞, pow(−1, ±∞) = 1, …
 * @example dmPow(2, 10) // 1024
 */
export function dmPow(x: number, y: number): number {
  x = fround(x);
  y = fround(y);
  const xBits = f32ToBits(x);
  const yBits = f32ToBits(y);
  const xAbs = xBits & ABS_MASK;
  const yAbs = yBits & ABS_MASK;
  if (yAbs === 0 || xBits === ONE_BITS) return 1;
  if (xAbs > INF_BITS || yAbs > INF_BITS) return Number.NaN;
  const xNegative = (xBits & SIGN_BIT) !== 0;
  const yNegative = (yBits & SIGN_BIT) !== 0;
  if (yAbs === INF_BITS) {
    if (xAbs === ONE_BITS) return 1;
    return xAbs < ONE_BITS === yNegative ? INF : 0;
  }
  const yClass = integerClass(yAbs);
  const isNegativeResult = xNegative && yClass === 1;
  if (xAbs === 0 || xAbs === INF_BITS) {
    // 0^y and ∞^y: ∞ or 0 depending on whether |x|^y grows, signed when y is an odd integer.
    const isInfinite = xAbs === 0 ? yNegative : !yNegative;
    return bitsToF32((isNegativeResult ? SIGN_BIT : 0) | (isInfinite ? INF_BITS : 0));
  }
  if (xNegative && yClass === 0) return Number.NaN;
  if (yAbs < 0x2f000000) return 1; // |y| < 2^−33: |y·log2|x|| < 2^−25
  if (yAbs >= 0x50000000) {
    // |y| ≥ 2^33 (an even integer): |x|^y is 1, 0 or ∞.
    if (xAbs === ONE_BITS) return 1;
    return xAbs > ONE_BITS !== yNegative ? INF : 0;
  }
  const logHigh = log2Extended(xAbs);
  const logLow = log2Low;
  const productHigh = twoProduct(y, logHigh);
  const productLow = add(productError, mul(y, logLow));
  const t = add(productHigh, productLow);
  const tLow = sub(productLow, sub(t, productHigh));
  let magnitude: number;
  if (t > 300) magnitude = INF;
  else if (t < -300) magnitude = 0;
  else {
    const n = roundToInteger(t);
    const fraction = add(sub(t, n), tLow);
    magnitude = dmLdexp(expKernel(mul(fraction, LN2)), n);
  }
  return isNegativeResult ? -magnitude : magnitude;
}

/** sin r for |r| ≤ ~π/4: Taylor to degree 9. */
function sinKernel(r: number): number {
  const z = mul(r, r);
  const q = add(SIN1, mul(z, add(SIN2, mul(z, add(SIN3, mul(z, SIN4))))));
  return add(r, mul(mul(r, z), q));
}

/** cos r for |r| ≤ ~π/4: Taylor to degree 10, 1 − r²/2 kept apart as in fdlibm's k_cosf.c. */
function cosKernel(r: number): number {
  const z = mul(r, r);
  const halfZ = mul(0.5, z);
  const w = sub(1, halfZ);
  const tail = mul(mul(z, z), add(COS1, mul(z, add(COS2, mul(z, add(COS3, mul(z, COS4)))))));
  return add(w, add(sub(sub(1, w), halfZ), tail));
}

let reducedQuadrant = 0;

/** x = k·π/2 + r with |r| ≲ π/4 (Cody–Waite, four-part π/2); leaves k mod 4 in `reducedQuadrant`. */
function reduceQuadrant(x: number): number {
  const k = roundToInteger(mul(x, TWO_OVER_PI));
  reducedQuadrant = (k | 0) & 3;
  return sub(sub(sub(sub(x, mul(k, PIO2_1)), mul(k, PIO2_2)), mul(k, PIO2_3)), mul(k, PIO2_4));
}

const TRIG_LIMIT_BITS = 0x4a000000; // 2^21
const TRIG_TINY_BITS = 0x39800000; // 2^−12

/**
 * sin x in f32: absolute error ≤ ~1e-7 for |x| ≤ 1.2e4; NaN for non-finite x and for |x| > 2^21.
 * @example dmSin(Math.PI / 6) // 0.5 (within 1e-7)
 */
export function dmSin(x: number): number {
  x = fround(x);
  const absBits = f32ToBits(x) & ABS_MASK;
  if (absBits > TRIG_LIMIT_BITS) return Number.NaN;
  if (absBits < TRIG_TINY_BITS) return x;
  const r = reduceQuadrant(x);
  switch (reducedQuadrant) {
    case 0:
      return sinKernel(r);
    case 1:
      return cosKernel(r);
    case 2:
      return -sinKernel(r);
    default:
      return -cosKernel(r);
  }
}

/** cos x in f32: absolute error ≤ ~1e-7 for |x| ≤ 1.2e4; NaN for non-finite x and for |x| > 2^21. */
export function dmCos(x: number): number {
  x = fround(x);
  const absBits = f32ToBits(x) & ABS_MASK;
  if (absBits > TRIG_LIMIT_BITS) return Number.NaN;
  if (absBits < TRIG_TINY_BITS) return 1;
  const r = reduceQuadrant(x);
  switch (reducedQuadrant) {
    case 0:
      return cosKernel(r);
    case 1:
      return -sinKernel(r);
    case 2:
      return -cosKernel(r);
    default:
      return sinKernel(r);
  }
}

/**
 * tanh x in f32, within 3 ulp: expm1(2|x|) / (expm1(2|x|) + 2), which has no cancellation; x itself
 * for |x| < 2^−13, ±1 for |x| > 10.
 */
export function dmTanh(x: number): number {
  x = fround(x);
  const bits = f32ToBits(x);
  const absBits = bits & ABS_MASK;
  if (absBits > INF_BITS) return Number.NaN;
  if (absBits < 0x39000000) return x; // |x| < 2^−13
  const isNegative = (bits & SIGN_BIT) !== 0;
  if (absBits > 0x41200000) return isNegative ? -1 : 1; // |x| > 10
  const em = dmExpm1(mul(2, bitsToF32(absBits)));
  const t = dmDiv(em, add(em, 2));
  return isNegative ? -t : t;
}
