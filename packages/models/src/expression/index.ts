/**
 * The model expression language: parse an equation, threshold or reset once, check it, and emit
 * WGSL and JS that compute the same f32 operations bit for bit.
 */

export { emitJs, emitWgsl } from './emit-code.js';
export type {
  ArithmeticOperator,
  BinaryExpression,
  BinaryOperator,
  BooleanLiteral,
  CallExpression,
  ComparisonOperator,
  ConditionalExpression,
  Expr,
  ExpressionLocation,
  ExpressionSource,
  ExpressionType,
  FunctionName,
  Identifier,
  LogicalOperator,
  NumberLiteral,
  Span,
  UnaryExpression,
  UnaryOperator,
} from './expression-ast.js';
export type { ExpressionErrorCode, ExpressionErrorDetails } from './expression-error.js';
export { ExpressionError } from './expression-error.js';
export type { FunctionInfo, FunctionKind } from './expression-functions.js';
export { BUILTIN_CONSTANTS, EXPRESSION_FUNCTIONS, EXPRESSION_HELPERS } from './expression-functions.js';
export { jsF32Literal, wgslF32Literal } from './f32-literal.js';
export { foldConstants, MAX_EXPANDED_POWER } from './fold-constants.js';
export { freeIdentifiers } from './free-identifiers.js';
export { parseExpression } from './parse-expression.js';
export type { SymbolEntry, SymbolKind, SymbolTable } from './symbol-table.js';
export { expectType, typeOf } from './type-check.js';
