/**
 * Counter-based random numbers: Philox4x32-10 (Salmon, Moraes, Dror & Shaw 2011, "Parallel random
 * numbers: as easy as 1, 2, 3", SC'11; the Random123 library), computed with the same 32-bit
 * integer arithmetic here and in `rng.wgsl` (exported as `rngWgsl`), so CPU and GPU draw the same
 * bits.
 *
 * **Convention.** A random draw is a pure function of (seed, stream, step, index): Philox is applied
 * to the counter `(index, step, stream, draw)` under the key `(seed, 0x5350494b)` (the second word is ASCII 'SPIK'), and
 * each call yields four independent u32 words. `stream` separates the users of randomness (one per
 * input, per noise source, per connectivity rule, …), `step` is the time step, `index` the neuron
 * (or synapse, …), and `draw` numbers further blocks when one (step, index) needs more than four
 * words. Nothing depends on thread scheduling, the backend, or how a run is split into calls.
 *
 * Host-side builders that need a long sequence use {@link Rng}, which walks the counter
 * `(blockLow, blockHigh, stream, 0)` under the key `(seed, 0x53455155)` (ASCII 'SEQU'): the second
 * key word keeps those sequences apart from every per-step draw.
 * @module
 */
import { bitsToF32, dmCos, dmLog, dmSin, dmSqrt, f32 } from './det-math.js';
import { invalid } from './errors.js';
import rngWgslSource from './rng.wgsl';

/**
 * WGSL source of the RNG: `philox4x32(ctr: vec4u, key: vec2u) -> vec4u`,
 * `rng_u32x4(seed, stream, step, index, draw: u32) -> vec4u`, `rng_uniform01(u: u32) -> f32`,
 * `rng_normal2(u0: u32, u1: u32) -> vec2f`, `rng_standard_normal(seed, stream, step, index) -> f32`,
 * bit-identical to {@link randomU32x4}, {@link uniform01}, {@link normalPair} and
 * {@link standardNormal}. It needs {@link detMathWgsl} before it in the same shader module, and every
 * entry point must start with `dm_zero = <uniform u32 holding 0>;` (see `detMathWgsl`).
 * @example
 * const code = detMathWgsl + rngWgsl + myKernel; // myKernel's entry point begins with dm_zero = params.zero;
 */
export const rngWgsl: string = rngWgslSource;

/** Second key word of per-step draws: ASCII 'SPIK'. */
export const RNG_KEY_TAG = 0x5350494b;
/** Second key word of {@link Rng} sequences: ASCII 'SEQU'. */
export const RNG_SEQUENCE_KEY_TAG = 0x53455155;

/**
 * Constants of rng.wgsl as f32 bit patterns (`RNG_<NAME>` there); a test checks that they agree.
 * @internal
 */
export const RNG_CONSTANT_BITS = {
  // 2π rounded to f32: the angle scale of Box–Muller.
  TWO_PI: 0x40c90fdb,
} as const;
const TWO_PI = bitsToF32(RNG_CONSTANT_BITS.TWO_PI);

/**
 * The high 32 bits of the 64-bit product of two u32 values, from 16-bit halves: every partial
 * product stays below 2^32, so the sums are exact in doubles.
 */
export function mulHigh32(a: number, b: number): number {
  const aLow = a & 0xffff;
  const aHigh = a >>> 16;
  const bLow = b & 0xffff;
  const bHigh = b >>> 16;
  const middle1 = aHigh * bLow + ((aLow * bLow) >>> 16);
  const middle2 = aLow * bHigh + (middle1 & 0xffff);
  return (aHigh * bHigh + (middle1 >>> 16) + (middle2 >>> 16)) >>> 0;
}

/**
 * Philox4x32-10 of counter (c0, c1, c2, c3) under key (k0, k1), written into `out[0..3]`.
 * Allocation-free, for the hot loops of connectivity builders. All arguments are u32.
 * @example
 * const out = new Uint32Array(4);
 * philox4x32Into(out, 0, 0, 0, 0, 0, 0); // out = [0x6627e8d5, 0xe169c58d, 0xbc57ac4c, 0x9b00dbd8]
 */
export function philox4x32Into(out: Uint32Array, c0: number, c1: number, c2: number, c3: number, k0: number, k1: number): void {
  // Round multipliers and Weyl key increments (Salmon et al. 2011, table 2). Declared here, not at
  // module level: bundlers turn module-level consts into vars, which V8 then reloads and checks on
  // every use (5× slower in this loop).
  const M0 = 0xd2511f53 | 0;
  const M1 = 0xcd9e8d57 | 0;
  const M0_HIGH = 0xd251;
  const M0_LOW = 0x1f53;
  const M1_HIGH = 0xcd9e;
  const M1_LOW = 0x8d57;
  const W0 = 0x9e3779b9 | 0;
  const W1 = 0xbb67ae85 | 0;
  let x0 = c0 | 0;
  let x1 = c1 | 0;
  let x2 = c2 | 0;
  let x3 = c3 | 0;
  let key0 = k0 | 0;
  let key1 = k1 | 0;
  for (let round = 0; round < 10; round++) {
    const a0Low = x0 & 0xffff;
    const a0High = x0 >>> 16;
    const middle0a = a0High * M0_LOW + ((a0Low * M0_LOW) >>> 16);
    const middle0b = a0Low * M0_HIGH + (middle0a & 0xffff);
    const high0 = (a0High * M0_HIGH + (middle0a >>> 16) + (middle0b >>> 16)) | 0;
    const low0 = Math.imul(x0, M0);
    const a2Low = x2 & 0xffff;
    const a2High = x2 >>> 16;
    const middle1a = a2High * M1_LOW + ((a2Low * M1_LOW) >>> 16);
    const middle1b = a2Low * M1_HIGH + (middle1a & 0xffff);
    const high1 = (a2High * M1_HIGH + (middle1a >>> 16) + (middle1b >>> 16)) | 0;
    const low1 = Math.imul(x2, M1);
    x0 = high1 ^ x1 ^ key0;
    x1 = low1;
    x2 = high0 ^ x3 ^ key1;
    x3 = low0;
    key0 = (key0 + W0) | 0;
    key1 = (key1 + W1) | 0;
  }
  out[0] = x0;
  out[1] = x1;
  out[2] = x2;
  out[3] = x3;
}

/** Four u32 words, as returned by {@link philox4x32} and {@link randomU32x4}. */
export type U32x4 = [number, number, number, number];

const scratch = new Uint32Array(4);

/**
 * Philox4x32-10 of counter (c0, c1, c2, c3) under key (k0, k1), as four u32 numbers.
 * @example philox4x32(0, 0, 0, 0, 0, 0) // [0x6627e8d5, 0xe169c58d, 0xbc57ac4c, 0x9b00dbd8]
 */
export function philox4x32(c0: number, c1: number, c2: number, c3: number, k0: number, k1: number): U32x4 {
  philox4x32Into(scratch, c0, c1, c2, c3, k0, k1);
  return [scratch[0] as number, scratch[1] as number, scratch[2] as number, scratch[3] as number];
}

/**
 * Four random u32 words for (seed, stream, step, index, draw), by the convention of this module:
 * counter `(index, step, stream, draw)`, key `(seed, 'SPIK')`. WGSL: `rng_u32x4`.
 */
export function randomU32x4(seed: number, stream: number, step: number, index: number, draw = 0): U32x4 {
  return philox4x32(index, step, stream, draw, seed, RNG_KEY_TAG);
}

/** {@link randomU32x4} written into `out[0..3]`, without allocating. */
export function randomU32x4Into(out: Uint32Array, seed: number, stream: number, step: number, index: number, draw = 0): void {
  philox4x32Into(out, index, step, stream, draw, seed, RNG_KEY_TAG);
}

/**
 * A uniform number in the open interval (0, 1) from a u32: ((u >>> 9) + 0.5) · 2^−23, exact in f32
 * (23 random bits; 2^−24 ≤ result ≤ 1 − 2^−24), so never 0 or 1 and log(u) is always finite.
 * WGSL: `rng_uniform01`.
 */
export function uniform01(u: number): number {
  return ((u >>> 9) + 0.5) * 1.1920928955078125e-7;
}

/**
 * Two independent standard normal deviates from two u32 words (Box & Muller 1958):
 * r = √(−2 ln U₁), θ = 2π(U₂ − ½), (r cos θ, r sin θ), each operation in det-math so the f32 bits
 * equal the GPU's. WGSL: `rng_normal2`.
 */
export function normalPair(u0: number, u1: number): [number, number] {
  const radius = dmSqrt(f32(-2 * dmLog(uniform01(u0))));
  const theta = f32(TWO_PI * f32(uniform01(u1) - 0.5));
  return [f32(radius * dmCos(theta)), f32(radius * dmSin(theta))];
}

/**
 * One standard normal deviate for (seed, stream, step, index): the first of
 * `normalPair(...randomU32x4(seed, stream, step, index, 0))`. WGSL: `rng_standard_normal`.
 */
export function standardNormal(seed: number, stream: number, step: number, index: number): number {
  philox4x32Into(scratch, index, step, stream, 0, seed, RNG_KEY_TAG);
  const radius = dmSqrt(f32(-2 * dmLog(uniform01(scratch[0] as number))));
  const theta = f32(TWO_PI * f32(uniform01(scratch[1] as number) - 0.5));
  return f32(radius * dmCos(theta));
}

/**
 * A deterministic sequence of random numbers over (seed, stream) for host-side builders
 * (connectivity, initial values). Block i of the sequence is Philox of counter
 * `(i mod 2^32, ⌊i / 2^32⌋, stream, 0)` under key `(seed, 'SEQU')`; draws consume its four words in
 * order. Two `Rng`s with the same seed and stream give the same numbers.
 * @example
 * const rng = new Rng(42, 7);
 * const target = rng.nextInt(1000); // in [0, 1000)
 * const weight = 0.5 + 0.1 * rng.nextNormal();
 */
export class Rng {
  readonly seed: number;
  readonly stream: number;
  private readonly words = new Uint32Array(4);
  private wordIndex = 4;
  private blockLow = 0;
  private blockHigh = 0;
  private spareNormal = 0;
  private hasSpareNormal = false;

  constructor(seed: number, stream: number) {
    this.seed = seed >>> 0;
    this.stream = stream >>> 0;
  }

  /** The next uniformly distributed u32. */
  nextU32(): number {
    if (this.wordIndex === 4) {
      philox4x32Into(this.words, this.blockLow, this.blockHigh, this.stream, 0, this.seed, RNG_SEQUENCE_KEY_TAG);
      this.blockLow = (this.blockLow + 1) >>> 0;
      if (this.blockLow === 0) this.blockHigh = (this.blockHigh + 1) >>> 0;
      this.wordIndex = 0;
    }
    return this.words[this.wordIndex++] as number;
  }

  /** The next uniform number in (0, 1), exact in f32 (see {@link uniform01}). */
  nextUniform(): number {
    return uniform01(this.nextU32());
  }

  /** The next standard normal deviate (f32; Box–Muller pairs, the second kept for the next call). */
  nextNormal(): number {
    if (this.hasSpareNormal) {
      this.hasSpareNormal = false;
      return this.spareNormal;
    }
    const u0 = this.nextU32();
    const [first, second] = normalPair(u0, this.nextU32());
    this.spareNormal = second;
    this.hasSpareNormal = true;
    return first;
  }

  /**
   * An unbiased integer in [0, n) for an integer n in [1, 2^32], by Lemire's multiply-and-reject
   * (Lemire 2019, "Fast random integer generation in an interval", ACM TOMACS 29:3).
   */
  nextInt(n: number): number {
    if (!Number.isInteger(n) || n < 1 || n > 0x100000000) {
      throw invalid('n', 'an integer in [1, 2^32]', n, undefined, 'out-of-range');
    }
    if (n === 0x100000000) return this.nextU32();
    let x = this.nextU32();
    let low = Math.imul(x, n) >>> 0;
    if (low < n) {
      const threshold = (0x100000000 - n) % n;
      while (low < threshold) {
        x = this.nextU32();
        low = Math.imul(x, n) >>> 0;
      }
    }
    return mulHigh32(x, n);
  }
}
