import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { emitJs, emitWgsl } from './emit-code.js';
import type { Expr } from './expression-ast.js';
import { ExpressionError } from './expression-error.js';
import { BUILTIN_CONSTANTS, EXPRESSION_HELPERS } from './expression-functions.js';
import { parseExpression } from './parse-expression.js';
import type { SymbolTable } from './symbol-table.js';

/**
 * What the emitted code means, checked by running it. The det-math routines are stood in for by
 * the f64 Math functions rounded to f32, which is all the emitter may assume of them.
 */

const f = Math.fround;
const STUBS: Record<string, unknown> = {
  f,
  dmDiv: (a: number, b: number) => f(a / b),
  dmExp: (x: number) => f(Math.exp(x)),
  dmExpm1: (x: number) => f(Math.expm1(x)),
  dmLog: (x: number) => f(Math.log(x)),
  dmSqrt: (x: number) => f(Math.sqrt(x)),
  dmSin: (x: number) => f(Math.sin(x)),
  dmCos: (x: number) => f(Math.cos(x)),
  dmTanh: (x: number) => f(Math.tanh(x)),
  dmPow: (x: number, y: number) => f(x ** y),
  select: (whenFalse: unknown, whenTrue: unknown, test: boolean) => (test ? whenTrue : whenFalse),
};
const VARIABLES = ['x', 'y', 'z'] as const;
const K = 0.3;
const symbols: SymbolTable = {
  x: { kind: 'state', wgsl: 'x', js: 'x' },
  y: { kind: 'state', wgsl: 'y', js: 'y' },
  z: { kind: 'external', wgsl: 'z', js: 'z' },
  k: { kind: 'param', wgsl: 'k', js: 'k', value: K },
};
type Inputs = Record<(typeof VARIABLES)[number], number>;
type Value = number | boolean;

/** Parses and emits both languages, or undefined when a constant in the expression leaves the normal f32 range. */
function compile(source: string): { js: string; wgsl: string; expr: Expr } | undefined {
  const expr = parseExpression(source, { model: 'random', field: 'equations.x' });
  try {
    return { expr, js: emitJs(expr, symbols), wgsl: emitWgsl(expr, symbols) };
  } catch (error) {
    if (error instanceof ExpressionError && error.code === 'expression-constant') return undefined;
    throw error;
  }
}

/** Runs JS expression text with the helpers and the variables in scope. */
function run(js: string, inputs: Inputs): Value {
  const names = [...Object.keys(STUBS), ...VARIABLES];
  const body = new Function(...names, `return ${js};`);
  return body(...Object.values(STUBS), ...VARIABLES.map((name) => inputs[name]));
}

/** Reads emitted WGSL as JS: `0.04f` → `f(0.04)` (how Tint reads it), `dm_pin` → `f`, builtins → Math. */
function wgslAsJs(wgsl: string): string {
  return wgsl
    .replace(/\b(\d+\.\d*|\d+)(e[+-]?\d+)?f\b/g, (_, mantissa: string, exponent = '') => `f(${mantissa}${exponent})`)
    .replace(/\bdm_pin\(/g, 'f(')
    .replace(/\bdm_(\w)(\w*)\(/g, (_, first: string, rest: string) => `dm${first.toUpperCase()}${rest}(`)
    .replace(/\b(abs|min|max|floor|ceil|sign)\(/g, 'Math.$1(');
}

/** Random source text: numeric expressions over x, y, z, k, pi, e and literals, and conditions over them. */
const sources = fc.letrec<{ number: string; condition: string; top: string }>((tie) => ({
  number: fc.oneof(
    { depthSize: 'small', maxDepth: 6 },
    fc.constantFrom('x', 'y', 'z', 'k', 'pi', 'e'),
    fc.oneof(
      fc.integer({ min: 0, max: 200 }).map(String),
      fc.double({ min: 1e-3, max: 1e3, noNaN: true }).map(String),
      fc.constantFrom('0.04', '1e-3', '0.1', '2.5e2', '.5'),
    ),
    fc.tuple(tie('number'), fc.constantFrom('+', '-', '*', '/'), tie('number')).map(([a, op, b]) => `(${a} ${op} ${b})`),
    tie('number').map((a) => `-${a}`),
    fc.tuple(tie('number'), fc.integer({ min: 0, max: 9 }), fc.boolean()).map(([a, n, asCall]) => (asCall ? `pow(${a}, ${n})` : `(${a})**${n}`)),
    fc.tuple(tie('number'), fc.constantFrom('0.5', '1.5')).map(([a, y]) => `pow(abs(${a}) + 1, ${y})`),
    fc.tuple(fc.constantFrom('exp', 'expm1', 'tanh', 'sin', 'cos', 'abs', 'floor', 'ceil', 'sign'), tie('number')).map(([fn, a]) => `${fn}(${a})`),
    tie('number').map((a) => `sqrt(abs(${a}))`),
    tie('number').map((a) => `log(abs(${a}) + 1)`),
    fc.tuple(fc.constantFrom('min', 'max', 'step'), tie('number'), tie('number')).map(([fn, a, b]) => `${fn}(${a}, ${b})`),
    fc.tuple(tie('number'), tie('number'), tie('number')).map(([a, b, c]) => `clamp(${a}, min(${b}, ${c}), max(${b}, ${c}))`),
    fc.tuple(tie('condition'), tie('number'), tie('number')).map(([c, a, b]) => `(${c} ? ${a} : ${b})`),
  ),
  condition: fc.oneof(
    { depthSize: 'small', maxDepth: 4 },
    fc.tuple(tie('number'), fc.constantFrom('<', '<=', '>', '>=', '==', '!='), tie('number')).map(([a, op, b]) => `${a} ${op} ${b}`),
    tie('condition').map((c) => `!(${c})`),
    fc.tuple(tie('condition'), fc.constantFrom('&&', '||'), tie('condition')).map(([a, op, b]) => `(${a}) ${op} (${b})`),
    fc.constant('true'),
  ),
  top: fc.oneof({ weight: 4, arbitrary: tie('number') }, { weight: 1, arbitrary: tie('condition') }),
}));
const variable = fc.float({ min: -4, max: 4, noNaN: true });
const inputs = fc.record({ x: variable, y: variable, z: variable });

// ---------------------------------------------------------------------------------------------
// The f64 reference with a running bound on how far an f32 evaluation may stray from it.

/** The unit roundoff of f32, round to nearest. */
const U = 2 ** -24;
/** Thrown when the f32 result may legitimately differ (a branch too close to call, an overflow). */
class Undecidable extends Error {}

interface Approximate {
  /** The exact (f64) value. */
  value: number;
  /** A bound on |f32 evaluation − value|. */
  error: number;
}

/** Half the smallest subnormal f32: the absolute error of a rounding in the gradual-underflow range. */
const UNDERFLOW = 2 ** -150;
/** Adds the rounding of a result whose exact value is `value` to an error `error` already carried. */
const rounded = (value: number, error: number): Approximate => {
  if (!Number.isFinite(value) || Math.abs(value) + error > 1e30) throw new Undecidable();
  return { value, error: error + U * (Math.abs(value) + error) + UNDERFLOW };
};
/** A monotone function evaluated over [value − error, value + error] ∩ domain. */
const monotone = (g: (t: number) => number, a: Approximate, domainLow = Number.NEGATIVE_INFINITY): Approximate => {
  if (a.value - a.error < domainLow) throw new Undecidable();
  const value = g(a.value);
  return rounded(value, Math.max(Math.abs(g(a.value + a.error) - value), Math.abs(g(a.value - a.error) - value)));
};
/** A piecewise-constant function: exact, unless the interval around the argument straddles a jump. */
const stepwise = (g: (t: number) => number, a: Approximate): Approximate => {
  const [low, high] = [g(a.value - a.error), g(a.value + a.error)];
  if (low !== high && a.error > 0) throw new Undecidable();
  return { value: g(a.value) + 0, error: 0 };
};
const decided = (difference: number, error: number): void => {
  if (error > 0 && Math.abs(difference) <= error) throw new Undecidable();
};

function reference(expr: Expr, inputs: Inputs): Approximate | boolean {
  const num = (e: Expr) => reference(e, inputs) as Approximate;
  const bool = (e: Expr) => reference(e, inputs) as boolean;
  const constant = (value: number): Approximate => ({ value, error: Math.abs(f(value) - value) });
  switch (expr.kind) {
    case 'number':
      return constant(expr.value);
    case 'boolean':
      return expr.value;
    case 'identifier':
      if (expr.name === 'k') return constant(K);
      if (expr.name in BUILTIN_CONSTANTS) return constant(BUILTIN_CONSTANTS[expr.name] as number);
      return { value: inputs[expr.name as keyof Inputs], error: 0 };
    case 'unary': {
      if (expr.op === '!') return !bool(expr.operand);
      const a = num(expr.operand);
      return expr.op === '-' ? { value: -a.value, error: a.error } : a;
    }
    case 'binary': {
      if (expr.op === '&&') return bool(expr.left) && bool(expr.right);
      if (expr.op === '||') return bool(expr.left) || bool(expr.right);
      if (expr.op === '**') return power(num(expr.left), expr.right);
      const [a, b] = [num(expr.left), num(expr.right)];
      switch (expr.op) {
        case '+':
          return rounded(a.value + b.value, a.error + b.error);
        case '-':
          return rounded(a.value - b.value, a.error + b.error);
        case '*':
          return rounded(a.value * b.value, Math.abs(a.value) * b.error + Math.abs(b.value) * a.error + a.error * b.error);
        case '/': {
          if (Math.abs(b.value) <= 2 * b.error || b.value === 0) throw new Undecidable();
          const quotient = a.value / b.value;
          const propagated = (a.error + Math.abs(quotient) * b.error) / (Math.abs(b.value) - b.error);
          // One more rounding for the f32 reciprocal of a constant divisor.
          return rounded(quotient, propagated + U * (Math.abs(quotient) + propagated));
        }
      }
      decided(a.value - b.value, a.error + b.error);
      const [x, y] = [a.value, b.value];
      return { '<': x < y, '<=': x <= y, '>': x > y, '>=': x >= y, '==': x === y, '!=': x !== y }[expr.op];
    }
    case 'conditional':
      return bool(expr.test) ? reference(expr.whenTrue, inputs) : reference(expr.whenFalse, inputs);
    case 'call': {
      const args = expr.args.map(num);
      const [a, b, c] = args as [Approximate, Approximate, Approximate];
      switch (expr.callee) {
        case 'exp':
          return monotone(Math.exp, a);
        case 'expm1':
          return monotone(Math.expm1, a);
        case 'tanh':
          return monotone(Math.tanh, a);
        case 'log':
          return monotone(Math.log, a, Number.MIN_VALUE);
        case 'sqrt':
          return monotone(Math.sqrt, a, 0);
        case 'sin':
        case 'cos':
          return rounded(Math[expr.callee](a.value), a.error);
        case 'pow':
          return power(a, expr.args[1] as Expr);
        case 'abs':
          return { value: Math.abs(a.value), error: a.error };
        case 'min':
        case 'max':
          return { value: Math[expr.callee](a.value, b.value), error: Math.max(a.error, b.error) };
        case 'clamp':
          return { value: Math.min(Math.max(a.value, b.value), c.value), error: Math.max(a.error, b.error, c.error) };
        case 'floor':
        case 'ceil':
        case 'sign':
          return stepwise(Math[expr.callee], a);
        case 'step':
          decided(b.value - a.value, a.error + b.error);
          return { value: a.value <= b.value ? 1 : 0, error: 0 };
      }
    }
  }
}

/** `base ** n` for a literal n: n − 1 rounded products for n in 1..8, else one rounded pow. */
function power(base: Approximate, exponentNode: Expr): Approximate {
  if (exponentNode.kind !== 'number') throw new Error('the generator writes literal exponents only');
  const n = exponentNode.value;
  if (Number.isInteger(n) && n >= 1 && n <= 8) {
    let product = base;
    for (let i = 1; i < n; i++) {
      product = rounded(product.value * base.value, Math.abs(product.value) * base.error + Math.abs(base.value) * product.error + product.error * base.error);
    }
    return product;
  }
  if (n !== Math.trunc(n) && base.value - base.error <= 0) throw new Undecidable();
  return monotone((t) => t ** n, base);
}

// ---------------------------------------------------------------------------------------------

describe('emitted code', () => {
  it('agrees with exact evaluation within the f32 rounding bound, for random expressions', () => {
    let checked = 0;
    let runs = 0;
    fc.assert(
      fc.property(sources.top, inputs, (source, values) => {
        runs++;
        const compiled = compile(source);
        if (!compiled) return;
        let expected: Approximate | boolean;
        try {
          expected = reference(compiled.expr, values);
        } catch (error) {
          if (error instanceof Undecidable) return;
          throw error;
        }
        checked++;
        const actual = run(compiled.js, values);
        if (typeof expected === 'boolean') {
          expect(actual).toBe(expected);
          return;
        }
        expect(typeof actual).toBe('number');
        expect(Object.is(actual, f(actual as number))).toBe(true);
        const slack = 2 * expected.error + 2 ** -140;
        if (!(Math.abs((actual as number) - expected.value) <= slack)) {
          throw new Error(`${source}\n  at ${JSON.stringify(values)}: got ${actual}, exact ${expected.value} ± ${expected.error}`);
        }
      }),
      { numRuns: 3_000 },
    );
    expect(checked / runs).toBeGreaterThan(0.5);
  });

  it('computes the same f32 bits from the WGSL text as from the JS, for random expressions', () => {
    fc.assert(
      fc.property(sources.top, inputs, (source, values) => {
        const compiled = compile(source);
        if (!compiled) return;
        const fromJs = run(compiled.js, values);
        const fromWgsl = run(wgslAsJs(compiled.wgsl), values);
        expect(Object.is(fromWgsl, fromJs)).toBe(true);
      }),
      { numRuns: 3_000 },
    );
  });

  it('is valid with exactly the helpers EXPRESSION_HELPERS lists', () => {
    const helpers = new Set<string>(EXPRESSION_HELPERS.js);
    expect(Object.keys(STUBS).filter((name) => name !== 'select' && !helpers.has(name))).toEqual([]);
    expect(EXPRESSION_HELPERS.wgsl).toContain('dm_pin');
    expect(EXPRESSION_HELPERS.wgsl).toContain('dm_expm1');
  });

  it('integrates an Izhikevich neuron for 1000 steps with the same bits through WGSL text and JS', () => {
    const izhikevich: SymbolTable = {
      v: { kind: 'state', wgsl: 'x', js: 'x' },
      u: { kind: 'state', wgsl: 'y', js: 'y' },
      I: { kind: 'external', wgsl: 'z', js: 'z' },
      a: { kind: 'param', wgsl: '', js: '', value: 0.02 },
      b: { kind: 'param', wgsl: '', js: '', value: 0.2 },
      dt: { kind: 'constant', wgsl: '', js: '', value: 0.5 },
    };
    const where = (field: string) => ({ model: 'izhikevich', field });
    const compileBoth = (source: string, field: string) => {
      const expr = parseExpression(source, where(field));
      const names = [...Object.keys(STUBS), ...VARIABLES];
      const js = new Function(...names, `return ${emitJs(expr, izhikevich)};`);
      const wgsl = new Function(...names, `return ${wgslAsJs(emitWgsl(expr, izhikevich))};`);
      return [js, wgsl].map((body) => (x: number, y: number, z: number) => body(...Object.values(STUBS), x, y, z)) as [
        (x: number, y: number, z: number) => number,
        (x: number, y: number, z: number) => number,
      ];
    };
    const [vNextJs, vNextWgsl] = compileBoth('v + dt*(0.04*v*v + 5*v + 140 - u + I)', 'equations.v');
    const [uNextJs, uNextWgsl] = compileBoth('u + dt*a*(b*v - u)', 'equations.u');
    const [fires] = compileBoth('v >= 30', 'threshold');
    const current = 10;
    let [v, u] = [-65, -13];
    let [vw, uw] = [v, u];
    const spikes: number[] = [];
    for (let step = 0; step < 1000; step++) {
      [v, u] = [vNextJs(v, u, current), uNextJs(v, u, current)];
      [vw, uw] = [vNextWgsl(vw, uw, current), uNextWgsl(vw, uw, current)];
      if (fires(v, u, current)) {
        spikes.push(step);
        [v, u] = [-65, f(u + 8)];
        [vw, uw] = [-65, f(uw + 8)];
      }
      expect([vw, uw]).toEqual([v, u]);
    }
    // Regular spiking at 10 pA: tonic firing, tens of spikes in 500 ms.
    expect(spikes.length).toBeGreaterThan(10);
  });
});
