import { philox4x32Into } from '@spikegpu/core';

// Hot-path constants are written as literals: bundlers turn top-level `const` into `var`, which V8
// reloads on every use instead of folding. 0x5350494b is the second key word, ASCII "SPIK" (core's
// convention); 2.3283064365386963e-10 is 2^-32.
/** 2^-32: a u32 u maps to the open-interval uniform (u + 0.5) · 2^-32. */
export const UNIFORM_SCALE = 2.3283064365386963e-10;

/**
 * What a stream of draws is for. It fills the fourth counter word, where the simulator's noise puts
 * a small draw number; the high bit keeps connectivity draws apart from those even if a caller
 * reuses a stream id.
 */
export const DrawPurpose = {
  fixedProbability: 0x80000001,
  fixedIndegree: 0x80000002,
  fixedOutdegree: 0x80000003,
  fixedTotalSplit: 0x80000004,
  fixedTotalTargets: 0x80000005,
  values: 0x80000006,
  positions: 0x80000007,
  distanceDependent: 0x80000008,
  wattsStrogatz: 0x80000009,
  traitMatrix: 0x8000000a,
} as const;

/**
 * Writes the four 32-bit words of block `blockIndex` of element `index` into `out`: Philox4x32-10 of
 * counter (index, blockIndex, stream, purpose) under key (seed, "SPIK"). The one place that lays out
 * a connectivity counter; hot loops call it directly and keep their own position in the block.
 */
export function drawBlock(out: Uint32Array, seed: number, stream: number, purpose: number, index: number, blockIndex: number): void {
  philox4x32Into(out, index, blockIndex, stream, purpose, seed, 0x5350494b);
}

/**
 * Sequential draws for one element (a row, a column, a block of values): counter
 * (index, block, stream, purpose), key (seed, "SPIK"). Because every draw is a pure function of
 * (seed, stream, purpose, index, draw number), a build gives the same result whatever order its
 * elements are processed in and however the work is split.
 */
export class CounterStream {
  private readonly block = new Uint32Array(4);
  private used = 4;
  private blockIndex = 0;
  private index = 0;
  private readonly seed: number;
  private readonly stream: number;
  private readonly purpose: number;

  constructor(seed: number, stream: number, purpose: number) {
    this.seed = seed >>> 0;
    this.stream = stream >>> 0;
    this.purpose = purpose >>> 0;
  }

  /** Starts the draws of element `index` from its first. */
  reset(index: number): void {
    this.index = index >>> 0;
    this.blockIndex = 0;
    this.used = 4;
  }

  /** A uniform unsigned 32-bit integer. */
  nextU32(): number {
    if (this.used === 4) {
      drawBlock(this.block, this.seed, this.stream, this.purpose, this.index, this.blockIndex);
      this.blockIndex = (this.blockIndex + 1) >>> 0;
      this.used = 0;
    }
    return this.block[this.used++] as number;
  }

  /** Uniform in the open interval (0, 1), on a grid of 2^-32. */
  nextUniform(): number {
    return (this.nextU32() + 0.5) * 2.3283064365386963e-10;
  }

  /** Uniform integer in [0, n), exactly unbiased (Lemire 2019 below 2^21, 53-bit rejection above). */
  nextInt(n: number): number {
    // Below 2^21, u32 · n is exact in a double, so Lemire's method needs one draw.
    if (n <= 0x200000) {
      for (;;) {
        const product = this.nextU32() * n;
        const high = Math.floor(product * 2.3283064365386963e-10);
        const low = product - high * 4294967296;
        if (low >= n || low >= 4294967296 % n) return high;
      }
    }
    const limit = 9007199254740992 - (9007199254740992 % n);
    for (;;) {
      const wide = (this.nextU32() >>> 5) * 67108864 + (this.nextU32() >>> 6);
      if (wide < limit) return wide % n;
    }
  }
}
