import type { ComparisonOperator, Expr, FunctionName } from './expression-ast.js';
import { EXPRESSION_FUNCTIONS, jsDetMathName, wgslDetMathName } from './expression-functions.js';
import { jsF32Literal, wgslF32Literal } from './f32-literal.js';
import { foldConstants } from './fold-constants.js';
import { resolveIdentifier, type SymbolEntry, type SymbolTable, symbolText } from './symbol-table.js';

/**
 * The spelling of one target language. Everything else — what is folded, which operations are
 * rounded, how division and powers are lowered, in which order operands are combined — is decided
 * once, in {@link emit}, so the WGSL and the JS of an expression compute the same f32 operations.
 */
interface Dialect {
  literal(value: number): string;
  symbol(entry: SymbolEntry): string;
  /** A rounded f32 `+ - *`, fenced so that no compiler fuses or reassociates it. */
  rounded(left: string, op: '+' | '-' | '*', right: string): string;
  divide(dividend: string, divisor: string): string;
  comparison(op: ComparisonOperator): string;
  /** `test ? whenTrue : whenFalse`; `isTop` when nothing surrounds it. */
  conditional(test: string, whenTrue: string, whenFalse: string, isTop: boolean): string;
  detMath(name: FunctionName, args: readonly string[]): string;
  exact(name: FunctionName, args: readonly string[]): string;
}

const WGSL: Dialect = {
  literal: wgslF32Literal,
  symbol: (entry) => symbolText(entry.wgsl),
  rounded: (left, op, right) => `dm_pin(${left} ${op} ${right})`,
  divide: (dividend, divisor) => `dm_div(${dividend}, ${divisor})`,
  comparison: (op) => op,
  // select evaluates both branches; harmless, since expressions have no side effects.
  conditional: (test, whenTrue, whenFalse) => `select(${whenFalse}, ${whenTrue}, ${test})`,
  detMath: (name, args) => `${wgslDetMathName(name)}(${args.join(', ')})`,
  exact: (name, [a, b, c]) => {
    // clamp and step are spelled out: WGSL lets clamp return the median when low > high, and
    // step's NaN behaviour is unspecified; these forms match the JS ones exactly.
    if (name === 'clamp') return `min(max(${a}, ${b}), ${c})`;
    if (name === 'step') return `select(0.0f, 1.0f, ${a} <= ${b})`;
    return `${name}(${[a, b, c].filter((arg) => arg !== undefined).join(', ')})`;
  },
};

const JS: Dialect = {
  literal: jsF32Literal,
  symbol: (entry) => symbolText(entry.js),
  rounded: (left, op, right) => `f(${left} ${op} ${right})`,
  divide: (dividend, divisor) => `dmDiv(${dividend}, ${divisor})`,
  comparison: (op) => (op === '==' ? '===' : op === '!=' ? '!==' : op),
  conditional: (test, whenTrue, whenFalse, isTop) => parenthesise(`${test} ? ${whenTrue} : ${whenFalse}`, isTop),
  detMath: (name, args) => `${jsDetMathName(name)}(${args.join(', ')})`,
  exact: (name, [a, b, c]) => {
    if (name === 'clamp') return `Math.min(Math.max(${a}, ${b}), ${c})`;
    if (name === 'step') return `(${a} <= ${b} ? 1 : 0)`;
    return `Math.${name}(${[a, b, c].filter((arg) => arg !== undefined).join(', ')})`;
  },
};

/**
 * WGSL for a model expression, computing exactly the f32 operations of {@link emitJs}.
 *
 * Constants are folded first ({@link foldConstants}). Then every `+ - *` is wrapped in
 * `dm_pin(…)`, which keeps GPU compilers from contracting `a*b + c` into a fused multiply-add;
 * division by a constant is multiplication by its f32 reciprocal, other division is
 * `dm_div(a, b)`; `exp`, `log`, … call det-math routines `dm_exp`, `dm_log`, …; literals are the
 * shortest decimals that name their f32 value exactly (`0.04f`); `c ? a : b` is `select(b, a, c)`.
 * The kernel must define `dm_pin`, `dm_div` and the det-math routines (`EXPRESSION_HELPERS.wgsl`).
 *
 * @throws {ExpressionError} as {@link foldConstants} does.
 * @example
 * emitWgsl(parseExpression('a*(b*v - u)', where), symbols) // 'dm_pin(0.02f * dm_pin(dm_pin(0.2f * v) - u))'
 */
export function emitWgsl(expr: Expr, symbols: SymbolTable): string {
  return emit(foldConstants(expr, symbols), symbols, WGSL, true);
}

/**
 * JS for a model expression, computing exactly the f32 operations of {@link emitWgsl}: every
 * `+ - *` is rounded to f32 with `f(…)`, the JS twin of `dm_pin` — bind it to `f32` from
 * `@spikegpu/core`, which rounds like `Math.fround` and also flushes a subnormal result to a zero
 * of the same sign, as `dm_pin` does on the GPU (plain `Math.fround` differs only there). Constants are
 * printed as the exact doubles of their f32 values, division by a non-constant is `dmDiv(a, b)`,
 * functions are det-math routines `dmExp`, `dmLog`, …, comparisons are `===`/`!==`/`<`/….
 * Names read as the symbols' `js` text, which must evaluate to f32 values. The scope must provide
 * `EXPRESSION_HELPERS.js`.
 *
 * @throws {ExpressionError} as {@link foldConstants} does.
 * @example
 * emitJs(parseExpression('a*(b*v - u)', where), symbols)
 * // 'f(0.019999999552965164 * f(f(0.20000000298023224 * v) - u))'
 */
export function emitJs(expr: Expr, symbols: SymbolTable): string {
  return emit(foldConstants(expr, symbols), symbols, JS, true);
}

/** Prints a folded expression. `isTop` drops the outermost parentheses. */
function emit(expr: Expr, symbols: SymbolTable, dialect: Dialect, isTop = false): string {
  const inner = (child: Expr) => emit(child, symbols, dialect);
  switch (expr.kind) {
    case 'number':
      return dialect.literal(expr.value);
    case 'boolean':
      return String(expr.value);
    case 'identifier': {
      const resolved = resolveIdentifier(expr, symbols);
      return 'constant' in resolved ? dialect.literal(resolved.constant) : dialect.symbol(resolved.symbol);
    }
    case 'unary': {
      const operand = inner(expr.operand);
      if (expr.op === '+') return operand;
      // Negation is exact, so it needs no rounding; `--x` would read as a decrement.
      return `${expr.op}${operand.startsWith('-') ? `(${operand})` : operand}`;
    }
    case 'binary': {
      const [left, right] = [inner(expr.left), inner(expr.right)];
      switch (expr.op) {
        case '+':
        case '-':
        case '*':
          return dialect.rounded(left, expr.op, right);
        case '/':
          return dialect.divide(left, right);
        case '**':
          return dialect.detMath('pow', [left, right]);
        case '&&':
        case '||':
          return parenthesise(`${left} ${expr.op} ${right}`, isTop);
        default:
          return parenthesise(`${left} ${dialect.comparison(expr.op)} ${right}`, isTop);
      }
    }
    case 'conditional':
      return dialect.conditional(inner(expr.test), inner(expr.whenTrue), inner(expr.whenFalse), isTop);
    case 'call': {
      const args = expr.args.map(inner);
      return EXPRESSION_FUNCTIONS[expr.callee].kind === 'det-math' ? dialect.detMath(expr.callee, args) : dialect.exact(expr.callee, args);
    }
  }
}

function parenthesise(text: string, isTop: boolean): string {
  return isTop ? text : `(${text})`;
}
