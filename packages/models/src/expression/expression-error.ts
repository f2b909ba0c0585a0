import { ValidationError } from '@spikegpu/core';
import type { ExpressionLocation, Span } from './expression-ast.js';

/** Machine-readable kinds of {@link ExpressionError}. */
export type ExpressionErrorCode =
  /** The text does not parse: a stray character, a missing operand or parenthesis. */
  | 'expression-syntax'
  /** A name that is not in the symbol table (nor `pi`, `e`). */
  | 'expression-unknown-identifier'
  /** A call of a function the expression language does not have. */
  | 'expression-unknown-function'
  /** A known function called with the wrong number of arguments. */
  | 'expression-arity'
  /** A number where a condition belongs, or the other way round. */
  | 'expression-type'
  /** A literal, a constant or a folded constant that is infinite, NaN, or subnormal in f32. */
  | 'expression-constant';

/** What an {@link ExpressionError} says besides its one-line message. */
export interface ExpressionErrorDetails {
  code: ExpressionErrorCode;
  /** What was allowed at that place, in words: `a number, a name or '('`. */
  expected?: string;
  /** What was found there (for programs; the message already quotes it). */
  received?: unknown;
  /** What the user can do about it. */
  hint?: string;
}

/**
 * A model expression that cannot be compiled. The message names the model, the field and the
 * column, then shows the source with a caret under the offending characters:
 *
 * ```text
 * model 'lif', equation for v, column 14: unexpected ')', expected an operator or the end of the expression
 *   (v_rest - v))/tau + I
 *                ^
 * ```
 *
 * `path` is the field's path in a network description, `models.<model>.<field>`.
 */
export class ExpressionError extends ValidationError {
  /** The model the expression belongs to. */
  readonly model: string;
  /** The field within the model, e.g. `equations.v`. */
  readonly field: string;
  /** 1-based line and column of the first offending character. */
  readonly line: number;
  readonly column: number;
  /** The whole expression text. */
  readonly source: string;

  constructor(message: string, span: Span, details: ExpressionErrorDetails) {
    const { text, model, field } = span.source;
    super(message, { ...details, path: `models.${model}.${field}` });
    const { line, column } = lineAndColumn(text, span.start);
    this.model = model;
    this.field = field;
    this.line = line;
    this.column = column;
    this.source = text;
    // The base class renders `path: message: expected …`; an expression reads better with the
    // model and field in words, the column, and the source line with a caret.
    const position = text.includes('\n') ? `line ${line}, column ${column}` : `column ${column}`;
    let headline = `${describeLocation(span.source)}, ${position}: ${message}`;
    if (details.expected !== undefined) headline += `, expected ${details.expected}`;
    const parts = [headline, caretExcerpt(text, span)];
    if (details.hint) parts.push(`(hint: ${details.hint})`);
    this.message = parts.join('\n');
  }
}

/** `model 'lif', equation for v` — the location in the words a model author uses. */
export function describeLocation({ model, field }: ExpressionLocation): string {
  const [head, ...rest] = field.split('.');
  const tail = rest.join('.');
  let what: string;
  if (head === 'equations' && tail) what = `equation for ${tail}`;
  else if (head === 'reset' && tail) what = `reset of ${tail}`;
  else if (head === 'subexpressions' && tail) what = `subexpression ${tail}`;
  else what = field;
  return `model '${model}', ${what}`;
}

/** 1-based line and column of a 0-based offset. */
export function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const lines = before.split('\n');
  return { line: lines.length, column: (lines[lines.length - 1] as string).length + 1 };
}

/** The source line holding the span, indented, with `^` under the span (one `^` at least). */
function caretExcerpt(text: string, span: Span): string {
  const lineStart = text.lastIndexOf('\n', span.start - 1) + 1;
  const newline = text.indexOf('\n', span.start);
  const lineEnd = newline === -1 ? text.length : newline;
  const sourceLine = text.slice(lineStart, lineEnd).replace(/\t/g, ' ');
  const width = Math.max(1, Math.min(span.end, lineEnd) - span.start);
  return `  ${sourceLine}\n  ${' '.repeat(span.start - lineStart)}${'^'.repeat(width)}`;
}
