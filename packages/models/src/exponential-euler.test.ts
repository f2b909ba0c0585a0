import * as core from '@spikegpu/core';
import { describe, expect, it } from 'vitest';
import { generateStepCode } from './model-codegen.js';
import { defineNeuronModel } from './neuron-model.js';

const runtime = { ...core, f: Math.fround };
const compile = (code: string, args: string[], result: string) =>
  new Function(
    'rt',
    `const { ${Object.keys(runtime)
      .filter((n) => /^[A-Za-z_$][\w$]*$/.test(n))
      .join(', ')} } = rt; return (${args.join(', ')}) => { ${code}\nreturn ${result}; };`,
  )(runtime);

describe('exponential-Euler (Rush–Larsen) integrator', () => {
  it('solves a linear relaxation exactly, even with a step as long as its time constant', () => {
    const relax = defineNeuronModel({
      name: 'relax',
      state: { x: 1 },
      params: { tau: 10, xInf: 3 },
      equations: { x: '(xInf - x)/tau' },
      threshold: 'x > 100',
      integrator: 'exponential-euler',
    });
    const code = generateStepCode(relax, 'js', { dtMs: 10, params: { tau: { constant: 10 }, xInf: { constant: 3 } }, externals: {}, currentExpression: '0' });
    const step = compile(code.integrate, ['s_x'], 's_x');
    let x = 1;
    for (let k = 0; k < 5; k++) x = step(x);
    expect(x).toBeCloseTo(3 - 2 * Math.exp(-5), 5);
  });

  it('treats a conductance current as part of the linear term (I inlined), and B = 0 as Euler', () => {
    const leaky = defineNeuronModel({
      name: 'leaky',
      state: { v: -70, c: 0 },
      params: { C: 100 },
      equations: { v: 'I/C', c: '1' },
      threshold: 'v > 100',
      integrator: 'exponential-euler',
    });
    const code = generateStepCode(leaky, 'js', {
      dtMs: 5,
      params: { C: { constant: 100 } },
      externals: { g: { wgsl: 'g', js: 'g' } },
      currentExpression: 'g*(0 - v)',
    });
    expect(code.integrate).toContain('const b_v = ');
    expect(code.integrate).not.toContain('const b_c = ');
    const step = compile(code.integrate, ['s_v', 's_c', 'g'], '[s_v, s_c]');
    // C v' = g(0 − v): v(t) = v0·e^{−g t/C}, exact per step; c' = 1 advances by dt.
    const [v, c] = step(-70, 0, 20) as number[];
    expect(v).toBeCloseTo(-70 * Math.exp((-20 * 5) / 100), 4);
    expect(c).toBe(5);
  });

  it('falls back to Euler for a variable that is not linear in itself', () => {
    const quadratic = defineNeuronModel({
      name: 'quad',
      state: { v: 1 },
      params: {},
      equations: { v: 'v*v' },
      threshold: 'v > 100',
      integrator: 'exponential-euler',
    });
    const code = generateStepCode(quadratic, 'wgsl', { dtMs: 0.5, params: {}, externals: {}, currentExpression: '0' });
    expect(code.integrate).toMatchInlineSnapshot(`
      "let I_1 = 0.0f;
      let k1_v = dm_pin(s_v * s_v);
      s_v = dm_pin(s_v + dm_pin(0.5f * k1_v));"
    `);
  });

  it('emits the same update in WGSL, pinned, with the B·h → 0 branch', () => {
    const relax = defineNeuronModel({
      name: 'relax2',
      state: { x: 1 },
      params: { tau: 10 },
      equations: { x: '-x/tau' },
      threshold: 'x > 100',
      integrator: 'exponential-euler',
    });
    const code = generateStepCode(relax, 'wgsl', { dtMs: 1, params: { tau: { wgsl: 'params[i]', js: 'params[i]' } }, externals: {}, currentExpression: '0' });
    expect(code.integrate).toMatchInlineSnapshot(`
      "let I_1 = 0.0f;
      let k1_x = dm_div(-s_x, params[i]);
      let b_x = dm_div(-1.0f, params[i]);
      s_x = dm_pin(s_x + dm_pin(k1_x * select(dm_div(dm_expm1(b_x), b_x), dm_pin(1.0f + dm_pin(0.5f * b_x)), (abs(b_x) < 1e-6f))));"
    `);
  });

  it('sees through subexpressions: a gate written with named rates gets the same exact update', () => {
    const gate = (subexpressions: Record<string, string>, x: string) =>
      defineNeuronModel({
        name: 'gate',
        state: { v: -50, n: 0 },
        params: {},
        subexpressions,
        equations: { n: x },
        threshold: 'v > 100',
        integrator: 'exponential-euler',
      });
    const named = gate({ alpha: 'exp(v/20)', beta: '1/(1 + exp(-v/10))', flux: 'alpha*(1 - n) - beta*n' }, 'flux');
    const written = gate({}, 'exp(v/20)*(1 - n) - 1/(1 + exp(-v/10))*n');
    const run = (model: typeof named) => {
      const code = generateStepCode(model, 'js', { dtMs: 0.5, params: {}, externals: {}, currentExpression: '0' });
      return { code: code.integrate, step: compile(code.integrate, ['s_v', 's_n'], 's_n') as (v: number, n: number) => number };
    };
    const [a, b] = [run(named), run(written)];
    // B = ∂flux/∂n = −alpha − beta, read from the stage's locals: no exponential is computed twice.
    expect(a.code).toContain('const b_n = f(-sub1_alpha - sub1_beta);');
    expect(a.code.match(/dmExp\(/g)).toHaveLength(2);
    let [n1, n2] = [0, 0];
    for (let k = 0; k < 40; k++) [n1, n2] = [a.step(-50, n1), b.step(-50, n2)];
    expect(n1).toBeCloseTo(n2, 6);
    // n∞ = α/(α + β), reached exactly by the exponential update.
    const alpha = Math.exp(-50 / 20);
    const beta = 1 / (1 + Math.exp(5));
    expect(n1).toBeCloseTo((alpha / (alpha + beta)) * (1 - Math.exp(-(alpha + beta) * 20)), 5);
  });
});
