// det-math: deterministic f32 math, the WGSL twin of det-math.ts (same statements, same order).
// Every float operation goes through dm_add / dm_sub / dm_mul, which pin their result with
// dm_pin so that the compiler can neither contract a*b+c into an FMA nor reassociate; the result
// is then the correctly rounded f32 operation, exactly what Math.fround gives in JS.
//
// Contract for a kernel that includes this file: bind a uniform holding the u32 value 0 and, as the
// first statement of EVERY entry point, store it in dm_zero (e.g. `dm_zero = params.zero;`). The
// compiler cannot know that value, which is what makes dm_pin opaque. Forgetting it leaves dm_zero
// at 0 too (so results stay right), but then the compiler may see through dm_pin and fuse.
//
// Subnormals: dm_pin turns a subnormal result into a zero of the same sign, and no det-math
// function returns a subnormal. GPUs differ in whether they keep subnormals (WGSL lets them flush;
// SwiftShader does), so this makes every GPU agree with the CPU twin (f32() in det-math.ts, which
// flushes the same way). Buffers a kernel reads should hold no subnormals either.
//
// A change here must be made in det-math.ts too; @spikegpu/gpu-runtime's tests compare the two bit
// for bit.

var<private> dm_zero: u32;

fn dm_pin(x: f32) -> f32 {
  let bits = bitcast<u32>(x) ^ dm_zero;
  return bitcast<f32>(select(bits, bits & DM_SIGN_BIT, (bits & DM_INF_BITS) == 0u));
}
fn dm_add(a: f32, b: f32) -> f32 { return dm_pin(a + b); }
fn dm_sub(a: f32, b: f32) -> f32 { return dm_pin(a - b); }
fn dm_mul(a: f32, b: f32) -> f32 { return dm_pin(a * b); }

// Constants (f32-exact hex floats; det-math.ts holds the same bit patterns in DET_MATH_CONSTANT_BITS).
const DM_LN2_HI: f32 = 0x1.62e4p-1f;
const DM_LN2_LO: f32 = 0x1.7f7d1cp-20f;
const DM_LN2: f32 = 0x1.62e43p-1f;
const DM_INV_LN2: f32 = 0x1.715476p0f;
const DM_INV_LN2_LO: f32 = 0x1.4ae0cp-26f;
const DM_ROUND_MAGIC: f32 = 0x1.8p23f;
const DM_SPLITTER: f32 = 0x1.001p12f;
const DM_RECIP_A: f32 = 0x1.69696ap0f;
const DM_RECIP_B: f32 = 0x1.e1e1e2p-2f;
const DM_INV_FACT3: f32 = 0x1.555556p-3f;
const DM_INV_FACT4: f32 = 0x1.555556p-5f;
const DM_INV_FACT5: f32 = 0x1.111112p-7f;
const DM_INV_FACT6: f32 = 0x1.6c16c2p-10f;
const DM_INV_FACT7: f32 = 0x1.a01a02p-13f;
const DM_INV_FACT8: f32 = 0x1.a01a02p-16f;
const DM_LG1: f32 = 0x1.555556p-1f;
const DM_LG2: f32 = 0x1.99999ap-2f;
const DM_LG3: f32 = 0x1.24924ap-2f;
const DM_LG4: f32 = 0x1.c71c52p-3f;
const DM_LG5: f32 = 0x1.74664ap-3f;
const DM_LG6: f32 = 0x1.39a09ep-3f;
const DM_LG7: f32 = 0x1.2f112ep-3f;
const DM_ATANH3: f32 = 0x1.555556p-1f;
const DM_ATANH5: f32 = 0x1.99999ap-2f;
const DM_ATANH7: f32 = 0x1.24924ap-2f;
const DM_ATANH9: f32 = 0x1.c71c72p-3f;
const DM_ATANH11: f32 = 0x1.745d18p-3f;
const DM_ATANH13: f32 = 0x1.3b13b2p-3f;
const DM_TWO_OVER_PI: f32 = 0x1.45f306p-1f;
const DM_PIO2_1: f32 = 0x1.92p0f;
const DM_PIO2_2: f32 = 0x1.fb4p-12f;
const DM_PIO2_3: f32 = 0x1.444p-24f;
const DM_PIO2_4: f32 = 0x1.68c234p-39f;
const DM_SIN1: f32 = -0x1.555556p-3f;
const DM_SIN2: f32 = 0x1.111112p-7f;
const DM_SIN3: f32 = -0x1.a01a02p-13f;
const DM_SIN4: f32 = 0x1.71de3ap-19f;
const DM_COS1: f32 = 0x1.555556p-5f;
const DM_COS2: f32 = -0x1.6c16c2p-10f;
const DM_COS3: f32 = 0x1.a01a02p-16f;
const DM_COS4: f32 = -0x1.27e4fcp-22f;

const DM_SIGN_BIT: u32 = 0x80000000u;
const DM_ABS_MASK: u32 = 0x7fffffffu;
const DM_INF_BITS: u32 = 0x7f800000u;
const DM_ONE_BITS: u32 = 0x3f800000u;

// NaN and infinity from runtime bits: a constant expression may not produce them in WGSL.
fn dm_nan() -> f32 { return bitcast<f32>(0x7fc00000u ^ dm_zero); }
fn dm_inf() -> f32 { return bitcast<f32>(DM_INF_BITS ^ dm_zero); }

struct DmSplit { m: f32, e: i32 }

// Finite, nonzero |x| given by its bits -> mantissa in [1, 2) and exponent (subnormals by shifts).
fn dm_frexp_bits(abs_bits: u32) -> DmSplit {
  if (abs_bits < 0x00800000u) {
    let shift = countLeadingZeros(abs_bits) - 8u;
    return DmSplit(bitcast<f32>(((abs_bits << shift) & 0x7fffffu) | DM_ONE_BITS), -126 - i32(shift));
  }
  return DmSplit(bitcast<f32>((abs_bits & 0x7fffffu) | DM_ONE_BITS), i32(abs_bits >> 23u) - 127);
}

// x * 2^k: exact when normal, +-inf on overflow, +-0 below 2^-126 (flushed, like every det-math result).
fn dm_ldexp(x: f32, k: i32) -> f32 {
  let bits = bitcast<u32>(x);
  let abs_bits = bits & DM_ABS_MASK;
  if (abs_bits == 0u || abs_bits >= DM_INF_BITS) { return x; }
  let sign = bits & DM_SIGN_BIT;
  let split = dm_frexp_bits(abs_bits);
  let biased = split.e + clamp(k, -400, 400) + 127;
  if (biased >= 255) { return bitcast<f32>(sign | DM_INF_BITS); }
  if (biased < 1) { return bitcast<f32>(sign); }
  return bitcast<f32>(sign | (u32(biased) << 23u) | (bitcast<u32>(split.m) & 0x7fffffu));
}

// 2^n for n in [-126, 127].
fn dm_pow2(n: i32) -> f32 { return bitcast<f32>(u32(n + 127) << 23u); }

// Dekker: vec2(fl(a*b), a*b - fl(a*b)).
fn dm_two_product(a: f32, b: f32) -> vec2f {
  let product = dm_mul(a, b);
  var t = dm_mul(DM_SPLITTER, a);
  let a_high = dm_sub(t, dm_sub(t, a));
  let a_low = dm_sub(a, a_high);
  t = dm_mul(DM_SPLITTER, b);
  let b_high = dm_sub(t, dm_sub(t, b));
  let b_low = dm_sub(b, b_high);
  let error = dm_add(dm_add(dm_add(dm_sub(dm_mul(a_high, b_high), product), dm_mul(a_high, b_low)), dm_mul(a_low, b_high)), dm_mul(a_low, b_low));
  return vec2f(product, error);
}

// Knuth: vec2(fl(a+b), a+b - fl(a+b)).
fn dm_two_sum(a: f32, b: f32) -> vec2f {
  let sum = dm_add(a, b);
  let b_virtual = dm_sub(sum, a);
  let error = dm_add(dm_sub(a, dm_sub(sum, b_virtual)), dm_sub(b, b_virtual));
  return vec2f(sum, error);
}

fn dm_recip_mantissa(m: f32) -> f32 {
  var r = dm_sub(DM_RECIP_A, dm_mul(DM_RECIP_B, m));
  r = dm_add(r, dm_mul(r, dm_sub(1.0, dm_mul(m, r))));
  r = dm_add(r, dm_mul(r, dm_sub(1.0, dm_mul(m, r))));
  r = dm_add(r, dm_mul(r, dm_sub(1.0, dm_mul(m, r))));
  return r;
}

fn dm_recip_small(d: f32) -> f32 {
  if (d >= 2.0) { return dm_mul(dm_recip_mantissa(dm_mul(d, 0.5)), 0.5); }
  return dm_recip_mantissa(d);
}

fn dm_divide_mantissas(a: f32, b: f32) -> f32 {
  let r = dm_recip_mantissa(b);
  let q = dm_mul(a, r);
  let p = dm_two_product(q, b);
  let residual = dm_sub(dm_sub(a, p.x), p.y);
  return dm_add(q, dm_mul(residual, r));
}

// a / b, nearly always correctly rounded (never more than 1 ulp off); IEEE special cases.
fn dm_div(a: f32, b: f32) -> f32 {
  let a_bits = bitcast<u32>(a);
  let b_bits = bitcast<u32>(b);
  let a_abs = a_bits & DM_ABS_MASK;
  let b_abs = b_bits & DM_ABS_MASK;
  let sign = (a_bits ^ b_bits) & DM_SIGN_BIT;
  if (a_abs > DM_INF_BITS || b_abs > DM_INF_BITS) { return dm_nan(); }
  if (a_abs == DM_INF_BITS) {
    if (b_abs == DM_INF_BITS) { return dm_nan(); }
    return bitcast<f32>(sign | DM_INF_BITS);
  }
  if (b_abs == DM_INF_BITS) { return bitcast<f32>(sign); }
  if (b_abs == 0u) {
    if (a_abs == 0u) { return dm_nan(); }
    return bitcast<f32>(sign | DM_INF_BITS);
  }
  if (a_abs == 0u) { return bitcast<f32>(sign); }
  let sa = dm_frexp_bits(a_abs);
  let sb = dm_frexp_bits(b_abs);
  let quotient = dm_divide_mantissas(sa.m, sb.m);
  return dm_ldexp(select(-quotient, quotient, sign == 0u), sa.e - sb.e);
}

// 1 / x within 1 ulp.
fn dm_recip(x: f32) -> f32 { return dm_div(1.0, x); }

// sqrt(x), nearly always correctly rounded; sqrt(-0) = -0, sqrt(x < 0) = NaN.
fn dm_sqrt(x: f32) -> f32 {
  let bits = bitcast<u32>(x);
  let abs_bits = bits & DM_ABS_MASK;
  if (abs_bits > DM_INF_BITS) { return dm_nan(); }
  if (abs_bits == 0u) { return x; }
  if ((bits & DM_SIGN_BIT) != 0u) { return dm_nan(); }
  if (abs_bits == DM_INF_BITS) { return dm_inf(); }
  let split = dm_frexp_bits(abs_bits);
  var m = split.m;
  var e = split.e;
  if ((e & 1) != 0) {
    m = dm_mul(m, 2.0);
    e -= 1;
  }
  var r = bitcast<f32>(0x5f3759dfu - (bitcast<u32>(m) >> 1u));
  let half_m = dm_mul(0.5, m);
  r = dm_mul(r, dm_sub(1.5, dm_mul(half_m, dm_mul(r, r))));
  r = dm_mul(r, dm_sub(1.5, dm_mul(half_m, dm_mul(r, r))));
  let y = dm_mul(m, r);
  let p = dm_two_product(y, y);
  let residual = dm_sub(dm_sub(m, p.x), p.y);
  let root = dm_add(y, dm_mul(dm_mul(0.5, r), residual));
  return dm_ldexp(root, e >> 1u);
}

fn dm_exp_tail(r: f32) -> f32 {
  var q = DM_INV_FACT7;
  q = dm_add(DM_INV_FACT6, dm_mul(r, q));
  q = dm_add(DM_INV_FACT5, dm_mul(r, q));
  q = dm_add(DM_INV_FACT4, dm_mul(r, q));
  q = dm_add(DM_INV_FACT3, dm_mul(r, q));
  return dm_add(0.5, dm_mul(r, q));
}

fn dm_exp_kernel(r: f32) -> f32 {
  return dm_add(1.0, dm_add(r, dm_mul(dm_mul(r, r), dm_exp_tail(r))));
}

fn dm_expm1_kernel(r: f32) -> f32 {
  var q = DM_INV_FACT8;
  q = dm_add(DM_INV_FACT7, dm_mul(r, q));
  q = dm_add(DM_INV_FACT6, dm_mul(r, q));
  q = dm_add(DM_INV_FACT5, dm_mul(r, q));
  q = dm_add(DM_INV_FACT4, dm_mul(r, q));
  q = dm_add(DM_INV_FACT3, dm_mul(r, q));
  q = dm_add(0.5, dm_mul(r, q));
  return dm_add(r, dm_mul(dm_mul(r, r), q));
}

fn dm_round_to_integer(t: f32) -> f32 {
  return dm_sub(dm_add(t, DM_ROUND_MAGIC), DM_ROUND_MAGIC);
}

// e^x within 1 ulp; exp(x > 88.72) = inf, exp(x < -87.34) = 0 (flushed).
fn dm_exp(x: f32) -> f32 {
  let bits = bitcast<u32>(x);
  let abs_bits = bits & DM_ABS_MASK;
  if (abs_bits > DM_INF_BITS) { return dm_nan(); }
  if (abs_bits == DM_INF_BITS) { return select(0.0, dm_inf(), (bits & DM_SIGN_BIT) == 0u); }
  if (abs_bits < 0x33000000u) { return 1.0; }
  if (x > 88.75) { return dm_inf(); }
  if (x < -88.0) { return 0.0; }
  let k = dm_round_to_integer(dm_mul(x, DM_INV_LN2));
  let r = dm_sub(dm_sub(x, dm_mul(k, DM_LN2_HI)), dm_mul(k, DM_LN2_LO));
  return dm_ldexp(dm_exp_kernel(r), i32(k));
}

// e^x - 1 with full relative accuracy near 0.
fn dm_expm1(x: f32) -> f32 {
  let bits = bitcast<u32>(x);
  let abs_bits = bits & DM_ABS_MASK;
  if (abs_bits > DM_INF_BITS) { return dm_nan(); }
  if (abs_bits == DM_INF_BITS) { return select(-1.0, dm_inf(), (bits & DM_SIGN_BIT) == 0u); }
  if (abs_bits < 0x32800000u) { return x; }
  if (x > 88.75) { return dm_inf(); }
  if (x < -17.5) { return -1.0; }
  if (abs_bits <= 0x3eb17217u) { return dm_expm1_kernel(x); }
  let k = dm_round_to_integer(dm_mul(x, DM_INV_LN2));
  let r = dm_sub(dm_sub(x, dm_mul(k, DM_LN2_HI)), dm_mul(k, DM_LN2_LO));
  let ki = i32(k);
  let one_minus_scale = dm_sub(1.0, dm_pow2(-min(ki, 30)));
  return dm_ldexp(dm_add(dm_expm1_kernel(r), one_minus_scale), ki);
}

// ln x within 1 ulp; ln 0 = -inf, ln(x < 0) = NaN.
fn dm_log(x: f32) -> f32 {
  let bits = bitcast<u32>(x);
  let abs_bits = bits & DM_ABS_MASK;
  if (abs_bits > DM_INF_BITS) { return dm_nan(); }
  if (abs_bits == 0u) { return -dm_inf(); }
  if ((bits & DM_SIGN_BIT) != 0u) { return dm_nan(); }
  if (abs_bits == DM_INF_BITS) { return dm_inf(); }
  let split = dm_frexp_bits(abs_bits);
  var m = split.m;
  var e = split.e;
  if ((bitcast<u32>(m) & 0x7fffffu) > 0x3504f3u) {
    m = dm_mul(m, 0.5);
    e += 1;
  }
  let ef = f32(e);
  let f = dm_sub(m, 1.0);
  let s = dm_mul(f, dm_recip_small(dm_add(2.0, f)));
  let half_f_squared = dm_mul(dm_mul(0.5, f), f);
  let z = dm_mul(s, s);
  let w = dm_mul(z, z);
  let even_terms = dm_mul(w, dm_add(DM_LG2, dm_mul(w, dm_add(DM_LG4, dm_mul(w, DM_LG6)))));
  let odd_terms = dm_mul(z, dm_add(DM_LG1, dm_mul(w, dm_add(DM_LG3, dm_mul(w, dm_add(DM_LG5, dm_mul(w, DM_LG7)))))));
  let tail = dm_add(odd_terms, even_terms);
  return dm_sub(dm_mul(ef, DM_LN2_HI), dm_sub(dm_sub(half_f_squared, dm_add(dm_mul(s, dm_add(half_f_squared, tail)), dm_mul(ef, DM_LN2_LO))), f));
}

// log2|x| (finite, nonzero, by its bits) as vec2(high, low), about 2^-30 relative.
fn dm_log2_extended(abs_bits: u32) -> vec2f {
  let split = dm_frexp_bits(abs_bits);
  var m = split.m;
  var e = split.e;
  if ((bitcast<u32>(m) & 0x7fffffu) > 0x3504f3u) {
    m = dm_mul(m, 0.5);
    e += 1;
  }
  let ef = f32(e);
  let f = dm_sub(m, 1.0);
  if (f == 0.0) { return vec2f(ef, 0.0); }
  let d_high = dm_add(2.0, f);
  let d_low = dm_sub(f, dm_sub(d_high, 2.0));
  let r = dm_recip_small(d_high);
  let s_high = dm_mul(f, r);
  let p = dm_two_product(s_high, d_high);
  let s_low = dm_mul(dm_sub(dm_sub(dm_sub(f, p.x), p.y), dm_mul(s_high, d_low)), r);
  let z = dm_mul(s_high, s_high);
  var q = DM_ATANH13;
  q = dm_add(DM_ATANH11, dm_mul(z, q));
  q = dm_add(DM_ATANH9, dm_mul(z, q));
  q = dm_add(DM_ATANH7, dm_mul(z, q));
  q = dm_add(DM_ATANH5, dm_mul(z, q));
  q = dm_add(DM_ATANH3, dm_mul(z, q));
  let ln_high = dm_mul(2.0, s_high);
  let ln_low = dm_add(dm_mul(2.0, s_low), dm_mul(dm_mul(s_high, z), q));
  let log2_high = dm_two_product(ln_high, DM_INV_LN2);
  let log2_low = dm_add(log2_high.y, dm_add(dm_mul(ln_high, DM_INV_LN2_LO), dm_mul(ln_low, DM_INV_LN2)));
  let high = dm_two_sum(ef, log2_high.x);
  let low = dm_add(high.y, log2_low);
  let result = dm_add(high.x, low);
  return vec2f(result, dm_sub(low, dm_sub(result, high.x)));
}

// 0: not an integer, 1: odd integer, 2: even integer (finite nonzero y by its bits).
fn dm_integer_class(abs_bits: u32) -> u32 {
  let exponent = i32(abs_bits >> 23u) - 127;
  if (exponent < 0) { return 0u; }
  if (exponent >= 24) { return 2u; }
  let mantissa = (abs_bits & 0x7fffffu) | 0x800000u;
  let fraction_bits = u32(23 - exponent);
  if ((mantissa & ((1u << fraction_bits) - 1u)) != 0u) { return 0u; }
  return select(2u, 1u, ((mantissa >> fraction_bits) & 1u) == 1u);
}

// x^y within a few ulp; C99 Annex F special cases.
fn dm_pow(x: f32, y: f32) -> f32 {
  let x_bits = bitcast<u32>(x);
  let y_bits = bitcast<u32>(y);
  let x_abs = x_bits & DM_ABS_MASK;
  let y_abs = y_bits & DM_ABS_MASK;
  if (y_abs == 0u || x_bits == DM_ONE_BITS) { return 1.0; }
  if (x_abs > DM_INF_BITS || y_abs > DM_INF_BITS) { return dm_nan(); }
  let x_negative = (x_bits & DM_SIGN_BIT) != 0u;
  let y_negative = (y_bits & DM_SIGN_BIT) != 0u;
  if (y_abs == DM_INF_BITS) {
    if (x_abs == DM_ONE_BITS) { return 1.0; }
    return select(0.0, dm_inf(), (x_abs < DM_ONE_BITS) == y_negative);
  }
  let y_class = dm_integer_class(y_abs);
  let is_negative_result = x_negative && y_class == 1u;
  if (x_abs == 0u || x_abs == DM_INF_BITS) {
    let is_infinite = select(!y_negative, y_negative, x_abs == 0u);
    return bitcast<f32>(select(0u, DM_SIGN_BIT, is_negative_result) | select(0u, DM_INF_BITS, is_infinite));
  }
  if (x_negative && y_class == 0u) { return dm_nan(); }
  if (y_abs < 0x2f000000u) { return 1.0; }
  if (y_abs >= 0x50000000u) {
    if (x_abs == DM_ONE_BITS) { return 1.0; }
    return select(0.0, dm_inf(), (x_abs > DM_ONE_BITS) != y_negative);
  }
  let log2x = dm_log2_extended(x_abs);
  let product = dm_two_product(y, log2x.x);
  let product_low = dm_add(product.y, dm_mul(y, log2x.y));
  let t = dm_add(product.x, product_low);
  let t_low = dm_sub(product_low, dm_sub(t, product.x));
  var magnitude: f32;
  if (t > 300.0) {
    magnitude = dm_inf();
  } else if (t < -300.0) {
    magnitude = 0.0;
  } else {
    let n = dm_round_to_integer(t);
    let fraction = dm_add(dm_sub(t, n), t_low);
    magnitude = dm_ldexp(dm_exp_kernel(dm_mul(fraction, DM_LN2)), i32(n));
  }
  // The sign by its bit: negating a float may flush on some GPUs.
  return bitcast<f32>(bitcast<u32>(magnitude) | select(0u, DM_SIGN_BIT, is_negative_result));
}

fn dm_sin_kernel(r: f32) -> f32 {
  let z = dm_mul(r, r);
  let q = dm_add(DM_SIN1, dm_mul(z, dm_add(DM_SIN2, dm_mul(z, dm_add(DM_SIN3, dm_mul(z, DM_SIN4))))));
  return dm_add(r, dm_mul(dm_mul(r, z), q));
}

fn dm_cos_kernel(r: f32) -> f32 {
  let z = dm_mul(r, r);
  let half_z = dm_mul(0.5, z);
  let w = dm_sub(1.0, half_z);
  let tail = dm_mul(dm_mul(z, z), dm_add(DM_COS1, dm_mul(z, dm_add(DM_COS2, dm_mul(z, dm_add(DM_COS3, dm_mul(z, DM_COS4)))))));
  return dm_add(w, dm_add(dm_sub(dm_sub(1.0, w), half_z), tail));
}

struct DmReduced { r: f32, quadrant: u32 }

fn dm_reduce_quadrant(x: f32) -> DmReduced {
  let k = dm_round_to_integer(dm_mul(x, DM_TWO_OVER_PI));
  let quadrant = u32(i32(k) & 3);
  let r = dm_sub(dm_sub(dm_sub(dm_sub(x, dm_mul(k, DM_PIO2_1)), dm_mul(k, DM_PIO2_2)), dm_mul(k, DM_PIO2_3)), dm_mul(k, DM_PIO2_4));
  return DmReduced(r, quadrant);
}

// sin x: absolute error <= ~1e-7 for |x| <= 1.2e4; NaN for non-finite x and |x| > 2^21.
fn dm_sin(x: f32) -> f32 {
  let abs_bits = bitcast<u32>(x) & DM_ABS_MASK;
  if (abs_bits > 0x4a000000u) { return dm_nan(); }
  if (abs_bits < 0x39800000u) { return x; }
  let reduced = dm_reduce_quadrant(x);
  switch (reduced.quadrant) {
    case 0u: { return dm_sin_kernel(reduced.r); }
    case 1u: { return dm_cos_kernel(reduced.r); }
    case 2u: { return -dm_sin_kernel(reduced.r); }
    default: { return -dm_cos_kernel(reduced.r); }
  }
}

// cos x: absolute error <= ~1e-7 for |x| <= 1.2e4; NaN for non-finite x and |x| > 2^21.
fn dm_cos(x: f32) -> f32 {
  let abs_bits = bitcast<u32>(x) & DM_ABS_MASK;
  if (abs_bits > 0x4a000000u) { return dm_nan(); }
  if (abs_bits < 0x39800000u) { return 1.0; }
  let reduced = dm_reduce_quadrant(x);
  switch (reduced.quadrant) {
    case 0u: { return dm_cos_kernel(reduced.r); }
    case 1u: { return -dm_sin_kernel(reduced.r); }
    case 2u: { return -dm_cos_kernel(reduced.r); }
    default: { return dm_sin_kernel(reduced.r); }
  }
}

// tanh x within 3 ulp.
fn dm_tanh(x: f32) -> f32 {
  let bits = bitcast<u32>(x);
  let abs_bits = bits & DM_ABS_MASK;
  if (abs_bits > DM_INF_BITS) { return dm_nan(); }
  if (abs_bits < 0x39000000u) { return x; }
  let is_negative = (bits & DM_SIGN_BIT) != 0u;
  if (abs_bits > 0x41200000u) { return select(1.0, -1.0, is_negative); }
  let em = dm_expm1(dm_mul(2.0, bitcast<f32>(abs_bits)));
  let t = dm_div(em, dm_add(em, 2.0));
  return select(t, -t, is_negative);
}
