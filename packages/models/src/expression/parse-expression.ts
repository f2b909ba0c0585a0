import { closestName } from '@spikegpu/core';
import { type BinaryOperator, COMPARISON_OPERATORS, type Expr, type ExpressionLocation, type ExpressionSource, joinSpans } from './expression-ast.js';
import { ExpressionError, lineAndColumn } from './expression-error.js';
import { EXPRESSION_FUNCTIONS, isFunctionName } from './expression-functions.js';
import { f32ConstantProblem } from './f32-literal.js';
import { type Token, tokenize } from './tokenize.js';

/**
 * Binding powers, loosest first. Left-associative operators parse their right operand at their own
 * power; `**` is right-associative and takes a unary operand on its right (`2**-x`), as in Python.
 * Comparisons do not chain: `a < b < c` is an error, not Python's `a < b and b < c`.
 */
const INFIX_POWER: Readonly<Record<string, number>> = {
  '?': 2,
  '||': 4,
  '&&': 6,
  '<': 8,
  '<=': 8,
  '>': 8,
  '>=': 8,
  '==': 8,
  '!=': 8,
  '+': 10,
  '-': 10,
  '*': 12,
  '/': 12,
  '**': 16,
};
/** Prefix `-x`, `+x`, `!c` bind tighter than `*` but looser than `**`: `-x**2` is `-(x**2)`. */
const PREFIX_POWER = 14;

const OPERAND = "a number, a name or '('";

/**
 * Parses an expression of a neuron model — an equation's right-hand side, a threshold or a reset —
 * into a syntax tree whose nodes keep their source spans.
 *
 * The language: numbers (`140`, `0.04`, `.5`, `1e-3`), names, `true`/`false`, `+ - * /`, power
 * `**` (right-associative, binds tighter than unary minus), comparisons `< <= > >= == !=`, logic
 * `&& || !`, the conditional `c ? a : b`, parentheses, and calls of the functions in
 * `EXPRESSION_FUNCTIONS`. Names are resolved later, against a symbol table.
 *
 * @throws {ExpressionError} `expression-syntax`, `expression-unknown-function`, `expression-arity`
 *   or `expression-constant`, naming the model, the field and the column.
 * @example
 * const dv = parseExpression('0.04*v*v + 5*v + 140 - u + I', { model: 'izhikevich', field: 'equations.v' });
 */
export function parseExpression(source: string, where: ExpressionLocation): Expr {
  const origin: ExpressionSource = { text: source, model: where.model, field: where.field };
  return new Parser(tokenize(origin)).parseAll();
}

class Parser {
  private index = 0;

  constructor(private readonly tokens: readonly Token[]) {}

  parseAll(): Expr {
    if (this.peek().kind === 'end') {
      throw new ExpressionError('empty expression', this.peek().span, { code: 'expression-syntax', expected: OPERAND });
    }
    const expr = this.parse(0);
    const next = this.peek();
    if (next.kind !== 'end') {
      const startsOperand = next.kind === 'name' || next.kind === 'number' || next.text === '(';
      throw new ExpressionError(`unexpected '${next.text}'`, next.span, {
        code: 'expression-syntax',
        expected: 'an operator or the end of the expression',
        received: next.text,
        ...(startsOperand ? { hint: `is an operator missing before '${next.text}'?` } : {}),
        ...(next.text === ')' ? { hint: "this ')' closes no '('" } : {}),
      });
    }
    return expr;
  }

  private peek(): Token {
    return this.tokens[this.index] as Token;
  }

  private advance(): Token {
    const token = this.peek();
    if (token.kind !== 'end') this.index++;
    return token;
  }

  private isOperator(text: string): boolean {
    const token = this.peek();
    return token.kind === 'operator' && token.text === text;
  }

  private parse(minimumPower: number): Expr {
    let left = this.parsePrefix();
    let leftIsComparison = false;
    for (;;) {
      const token = this.peek();
      const power = token.kind === 'operator' ? INFIX_POWER[token.text] : undefined;
      if (power === undefined || power <= minimumPower) return left;
      this.advance();
      if (token.text === '?') {
        const whenTrue = this.parse(0);
        this.expectClosing(':', 'to separate the branches of the conditional', token);
        const whenFalse = this.parse(power - 1);
        left = { kind: 'conditional', test: left, whenTrue, whenFalse, span: joinSpans(left.span, whenFalse.span) };
        leftIsComparison = false;
        continue;
      }
      const op = token.text as BinaryOperator;
      const isComparison = COMPARISON_OPERATORS.has(op);
      if (isComparison && leftIsComparison) {
        throw new ExpressionError(`comparisons cannot be chained ('${op}' after a comparison)`, token.span, {
          code: 'expression-syntax',
          hint: "write 'a < b && b < c', or add parentheses",
        });
      }
      const right = this.parse(op === '**' ? PREFIX_POWER - 1 : power);
      left = { kind: 'binary', op, left, right, span: joinSpans(left.span, right.span) };
      leftIsComparison = isComparison;
    }
  }

  private parsePrefix(): Expr {
    const token = this.advance();
    if (token.kind === 'number') {
      const value = Number(token.text);
      const problem = f32ConstantProblem(value);
      if (problem) {
        throw new ExpressionError(`the number ${token.text} ${problem}`, token.span, { code: 'expression-constant', received: value });
      }
      return { kind: 'number', value, span: token.span };
    }
    if (token.kind === 'name') {
      if (this.isOperator('(')) return this.parseCall(token);
      if (token.text === 'true' || token.text === 'false') {
        return { kind: 'boolean', value: token.text === 'true', span: token.span };
      }
      return { kind: 'identifier', name: token.text, span: token.span };
    }
    if (token.text === '(') {
      const inner = this.parse(0);
      this.expectClosing(')', 'to close it', token);
      return inner;
    }
    if (token.text === '-' || token.text === '+' || token.text === '!') {
      const operand = this.parse(PREFIX_POWER);
      return { kind: 'unary', op: token.text, operand, span: joinSpans(token.span, operand.span) };
    }
    const found = token.kind === 'end' ? 'end of expression' : `'${token.text}'`;
    throw new ExpressionError(`unexpected ${found}`, token.span, { code: 'expression-syntax', expected: OPERAND, received: token.text });
  }

  private parseCall(name: Token): Expr {
    const open = this.advance();
    const args: Expr[] = [];
    if (!this.isOperator(')')) {
      for (;;) {
        args.push(this.parse(0));
        if (!this.isOperator(',')) break;
        this.advance();
      }
    }
    const close = this.expectClosing(')', 'to close the arguments', open);
    const span = joinSpans(name.span, close.span);
    const callee = name.text;
    if (!isFunctionName(callee)) {
      const suggestion = closestName(callee, Object.keys(EXPRESSION_FUNCTIONS));
      throw new ExpressionError(`unknown function '${callee}'${suggestion ? ` (did you mean '${suggestion}'?)` : ''}`, name.span, {
        code: 'expression-unknown-function',
        expected: `one of ${Object.keys(EXPRESSION_FUNCTIONS).join(', ')}`,
        received: callee,
        ...(suggestion ? {} : { hint: `to multiply, write ${callee}*(…)` }),
      });
    }
    const { parameters } = EXPRESSION_FUNCTIONS[callee];
    if (args.length !== parameters.length) {
      const count = (n: number) => `${n} argument${n === 1 ? '' : 's'}`;
      throw new ExpressionError(`${callee}(${parameters.join(', ')}) takes ${count(parameters.length)}, got ${args.length}`, span, {
        code: 'expression-arity',
        received: args.length,
      });
    }
    return { kind: 'call', callee, args, span };
  }

  /** Consumes the closing `text` of the construct opened by `opener`, or says which one is missing. */
  private expectClosing(text: string, purpose: string, opener: Token): Token {
    if (this.isOperator(text)) return this.advance();
    const token = this.peek();
    const found = token.kind === 'end' ? 'end of expression' : `'${token.text}'`;
    const { column } = lineAndColumn(opener.span.source.text, opener.span.start);
    throw new ExpressionError(`unexpected ${found}`, token.span, {
      code: 'expression-syntax',
      expected: `'${text}' ${purpose} (the '${opener.text}' at column ${column})`,
      received: token.text,
    });
  }
}
