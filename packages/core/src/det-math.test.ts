import { describe, expect, it } from 'vitest';
import {
  bitsToF32,
  DET_MATH_CONSTANT_BITS,
  detMathWgsl,
  dmCos,
  dmDiv,
  dmExp,
  dmExpm1,
  dmLdexp,
  dmLog,
  dmPin,
  dmPow,
  dmRecip,
  dmSin,
  dmSqrt,
  dmTanh,
  f32,
  f32Add,
  f32Mul,
  f32Sub,
  f32ToBits,
} from './det-math.js';
import { RNG_CONSTANT_BITS, Rng, rngWgsl } from './rng.js';

/** Distance from `result` to the exact value `exact`, in units of the f32 spacing at `exact`. */
function ulpError(result: number, exact: number): number {
  const rounded = Math.fround(exact);
  // Results below 2^−126 are flushed to ±0 (or may round up to 2^−126).
  if (Math.abs(exact) < 2 ** -126) return result === 0 || Math.abs(result) === 2 ** -126 ? 0 : Number.POSITIVE_INFINITY;
  if (!Number.isFinite(rounded)) return result === rounded ? 0 : Number.POSITIVE_INFINITY;
  const exponent = (f32ToBits(Math.abs(rounded)) >>> 23) & 0xff;
  const ulp = exponent === 0 ? 2 ** -149 : 2 ** (exponent - 150);
  return Math.abs(result - exact) / ulp;
}

/** Largest ulp error of `fn` against the f64 reference over `count` inputs from `next`. */
function maxUlpError(fn: (x: number) => number, reference: (x: number) => number, next: () => number, count: number) {
  let worst = 0;
  let worstInput = 0;
  for (let i = 0; i < count; i++) {
    const x = next();
    const error = ulpError(fn(x), reference(x));
    if (error > worst) {
      worst = error;
      worstInput = x;
    }
  }
  return { worst, worstInput };
}

const rng = new Rng(2024, 1);
const uniformIn = (low: number, high: number) => () => Math.fround(low + (high - low) * rng.nextUniform());
const logUniformIn = (low: number, high: number) => () => Math.fround(Math.exp(Math.log(low) + (Math.log(high) - Math.log(low)) * rng.nextUniform()));
const N = 200_000;

describe('f32 helpers', () => {
  it('round-trips bits and rounds like pinned WGSL f32 operations, flushing subnormals to ±0', () => {
    expect(f32ToBits(1)).toBe(0x3f800000);
    expect(f32(1e-40)).toBe(0);
    expect(Object.is(f32(-1e-40), -0)).toBe(true);
    expect(f32(2 ** -126)).toBe(2 ** -126);
    expect(f32Mul(1e-20, 1e-20)).toBe(0);
    expect(Number.isNaN(f32(Number.NaN))).toBe(true);
    expect(dmPin(0.1)).toBe(Math.fround(0.1));
    expect(f32ToBits(-2)).toBe(0xc0000000);
    expect(bitsToF32(0x00000001)).toBe(2 ** -149);
    expect(f32(0.1)).toBe(Math.fround(0.1));
    expect(f32Add(1, 2 ** -25)).toBe(1);
    expect(f32Sub(1, 2 ** -24)).toBe(1 - 2 ** -24);
    expect(f32Mul(3, 1 / 3)).toBe(Math.fround(3 * (1 / 3)));
  });

  it('dmLdexp scales exactly, flushes results below 2^−126 to ±0 and overflows to infinity', () => {
    expect(dmLdexp(1.5, 10)).toBe(1536);
    expect(dmLdexp(1, -126)).toBe(2 ** -126);
    expect(dmLdexp(1.5, -127)).toBe(0);
    expect(Object.is(dmLdexp(-1, -140), -0)).toBe(true);
    expect(dmLdexp(-1, 128)).toBe(Number.NEGATIVE_INFINITY);
    expect(dmLdexp(2 ** -149, 149)).toBe(1);
    expect(Object.is(dmLdexp(-0, 5), -0)).toBe(true);
  });
});

describe('det-math accuracy against f64 Math', () => {
  it('dmExp is within 1 ulp over its whole range, and flushes results below 2^−126 to 0', () => {
    expect(maxUlpError(dmExp, Math.exp, uniformIn(-87.3, 88.7), N).worst).toBeLessThanOrEqual(1);
    expect(maxUlpError(dmExp, Math.exp, uniformIn(-1, 1), N).worst).toBeLessThanOrEqual(1);
    expect(maxUlpError(dmExp, Math.exp, uniformIn(-103.9, -87.2), N / 4).worst).toBeLessThanOrEqual(1);
    expect(dmExp(-87.5)).toBe(0);
  });

  it('dmExpm1 is within 2 ulp, with full relative accuracy near 0', () => {
    expect(maxUlpError(dmExpm1, Math.expm1, uniformIn(-20, 88.7), N).worst).toBeLessThanOrEqual(2);
    const nearZero = () => Math.fround((rng.nextUniform() - 0.5) * 2 * 10 ** (-9 * rng.nextUniform()));
    expect(maxUlpError(dmExpm1, Math.expm1, nearZero, N).worst).toBeLessThanOrEqual(2);
  });

  it('dmLog is within 1 ulp from subnormals to the largest f32', () => {
    expect(maxUlpError(dmLog, Math.log, logUniformIn(1e-38, 3e38), N).worst).toBeLessThanOrEqual(1);
    expect(maxUlpError(dmLog, Math.log, uniformIn(0.5, 2), N).worst).toBeLessThanOrEqual(1);
    const subnormal = () => bitsToF32(1 + rng.nextInt(0x7fffff));
    expect(maxUlpError(dmLog, Math.log, subnormal, N / 4).worst).toBeLessThanOrEqual(1);
  });

  it('dmSqrt is correctly rounded on almost every input and never off by more than 1 ulp', () => {
    const next = logUniformIn(1e-45, 3e38);
    let wrong = 0;
    let worst = 0;
    for (let i = 0; i < N; i++) {
      const x = next();
      const y = dmSqrt(x);
      if (y !== Math.fround(Math.sqrt(x))) wrong++;
      worst = Math.max(worst, ulpError(y, Math.sqrt(x)));
    }
    expect(worst).toBeLessThanOrEqual(1);
    expect(wrong / N).toBeLessThan(0.001);
  });

  it('dmDiv and dmRecip are within 1 ulp and nearly always correctly rounded', () => {
    let wrong = 0;
    let worst = 0;
    const next = logUniformIn(1e-18, 1e18);
    for (let i = 0; i < N; i++) {
      const a = next() * (rng.nextU32() & 1 ? -1 : 1);
      const b = next();
      const q = dmDiv(a, b);
      if (q !== Math.fround(a / b)) wrong++;
      worst = Math.max(worst, ulpError(q, a / b));
    }
    expect(worst).toBeLessThanOrEqual(1);
    expect(wrong / N).toBeLessThan(0.001);
    expect(maxUlpError(dmRecip, (x) => 1 / x, logUniformIn(1e-45, 3e38), N).worst).toBeLessThanOrEqual(1);
  });

  it('dmTanh is within 3 ulp', () => {
    expect(maxUlpError(dmTanh, Math.tanh, uniformIn(-12, 12), N).worst).toBeLessThanOrEqual(3);
    const nearZero = () => Math.fround((rng.nextUniform() - 0.5) * 2 * 10 ** (-6 * rng.nextUniform()));
    expect(maxUlpError(dmTanh, Math.tanh, nearZero, N).worst).toBeLessThanOrEqual(3);
  });

  it('dmPow is within 3 ulp, also for bases near 1 with large exponents', () => {
    let worst = 0;
    for (let i = 0; i < N; i++) {
      const near = i % 2 === 0;
      const x = Math.fround(near ? 1 + (rng.nextUniform() - 0.5) * 1e-3 : Math.exp((rng.nextUniform() - 0.5) * 40));
      const y = Math.fround((rng.nextUniform() - 0.5) * (near ? 2e5 : 50));
      const exact = x ** y;
      if (!(exact < 3.4e38 && exact > 1.2e-38)) continue;
      worst = Math.max(worst, ulpError(dmPow(x, y), exact));
    }
    expect(worst).toBeLessThanOrEqual(3);
    expect(
      maxUlpError(
        (x) => dmPow(x, 2.5),
        (x) => x ** 2.5,
        logUniformIn(1e-15, 1e15),
        N / 4,
      ).worst,
    ).toBeLessThanOrEqual(3);
  });

  it('dmSin and dmCos are within 1.5e-7 absolute on [−π, π] and within 2e-7 up to |x| = 1.2e4', () => {
    for (const [fn, reference] of [
      [dmSin, Math.sin],
      [dmCos, Math.cos],
    ] as const) {
      let nearError = 0;
      let farError = 0;
      for (let i = 0; i < N; i++) {
        const near = Math.fround((rng.nextUniform() - 0.5) * 2 * Math.PI);
        nearError = Math.max(nearError, Math.abs(fn(near) - reference(near)));
        const far = Math.fround((rng.nextUniform() - 0.5) * 2.4e4);
        farError = Math.max(farError, Math.abs(fn(far) - reference(far)));
      }
      expect(nearError).toBeLessThan(1.5e-7);
      expect(farError).toBeLessThan(2e-7);
    }
  });

  it('gives exact answers where f32 has them', () => {
    expect(dmExp(0)).toBe(1);
    expect(dmLog(1)).toBe(0);
    expect(dmExp(1)).toBe(Math.fround(Math.E));
    expect(dmSqrt(4)).toBe(2);
    expect(dmSqrt(2)).toBe(Math.fround(Math.SQRT2));
    expect(dmDiv(1, 3)).toBe(Math.fround(1 / 3));
    expect(dmPow(2, 10)).toBe(1024);
    expect(dmPow(-2, 3)).toBe(-8);
    expect(dmPow(10, -2)).toBe(Math.fround(0.01));
    expect(dmSin(0.5)).toBe(Math.fround(Math.sin(0.5)));
    expect(dmCos(0.5)).toBe(Math.fround(Math.cos(0.5)));
  });
});

describe('det-math special values', () => {
  const inf = Number.POSITIVE_INFINITY;
  const cases: Array<[string, () => number, number]> = [
    ['exp(NaN)', () => dmExp(Number.NaN), Number.NaN],
    ['exp(+inf)', () => dmExp(inf), inf],
    ['exp(-inf)', () => dmExp(-inf), 0],
    ['exp(89)', () => dmExp(89), inf],
    ['exp(88.72) < inf', () => (dmExp(88.72) < inf ? 1 : 0), 1],
    ['exp(-104)', () => dmExp(-104), 0],
    ['expm1(-inf)', () => dmExpm1(-inf), -1],
    ['expm1(-0)', () => dmExpm1(-0), -0],
    ['expm1(-30)', () => dmExpm1(-30), -1],
    ['log(0)', () => dmLog(0), -inf],
    ['log(-0)', () => dmLog(-0), -inf],
    ['log(-1)', () => dmLog(-1), Number.NaN],
    ['log(inf)', () => dmLog(inf), inf],
    ['log(NaN)', () => dmLog(Number.NaN), Number.NaN],
    ['sqrt(-0)', () => dmSqrt(-0), -0],
    ['sqrt(-1)', () => dmSqrt(-1), Number.NaN],
    ['sqrt(inf)', () => dmSqrt(inf), inf],
    ['sqrt(2^-149)', () => dmSqrt(2 ** -149), Math.fround(Math.sqrt(2 ** -149))],
    ['recip(0)', () => dmRecip(0), inf],
    ['recip(-0)', () => dmRecip(-0), -inf],
    ['recip(-inf)', () => dmRecip(-inf), -0],
    ['div(0, 0)', () => dmDiv(0, 0), Number.NaN],
    ['div(inf, inf)', () => dmDiv(inf, inf), Number.NaN],
    ['div(-1, 0)', () => dmDiv(-1, 0), -inf],
    ['div(1, NaN)', () => dmDiv(1, Number.NaN), Number.NaN],
    ['div(3e38, 1e-10)', () => dmDiv(3e38, 1e-10), inf],
    ['sin(NaN)', () => dmSin(Number.NaN), Number.NaN],
    ['sin(inf)', () => dmSin(inf), Number.NaN],
    ['sin(-0)', () => dmSin(-0), -0],
    ['sin(1e7)', () => dmSin(1e7), Number.NaN],
    ['cos(-inf)', () => dmCos(-inf), Number.NaN],
    ['cos(0)', () => dmCos(0), 1],
    ['tanh(inf)', () => dmTanh(inf), 1],
    ['tanh(-inf)', () => dmTanh(-inf), -1],
    ['tanh(-0)', () => dmTanh(-0), -0],
    ['tanh(NaN)', () => dmTanh(Number.NaN), Number.NaN],
    ['pow(NaN, 0)', () => dmPow(Number.NaN, 0), 1],
    ['pow(1, NaN)', () => dmPow(1, Number.NaN), 1],
    ['pow(2, NaN)', () => dmPow(2, Number.NaN), Number.NaN],
    ['pow(-8, 1/3)', () => dmPow(-8, 1 / 3), Number.NaN],
    ['pow(0, -1)', () => dmPow(0, -1), inf],
    ['pow(-0, -3)', () => dmPow(-0, -3), -inf],
    ['pow(-0, 3)', () => dmPow(-0, 3), -0],
    ['pow(-0, 2)', () => dmPow(-0, 2), 0],
    ['pow(-inf, 3)', () => dmPow(-inf, 3), -inf],
    ['pow(-inf, -3)', () => dmPow(-inf, -3), -0],
    ['pow(inf, -2)', () => dmPow(inf, -2), 0],
    ['pow(-1, inf)', () => dmPow(-1, inf), 1],
    ['pow(0.5, inf)', () => dmPow(0.5, inf), 0],
    ['pow(0.5, -inf)', () => dmPow(0.5, -inf), inf],
    ['pow(2, 1e10)', () => dmPow(2, 1e10), inf],
    ['pow(-2, 1e10)', () => dmPow(-2, 1e10), inf],
    ['pow(2, -200)', () => dmPow(2, -200), 0],
    ['pow(2, -126)', () => dmPow(2, -126), 2 ** -126],
    ['pow(2, -140) (flushed)', () => dmPow(2, -140), 0],
    ['pow(-2, -141) (flushed)', () => dmPow(-2, -141), -0],
    ['exp(-100) (flushed)', () => dmExp(-100), 0],
    ['recip(2^127) (flushed)', () => dmRecip(2 ** 127), 0],
    ['pow(2, 128)', () => dmPow(2, 128), inf],
  ];
  it.each(cases)('%s', (_name, compute, expected) => {
    expect(Object.is(compute(), expected)).toBe(true);
  });
});

describe('WGSL twins', () => {
  /** `const DM_NAME: f32 = <hex float>;` declarations of a WGSL source, as name → f32 bits. */
  function wgslConstants(source: string, prefix: string): Map<string, number> {
    const found = new Map<string, number>();
    const pattern = new RegExp(`const ${prefix}_(\\w+): f32 = (-?)0x1(?:\\.([0-9a-f]+))?p(-?\\d+)f;`, 'g');
    for (const match of source.matchAll(pattern)) {
      const [, name, sign, fraction = '', exponent] = match;
      const mantissa = 1 + (fraction ? Number.parseInt(fraction, 16) / 16 ** fraction.length : 0);
      found.set(name as string, f32ToBits((sign ? -1 : 1) * mantissa * 2 ** Number(exponent)));
    }
    return found;
  }

  it('declare the same constants as the TypeScript side', () => {
    const wgsl = wgslConstants(detMathWgsl, 'DM');
    expect(Object.fromEntries(wgsl)).toEqual({ ...DET_MATH_CONSTANT_BITS });
    expect(Object.fromEntries(wgslConstants(rngWgsl, 'RNG'))).toEqual({ ...RNG_CONSTANT_BITS });
  });

  it('define every function the interface names', () => {
    for (const name of ['dm_exp', 'dm_expm1', 'dm_log', 'dm_sqrt', 'dm_recip', 'dm_div', 'dm_sin', 'dm_cos', 'dm_tanh', 'dm_pow', 'dm_pin', 'dm_ldexp']) {
      expect(detMathWgsl).toMatch(new RegExp(`\\bfn ${name}\\(`));
    }
    expect(detMathWgsl).toContain('var<private> dm_zero: u32;');
    for (const signature of [
      'fn philox4x32(ctr: vec4u, key: vec2u) -> vec4u',
      'fn rng_u32x4(seed: u32, stream: u32, step: u32, index: u32, draw: u32) -> vec4u',
      'fn rng_uniform01(u: u32) -> f32',
      'fn rng_normal2(u0: u32, u1: u32) -> vec2f',
    ]) {
      expect(rngWgsl).toContain(signature);
    }
  });
});
