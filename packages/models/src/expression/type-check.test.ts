import { describe, expect, it } from 'vitest';
import { ExpressionError } from './expression-error.js';
import { parseExpression } from './parse-expression.js';
import { expectType, typeOf } from './type-check.js';

const parse = (source: string, field = 'threshold') => parseExpression(source, { model: 'izhikevich', field });

describe('typeOf', () => {
  it.each([
    ['0.04*v*v + 5*v + 140 - u + I', 'number'],
    ['v >= 30', 'boolean'],
    ['v >= 30 && !(u < 0) || false', 'boolean'],
    ['v > 0 ? exp(v) : -1', 'number'],
    ['(v > 0) == (u > 0)', 'boolean'],
    ['v == u', 'boolean'],
    ['v > 0 ? u > 0 : true', 'boolean'],
  ])('%s is a %s', (source, type) => {
    expect(typeOf(parse(source))).toBe(type);
  });

  it.each([
    ['v && u', 1, "the left operand of '&&' is a number, expected a condition"],
    ['v > 0 || u', 10, "the right operand of '||' is a number"],
    ['!v', 2, "the operand of '!' is a number"],
    ['-(v > 0)', 3, "the operand of '-' is a condition"],
    ['(v > 0) + 1', 2, "the left operand of '+' is a condition"],
    ['v ? 1 : 0', 1, "the test of '? :' is a number"],
    ['v > 0 ? 1 : u > 0', 13, "the branch after ':' (it must match the branch after '?') is a condition"],
    ['exp(v > 0)', 5, 'argument 1 of exp() is a condition'],
    ['(v > 0) == 1', 12, "the right operand of '==' is a number, expected a condition"],
  ])('%s is rejected at column %i', (source, column, message) => {
    expect(() => typeOf(parse(source))).toThrowError(ExpressionError);
    try {
      typeOf(parse(source));
    } catch (error) {
      expect(error).toMatchObject({ code: 'expression-type', column });
      expect((error as Error).message.split('\n')[0]).toContain(message);
    }
  });
});

describe('expectType', () => {
  it('requires a threshold to be a condition', () => {
    expect(() => expectType(parse('v >= 30'), 'boolean')).not.toThrow();
    expect(() => expectType(parse('v - 30'), 'boolean')).toThrowError(
      [
        "model 'izhikevich', threshold, column 1: this expression is a number, expected a condition (a comparison such as 'v >= 30', or true/false)",
        '  v - 30',
        '  ^^^^^^',
        "(hint: compare it with something, e.g. 'v >= 30')",
      ].join('\n'),
    );
  });

  it('requires an equation to be a number', () => {
    expect(() => expectType(parse('0.04*v*v', 'equations.v'), 'number')).not.toThrow();
    expect(() => expectType(parse('v >= 30', 'equations.v'), 'number')).toThrowError(
      "model 'izhikevich', equation for v, column 1: this expression is a condition (a comparison such as 'v >= 30', or true/false), expected a number",
    );
  });
});
