import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { F32_MAX, F32_MIN_NORMAL, f32ConstantProblem, jsF32Literal, wgslF32Literal } from './f32-literal.js';

/** Any finite f32, drawn from its bit pattern so every exponent and mantissa is equally likely. */
const finiteF32 = fc
  .integer({ min: 0, max: 0xffffffff })
  .map((bits) => new Float32Array(new Uint32Array([bits]).buffer)[0] as number)
  .filter(Number.isFinite);

/** The WGSL decimal float literal grammar (spec §"Numeric Literals"), with the f suffix required. */
const WGSL_F32_LITERAL = /^(?:\d*\.\d+|\d+\.\d*)(?:[eE][+-]?\d+)?f$|^\d+[eE][+-]?\d+f$/;

const readWgsl = (text: string) => {
  const negative = text.startsWith('-');
  const magnitude = negative ? text.slice(1) : text;
  expect(magnitude).toMatch(WGSL_F32_LITERAL);
  const value = Math.fround(Number(magnitude.slice(0, -1)));
  return negative ? -value : value;
};

describe('wgslF32Literal', () => {
  it.each([
    [0.04, '0.04f'],
    [140, '140.0f'],
    [5, '5.0f'],
    [-65, '-65.0f'],
    [1e-3, '0.001f'],
    [1e-5, '0.00001f'],
    [5e-6, '5e-6f'],
    [1e10, '1e10f'],
    [123456789, '123456790.0f'],
    [1 / 3, '0.33333334f'],
    [Math.PI, '3.1415927f'],
    [0, '0.0f'],
    [-0, '-0.0f'],
    [F32_MIN_NORMAL, '1.1754944e-38f'],
    // The shortest decimal of the largest f32, 3.4028235e38, lies above it: Tint rejects it.
    [F32_MAX, '3.402823466e38f'],
  ])('prints %d as %s', (value, literal) => {
    expect(wgslF32Literal(value)).toBe(literal);
  });

  it('reads back as exactly the f32 it was printed from', () => {
    fc.assert(
      fc.property(finiteF32, (value) => {
        expect(Object.is(readWgsl(wgslF32Literal(value)), value)).toBe(true);
      }),
      { numRuns: 20_000 },
    );
  });

  it('is the shortest decimal that reads back, for all but the largest f32', () => {
    fc.assert(
      fc.property(
        finiteF32.filter((value) => value !== 0 && Math.abs(value) !== F32_MAX),
        (value) => {
          const significantDigits = wgslF32Literal(Math.abs(value))
            .replace(/f$|e.*$|\./g, '')
            .replace(/^0+|0+$/g, '').length;
          const shorter = Math.abs(value).toPrecision(Math.max(1, significantDigits - 1));
          expect(significantDigits === 1 || Math.fround(Number(shorter)) !== Math.abs(value)).toBe(true);
        },
      ),
      { numRuns: 5_000 },
    );
  });

  it('rounds its argument to f32 first', () => {
    expect(wgslF32Literal(0.1)).toBe(wgslF32Literal(Math.fround(0.1)));
    expect(() => wgslF32Literal(1e39)).toThrowError(RangeError);
  });
});

describe('jsF32Literal', () => {
  it('is the exact double of the f32 value', () => {
    expect(jsF32Literal(0.04)).toBe('0.03999999910593033');
    expect(jsF32Literal(140)).toBe('140');
    expect(jsF32Literal(-0)).toBe('-0');
    fc.assert(
      fc.property(finiteF32, (value) => {
        expect(Object.is(Number(jsF32Literal(value)), value)).toBe(true);
      }),
      { numRuns: 20_000 },
    );
  });
});

describe('f32ConstantProblem', () => {
  it('accepts normal f32 values and zero, refuses the rest', () => {
    expect(f32ConstantProblem(0.04)).toBeUndefined();
    expect(f32ConstantProblem(-0)).toBeUndefined();
    expect(f32ConstantProblem(3.4028235e38)).toBeUndefined(); // rounds down to the largest f32
    expect(f32ConstantProblem(3.5e38)).toMatch(/outside the f32 range/);
    expect(f32ConstantProblem(Number.NaN)).toMatch(/NaN/);
    expect(f32ConstantProblem(1e-40)).toMatch(/subnormal|smallest normal/);
    expect(f32ConstantProblem(1e-50)).toMatch(/rounds to zero/);
  });
});
