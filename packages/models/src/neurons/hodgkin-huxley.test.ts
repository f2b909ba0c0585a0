import * as core from '@spikegpu/core';
import { describe, expect, it } from 'vitest';
import { generateStepCode } from '../model-codegen.js';
import { defineNeuronModel } from '../neuron-model.js';
import { findPreset } from '../presets/index.js';
import { hodgkinHuxley1952, hodgkinHuxleyExtended, hodgkinHuxleyModel, hodgkinHuxleyRates } from './hodgkin-huxley.js';
import { simulateNeuron } from './simulate-neuron.testkit.js';

const step =
  (amplitude: number, onMs = 10, offMs = Number.POSITIVE_INFINITY) =>
  (t: number) =>
    t >= onMs && t < offMs ? amplitude : 0;
const squid = (current: (t: number) => number, durationMs: number, dtMs = 0.025, model = hodgkinHuxley1952, params?: Record<string, number>) =>
  simulateNeuron(model, { dtMs, durationMs, current, record: ['v', 'm', 'h', 'n'], ...(params ? { params } : {}) });

describe('Hodgkin–Huxley (1952) at 6.3 °C', () => {
  it('rests near −65 mV with the gates at their steady state', () => {
    const { trace, spikes } = squid(() => 0, 50);
    expect(spikes).toHaveLength(0);
    expect(trace.v!.at(-1)!).toBeCloseTo(-65, 1);
    expect(trace.m!.at(-1)!).toBeCloseTo(0.0529, 3);
    expect(trace.h!.at(-1)!).toBeCloseTo(0.5961, 3);
    expect(trace.n!.at(-1)!).toBeCloseTo(0.3177, 3);
  });

  it('fires one spike but no train below ~6 µA/cm², a train from 6.5, about 68 Hz at 10', () => {
    const count = (amplitude: number) => squid(step(amplitude), 210).spikes;
    expect(count(2)).toHaveLength(0);
    expect(count(5)).toHaveLength(1);
    expect(count(6).length).toBeLessThanOrEqual(2);
    expect(count(6.5).length).toBeGreaterThan(5);
    const train = count(10);
    const late = train.filter((t) => t > 60);
    const rateHz = (1000 * (late.length - 1)) / (late.at(-1)! - late[0]!);
    expect(rateHz).toBeGreaterThan(64);
    expect(rateHz).toBeLessThan(72);
  });

  it('peaks between 30 and 60 mV with a 100–130 mV amplitude (icemc test suite)', () => {
    const { trace } = squid(step(10, 10, 40), 50);
    const peak = Math.max(...trace.v!);
    const trough = Math.min(...trace.v!);
    expect(peak).toBeGreaterThan(30);
    expect(peak).toBeLessThan(60);
    expect(peak - trough).toBeGreaterThan(100);
    expect(peak - trough).toBeLessThan(130);
  });

  it('goes into depolarisation block at high current', () => {
    const { spikes, trace } = squid(step(150), 200);
    expect(spikes.length).toBeLessThanOrEqual(2);
    const tail = trace.v!.slice(-4000);
    expect(Math.min(...tail)).toBeGreaterThan(-60);
    expect(Math.max(...tail)).toBeLessThan(-20);
  });

  it('has a monotonic F–I curve below 400 Hz (icemc test suite)', () => {
    const rates = [8, 10, 12, 15, 20].map((amplitude) => squid(step(amplitude, 0), 200).spikes.length * 5);
    for (let k = 1; k < rates.length; k++) expect(rates[k]!).toBeGreaterThanOrEqual(rates[k - 1]!);
    expect(rates.at(-1)!).toBeLessThan(400);
  });

  it('keeps the gates in [0, 1] and takes αn(−55) = 0.1, αm(−40) = 1 at the singular points', () => {
    const { trace } = squid(step(20), 100);
    for (const g of ['m', 'h', 'n']) {
      expect(Math.min(...trace[g]!)).toBeGreaterThanOrEqual(0);
      expect(Math.max(...trace[g]!)).toBeLessThanOrEqual(1);
    }
    // dn/dt at n = 0 is αn: run one tiny Euler step from exactly the singular voltages.
    const derivative = (v: number, gate: 'm' | 'n') => {
      const model = hodgkinHuxleyModel({ integrator: { method: 'euler', substeps: 1 }, name: 'hh-euler-probe' });
      const run = simulateNeuron(model, { dtMs: 1e-3, durationMs: 1e-3, current: () => 0, init: { v, [gate]: 0 }, record: [gate] });
      return run.trace[gate]![0]! / 1e-3;
    };
    expect(derivative(-55, 'n')).toBeCloseTo(0.1, 4);
    expect(derivative(-40, 'm')).toBeCloseTo(1, 4);
    expect(derivative(-55 + 1e-3, 'n')).toBeCloseTo(hodgkinHuxleyRates.alphaN(-55 + 1e-3), 4);
  });

  it('scales every rate by Q10^((T − 6.3)/10)', () => {
    // From rest, n relaxes towards n∞(V) at rate φ(αn + βn): a 10 °C warmer cell with Q10 = 3 moves 3× as far in a short time.
    const relax = (T: number) => {
      const run = simulateNeuron(hodgkinHuxley1952, { dtMs: 1e-3, durationMs: 0.01, current: () => 0, params: { T }, init: { v: -30 }, record: ['n'] });
      return run.trace.n!.at(-1)! - (hodgkinHuxley1952.state.n as number);
    };
    expect(relax(16.3) / relax(6.3)).toBeCloseTo(3, 1);
    expect(relax(26.3) / relax(6.3)).toBeCloseTo(9, 0);
  });

  it('RK4 and exponential Euler agree as dt shrinks', () => {
    const exponential = hodgkinHuxleyModel({ integrator: { method: 'exponential-euler', substeps: 1 } });
    const errors = [0.05, 0.01, 0.002].map((dt) => {
      const a = simulateNeuron(hodgkinHuxley1952, { dtMs: dt, durationMs: 60, current: step(10), record: [] }).spikes;
      const b = simulateNeuron(exponential, { dtMs: dt, durationMs: 60, current: step(10), record: [] }).spikes;
      expect(b).toHaveLength(a.length);
      return Math.max(...a.map((t, k) => Math.abs(t - b[k]!)));
    });
    expect(errors[1]!).toBeLessThan(errors[0]!);
    expect(errors[2]!).toBeLessThan(errors[1]!);
    expect(errors[2]!).toBeLessThan(0.05);
  });

  it('generates the Rush–Larsen update for the gates and for v (linear in itself)', () => {
    const exponential = hodgkinHuxleyModel({ integrator: { method: 'exponential-euler', substeps: 2 } });
    const params = Object.fromEntries(exponential.paramNames.map((p) => [p, { constant: (exponential.params as Record<string, number>)[p]! }]));
    const code = generateStepCode(exponential, 'js', { dtMs: 0.02, params, externals: { I_ext: { wgsl: 'I_ext', js: 'I_ext' } }, currentExpression: 'I_ext' });
    for (const x of ['v', 'm', 'h', 'n']) expect(code.integrate).toContain(`const b_${x} = `);
    expect(code.integrate).toMatch(/dmExpm1\(f\(b_m \* 0\.009999999776482582\)\)/);
  });
});

describe('Hodgkin–Huxley rates with three exponentials (subexpressions)', () => {
  const RATE_NAMES = ['alphaM', 'betaM', 'alphaH', 'betaH', 'alphaN', 'betaN'] as const;
  // The form used before: one exponential (or expm1) per rate, series 1 + x/2 only within |x| < 10⁻⁴.
  const vtrapExpm1 = (x: string) => `(abs(${x}) < 1e-4 ? 1 + 0.5*(${x}) : (${x})/(-expm1(-(${x}))))`;
  const SIX_EXPONENTIALS = {
    phi: 'Q10**((T - 6.3)/10)',
    alphaM: vtrapExpm1('(v + 40)/10'),
    betaM: '4*exp(-(v + 65)/18)',
    alphaH: '0.07*exp(-(v + 65)/20)',
    betaH: '1/(1 + exp(-(v + 35)/10))',
    alphaN: `0.1*${vtrapExpm1('(v + 55)/10')}`,
    betaN: '0.125*exp(-(v + 65)/80)',
  };
  const sixExponentials = defineNeuronModel({ ...hodgkinHuxley1952, name: 'hh-six-exponentials', subexpressions: SIX_EXPONENTIALS });

  /** The six f32 rates at v, as the CPU backend computes them from a model's subexpressions. */
  const ratesOf = (subexpressions: Record<string, string>) => {
    const probe = defineNeuronModel({
      name: 'hh-rate-probe',
      state: { v: 0 },
      params: { T: 6.3, Q10: 3 },
      subexpressions: { ...subexpressions, rates: `${RATE_NAMES.join(' + ')}` },
      equations: { v: 'rates' },
      threshold: 'v > 1000',
    });
    const code = generateStepCode(probe, 'js', { dtMs: 1, params: { T: { constant: 6.3 }, Q10: { constant: 3 } }, externals: {}, currentExpression: '0' });
    const runtime = { ...core, f: core.f32 };
    const scope = `const { ${Object.keys(runtime)
      .filter((n) => /^[A-Za-z_$][\w$]*$/.test(n))
      .join(', ')} } = rt;`;
    const rates = `[${RATE_NAMES.map((r) => `sub1_${r}`).join(', ')}]`;
    return new Function('rt', `${scope} return (s_v) => { ${code.integrate}\nreturn ${rates}; };`)(runtime) as (v: number) => number[];
  };

  it('are within 10⁻⁶ of the exact rates and 1.5·10⁻⁶ of the six-exponential form, singular points included', () => {
    const [threeExp, sixExp] = [ratesOf(hodgkinHuxley1952.subexpressions!), ratesOf(SIX_EXPONENTIALS)];
    const voltages: number[] = [];
    for (let v = -150; v <= 80; v += 0.01) voltages.push(Math.fround(v));
    for (const singular of [-40, -55]) for (let k = -2000; k <= 2000; k += 7) voltages.push(Math.fround(singular + k * 1e-5));
    let worst = { exact: 0, sixExp: 0 };
    for (const v of voltages) {
      const [three, six] = [threeExp(v), sixExp(v)];
      RATE_NAMES.forEach((name, k) => {
        const exact = hodgkinHuxleyRates[name](v);
        worst = {
          exact: Math.max(worst.exact, Math.abs(three[k]! - exact) / exact),
          sixExp: Math.max(worst.sixExp, Math.abs(three[k]! - six[k]!) / six[k]!),
        };
      });
    }
    expect(worst.exact).toBeLessThan(1e-6);
    expect(worst.sixExp).toBeLessThan(1.5e-6);
    expect(threeExp(-55)[4]).toBe(Math.fround(0.1));
    expect(threeExp(-40)[0]).toBe(1);
  });

  it('fires at the times of the six-exponential form (10 µA/cm², RK4 at 0.01 ms)', () => {
    const times = (model: typeof hodgkinHuxley1952) => simulateNeuron(model, { dtMs: 0.01, durationMs: 200, current: step(10), record: [] }).spikes;
    const [a, b] = [times(hodgkinHuxley1952), times(sixExponentials)];
    expect(a.length).toBeGreaterThan(10);
    expect(a).toEqual(b);
  });

  it('costs three exponentials and three divisions per RK4 stage, and no pow at constant T', () => {
    const params = Object.fromEntries(hodgkinHuxley1952.paramNames.map((p) => [p, { constant: (hodgkinHuxley1952.params as Record<string, number>)[p]! }]));
    const code = generateStepCode(hodgkinHuxley1952, 'wgsl', { dtMs: 0.01, params, externals: {}, currentExpression: '0' });
    const count = (name: string) => code.integrate.split(`${name}(`).length - 1;
    expect({ exp: count('dm_exp'), expm1: count('dm_expm1'), div: count('dm_div'), pow: count('dm_pow') }).toEqual({ exp: 12, expm1: 0, div: 12, pow: 0 });
  });
});

describe('regional presets (extended Hodgkin–Huxley, neural-simulator values)', () => {
  const run = (name: string, current: (t: number) => number, durationMs: number, overrides: Record<string, number> = {}) =>
    simulateNeuron(hodgkinHuxleyExtended, {
      dtMs: 0.02,
      durationMs,
      current,
      params: { ...findPreset('hodgkin-huxley', name).params, ...overrides },
      record: ['v'],
    });

  it('L5 pyramidal, MSN and TRN rest without input and fire under 10 µA/cm²', () => {
    for (const name of ['L5-pyramidal', 'striatal-MSN', 'TRN']) {
      const { spikes, trace } = run(name, step(10, 60), 120);
      expect(trace.v!.every(Number.isFinite), name).toBe(true);
      expect(
        spikes.filter((t) => t >= 30 && t < 60),
        `${name} at rest`,
      ).toHaveLength(0);
      expect(spikes.filter((t) => t >= 60).length, `${name} driven`).toBeGreaterThan(3);
    }
  });

  it('CA1, CA3, STN and GPe (gNaP ≥ 0.5) sit in depolarisation block, as the seed’s values make them', () => {
    for (const name of ['CA1-pyramidal', 'CA3-pyramidal', 'STN', 'GPe']) {
      const { spikes, trace } = run(name, step(10, 60), 120);
      expect(
        spikes.filter((t) => t >= 30),
        name,
      ).toHaveLength(0);
      expect(trace.v!.at(-1)!, name).toBeGreaterThan(-45);
    }
  });

  it('the thalamic relay cell fires spontaneously, from its T-type Ca and h currents', () => {
    const spontaneous = (overrides: Record<string, number>) => run('thalamic-relay', () => 0, 120, overrides).spikes.length;
    expect(spontaneous({})).toBeGreaterThanOrEqual(2);
    expect(spontaneous({ gCaT: 0, gh: 0 })).toBe(0);
  });

  it('every regional preset is in heat block at the seed’s 37 °C', () => {
    const { spikes } = run('L5-pyramidal', step(10, 20), 60, { T: 37 });
    expect(spikes).toHaveLength(0);
  });
});
