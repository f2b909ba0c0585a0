import { describe, expect, it } from 'vitest';
import { generateStepCode } from './model-codegen.js';
import { defineNeuronModel } from './neuron-model.js';
import { izhikevich2003, lif } from './neurons/index.js';

const constants = (model: typeof izhikevich2003 | typeof lif) =>
  Object.fromEntries(model.paramNames.map((p) => [p, { constant: (model.params as Record<string, number>)[p] as number }]));

describe('generateStepCode', () => {
  it('emits the Izhikevich step with every f32 operation pinned (WGSL)', () => {
    const code = generateStepCode(izhikevich2003, 'wgsl', {
      dtMs: 1,
      params: constants(izhikevich2003),
      externals: { arr_input: { wgsl: 'arr_input', js: 'arr_input' } },
      currentExpression: 'arr_input',
    });
    expect(code.integrate).toMatchInlineSnapshot(`
      "for (var substep = 0u; substep < 2u; substep++) {
        let I_1 = arr_input;
        let k1_v = dm_pin(dm_pin(dm_pin(dm_pin(dm_pin(dm_pin(0.04f * s_v) * s_v) + dm_pin(5.0f * s_v)) + 140.0f) - s_u) + I_1);
        let k1_u = dm_pin(0.02f * dm_pin(dm_pin(0.2f * s_v) - s_u));
        s_v = dm_pin(s_v + dm_pin(0.5f * k1_v));
        s_u = dm_pin(s_u + dm_pin(0.5f * k1_u));
      }"
    `);
    expect(code.threshold).toMatchInlineSnapshot(`"s_v >= 30.0f"`);
    expect(code.reset).toMatchInlineSnapshot(`
      "let r_v = -65.0f;
      let r_u = dm_pin(s_u + 8.0f);
      s_v = r_v;
      s_u = r_u;"
    `);
  });

  it('emits the same step in JS with Math.fround at each operation', () => {
    const code = generateStepCode(izhikevich2003, 'js', {
      dtMs: 1,
      params: constants(izhikevich2003),
      externals: { arr_input: { wgsl: 'arr_input', js: 'arr_input' } },
      currentExpression: 'arr_input',
    });
    expect(code.integrate).toMatchInlineSnapshot(`
      "for (let substep = 0; substep < 2; substep++) {
        const I_1 = arr_input;
        const k1_v = f(f(f(f(f(f(0.03999999910593033 * s_v) * s_v) + f(5 * s_v)) + 140) - s_u) + I_1);
        const k1_u = f(0.019999999552965164 * f(f(0.20000000298023224 * s_v) - s_u));
        s_v = f(s_v + f(0.5 * k1_v));
        s_u = f(s_u + f(0.5 * k1_u));
      }"
    `);
  });

  it('integrates a LIF membrane to its analytic steady state and decay', () => {
    const code = generateStepCode(lif, 'js', {
      dtMs: 0.01,
      params: constants(lif),
      externals: { I_ext: { wgsl: 'I_ext', js: 'I_ext' } },
      currentExpression: 'I_ext',
    });
    const step = new Function('f', 'I_ext', 's_v', `${code.integrate}\nreturn s_v;`) as (f: (x: number) => number, i: number, v: number) => number;
    // C dv/dt = gL (EL − v) + I: from EL with I = 50 pA, v(t) = EL + (I/gL)(1 − e^{−t gL/C}).
    let v = -60;
    for (let k = 0; k < 2000; k++) v = step(Math.fround, 50, v);
    const analytic = -60 + (50 / 10) * (1 - Math.exp((-20 * 10) / 200));
    expect(v).toBeCloseTo(analytic, 2);
  });

  it('supports RK4 with sub-steps', () => {
    const decay = defineNeuronModel({
      name: 'decay',
      state: { x: 1 },
      params: { tau: 10 },
      equations: { x: '-x/tau' },
      threshold: 'x > 2',
      integrator: { method: 'rk4', substeps: 2 },
    });
    const code = generateStepCode(decay, 'js', { dtMs: 1, params: { tau: { constant: 10 } }, externals: {}, currentExpression: '0' });
    const step = new Function('f', 's_x', `${code.integrate}\nreturn s_x;`) as (f: (x: number) => number, x: number) => number;
    let x = 1;
    for (let k = 0; k < 10; k++) x = step(Math.fround, x);
    expect(x).toBeCloseTo(Math.exp(-1), 6);
  });
});

describe('defineNeuronModel', () => {
  it('rejects an unknown name in an equation with a suggestion', () => {
    expect(() =>
      defineNeuronModel({ name: 'typo', state: { v: 0 }, params: { vThresh: 1 }, equations: { v: 'vthresh - v' }, threshold: 'v > vThresh' }),
    ).toThrow(/vthresh[\s\S]*vThresh/);
  });
  it('rejects a numeric threshold', () => {
    expect(() => defineNeuronModel({ name: 'bad', state: { v: 0 }, params: {}, equations: { v: '1' }, threshold: 'v + 1' })).toThrow(/threshold/);
  });
  it('rejects a reset of an unknown variable', () => {
    expect(() => defineNeuronModel({ name: 'bad', state: { v: 0 }, params: {}, equations: {}, threshold: 'v > 1', reset: { w: '0' } as never })).toThrow(
      /unknown state variable 'w'/,
    );
  });
  it('hashes equal definitions equally, whatever their names', () => {
    const copy = defineNeuronModel({ ...lif, name: 'my-lif' });
    expect(copy.hash).toBe(lif.hash);
    expect(defineNeuronModel({ ...lif, name: 'other', params: { ...lif.params, C: 100 } }).hash).not.toBe(lif.hash);
  });
});
