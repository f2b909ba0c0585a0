import type { ExpressionSource, Span } from './expression-ast.js';
import { ExpressionError } from './expression-error.js';

export type TokenKind = 'number' | 'name' | 'operator' | 'end';

export interface Token {
  readonly kind: TokenKind;
  /** The characters as written; `''` for the end token. */
  readonly text: string;
  readonly span: Span;
}

/** Longest first, so `**` wins over `*` and `<=` over `<`. */
const OPERATORS = ['**', '<=', '>=', '==', '!=', '&&', '||', '+', '-', '*', '/', '<', '>', '!', '?', ':', '(', ')', ','];

const NUMBER = /(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?/y;
const NAME = /[A-Za-z_][A-Za-z0-9_]*/y;
const SPACE = /\s+/y;

/** Characters that look like operators of other languages, with what to write instead. */
const MISTAKES: Readonly<Record<string, { message: string; hint: string }>> = {
  '^': {
    message: "'^' is not an operator",
    hint: "write powers as x**2 (as in Python and Brian2); '^' means exclusive-or in C, JS and WGSL",
  },
  '=': {
    message: "unexpected '='",
    hint: "compare with '=='; an equation or reset gives only the right-hand side, without 'v ='",
  },
  '&': { message: "unexpected '&'", hint: "write 'and' as '&&'" },
  '|': { message: "unexpected '|'", hint: "write 'or' as '||'" },
  '%': { message: "'%' is not an operator", hint: 'the expression language has no remainder operator' },
};

/** Splits expression text into tokens, ending with one `end` token. Throws on characters it cannot read. */
export function tokenize(source: ExpressionSource): Token[] {
  const { text } = source;
  const tokens: Token[] = [];
  const span = (start: number, end: number): Span => ({ source, start, end });
  let position = 0;
  while (position < text.length) {
    SPACE.lastIndex = position;
    if (SPACE.exec(text)) {
      position = SPACE.lastIndex;
      continue;
    }
    NUMBER.lastIndex = position;
    const number = NUMBER.exec(text);
    if (number) {
      const end = NUMBER.lastIndex;
      const next = text[end];
      if (next !== undefined && /[eE.]/.test(next)) {
        throw new ExpressionError(`malformed number '${text.slice(position, end + 1)}'`, span(position, end + 1), {
          code: 'expression-syntax',
          hint: 'write numbers like 140, 0.04, .5 or 1e-3',
        });
      }
      NAME.lastIndex = end;
      const glued = NAME.exec(text);
      if (glued) {
        throw new ExpressionError(`unexpected '${glued[0]}' right after the number ${number[0]}`, span(end, NAME.lastIndex), {
          code: 'expression-syntax',
          hint: `to multiply, write ${number[0]}*${glued[0]}`,
        });
      }
      tokens.push({ kind: 'number', text: number[0], span: span(position, end) });
      position = end;
      continue;
    }
    NAME.lastIndex = position;
    const name = NAME.exec(text);
    if (name) {
      tokens.push({ kind: 'name', text: name[0], span: span(position, NAME.lastIndex) });
      position = NAME.lastIndex;
      continue;
    }
    const operator = OPERATORS.find((candidate) => text.startsWith(candidate, position));
    if (operator) {
      tokens.push({ kind: 'operator', text: operator, span: span(position, position + operator.length) });
      position += operator.length;
      continue;
    }
    const character = String.fromCodePoint(text.codePointAt(position) as number);
    const mistake = MISTAKES[character];
    throw new ExpressionError(mistake?.message ?? `unexpected character '${character}'`, span(position, position + 1), {
      code: 'expression-syntax',
      received: character,
      ...(mistake ? { hint: mistake.hint } : {}),
    });
  }
  tokens.push({ kind: 'end', text: '', span: span(text.length, text.length) });
  return tokens;
}
