import { dmExp, dmPow } from '@spikegpu/core';
import { describe, expect, it } from 'vitest';
import type { Expr } from './expression-ast.js';
import { foldConstants } from './fold-constants.js';
import { freeIdentifiers } from './free-identifiers.js';
import { parseExpression } from './parse-expression.js';
import type { SymbolTable } from './symbol-table.js';

const symbols: SymbolTable = {
  v: { kind: 'state', wgsl: 'v', js: 'v' },
  u: { kind: 'state', wgsl: 'u', js: 'u' },
  a: { kind: 'param', wgsl: 'a', js: 'a', value: 0.02 },
  tau: { kind: 'param', wgsl: 'tau', js: 'tau', value: 10 },
  big: { kind: 'constant', wgsl: '', js: '', value: 1e30 },
};
const parse = (source: string) => parseExpression(source, { model: 'test', field: 'equations.v' });
const fold = (source: string) => show(foldConstants(parse(source), symbols));

/** Infix with full parentheses; numbers as their exact value. */
function show(expr: Expr): string {
  switch (expr.kind) {
    case 'number':
    case 'boolean':
      return String(expr.value);
    case 'identifier':
      return expr.name;
    case 'unary':
      return `${expr.op}${show(expr.operand)}`;
    case 'binary':
      return `(${show(expr.left)} ${expr.op} ${show(expr.right)})`;
    case 'conditional':
      return `(${show(expr.test)} ? ${show(expr.whenTrue)} : ${show(expr.whenFalse)})`;
    case 'call':
      return `${expr.callee}(${expr.args.map(show).join(', ')})`;
  }
}

const f = Math.fround;

describe('foldConstants', () => {
  it('folds constant operands in f32, one rounding per operation, never reassociating', () => {
    expect(fold('2*3*v')).toBe('(6 * v)');
    expect(fold('v*2*3')).toBe('((v * 2) * 3)');
    expect(fold('0.1 + 0.2 + v')).toBe(`(${f(f(0.1) + f(0.2))} + v)`);
    expect(fold('a*(0.2*v - u)')).toBe(`(${f(0.02)} * ((${f(0.2)} * v) - u))`);
    expect(fold('-a + pi')).toBe(`${f(-f(0.02) + f(Math.PI))}`);
  });

  it('drops operations with an identity operand, which GPU compilers would drop between two pins', () => {
    expect(fold('7 - (0 + (0.04 - v))')).toBe(`(7 - (${f(0.04)} - v))`);
    expect(fold('(pi - pi)/3 + v')).toBe('v');
    expect(fold('v*1 + 1*u')).toBe('(v + u)');
    expect(fold('v - 0 + (0 - u)')).toBe('(v + -u)');
    expect(fold('v*-1 + v/-1 + v/1')).toBe('((-v + -v) + v)');
    expect(fold('-(-v) + -(-(-u))')).toBe('(v + -u)');
  });

  it('turns division by a constant into multiplication by its f32 reciprocal', () => {
    expect(fold('(1 - v)/tau')).toBe(`((1 - v) * ${f(1 / 10)})`);
    expect(fold('v/3')).toBe(`(v * ${f(1 / 3)})`);
    expect(fold('1/3')).toBe(`${f(1 * f(1 / 3))}`);
    expect(fold('v/u')).toBe('(v / u)');
  });

  it('expands small constant integer powers into left-to-right products', () => {
    expect(fold('v**3')).toBe('((v * v) * v)');
    expect(fold('pow(v, 3)')).toBe('((v * v) * v)');
    expect(fold('v**(1 + 1)')).toBe('(v * v)');
    expect(fold('1.1**3')).toBe(`${f(f(f(1.1) * f(1.1)) * f(1.1))}`);
    expect(fold('v**0')).toBe('pow(v, 0)');
    expect(fold('v**9')).toBe('pow(v, 9)');
    expect(fold('v**2.5')).toBe('pow(v, 2.5)');
    expect(fold('v**u')).toBe('pow(v, u)');
  });

  it('folds exact functions, logic, and det-math calls with constant arguments through their bit-identical twins', () => {
    expect(fold('clamp(-3, -1, 1) + abs(-2) + floor(2.5) + step(0, 1) + max(1, 2) + v')).toBe('(6 + v)');
    expect(fold('exp(2) * v')).toBe(`(${Math.fround(dmExp(2))} * v)`);
    expect(fold('pow(3, (6.3 - 6.3)/10) * v')).toBe('v');
    // The operator form too: Hodgkin–Huxley's φ = Q10**((T - 6.3)/10) costs nothing per step at constant T.
    expect(fold('3**((6.3 - 6.3)/10) * v')).toBe('v');
    expect(fold('3**((16.3 - 6.3)/10) * v')).toBe(
      `(${Math.fround(dmPow(3, Math.fround(Math.fround(Math.fround(16.3) - Math.fround(6.3)) * Math.fround(0.1))))} * v)`,
    );
    expect(fold('pow(1.1, 3)')).toBe(fold('1.1**3'));
    expect(fold('exp(v) * 2')).toBe('(exp(v) * 2)');
    expect(fold('1 < 2 && !(3 == 4) ? v : u')).toBe('v');
    expect(fold('v > 0 ? 2*3 : 1 + 1')).toBe('((v > 0) ? 6 : 2)');
  });

  it('refuses constants that leave the f32 range, and division by zero', () => {
    expect(() => fold('big * big * v')).toThrowError(/column 1: this constant expression is outside the f32 range/);
    expect(() => fold('v / (1 - 1)')).toThrowError(/column 6: division by the constant 0/);
    expect(() => fold('v / 1e38')).toThrowError("column 5: the reciprocal of '1e38' is below the smallest normal f32");
  });

  it('reports an unknown name with a suggestion', () => {
    expect(() => fold('v + tua')).toThrowError(
      [
        "model 'test', equation for v, column 5: unknown name 'tua' (did you mean 'tau'?), expected one of v, u, a, tau, big, pi, e",
        '  v + tua',
        '      ^^^',
      ].join('\n'),
    );
    expect(() => fold('toString + v')).toThrowError(/unknown name 'toString'/);
  });

  it('lets a symbol shadow the built-in constants', () => {
    const withE: SymbolTable = { ...symbols, e: { kind: 'param', wgsl: 'e', js: 'e' } };
    expect(show(foldConstants(parse('e + pi'), withE))).toBe(`(e + ${f(Math.PI)})`);
  });
});

describe('freeIdentifiers', () => {
  it('lists the names an expression reads, not the functions it calls', () => {
    expect([...freeIdentifiers(parse('a*(b*v - u) + exp(-v/tau) + (I > 0 ? pi : c)'))]).toEqual(['a', 'b', 'v', 'u', 'tau', 'I', 'pi', 'c']);
    expect(freeIdentifiers(parse('1 + 2')).size).toBe(0);
  });
});
