import { COMPARISON_OPERATORS, type Expr, type ExpressionType, LOGICAL_OPERATORS } from './expression-ast.js';
import { ExpressionError } from './expression-error.js';

const DESCRIPTION: Readonly<Record<ExpressionType, string>> = {
  number: 'a number',
  boolean: "a condition (a comparison such as 'v >= 30', or true/false)",
};

/**
 * The type of an expression — every name, literal number, arithmetic result and function call is
 * a `number` (f32); comparisons, `&&`, `||`, `!` and `true`/`false` are `boolean` — after checking
 * that each operator gets the types it needs: arithmetic and functions take numbers, logic takes
 * conditions, a conditional's test is a condition and its branches agree, `==`/`!=` compare two
 * numbers or two conditions.
 *
 * @throws {ExpressionError} `expression-type`, pointing at the operand of the wrong type.
 */
export function typeOf(expr: Expr): ExpressionType {
  switch (expr.kind) {
    case 'number':
    case 'identifier':
      return 'number';
    case 'boolean':
      return 'boolean';
    case 'unary':
      return requireType(expr.operand, expr.op === '!' ? 'boolean' : 'number', `the operand of '${expr.op}'`);
    case 'binary': {
      const sides = (type: ExpressionType) => {
        requireType(expr.left, type, `the left operand of '${expr.op}'`);
        requireType(expr.right, type, `the right operand of '${expr.op}'`);
      };
      if (LOGICAL_OPERATORS.has(expr.op)) {
        sides('boolean');
        return 'boolean';
      }
      if (expr.op === '==' || expr.op === '!=') {
        sides(typeOf(expr.left));
        return 'boolean';
      }
      sides('number');
      return COMPARISON_OPERATORS.has(expr.op) ? 'boolean' : 'number';
    }
    case 'conditional':
      requireType(expr.test, 'boolean', "the test of '? :'");
      return requireType(expr.whenFalse, typeOf(expr.whenTrue), "the branch after ':' (it must match the branch after '?')");
    case 'call':
      expr.args.forEach((arg, index) => requireType(arg, 'number', `argument ${index + 1} of ${expr.callee}()`));
      return 'number';
  }
}

/**
 * Checks that `expr` is of the `expected` type: a threshold must be a condition, an equation or a
 * reset a number.
 *
 * @throws {ExpressionError} `expression-type` when it is not, or when an operator inside is misused.
 * @example expectType(parseExpression('v >= 30', { model: 'lif', field: 'threshold' }), 'boolean');
 */
export function expectType(expr: Expr, expected: ExpressionType): void {
  requireType(expr, expected, 'this expression');
}

function requireType(expr: Expr, expected: ExpressionType, role: string): ExpressionType {
  const actual = typeOf(expr);
  if (actual !== expected) {
    throw new ExpressionError(`${role} is ${DESCRIPTION[actual]}`, expr.span, {
      code: 'expression-type',
      expected: DESCRIPTION[expected],
      received: actual,
      ...(expected === 'boolean' ? { hint: "compare it with something, e.g. 'v >= 30'" } : {}),
    });
  }
  return actual;
}
