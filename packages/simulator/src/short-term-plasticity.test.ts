import { dmExp, f32, type NetworkDescription } from '@spikegpu/core';
import { acquireGpu, type GpuContext } from '@spikegpu/gpu-runtime';
import { defineNeuronModel } from '@spikegpu/models';
import { definePlasticityRule, stpPresets } from '@spikegpu/plasticity';
import { afterAll, describe, expect, it } from 'vitest';
import { Simulation } from './simulation.js';

/** A pacemaker: fires every `periodMs` exactly (phase counts ms; dt divides the period). */
const clock = defineNeuronModel({
  name: 'clock',
  cite: 'a test pacemaker',
  state: { phase: 0 },
  params: { periodMs: 25 },
  equations: { phase: '1' },
  threshold: 'phase >= periodMs',
  reset: { phase: '0' },
});

const DT = 0.5;
const PERIOD_MS = 25;
const SPIKES = 12;
/** Parameter sets of Tsodyks & Markram 1997 (depressing), Tsodyks et al. 1998 (facilitating) and Maass et al. 2002 (E→I, facilitating; I→I, mixed). */
const sets = [stpPresets.depressing, stpPresets.facilitating, stpPresets.excitatoryToInhibitory, stpPresets.inhibitoryToInhibitory];
const WEIGHT = 1.5;

/** One pacemaker per parameter set, each driving one LIF through its own depressing/facilitating projection. */
const network = (): NetworkDescription => ({
  dt: DT,
  seed: 5,
  populations: [
    { name: 'train', size: sets.length, model: 'clock', params: { periodMs: PERIOD_MS } },
    { name: 'cell', size: sets.length, model: 'lif' },
  ],
  projections: sets.map((set, k) => ({
    name: set.name,
    source: 'train',
    target: 'cell',
    connectivity: { rule: 'explicit' as const, pre: [k], post: [k] },
    weight: WEIGHT,
    plasticity: [set.spec],
  })),
});

/**
 * EPSC amplitudes of a regular train by the analytic recursion (Markram, Wang & Tsodyks 1998; exact
 * form of Maass & Markram 2002): u_1 = U, x_1 = 1, EPSC_n = w·u_n·x_n,
 * u_{n+1} = U + u_n(1 − U)e^{−Δt/τ_f}, x_{n+1} = 1 + (x_n − u_n·x_n − 1)e^{−Δt/τ_d}. In f64.
 */
function analyticEpscs(U: number, tauDMs: number, tauFMs: number, intervalMs: number, count: number): number[] {
  const decayF = tauFMs > 0 ? Math.exp(-intervalMs / tauFMs) : 0;
  const decayD = tauDMs > 0 ? Math.exp(-intervalMs / tauDMs) : 0;
  const epscs: number[] = [];
  let u = U;
  let x = 1;
  for (let n = 0; n < count; n++) {
    epscs.push(WEIGHT * u * x);
    const xNext = 1 + (x - u * x - 1) * decayD;
    u = U + u * (1 - U) * decayF;
    x = xNext;
  }
  return epscs;
}

/**
 * The same recursion in f32, each operation rounded in the order the rule's expressions give, with
 * det-math exp: the fixed-point values the engine must deliver, bit for bit.
 */
function f32Epscs(U: number, tauDMs: number, tauFMs: number, periodSteps: number, count: number, scaleExp: number): number[] {
  const decay = (tau: number) => (tau === 0 ? 0 : dmExp(f32(periodSteps * f32(-DT / tau))));
  const [decayF, decayD, Uf, oneMinusU] = [decay(tauFMs), decay(tauDMs), f32(U), f32(1 - f32(U))];
  const fixed: number[] = [];
  let u = 0;
  let x = 1;
  for (let n = 0; n < count; n++) {
    u = f32(Uf + f32(f32(oneMinusU * u) * decayF));
    const available = f32(1 + f32(f32(x - 1) * decayD));
    const release = f32(u * available);
    x = f32(available - release);
    fixed.push(Math.round(f32(f32(WEIGHT * release) * 2 ** scaleExp)));
  }
  return fixed;
}

/**
 * Runs the train and reads each spike's delivered input (fixed point) out of the input ring: after the
 * step of a spike, it waits in the slot of the next step.
 */
async function measureEpscs(sim: Simulation): Promise<{ fixed: number[][]; values: number[][] }> {
  const periodSteps = Math.round(PERIOD_MS / DT);
  const fixed: number[][] = sets.map(() => []);
  const values: number[][] = sets.map(() => []);
  const cell = sim.plan.populations[1]!;
  const receptor = cell.receptors[0]!;
  for (let n = 0; n < SPIKES; n++) {
    // The first spike is in step periodSteps − 1 (phase reaches the period after periodSteps Euler steps).
    await sim.run((n + 1) * periodSteps * DT - sim.timeMs);
    const snapshot = await sim.snapshot();
    const slot = sim.step % sim.plan.ringDepth;
    for (let k = 0; k < sets.length; k++) {
      const value = snapshot.inputRing[slot * sim.plan.ringStride + receptor.ringOffset + k] as number;
      fixed[k]!.push(value);
      values[k]!.push(value * 2 ** -receptor.scaleExp);
    }
  }
  return { fixed, values };
}

describe('Tsodyks–Markram short-term plasticity', async () => {
  const gpu: GpuContext | null = await acquireGpu();
  afterAll(() => gpu?.destroy());
  const cpu = await Simulation.create(network(), { backend: 'cpu', models: [clock] });
  const onCpu = await measureEpscs(cpu);

  it('gives EPSC amplitudes of a regular train that match the analytic recursion to float32 precision (CPU)', () => {
    sets.forEach((set, k) => {
      const expected = analyticEpscs(set.spec.U, set.spec.tauDMs, set.spec.tauFMs, PERIOD_MS, SPIKES);
      const measured = onCpu.values[k] as number[];
      // Within 2^-20 relative (8 f32 ulps) of the f64 recursion: the engine does it in f32, each step rounded.
      // Within 2^-19 relative (32 f32 ulps; measured at most 17, for the depressing set) of the f64
      // recursion: the f32 rounding of each step, amplified where 1 + (x − 1)e^{−Δt/τ_d} cancels.
      measured.forEach((m, n) => expect(Math.abs(m - (expected[n] as number)) / (expected[n] as number)).toBeLessThan(2 ** -19));
      // And exactly the recursion evaluated in f32 with the engine's order of operations.
      const scaleExp = cpu.plan.populations[1]!.receptors[0]!.scaleExp;
      expect(onCpu.fixed[k]).toEqual(f32Epscs(set.spec.U, set.spec.tauDMs, set.spec.tauFMs, Math.round(PERIOD_MS / DT), SPIKES, scaleExp));
    });
    // Depression and facilitation as the papers show them.
    expect(onCpu.values[0]![SPIKES - 1]).toBeLessThan(onCpu.values[0]![0]! * 0.3);
    expect(onCpu.values[1]![SPIKES - 1]).toBeGreaterThan(onCpu.values[1]![0]! * 3);
  });

  it('keeps u and x per presynaptic neuron, readable after the run', async () => {
    const state = await cpu.readPlasticity('depressing');
    expect(Object.keys(state).sort()).toEqual(['u', 'x']);
    expect(state.u).toHaveLength(sets.length);
    expect(state.u![0]).toBeCloseTo(0.5, 6);
  });

  it('runs a rule a user defines the same way (depression only, Abbott et al. 1997) on both backends', async () => {
    const pureDepression = definePlasticityRule({
      name: 'pure-depression',
      cite: 'Abbott, Varela, Sen & Nelson 1997, Science 275:220',
      params: { f: 0.5, tauDMs: 300 },
      presynaptic: {
        state: { x: 1 },
        decays: { recovery: 'tauDMs' },
        onSpike: { available: '1 + (x - 1)*recovery', x: 'available*(1 - f)' },
        efficacy: 'available',
      },
    });
    const net = network();
    net.projections = [{ ...net.projections![0]!, name: 'user', plasticity: [{ rule: 'pure-depression', f: 0.4 }] }];
    const sims = [await Simulation.create(net, { backend: 'cpu', models: [clock], rules: [pureDepression] })];
    if (gpu) sims.push(await Simulation.create(net, { gpu, models: [clock], rules: [pureDepression] }));
    const [onCpu, onGpu] = await Promise.all(sims.map(measureEpscs));
    let x = 1;
    const decay = Math.exp(-PERIOD_MS / 300);
    onCpu!.values[0]!.forEach((epsc) => {
      const available = 1 + (x - 1) * decay;
      expect(Math.abs(epsc - WEIGHT * available) / (WEIGHT * available)).toBeLessThan(2 ** -19);
      x = available * 0.6;
    });
    if (onGpu) expect(onGpu.fixed).toEqual(onCpu!.fixed);
    for (const sim of sims) sim.destroy();
  });

  it.skipIf(!gpu)('gives the same delivered inputs on WebGPU, integer for integer', async () => {
    const webgpu = await Simulation.create(network(), { gpu: gpu as GpuContext, models: [clock] });
    const onGpu = await measureEpscs(webgpu);
    expect(onGpu.fixed).toEqual(onCpu.fixed);
    expect(await webgpu.readPlasticity('facilitating')).toEqual(await cpu.readPlasticity('facilitating'));
    webgpu.destroy();
  });
});
