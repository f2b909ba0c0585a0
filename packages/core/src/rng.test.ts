import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ValidationError } from './errors.js';
import { mulHigh32, normalPair, philox4x32, philox4x32Into, RNG_KEY_TAG, Rng, randomU32x4, randomU32x4Into, standardNormal, uniform01 } from './rng.js';

describe('philox4x32', () => {
  // Known-answer vectors of Random123 (kat_vectors, philox4x32_10).
  it.each([
    [
      [0, 0, 0, 0],
      [0, 0],
      [0x6627e8d5, 0xe169c58d, 0xbc57ac4c, 0x9b00dbd8],
    ],
    [
      [0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff],
      [0xffffffff, 0xffffffff],
      [0x408f276d, 0x41c83b0e, 0xa20bc7c6, 0x6d5451fd],
    ],
    [
      [0x243f6a88, 0x85a308d3, 0x13198a2e, 0x03707344],
      [0xa4093822, 0x299f31d0],
      [0xd16cfe09, 0x94fdcceb, 0x5001e420, 0x24126ea1],
    ],
  ])('matches the Random123 known answer for counter %j, key %j', (counter, key, expected) => {
    const [c0, c1, c2, c3] = counter as [number, number, number, number];
    const [k0, k1] = key as [number, number];
    expect(philox4x32(c0, c1, c2, c3, k0, k1)).toEqual(expected);
    const out = new Uint32Array(4);
    philox4x32Into(out, c0, c1, c2, c3, k0, k1);
    expect(Array.from(out)).toEqual(expected);
  });

  it('computes the high word of 32×32-bit products exactly', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 0xffffffff }), fc.integer({ min: 0, max: 0xffffffff }), (a, b) => {
        expect(mulHigh32(a, b)).toBe(Number((BigInt(a) * BigInt(b)) >> 32n));
      }),
      { numRuns: 20_000 },
    );
    expect(mulHigh32(0xffffffff, 0xffffffff)).toBe(0xfffffffe);
  });

  it('gives words whose bits are each set half of the time', () => {
    const counts = new Float64Array(32);
    const out = new Uint32Array(4);
    const blocks = 25_000;
    for (let i = 0; i < blocks; i++) {
      philox4x32Into(out, i, 0, 0, 0, 1, 2);
      for (const word of out) for (let bit = 0; bit < 32; bit++) counts[bit]! += (word >>> bit) & 1;
    }
    // 100 000 words: a fair bit's count has sd 158; 6 sd is far outside chance.
    for (const count of counts) expect(Math.abs(count - 50_000)).toBeLessThan(950);
  });
});

describe('random draws by (seed, stream, step, index)', () => {
  it('follow the convention counter = (index, step, stream, draw), key = (seed, SPIK)', () => {
    expect(RNG_KEY_TAG).toBe(0x5350494b);
    expect(randomU32x4(7, 3, 100, 42, 2)).toEqual(philox4x32(42, 100, 3, 2, 7, 0x5350494b));
    expect(randomU32x4(7, 3, 100, 42)).toEqual(philox4x32(42, 100, 3, 0, 7, 0x5350494b));
    const out = new Uint32Array(4);
    randomU32x4Into(out, 7, 3, 100, 42, 2);
    expect(Array.from(out)).toEqual(randomU32x4(7, 3, 100, 42, 2));
  });

  it('differ between seeds, streams, steps and indices', () => {
    const base = randomU32x4(1, 1, 1, 1);
    expect(randomU32x4(2, 1, 1, 1)).not.toEqual(base);
    expect(randomU32x4(1, 2, 1, 1)).not.toEqual(base);
    expect(randomU32x4(1, 1, 2, 1)).not.toEqual(base);
    expect(randomU32x4(1, 1, 1, 2)).not.toEqual(base);
  });

  it('uniform01 lies strictly inside (0, 1) and is exact in f32', () => {
    expect(uniform01(0)).toBe(2 ** -24);
    expect(uniform01(0xffffffff)).toBe(1 - 2 ** -24);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 0xffffffff }), (u) => {
        const x = uniform01(u);
        expect(x).toBeGreaterThan(0);
        expect(x).toBeLessThan(1);
        expect(Math.fround(x)).toBe(x);
      }),
    );
  });

  it('uniform01 of Philox words has the moments of U(0, 1)', () => {
    let sum = 0;
    let sumSquares = 0;
    const n = 200_000;
    for (let i = 0; i < n; i++) {
      const x = uniform01(randomU32x4(5, 0, 0, i)[0]);
      sum += x;
      sumSquares += x * x;
    }
    expect(sum / n).toBeCloseTo(0.5, 2);
    expect(sumSquares / n - (sum / n) ** 2).toBeCloseTo(1 / 12, 3);
  });

  it('normalPair gives standard normal deviates (mean 0, variance 1, kurtosis 3, uncorrelated)', () => {
    let n = 0;
    let s1 = 0;
    let s2 = 0;
    let s4 = 0;
    let cross = 0;
    for (let i = 0; i < 100_000; i++) {
      const [u0, u1] = randomU32x4(9, 4, 0, i);
      const [a, b] = normalPair(u0, u1);
      expect(Math.fround(a)).toBe(a);
      for (const z of [a, b]) {
        n++;
        s1 += z;
        s2 += z * z;
        s4 += z ** 4;
      }
      cross += a * b;
    }
    expect(Math.abs(s1 / n)).toBeLessThan(0.01);
    expect(s2 / n).toBeCloseTo(1, 1);
    expect(s4 / n).toBeGreaterThan(2.9);
    expect(s4 / n).toBeLessThan(3.1);
    expect(Math.abs(cross / (n / 2))).toBeLessThan(0.015);
  });

  it('standardNormal is the first deviate of normalPair over draw 0', () => {
    for (let i = 0; i < 1000; i++) {
      const [u0, u1] = randomU32x4(3, 2, 17, i);
      expect(standardNormal(3, 2, 17, i)).toBe(normalPair(u0, u1)[0]);
    }
  });
});

describe('Rng', () => {
  it('is a deterministic function of seed and stream', () => {
    const a = new Rng(42, 7);
    const b = new Rng(42, 7);
    const c = new Rng(42, 8);
    const fromA = Array.from({ length: 10 }, () => a.nextU32());
    expect(Array.from({ length: 10 }, () => b.nextU32())).toEqual(fromA);
    expect(Array.from({ length: 10 }, () => c.nextU32())).not.toEqual(fromA);
    // Block 0 under the sequence key (seed, 'SEQU').
    expect(fromA.slice(0, 4)).toEqual(philox4x32(0, 0, 7, 0, 42, 0x53455155));
    expect(fromA.slice(4, 8)).toEqual(philox4x32(1, 0, 7, 0, 42, 0x53455155));
  });

  it('nextInt is unbiased (chi-square over 7 bins) and stays in range for large n', () => {
    const rng = new Rng(1, 1);
    const bins = new Array<number>(7).fill(0);
    const draws = 70_000;
    for (let i = 0; i < draws; i++) bins[rng.nextInt(7)]! += 1;
    const chiSquare = bins.reduce((sum, count) => sum + (count - draws / 7) ** 2 / (draws / 7), 0);
    expect(chiSquare).toBeLessThan(22.5); // p = 0.001 for 6 degrees of freedom
    const large = 0x80000001; // rejects almost half of the words
    for (let i = 0; i < 1000; i++) {
      const k = rng.nextInt(large);
      expect(k).toBeGreaterThanOrEqual(0);
      expect(k).toBeLessThan(large);
    }
    expect(rng.nextInt(1)).toBe(0);
    expect(rng.nextInt(2 ** 32)).toBeLessThan(2 ** 32);
  });

  it('rejects a range that is not a positive integer up to 2^32', () => {
    const rng = new Rng(1, 1);
    for (const n of [0, -3, 2.5, 2 ** 32 + 1, Number.NaN]) expect(() => rng.nextInt(n)).toThrow(ValidationError);
    expect(() => rng.nextInt(0)).toThrow(/n: expected an integer in \[1, 2\^32\], got 0/);
  });

  it('nextUniform and nextNormal have the right moments', () => {
    const rng = new Rng(3, 0);
    let su = 0;
    let sn = 0;
    let sn2 = 0;
    const n = 100_000;
    for (let i = 0; i < n; i++) {
      const u = rng.nextUniform();
      expect(u > 0 && u < 1).toBe(true);
      su += u;
      const z = rng.nextNormal();
      sn += z;
      sn2 += z * z;
    }
    expect(su / n).toBeCloseTo(0.5, 2);
    expect(Math.abs(sn / n)).toBeLessThan(0.015);
    expect(sn2 / n).toBeCloseTo(1, 1);
  });
});
