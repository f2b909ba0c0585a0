/**
 * The syntax tree of a model expression (an equation's right-hand side, a threshold, a reset).
 * Every node keeps the span of source text it came from, so any later stage (type check, name
 * resolution, constant folding) can point at the offending characters.
 */

/** Which model definition and which of its fields an expression was written in. */
export interface ExpressionLocation {
  /** The model's name, e.g. `'izhikevich-2003'`. */
  readonly model: string;
  /**
   * The field inside the model, as a dotted path: `'equations.v'`, `'threshold'`, `'reset.u'`.
   * Error messages read it as "equation for v", "threshold", "reset of u".
   */
  readonly field: string;
}

/** The text of an expression and where it was written. Shared by all nodes parsed from it. */
export interface ExpressionSource extends ExpressionLocation {
  readonly text: string;
}

/** A range of characters `[start, end)` in {@link ExpressionSource.text} (0-based offsets). */
export interface Span {
  readonly source: ExpressionSource;
  readonly start: number;
  readonly end: number;
}

/** `-x` (exact), `+x` (no-op) and `!c` (logical not). */
export type UnaryOperator = '-' | '+' | '!';
/** `**` is the power operator (Python and Brian2 spelling); `^` is rejected. */
export type ArithmeticOperator = '+' | '-' | '*' | '/' | '**';
export type ComparisonOperator = '<' | '<=' | '>' | '>=' | '==' | '!=';
export type LogicalOperator = '&&' | '||';
export type BinaryOperator = ArithmeticOperator | ComparisonOperator | LogicalOperator;

/** The functions an expression may call; see `expression-functions.ts` for what each becomes. */
export type FunctionName =
  | 'exp'
  | 'expm1'
  | 'log'
  | 'sqrt'
  | 'sin'
  | 'cos'
  | 'tanh'
  | 'pow'
  | 'abs'
  | 'min'
  | 'max'
  | 'floor'
  | 'ceil'
  | 'sign'
  | 'clamp'
  | 'step';

/** A number as written (`140`, `0.04`, `1e-3`); rounded to f32 when code is generated. */
export interface NumberLiteral {
  readonly kind: 'number';
  readonly value: number;
  readonly span: Span;
}

/** `true` or `false`; also what a constant comparison folds to. */
export interface BooleanLiteral {
  readonly kind: 'boolean';
  readonly value: boolean;
  readonly span: Span;
}

/** A name: a state variable, parameter, constant, external input or local, resolved by a symbol table. */
export interface Identifier {
  readonly kind: 'identifier';
  readonly name: string;
  readonly span: Span;
}

export interface UnaryExpression {
  readonly kind: 'unary';
  readonly op: UnaryOperator;
  readonly operand: Expr;
  readonly span: Span;
}

export interface BinaryExpression {
  readonly kind: 'binary';
  readonly op: BinaryOperator;
  readonly left: Expr;
  readonly right: Expr;
  readonly span: Span;
}

/** `test ? whenTrue : whenFalse`. Both branches are side-effect free, so evaluating both is allowed. */
export interface ConditionalExpression {
  readonly kind: 'conditional';
  readonly test: Expr;
  readonly whenTrue: Expr;
  readonly whenFalse: Expr;
  readonly span: Span;
}

export interface CallExpression {
  readonly kind: 'call';
  readonly callee: FunctionName;
  readonly args: readonly Expr[];
  readonly span: Span;
}

/** A parsed expression. Produced by `parseExpression`, consumed by the checks and emitters. */
export type Expr = NumberLiteral | BooleanLiteral | Identifier | UnaryExpression | BinaryExpression | ConditionalExpression | CallExpression;

/** What an expression evaluates to: an f32 number or a condition. */
export type ExpressionType = 'number' | 'boolean';

export const COMPARISON_OPERATORS: ReadonlySet<BinaryOperator> = new Set(['<', '<=', '>', '>=', '==', '!=']);
export const LOGICAL_OPERATORS: ReadonlySet<BinaryOperator> = new Set(['&&', '||']);

/** The span from the start of `first` to the end of `last` (both in the same source). */
export function joinSpans(first: Span, last: Span): Span {
  return { source: first.source, start: first.start, end: last.end };
}
