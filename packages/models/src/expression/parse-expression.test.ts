import { ValidationError } from '@spikegpu/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Expr } from './expression-ast.js';
import { ExpressionError } from './expression-error.js';
import { parseExpression } from './parse-expression.js';

const where = { model: 'lif', field: 'equations.v' };
const parse = (source: string) => parseExpression(source, where);

/** The tree as a Lisp form, so a test reads the grouping the parser chose. */
function lisp(expr: Expr): string {
  switch (expr.kind) {
    case 'number':
    case 'boolean':
      return String(expr.value);
    case 'identifier':
      return expr.name;
    case 'unary':
      return `(${expr.op} ${lisp(expr.operand)})`;
    case 'binary':
      return `(${expr.op} ${lisp(expr.left)} ${lisp(expr.right)})`;
    case 'conditional':
      return `(? ${lisp(expr.test)} ${lisp(expr.whenTrue)} ${lisp(expr.whenFalse)})`;
    case 'call':
      return `(${expr.callee} ${expr.args.map(lisp).join(' ')})`;
  }
}

/** The message of the ExpressionError that parsing `source` throws. */
function syntaxError(source: string, location = where): ExpressionError {
  try {
    parseExpression(source, location);
  } catch (error) {
    expect(error).toBeInstanceOf(ExpressionError);
    return error as ExpressionError;
  }
  throw new Error(`'${source}' parsed`);
}

describe('precedence and associativity', () => {
  it.each([
    ['a + b * c', '(+ a (* b c))'],
    ['(a + b) * c', '(* (+ a b) c)'],
    ['a - b - c', '(- (- a b) c)'],
    ['a / b / c', '(/ (/ a b) c)'],
    ['a / b * c', '(* (/ a b) c)'],
    ['a ** b ** c', '(** a (** b c))'],
    ['-a ** 2', '(- (** a 2))'],
    ['(-a) ** 2', '(** (- a) 2)'],
    ['2 ** -a', '(** 2 (- a))'],
    ['-a * b', '(* (- a) b)'],
    ['a * -b', '(* a (- b))'],
    ['- -a', '(- (- a))'],
    ['+a', '(+ a)'],
    ['a < b + c', '(< a (+ b c))'],
    ['a == b', '(== a b)'],
    ['a < b && c >= d || !f', '(|| (&& (< a b) (>= c d)) (! f))'],
    ['a || b && c', '(|| a (&& b c))'],
    ['!a < b', '(< (! a) b)'],
    ['c ? a : b ? x : y', '(? c a (? b x y))'],
    ['c ? d ? a : b : x', '(? c (? d a b) x)'],
    ['a || b ? x + 1 : y', '(? (|| a b) (+ x 1) y)'],
    ['clamp(a + b, -1, 1) * 2', '(* (clamp (+ a b) (- 1) 1) 2)'],
    ['0.04*v*v + 5*v + 140 - u + I', '(+ (- (+ (+ (* (* 0.04 v) v) (* 5 v)) 140) u) I)'],
  ])('%s groups as %s', (source, grouping) => {
    expect(lisp(parse(source))).toBe(grouping);
  });

  it.each([
    ['1e-3', 0.001],
    ['1E+3', 1000],
    ['.5', 0.5],
    ['2.', 2],
    ['0.04', 0.04],
    ['140', 140],
  ])('reads the number %s', (source, value) => {
    expect(parse(source)).toMatchObject({ kind: 'number', value });
  });

  it('reads true, false and nested calls', () => {
    expect(lisp(parse('true || false'))).toBe('(|| true false)');
    expect(lisp(parse('max(a, min(b, c))'))).toBe('(max a (min b c))');
  });

  it('keeps the source span of every node', () => {
    const sum = parse('a + b*c');
    expect(sum).toMatchObject({ kind: 'binary', span: { start: 0, end: 7 } });
    expect(sum.kind === 'binary' && sum.right.span).toMatchObject({ start: 4, end: 7, source: { text: 'a + b*c', model: 'lif' } });
  });

  /** Prints a tree with the fewest parentheses the grammar allows (an independent statement of the precedence table). */
  const POWER: Record<string, number> = { '?': 1, '||': 2, '&&': 3, '<': 4, '>=': 4, '==': 4, '+': 5, '-': 5, '*': 6, '/': 6, unary: 7, '**': 8 };
  function minimal(expr: Expr, required = 0): string {
    const wrap = (text: string, power: number) => (power < required ? `(${text})` : text);
    switch (expr.kind) {
      case 'number':
      case 'boolean':
        return String(expr.value);
      case 'identifier':
        return expr.name;
      case 'call':
        return `${expr.callee}(${expr.args.map((arg) => minimal(arg)).join(', ')})`;
      case 'unary':
        return wrap(`${expr.op}${minimal(expr.operand, POWER.unary)}`, POWER.unary as number);
      case 'conditional':
        return wrap(`${minimal(expr.test, 2)} ? ${minimal(expr.whenTrue)} : ${minimal(expr.whenFalse, 1)}`, 1);
      case 'binary': {
        const power = POWER[expr.op] as number;
        const [left, right] = expr.op === '**' ? [power + 1, POWER.unary as number] : power === 4 ? [power + 1, power + 1] : [power, power + 1];
        return wrap(`${minimal(expr.left, left)} ${expr.op} ${minimal(expr.right, right)}`, power);
      }
    }
  }

  it('reads back any tree printed with the fewest parentheses', () => {
    const { tree } = fc.letrec<{ tree: string }>((tie) => ({
      tree: fc.oneof(
        { depthSize: 'small', withCrossShrink: true },
        fc.constantFrom('a', 'b', 'c', '1', '2.5', 'true'),
        fc
          .tuple(fc.constantFrom('+', '-', '*', '/', '**', '<', '>=', '==', '&&', '||'), tie('tree'), tie('tree'))
          .map(([op, left, right]) => `(${left} ${op} ${right})`),
        fc.tuple(fc.constantFrom('-', '!', '+'), tie('tree')).map(([op, operand]) => `(${op}${operand})`),
        fc.tuple(tie('tree'), tie('tree'), tie('tree')).map(([test, a, b]) => `(${test} ? ${a} : ${b})`),
        fc.tuple(tie('tree'), tie('tree')).map(([a, b]) => `max(${a}, ${b})`),
      ),
    }));
    fc.assert(
      fc.property(tree, (fullyParenthesised) => {
        const expected = parse(fullyParenthesised);
        const printed = minimal(expected);
        expect(lisp(parse(printed))).toBe(lisp(expected));
      }),
      { numRuns: 500 },
    );
  });
});

describe('syntax errors', () => {
  it('names the model, the field and the column, and shows the source with a caret', () => {
    const error = syntaxError('-(v - v_rest))/tau');
    expect(error.message).toBe(
      [
        "model 'lif', equation for v, column 14: unexpected ')', expected an operator or the end of the expression",
        '  -(v - v_rest))/tau',
        '               ^',
        "(hint: this ')' closes no '(')",
      ].join('\n'),
    );
    expect(error).toBeInstanceOf(ValidationError);
    expect(error).toMatchObject({ code: 'expression-syntax', path: 'models.lif.equations.v', column: 14, line: 1, kind: 'validation' });
  });

  it('underlines the whole offending token', () => {
    expect(syntaxError('exp(v) + expp(v)').message).toBe(
      [
        "model 'lif', equation for v, column 10: unknown function 'expp' (did you mean 'exp'?), expected one of exp, expm1, log, sqrt, sin, cos, tanh, pow, abs, min, max, floor, ceil, sign, clamp, step",
        '  exp(v) + expp(v)',
        '           ^^^^',
      ].join('\n'),
    );
  });

  it('says which field: threshold, reset, or any other path', () => {
    expect(syntaxError('v >=', { model: 'izhikevich', field: 'threshold' }).message).toMatch(
      /^model 'izhikevich', threshold, column 5: unexpected end of expression, expected a number, a name or '\('/,
    );
    expect(syntaxError('u +* d', { model: 'izhikevich', field: 'reset.u' }).message).toMatch(/^model 'izhikevich', reset of u, column 4: unexpected '\*'/);
    expect(syntaxError('(', { model: 'x', field: 'input current' }).path).toBe('models.x.input current');
  });

  it('gives line and column in a multi-line expression', () => {
    const error = syntaxError('0.04*v*v\n  + 5*v +\n  ) + 140');
    expect(error).toMatchObject({ line: 3, column: 3 });
    expect(error.message).toContain("line 3, column 3: unexpected ')'");
    expect(error.message).toContain('\n    ) + 140\n    ^');
  });

  it.each([
    ['', 1, 'empty expression'],
    ['v +', 4, 'unexpected end of expression'],
    ['v u', 3, "unexpected 'u'"],
    ['(v + 2', 7, "unexpected end of expression, expected ')' to close it (the '(' at column 1)"],
    ['max(v, 2', 9, "expected ')' to close the arguments (the '(' at column 4)"],
    ['v > 0 ? 1', 10, "expected ':' to separate the branches of the conditional"],
    ['a < b < c', 7, 'comparisons cannot be chained'],
    ['v = 3', 3, "unexpected '='"],
    ['v @ 3', 3, "unexpected character '@'"],
    ['2v', 2, "unexpected 'v' right after the number 2"],
    ['1e', 1, "malformed number '1e'"],
    ['1.2.3', 1, "malformed number '1.2.'"],
    ['exp(v, 2)', 1, 'exp(x) takes 1 argument, got 2'],
    ['clamp(v)', 1, 'clamp(x, low, high) takes 3 arguments, got 1'],
    ['1e39 * v', 1, 'the number 1e39 is outside the f32 range (largest 3.4028235e38)'],
    ['1e-40 * v', 1, 'is below the smallest normal f32'],
    ['1e-50 * v', 1, 'the number 1e-50 rounds to zero in f32'],
  ])('%j fails at column %i: %s', (source, column, message) => {
    const error = syntaxError(source);
    expect(error.column).toBe(column);
    expect(error.message.split('\n')[0]).toContain(message);
  });

  it("rejects '^' and points to '**', the power syntax", () => {
    const error = syntaxError('v^2');
    expect(error.message).toContain("column 2: '^' is not an operator");
    expect(error.hint).toMatch(/write powers as x\*\*2/);
  });

  it('suggests a function for a misspelt call and multiplication for a name before parentheses', () => {
    expect(syntaxError('tahn(v)').message).toContain("unknown function 'tahn' (did you mean 'tanh'?)");
    expect(syntaxError('g(v - E)')).toMatchObject({ code: 'expression-unknown-function', hint: 'to multiply, write g*(…)' });
    expect(syntaxError('exp(1, 2)').code).toBe('expression-arity');
  });
});
