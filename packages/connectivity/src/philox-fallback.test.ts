import { philox4x32Into as corePhilox, RNG_KEY_TAG } from '@spikegpu/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CounterStream, DrawPurpose, drawBlock } from './counter-stream.js';
import { philox4x32Into } from './philox-fallback.js';

const u32 = fc.integer({ min: 0, max: 0xffffffff });

describe('Philox4x32-10', () => {
  it("reproduces Random123's known-answer vectors", () => {
    const out = new Uint32Array(4);
    philox4x32Into(out, 0, 0, 0, 0, 0, 0);
    expect([...out]).toEqual([0x6627e8d5, 0xe169c58d, 0xbc57ac4c, 0x9b00dbd8]);
    philox4x32Into(out, 0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff);
    expect([...out]).toEqual([0x408f276d, 0x41c83b0e, 0xa20bc7c6, 0x6d5451fd]);
    philox4x32Into(out, 0x243f6a88, 0x85a308d3, 0x13198a2e, 0x03707344, 0xa4093822, 0x299f31d0);
    expect([...out]).toEqual([0xd16cfe09, 0x94fdcceb, 0x5001e420, 0x24126ea1]);
  });

  it("is bit-identical to core's philox4x32Into, so switching to it changes no network", () => {
    const mine = new Uint32Array(4);
    const core = new Uint32Array(4);
    fc.assert(
      fc.property(u32, u32, u32, u32, u32, u32, (c0, c1, c2, c3, k0, k1) => {
        philox4x32Into(mine, c0, c1, c2, c3, k0, k1);
        corePhilox(core, c0, c1, c2, c3, k0, k1);
        expect([...mine]).toEqual([...core]);
      }),
      { numRuns: 2000 },
    );
  });

  it("lays out connectivity counters as core's convention: (index, block, stream, purpose), key (seed, 'SPIK')", () => {
    const block = new Uint32Array(4);
    const reference = new Uint32Array(4);
    drawBlock(block, 42, 7, DrawPurpose.fixedIndegree, 123, 5);
    corePhilox(reference, 123, 5, 7, DrawPurpose.fixedIndegree, 42, RNG_KEY_TAG);
    expect([...block]).toEqual([...reference]);
    // Purposes carry the high bit, so they never meet the small draw numbers of per-step noise.
    for (const purpose of Object.values(DrawPurpose)) expect(purpose).toBeGreaterThanOrEqual(0x80000000);
  });
});

describe('CounterStream', () => {
  it('draws integers in [0, n) uniformly, for small n and for n above 2^21', () => {
    const rng = new CounterStream(1, 2, 3);
    for (const n of [1, 7, 1000, 3_000_001, 2 ** 32 - 5]) {
      let sum = 0;
      let outside = 0;
      const draws = 20_000;
      for (let i = 0; i < draws; i++) {
        const x = rng.nextInt(n);
        if (!Number.isInteger(x) || x < 0 || x >= n) outside++;
        sum += x;
      }
      expect(outside).toBe(0);
      // Mean (n − 1)/2 with standard error n/√(12·draws).
      expect(Math.abs(sum / draws - (n - 1) / 2)).toBeLessThanOrEqual((3.5 * n) / Math.sqrt(12 * draws) + 1e-9);
    }
  });

  it('restarts an element from its first draw', () => {
    const rng = new CounterStream(9, 9, 9);
    rng.reset(17);
    const first = [rng.nextU32(), rng.nextU32(), rng.nextU32(), rng.nextU32(), rng.nextU32()];
    rng.reset(3);
    rng.nextU32();
    rng.reset(17);
    expect([rng.nextU32(), rng.nextU32(), rng.nextU32(), rng.nextU32(), rng.nextU32()]).toEqual(first);
  });
});
