// Counter-based random numbers, the WGSL twin of rng.ts: Philox4x32-10 (Salmon, Moraes, Dror &
// Shaw 2011; Random123) in u32 arithmetic, bit-identical to the CPU.
//
// Needs det-math.wgsl before it in the same module (rng_normal2 uses dm_log, dm_sqrt, dm_sin,
// dm_cos), and, like det-math, `dm_zero = <a uniform u32 holding 0>;` as the first statement of
// every entry point.
//
// Convention: a draw is a pure function of (seed, stream, step, index): Philox of the counter
// (index, step, stream, draw) under the key (seed, 0x5350494b = ASCII 'SPIK').

const RNG_KEY_TAG: u32 = 0x5350494bu;
const RNG_TWO_PI: f32 = 0x1.921fb6p2f;

// High word of the 64-bit product a*b, from 16-bit halves (every partial product fits in u32).
fn rng_mulhi(a: u32, b: u32) -> u32 {
  let a_low = a & 0xffffu;
  let a_high = a >> 16u;
  let b_low = b & 0xffffu;
  let b_high = b >> 16u;
  let middle1 = a_high * b_low + ((a_low * b_low) >> 16u);
  let middle2 = a_low * b_high + (middle1 & 0xffffu);
  return a_high * b_high + (middle1 >> 16u) + (middle2 >> 16u);
}

// Philox4x32-10 of counter ctr under key key.
fn philox4x32(ctr: vec4u, key: vec2u) -> vec4u {
  var c = ctr;
  var k = key;
  for (var round = 0u; round < 10u; round++) {
    let high0 = rng_mulhi(0xd2511f53u, c.x);
    let low0 = 0xd2511f53u * c.x;
    let high1 = rng_mulhi(0xcd9e8d57u, c.z);
    let low1 = 0xcd9e8d57u * c.z;
    c = vec4u(high1 ^ c.y ^ k.x, low1, high0 ^ c.w ^ k.y, low0);
    k = k + vec2u(0x9e3779b9u, 0xbb67ae85u);
  }
  return c;
}

// Four random words for (seed, stream, step, index, draw); randomU32x4 in rng.ts.
fn rng_u32x4(seed: u32, stream: u32, step: u32, index: u32, draw: u32) -> vec4u {
  return philox4x32(vec4u(index, step, stream, draw), vec2u(seed, RNG_KEY_TAG));
}

// ((u >> 9) + 0.5) * 2^-23: uniform in (0, 1), exact in f32; uniform01 in rng.ts. Unpinned: both
// operations are exact (a 24-bit integer plus a half, times a power of two, never subnormal) and an
// add then a multiply is no FMA pattern, so no contraction or flush can change the bits; pinning them
// cost the Poisson draws ~1 % of the COBA step.
fn rng_uniform01(u: u32) -> f32 {
  return (f32(u >> 9u) + 0.5) * 0x1p-23f;
}

// Box-Muller from two words: (r cos t, r sin t), r = sqrt(-2 ln U1), t = 2 pi (U2 - 1/2); normalPair in rng.ts.
fn rng_normal2(u0: u32, u1: u32) -> vec2f {
  let radius = dm_sqrt(dm_mul(-2.0, dm_log(rng_uniform01(u0))));
  let theta = dm_mul(RNG_TWO_PI, dm_sub(rng_uniform01(u1), 0.5));
  return vec2f(dm_mul(radius, dm_cos(theta)), dm_mul(radius, dm_sin(theta)));
}

// One standard normal deviate for (seed, stream, step, index), draw 0; standardNormal in rng.ts.
fn rng_standard_normal(seed: u32, stream: u32, step: u32, index: u32) -> f32 {
  let words = rng_u32x4(seed, stream, step, index, 0u);
  return rng_normal2(words.x, words.y).x;
}
