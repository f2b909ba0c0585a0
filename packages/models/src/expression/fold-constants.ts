import { dmCos, dmExp, dmExpm1, dmLog, dmPow, dmSin, dmSqrt, dmTanh } from '@spikegpu/core';
import type { BinaryOperator, CallExpression, Expr, FunctionName, Span } from './expression-ast.js';
import { ExpressionError } from './expression-error.js';
import { EXPRESSION_FUNCTIONS } from './expression-functions.js';
import { f32ConstantProblem } from './f32-literal.js';
import { resolveIdentifier, type SymbolTable } from './symbol-table.js';
import { typeOf } from './type-check.js';

/** Integer powers up to this are expanded into multiplications; larger ones call `dm_pow`. */
export const MAX_EXPANDED_POWER = 8;

type ExactFunctionName = Exclude<FunctionName, 'exp' | 'expm1' | 'log' | 'sqrt' | 'sin' | 'cos' | 'tanh' | 'pow'>;

/** The JS the CPU runs for each exact function; folding uses the same, so a folded value is what the CPU would compute. */
const EXACT_FUNCTIONS: Readonly<Record<ExactFunctionName, (...args: number[]) => number>> = {
  abs: Math.abs,
  min: Math.min,
  max: Math.max,
  floor: Math.floor,
  ceil: Math.ceil,
  sign: Math.sign,
  clamp: (x, low, high) => Math.min(Math.max(x as number, low as number), high as number),
  step: (edge, x) => ((edge as number) <= (x as number) ? 1 : 0),
};

/**
 * Evaluates at codegen every part of `expr` whose operands are all compile-time constants
 * (literals, `pi`, `e`, and symbols with a `value`), in f32 step by step exactly as the generated
 * code would compute it at run time — so folding never changes a result. It also rewrites the two
 * operations whose run-time form differs from their source form:
 *
 * - `x / c` with a constant `c` becomes `x * r`, where r = fround(1/c) is computed here; both
 *   backends then multiply by the same r. (`x / y` with non-constant y stays a division, emitted as
 *   `dm_div` / `dmDiv`.)
 * - `x**n` and `pow(x, n)` with a constant integer n in 1..8 become `x * x * … * x` (n factors,
 *   left to right); other powers become a `pow` call (`dm_pow` / `dmPow`).
 *
 * Sums and products are never reassociated: `v*2*3` stays `(v*2)*3`, while `2*3*v` becomes `6*v`.
 * Operations with an identity operand are dropped (`x*1`, `x + 0`, `0 - x` → `-x`; see `withoutIdentity`).
 * Det-math functions (`exp`, `log`, `pow`, …) with constant arguments are folded by their CPU twins,
 * which give the bits the det-math routines give at run time.
 *
 * @throws {ExpressionError} for a type error, an unknown name, division by the constant zero, or a
 *   constant that overflows f32 or is subnormal.
 * @example
 * foldConstants(parseExpression('a*(b*v - u)', where), { a: { kind: 'param', wgsl: 'a', js: 'a', value: 0.02 }, … })
 * // the tree of 0.02*(0.2*v - u), with f32 values 0.019999999552965164 and 0.20000000298023224
 */
export function foldConstants(expr: Expr, symbols: SymbolTable): Expr {
  typeOf(expr);
  return fold(expr, symbols);
}

function fold(expr: Expr, symbols: SymbolTable): Expr {
  switch (expr.kind) {
    case 'number':
      return constant(expr.value, expr.span);
    case 'boolean':
      return expr;
    case 'identifier': {
      const resolved = resolveIdentifier(expr, symbols);
      return 'constant' in resolved ? { kind: 'number', value: resolved.constant, span: expr.span } : expr;
    }
    case 'unary': {
      const operand = fold(expr.operand, symbols);
      if (expr.op === '+') return operand;
      if (expr.op === '-') return negate(operand, expr.span);
      if (operand.kind === 'boolean') return { kind: 'boolean', value: !operand.value, span: expr.span };
      return { ...expr, operand };
    }
    case 'binary':
      return foldBinary(expr.op, fold(expr.left, symbols), fold(expr.right, symbols), expr.span);
    case 'conditional': {
      const test = fold(expr.test, symbols);
      const whenTrue = fold(expr.whenTrue, symbols);
      const whenFalse = fold(expr.whenFalse, symbols);
      if (test.kind === 'boolean') return test.value ? whenTrue : whenFalse;
      return { ...expr, test, whenTrue, whenFalse };
    }
    case 'call':
      return foldCall(
        expr,
        expr.args.map((arg) => fold(arg, symbols)),
      );
  }
}

function foldBinary(op: BinaryOperator, left: Expr, right: Expr, span: Span): Expr {
  if (op === '**') return power(left, right, span);
  if (op === '/' && right.kind === 'number') {
    if (right.value === 0) {
      throw new ExpressionError('division by the constant 0', right.span, { code: 'expression-constant', received: 0 });
    }
    const divisorText = right.span.source.text.slice(right.span.start, right.span.end);
    const reciprocal = constant(1 / right.value, right.span, `the reciprocal of '${divisorText}'`);
    return foldBinary('*', left, reciprocal, span);
  }
  if (left.kind === 'number' && right.kind === 'number') {
    const [a, b] = [left.value, right.value];
    switch (op) {
      case '+':
        return constant(a + b, span);
      case '-':
        return constant(a - b, span);
      case '*':
        return constant(a * b, span);
      case '<':
        return { kind: 'boolean', value: a < b, span };
      case '<=':
        return { kind: 'boolean', value: a <= b, span };
      case '>':
        return { kind: 'boolean', value: a > b, span };
      case '>=':
        return { kind: 'boolean', value: a >= b, span };
      case '==':
        return { kind: 'boolean', value: a === b, span };
      case '!=':
        return { kind: 'boolean', value: a !== b, span };
    }
  }
  if (op === '+' || op === '-' || op === '*') {
    const identity = withoutIdentity(op, left, right, span);
    if (identity) return identity;
  }
  if (left.kind === 'boolean' && right.kind === 'boolean') {
    const [a, b] = [left.value, right.value];
    switch (op) {
      case '&&':
        return { kind: 'boolean', value: a && b, span };
      case '||':
        return { kind: 'boolean', value: a || b, span };
      case '==':
        return { kind: 'boolean', value: a === b, span };
      case '!=':
        return { kind: 'boolean', value: a !== b, span };
    }
  }
  return { kind: 'binary', op, left, right, span };
}

/**
 * The CPU twins of the det-math functions: bit-identical to the WGSL ones (core's tests hold them to
 * it on SwiftShader and the H100), so a call with constant arguments folds to the value the GPU would
 * compute. HH rate constants such as `pow(Q10, (T - 6.3)/10)` then cost nothing per step.
 */
const DET_MATH_TWINS: Readonly<Record<Exclude<FunctionName, ExactFunctionName>, (...args: number[]) => number>> = {
  exp: dmExp,
  expm1: dmExpm1,
  log: dmLog,
  sqrt: dmSqrt,
  sin: dmSin,
  cos: dmCos,
  tanh: dmTanh,
  pow: dmPow,
};

function foldCall(call: CallExpression, args: Expr[]): Expr {
  const { callee, span } = call;
  if (callee === 'pow') return power(args[0] as Expr, args[1] as Expr, span);
  if (EXPRESSION_FUNCTIONS[callee].kind === 'det-math') return foldDetMath(call, args) ?? { ...call, args };
  if (args.every((arg) => arg.kind === 'number')) {
    const evaluate = EXACT_FUNCTIONS[callee as ExactFunctionName];
    return constant(evaluate(...args.map((arg) => (arg as { value: number }).value)), span);
  }
  return { ...call, args };
}

/** A det-math call with constant arguments, evaluated by its CPU twin; undefined when not constant or not a usable f32. */
function foldDetMath(call: CallExpression, args: readonly Expr[]): Expr | undefined {
  if (!args.every((arg) => arg.kind === 'number')) return undefined;
  const value = DET_MATH_TWINS[call.callee as Exclude<FunctionName, ExactFunctionName>](...args.map((arg) => (arg as { value: number }).value));
  // A constant that is not a usable f32 (NaN, ±∞, subnormal) stays a call: the same value at run time.
  return f32ConstantProblem(value) === undefined ? constant(value, call.span) : undefined;
}

/**
 * `x + 0`, `0 + x`, `x - 0`, `x * 1`, `1 * x` become `x`; `0 - x`, `x * -1`, `-1 * x` become `-x`.
 * Exact in IEEE arithmetic, except that `x + 0` and `0 - x` may differ from `x` and `-x` in the
 * sign of a zero — identically on both backends. Why bother: GPU compilers drop such operations,
 * and the two `dm_pin` calls that then meet can cancel (on the H100, `7 - (0 + (0.04 - y))` came
 * out reassociated and differed from the CPU in the last bit).
 */
function withoutIdentity(op: '+' | '-' | '*', left: Expr, right: Expr, span: Span): Expr | undefined {
  const isConstant = (expr: Expr, value: number) => expr.kind === 'number' && expr.value === value;
  if (op === '*') {
    if (isConstant(right, 1)) return left;
    if (isConstant(left, 1)) return right;
    if (isConstant(right, -1)) return negate(left, span);
    if (isConstant(left, -1)) return negate(right, span);
    return undefined;
  }
  if (isConstant(right, 0)) return left;
  if (isConstant(left, 0)) return op === '+' ? right : negate(right, span);
  return undefined;
}

/** `-x`, exact: folded for a constant, `-(-x)` back to `x`. */
function negate(operand: Expr, span: Span): Expr {
  if (operand.kind === 'number') return constant(-operand.value, span);
  if (operand.kind === 'unary' && operand.op === '-') return operand.operand;
  return { kind: 'unary', op: '-', operand, span };
}

/**
 * `base**exponent` and `pow(base, exponent)`: repeated multiplication for a constant integer exponent
 * in 1..8 (folded like any product when the base is constant too), else a `pow` call, folded by its
 * CPU twin when both operands are constant — `Q10**((T - 6.3)/10)` with constant T and Q10 is a number.
 */
function power(base: Expr, exponent: Expr, span: Span): Expr {
  const n = exponent.kind === 'number' ? exponent.value : Number.NaN;
  if (!(Number.isInteger(n) && n >= 1 && n <= MAX_EXPANDED_POWER)) {
    const call: CallExpression = { kind: 'call', callee: 'pow', args: [base, exponent], span };
    return foldDetMath(call, call.args) ?? call;
  }
  let product = base;
  for (let factor = 1; factor < n; factor++) product = foldBinary('*', product, base, span);
  return product;
}

/** A folded constant: rounded to f32, and refused when not finite or subnormal. */
function constant(value: number, span: Span, what = 'this constant expression'): Expr {
  const problem = f32ConstantProblem(value);
  if (problem) throw new ExpressionError(`${what} ${problem}`, span, { code: 'expression-constant', received: value });
  return { kind: 'number', value: Math.fround(value), span };
}
