import { describe, expect, it } from 'vitest';
import { emitJs, emitWgsl } from './emit-code.js';
import { parseExpression } from './parse-expression.js';
import type { SymbolTable } from './symbol-table.js';

/** Izhikevich 2003 (IEEE Trans Neural Netw 14:1569), regular spiking, parameters known at codegen. */
const izhikevich: SymbolTable = {
  v: { kind: 'state', wgsl: 'v', js: 'v' },
  u: { kind: 'state', wgsl: 'u', js: 'u' },
  I: { kind: 'external', wgsl: 'input_current', js: 'I' },
  a: { kind: 'param', wgsl: 'a', js: 'a', value: 0.02 },
  b: { kind: 'param', wgsl: 'b', js: 'b', value: 0.2 },
  c: { kind: 'param', wgsl: 'c', js: 'c', value: -65 },
  d: { kind: 'param', wgsl: 'd', js: 'd', value: 8 },
};
/** The same model with parameters read per neuron. */
const izhikevichPerNeuron: SymbolTable = {
  ...izhikevich,
  a: { kind: 'param', wgsl: 'params[i].a', js: 'params.a[i]' },
  b: { kind: 'param', wgsl: 'params[i].b', js: 'params.b[i]' },
  c: { kind: 'param', wgsl: 'params[i].c', js: 'params.c[i]' },
  d: { kind: 'param', wgsl: 'params[i].d', js: 'params.d[i]' },
};

const both = (source: string, symbols: SymbolTable, field = 'equations.v') => {
  const expr = parseExpression(source, { model: 'izhikevich', field });
  return { wgsl: emitWgsl(expr, symbols), js: emitJs(expr, symbols) };
};

describe('Izhikevich 2003', () => {
  it('emits dv/dt with every product and sum pinned, in source order', () => {
    expect(both('0.04*v*v + 5*v + 140 - u + I', izhikevich)).toMatchInlineSnapshot(`
      {
        "js": "f(f(f(f(f(f(0.03999999910593033 * v) * v) + f(5 * v)) + 140) - u) + I)",
        "wgsl": "dm_pin(dm_pin(dm_pin(dm_pin(dm_pin(dm_pin(0.04f * v) * v) + dm_pin(5.0f * v)) + 140.0f) - u) + input_current)",
      }
    `);
  });

  it('emits du/dt with the parameters folded in as f32 literals', () => {
    expect(both('a*(b*v - u)', izhikevich, 'equations.u')).toMatchInlineSnapshot(`
      {
        "js": "f(0.019999999552965164 * f(f(0.20000000298023224 * v) - u))",
        "wgsl": "dm_pin(0.02f * dm_pin(dm_pin(0.2f * v) - u))",
      }
    `);
  });

  it('emits du/dt with per-neuron parameters', () => {
    expect(both('a*(b*v - u)', izhikevichPerNeuron, 'equations.u')).toMatchInlineSnapshot(`
      {
        "js": "f(params.a[i] * f(f(params.b[i] * v) - u))",
        "wgsl": "dm_pin(params[i].a * dm_pin(dm_pin(params[i].b * v) - u))",
      }
    `);
  });

  it('emits the threshold and the reset', () => {
    expect(both('v >= 30', izhikevich, 'threshold')).toMatchInlineSnapshot(`
      {
        "js": "v >= 30",
        "wgsl": "v >= 30.0f",
      }
    `);
    expect(both('c', izhikevich, 'reset.v')).toMatchInlineSnapshot(`
      {
        "js": "-65",
        "wgsl": "-65.0f",
      }
    `);
    expect(both('u + d', izhikevich, 'reset.u')).toMatchInlineSnapshot(`
      {
        "js": "f(u + 8)",
        "wgsl": "dm_pin(u + 8.0f)",
      }
    `);
  });
});

describe('leaky integrate-and-fire', () => {
  const lif: SymbolTable = {
    v: { kind: 'state', wgsl: 'v', js: 'v' },
    I: { kind: 'external', wgsl: 'input_current', js: 'I' },
    v_rest: { kind: 'param', wgsl: '', js: '', value: -70 },
    R: { kind: 'param', wgsl: '', js: '', value: 0.1 },
    tau_m: { kind: 'param', wgsl: '', js: '', value: 20 },
  };

  it('multiplies by the f32 reciprocal of a constant time constant', () => {
    expect(both('(v_rest - v + R*I) / tau_m', lif)).toMatchInlineSnapshot(`
      {
        "js": "f(f(f(-70 - v) + f(0.10000000149011612 * I)) * 0.05000000074505806)",
        "wgsl": "dm_pin(dm_pin(dm_pin(-70.0f - v) + dm_pin(0.1f * input_current)) * 0.05f)",
      }
    `);
  });

  it('divides with dm_div when the time constant is per neuron', () => {
    const perNeuron: SymbolTable = { ...lif, tau_m: { kind: 'param', wgsl: 'params[i].tau_m', js: 'tauM[i]' } };
    expect(both('(v_rest - v + R*I) / tau_m', perNeuron)).toMatchInlineSnapshot(`
      {
        "js": "dmDiv(f(f(-70 - v) + f(0.10000000149011612 * I)), tauM[i])",
        "wgsl": "dm_div(dm_pin(dm_pin(-70.0f - v) + dm_pin(0.1f * input_current)), params[i].tau_m)",
      }
    `);
  });
});

describe('operators and functions', () => {
  const xy: SymbolTable = {
    x: { kind: 'state', wgsl: 'x', js: 'x' },
    y: { kind: 'state', wgsl: 'y', js: 'y' },
    g: { kind: 'external', wgsl: 'g_syn * scale', js: 'gSyn[i]' },
  };

  it('expands x**n and pow(x, n) identically for n in 1..8, else calls dm_pow', () => {
    expect(both('x**3', xy)).toEqual(both('pow(x, 3)', xy));
    expect(both('x**3 + x**2.5 + x**9 + pow(x, y)', xy)).toMatchInlineSnapshot(`
      {
        "js": "f(f(f(f(f(x * x) * x) + dmPow(x, 2.5)) + dmPow(x, 9)) + dmPow(x, y))",
        "wgsl": "dm_pin(dm_pin(dm_pin(dm_pin(dm_pin(x * x) * x) + dm_pow(x, 2.5f)) + dm_pow(x, 9.0f)) + dm_pow(x, y))",
      }
    `);
  });

  it('maps functions to det-math routines or exact builtins', () => {
    expect(both('exp(x) + expm1(x) + log(x) + sqrt(x) + sin(x) + cos(x) + tanh(x)', xy)).toMatchInlineSnapshot(`
      {
        "js": "f(f(f(f(f(f(dmExp(x) + dmExpm1(x)) + dmLog(x)) + dmSqrt(x)) + dmSin(x)) + dmCos(x)) + dmTanh(x))",
        "wgsl": "dm_pin(dm_pin(dm_pin(dm_pin(dm_pin(dm_pin(dm_exp(x) + dm_expm1(x)) + dm_log(x)) + dm_sqrt(x)) + dm_sin(x)) + dm_cos(x)) + dm_tanh(x))",
      }
    `);
    expect(both('abs(x) + min(x, y) + max(x, y) + floor(x) + ceil(x) + sign(x)', xy)).toMatchInlineSnapshot(`
      {
        "js": "f(f(f(f(f(Math.abs(x) + Math.min(x, y)) + Math.max(x, y)) + Math.floor(x)) + Math.ceil(x)) + Math.sign(x))",
        "wgsl": "dm_pin(dm_pin(dm_pin(dm_pin(dm_pin(abs(x) + min(x, y)) + max(x, y)) + floor(x)) + ceil(x)) + sign(x))",
      }
    `);
    expect(both('clamp(x, -1, 1) + step(0.5, y)', xy)).toMatchInlineSnapshot(`
      {
        "js": "f(Math.min(Math.max(x, -1), 1) + (0.5 <= y ? 1 : 0))",
        "wgsl": "dm_pin(min(max(x, -1.0f), 1.0f) + select(0.0f, 1.0f, 0.5f <= y))",
      }
    `);
  });

  it('emits conditions and the conditional', () => {
    expect(both('x > 0 && y <= 1 || !(x == y) && x != 2', xy)).toMatchInlineSnapshot(`
      {
        "js": "((x > 0) && (y <= 1)) || (!(x === y) && (x !== 2))",
        "wgsl": "((x > 0.0f) && (y <= 1.0f)) || (!(x == y) && (x != 2.0f))",
      }
    `);
    expect(both('x > 0 ? x : -x', xy)).toMatchInlineSnapshot(`
      {
        "js": "(x > 0) ? x : -x",
        "wgsl": "select(-x, x, (x > 0.0f))",
      }
    `);
  });

  it('emits negation exactly and negative literals plainly', () => {
    expect(both('-x * y - -3 + -(x - y) + -(-y)', xy)).toMatchInlineSnapshot(`
      {
        "js": "f(f(f(f(-x * y) - -3) + -f(x - y)) + y)",
        "wgsl": "dm_pin(dm_pin(dm_pin(dm_pin(-x * y) - -3.0f) + -dm_pin(x - y)) + y)",
      }
    `);
  });

  it('parenthesises symbol text that is not a plain access path', () => {
    expect(both('g * x', xy)).toMatchInlineSnapshot(`
      {
        "js": "f(gSyn[i] * x)",
        "wgsl": "dm_pin((g_syn * scale) * x)",
      }
    `);
  });

  it('folds pi and e', () => {
    expect(both('2*pi*x + e', xy)).toMatchInlineSnapshot(`
      {
        "js": "f(f(6.2831854820251465 * x) + 2.7182817459106445)",
        "wgsl": "dm_pin(dm_pin(6.2831855f * x) + 2.7182817f)",
      }
    `);
  });
});
