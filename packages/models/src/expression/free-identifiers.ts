import type { Expr } from './expression-ast.js';

/**
 * The names an expression reads (not the functions it calls), in order of first use. The built-in
 * constants `pi` and `e` are included when used, since a symbol table may define its own.
 *
 * @example freeIdentifiers(parseExpression('a*(b*v - u)', where)) // Set { 'a', 'b', 'v', 'u' }
 */
export function freeIdentifiers(expr: Expr): Set<string> {
  const names = new Set<string>();
  const visit = (node: Expr): void => {
    switch (node.kind) {
      case 'identifier':
        names.add(node.name);
        return;
      case 'unary':
        visit(node.operand);
        return;
      case 'binary':
        visit(node.left);
        visit(node.right);
        return;
      case 'conditional':
        visit(node.test);
        visit(node.whenTrue);
        visit(node.whenFalse);
        return;
      case 'call':
        node.args.forEach(visit);
        return;
      case 'number':
      case 'boolean':
        return;
    }
  };
  visit(expr);
  return names;
}
