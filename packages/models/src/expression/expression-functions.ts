import type { FunctionName } from './expression-ast.js';

/**
 * How a function of the expression language becomes code.
 * - `det-math`: a deterministic-math routine that gives the same f32 bits on GPU and CPU
 *   (`dm_exp` in WGSL, `dmExp` in JS); with constant arguments folded at codegen by its CPU twin.
 * - `exact`: an operation whose IEEE result is exact (no rounding), so the WGSL builtin and the JS
 *   `Math` function agree; folded when its arguments are constants.
 */
export type FunctionKind = 'det-math' | 'exact';

export interface FunctionInfo {
  readonly kind: FunctionKind;
  readonly parameters: readonly string[];
}

const detMath = (...parameters: string[]): FunctionInfo => ({ kind: 'det-math', parameters });
const exact = (...parameters: string[]): FunctionInfo => ({ kind: 'exact', parameters });

/**
 * Every function an expression may call. `pow(x, n)` with a constant integer n in 1..8 is expanded
 * to repeated multiplication, exactly like `x**n`.
 */
export const EXPRESSION_FUNCTIONS: Readonly<Record<FunctionName, FunctionInfo>> = {
  exp: detMath('x'),
  expm1: detMath('x'),
  log: detMath('x'),
  sqrt: detMath('x'),
  sin: detMath('x'),
  cos: detMath('x'),
  tanh: detMath('x'),
  pow: detMath('x', 'y'),
  abs: exact('x'),
  min: exact('a', 'b'),
  max: exact('a', 'b'),
  floor: exact('x'),
  ceil: exact('x'),
  sign: exact('x'),
  clamp: exact('x', 'low', 'high'),
  step: exact('edge', 'x'),
};

export function isFunctionName(name: string): name is FunctionName {
  return Object.hasOwn(EXPRESSION_FUNCTIONS, name);
}

/** `dm_exp`: the WGSL name of a det-math function. */
export function wgslDetMathName(name: FunctionName): string {
  return `dm_${name}`;
}

/** `dmExp`: the JS name of a det-math function. */
export function jsDetMathName(name: FunctionName): string {
  return `dm${name[0]?.toUpperCase()}${name.slice(1)}`;
}

const DET_MATH_NAMES = (Object.keys(EXPRESSION_FUNCTIONS) as FunctionName[]).filter((name) => EXPRESSION_FUNCTIONS[name].kind === 'det-math');

/**
 * The helpers emitted code may call, which the kernel skeleton (WGSL) or the CPU function's scope
 * (JS) must provide — all from `@spikegpu/core`'s det-math: `dm_pin` / `f` (bind `f` to core's
 * `f32`, the JS twin of `dm_pin`) around every rounded operation, `dm_div` / `dmDiv` for division
 * by a non-constant, and one det-math routine per transcendental function (`dm_exp` / `dmExp`, …).
 */
export const EXPRESSION_HELPERS: { readonly wgsl: readonly string[]; readonly js: readonly string[] } = {
  wgsl: ['dm_pin', 'dm_div', ...DET_MATH_NAMES.map(wgslDetMathName)],
  js: ['f', 'dmDiv', ...DET_MATH_NAMES.map(jsDetMathName)],
};

/** Constants every expression knows, rounded to f32 like any other constant. A symbol of the same name wins. */
export const BUILTIN_CONSTANTS: Readonly<Record<string, number>> = { pi: Math.PI, e: Math.E };
