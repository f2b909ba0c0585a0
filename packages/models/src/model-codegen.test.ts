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

describe('subexpressions', () => {
  // A conductance-based membrane with a voltage-dependent gate: the gate's rate is written once.
  const gated = defineNeuronModel({
    name: 'gated',
    state: { v: -65, w: 0 },
    params: { gW: 2, EW: -80, T: 6.3, Q10: 3 },
    subexpressions: { phi: 'Q10**((T - 6.3)/10)', rate: 'phi*exp(-(v + 65)/20)', IW: 'gW*w*(v - EW)' },
    equations: { v: 'I - IW', w: 'rate*(1 - w) - w' },
    threshold: 'IW > 25',
    reset: { w: 'rate/10' },
    integrator: { method: 'euler', substeps: 2 },
  });
  const params = (T: { constant: number } | { wgsl: string; js: string }) => ({ gW: { constant: 2 }, EW: { constant: -80 }, T, Q10: { constant: 3 } });
  const context = { dtMs: 0.1, externals: { I_ext: { wgsl: 'I_ext', js: 'I_ext' } }, currentExpression: 'I_ext' };

  it('computes each once per stage, and folds those of constant parameters away', () => {
    const code = generateStepCode(gated, 'wgsl', { ...context, params: params({ constant: 6.3 }) });
    expect(code.integrate).toMatchInlineSnapshot(`
      "for (var substep = 0u; substep < 2u; substep++) {
        let I_1 = I_ext;
        let sub1_rate = dm_exp(dm_pin(-dm_pin(s_v + 65.0f) * 0.05f));
        let sub1_IW = dm_pin(dm_pin(2.0f * s_w) * dm_pin(s_v - -80.0f));
        let k1_v = dm_pin(I_1 - sub1_IW);
        let k1_w = dm_pin(dm_pin(sub1_rate * dm_pin(1.0f - s_w)) - s_w);
        s_v = dm_pin(s_v + dm_pin(0.05f * k1_v));
        s_w = dm_pin(s_w + dm_pin(0.05f * k1_w));
      }"
    `);
    // Threshold and reset get them inlined, at the end-of-step state.
    expect(code.threshold).toMatchInlineSnapshot(`"dm_pin(dm_pin(2.0f * s_w) * dm_pin(s_v - -80.0f)) > 25.0f"`);
    expect(code.reset).toContain('let r_w = dm_pin(dm_exp(');
  });

  it('computes those of per-neuron parameters once per step, or once before a loop with separateSetup', () => {
    const perNeuronT = params({ wgsl: 'params[i]', js: 'params[i]' });
    const inline = generateStepCode(gated, 'wgsl', { ...context, params: perNeuronT });
    expect(inline.setup).toBe('');
    expect(inline.integrate.split('\n')[0]).toMatchInlineSnapshot(`"let sub_phi = dm_pow(3.0f, dm_pin(dm_pin(params[i] - 6.3f) * 0.1f));"`);
    expect(inline.integrate).toContain('let sub1_rate = dm_pin(sub_phi * dm_exp(');
    const separate = generateStepCode(gated, 'wgsl', { ...context, params: perNeuronT, separateSetup: true });
    expect(separate.setup).toBe(inline.integrate.split('\n')[0]);
    expect(separate.integrate).toBe(inline.integrate.split('\n').slice(1).join('\n'));
  });

  it('gives the same bits as the equations written out', () => {
    const written = defineNeuronModel({
      ...gated,
      name: 'gated-inline',
      subexpressions: {},
      equations: { v: 'I - gW*w*(v - EW)', w: 'Q10**((T - 6.3)/10)*exp(-(v + 65)/20)*(1 - w) - w' },
      threshold: 'gW*w*(v - EW) > 25',
      reset: { w: 'Q10**((T - 6.3)/10)*exp(-(v + 65)/20)/10' },
    });
    const run = (model: typeof gated) => {
      const code = generateStepCode(model, 'js', { ...context, params: params({ constant: 16.3 }) });
      const body = `const { f, dmExp } = rt;\n${code.integrate}\nif (${code.threshold}) {\n${code.reset}\n}\nreturn [s_v, s_w];`;
      const step = new Function('rt', 'I_ext', 's_v', 's_w', body);
      const trace: number[][] = [[-65, 0.1]];
      for (let k = 0; k < 200; k++) trace.push(step({ f: Math.fround, dmExp: Math.exp }, 30, ...(trace.at(-1) as number[])));
      return trace;
    };
    const trace = run(gated);
    expect(trace.filter(([, w], k) => k > 0 && w! < (trace[k - 1]![1] as number)).length, 'resets').toBeGreaterThan(3);
    expect(trace).toEqual(run(written));
  });

  it('rejects clashing names and the use of a later subexpression, naming the field', () => {
    const define = (subexpressions: Record<string, string>) =>
      defineNeuronModel({ name: 'bad', state: { v: 0 }, params: { a: 1 }, subexpressions, equations: { v: 'a' }, threshold: 'v > 1' });
    expect(() => define({ v: '1' })).toThrow(/'v' is both a state variable and a subexpression/);
    expect(() => define({ a: '1' })).toThrow(/'a' is both a parameter and a subexpression/);
    expect(() => define({ v_prev: '1' })).toThrow(/subexpressions\.v_prev/);
    expect(() => define({ exp: '1' })).toThrow(/'exp' is reserved/);
    expect(() => define({ I: '1' })).toThrow(/'I' is reserved/);
    expect(() => define({ x: 'y + 1', y: '2' })).toThrow(/model 'bad', subexpression x, column 1: unknown name 'y'/);
    expect(() => define({ x: 'v > 1' })).toThrow(/subexpression x.*expected a number/);
  });

  it('hashes the subexpressions with the model', () => {
    const other = defineNeuronModel({ ...gated, name: 'other', subexpressions: { ...gated.subexpressions, rate: 'phi*exp(-(v + 60)/20)' } });
    expect(other.hash).not.toBe(gated.hash);
    expect(defineNeuronModel({ ...gated, name: 'copy' }).hash).toBe(gated.hash);
  });
});
