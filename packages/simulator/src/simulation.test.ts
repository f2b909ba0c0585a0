import { CapacityError, type NetworkDescription, NumericalError, ValidationError } from '@spikegpu/core';
import { acquireGpu } from '@spikegpu/gpu-runtime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cobaNetwork, izhikevich2003Network } from './networks/index.js';
import { Simulation } from './simulation.js';
import { blowUpNetwork } from './test-networks.js';

/** Mean coefficient of variation of inter-spike intervals over neurons with ≥ 3 spikes. */
function isiCv(times: Float64Array, ids: Uint32Array): number {
  const byNeuron = new Map<number, number[]>();
  ids.forEach((id, k) => {
    const list = byNeuron.get(id) ?? [];
    list.push(times[k] as number);
    byNeuron.set(id, list);
  });
  const cvs: number[] = [];
  for (const t of byNeuron.values()) {
    if (t.length < 3) continue;
    const isi = t.slice(1).map((x, k) => x - (t[k] as number));
    const mean = isi.reduce((a, b) => a + b, 0) / isi.length;
    const sd = Math.sqrt(isi.reduce((a, b) => a + (b - mean) ** 2, 0) / (isi.length - 1));
    cvs.push(sd / mean);
  }
  return cvs.reduce((a, b) => a + b, 0) / cvs.length;
}

/** Index of the first step whose spikes differ, or -1. */
function firstDifference(a: Simulation, b: Simulation): number {
  const n = Math.min(a.spikes.length, b.spikes.length);
  for (let k = 0; k < n; k++) {
    if (a.spikes.steps[k] !== b.spikes.steps[k] || a.spikes.ids[k] !== b.spikes.ids[k])
      return Math.min(a.spikes.steps[k] as number, b.spikes.steps[k] as number);
  }
  return a.spikes.length === b.spikes.length ? -1 : ((a.spikes.length > n ? a.spikes.steps[n] : b.spikes.steps[n]) as number);
}

describe('CPU backend', () => {
  it('gives bit-identical spike trains for the same seed, and different ones for another seed', async () => {
    const runs = await Promise.all(
      [1, 1, 2].map(async (seed) => {
        const sim = await Simulation.create(izhikevich2003Network({ seed }), { backend: 'cpu' });
        await sim.run(300);
        return sim;
      }),
    );
    const [a, b, c] = runs as [Simulation, Simulation, Simulation];
    expect(a.spikes.length).toBeGreaterThan(1000);
    expect(firstDifference(a, b)).toBe(-1);
    expect(firstDifference(a, c)).not.toBe(-1);
  });

  it('gives the same trains whether run in one call or many', async () => {
    const whole = await Simulation.create(izhikevich2003Network(), { backend: 'cpu' });
    await whole.run(200);
    const pieces = await Simulation.create(izhikevich2003Network(), { backend: 'cpu' });
    for (let k = 0; k < 8; k++) await pieces.run(25);
    expect(firstDifference(whole, pieces)).toBe(-1);
  });

  it('reproduces the Izhikevich (2003) network: excitatory rates in the alpha/gamma regime', async () => {
    const sim = await Simulation.create(izhikevich2003Network(), { backend: 'cpu' });
    await sim.run(1000);
    const [exc, inh] = await sim.summary();
    // The paper's network fires at a few to ~10 Hz, in population bursts at alpha/gamma frequencies.
    expect(exc!.rateHz).toBeGreaterThan(2);
    expect(exc!.rateHz).toBeLessThan(20);
    expect(inh!.rateHz).toBeGreaterThan(2);
    expect(inh!.rateHz).toBeLessThan(40);
  });

  it('runs the COBA network in an asynchronous irregular state', async () => {
    const sim = await Simulation.create(cobaNetwork(), { backend: 'cpu' });
    await sim.run(500);
    const [exc] = await sim.summary();
    const spikes = sim.spikesOf('exc');
    const late = spikes.times.map((t) => t).filter((t) => t >= 100).length;
    expect(late).toBeGreaterThan(0);
    expect(exc!.rateHz).toBeGreaterThan(1);
    expect(exc!.rateHz).toBeLessThan(60);
    expect(isiCv(spikes.times, spikes.ids)).toBeGreaterThan(0.5);
  });

  it('holds a LIF neuron at reset for its refractory period and fires at the analytic rate', async () => {
    // Constant 300 pA into C = 200 pF, gL = 10 nS, EL = −60, threshold −50: the membrane would settle at
    // −30 mV; time to threshold from reset T = τ ln(I/(I − gL·ΔV)) with τ = 20 ms, plus 5 ms refractory.
    const net: NetworkDescription = {
      dt: 0.01,
      seed: 3,
      populations: [{ name: 'n', size: 1, model: 'lif' }],
      inputs: [{ kind: 'current', target: 'n', amplitude: 300 }],
    };
    const sim = await Simulation.create(net, { backend: 'cpu' });
    await sim.run(1000);
    const period = 20 * Math.log(300 / (300 - 10 * 10)) + 5;
    const [n] = await sim.summary();
    expect(n!.rateHz).toBeCloseTo(1000 / period, -0.3);
    const { times } = sim.spikesOf('n');
    const isi = (times[times.length - 1]! - times[0]!) / (times.length - 1);
    expect(Math.abs(isi - period)).toBeLessThan(0.05);
  });
});

describe('a blown-up integration', () => {
  it('stops the CPU run with the population, neuron and step', async () => {
    const sim = await Simulation.create(blowUpNetwork(), { backend: 'cpu' });
    const error = await sim.run(100).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NumericalError);
    expect((error as Error).message).toMatch(/population 'b' \(model 'izhikevich-2003'\), neuron 3 at step 2\d/);
    expect((error as Error).message).toMatch(/smaller dt/);
  });
});

describe('bad input is rejected before anything is allocated', () => {
  const base = (): NetworkDescription => ({ dt: 0.1, seed: 1, populations: [{ name: 'a', size: 10, model: 'lif' }] });
  const cases: Array<[string, (n: NetworkDescription) => void, RegExp]> = [
    ['a negative size', (n) => void (n.populations[0]!.size = -5), /populations\[0\]\.size: expected a positive integer, got -5/],
    ['an unknown model', (n) => void (n.populations[0]!.model = 'lif2'), /populations\[0\]\.model: unknown model 'lif2'.*did you mean 'lif'/],
    [
      'a probability above 1',
      (n) => void (n.projections = [{ source: 'a', target: 'a', connectivity: { rule: 'fixed-probability', p: 1.5 }, weight: 1 }]),
      /projections\[0\]\.connectivity\.p: expected a number in \[0, 1\], got 1.5/,
    ],
    ['dt ≤ 0', (n) => void (n.dt = 0), /dt: expected a number > 0, got 0/],
    [
      'a delay shorter than dt',
      (n) => void (n.projections = [{ source: 'a', target: 'a', connectivity: { rule: 'one-to-one' }, weight: 1, delayMs: 0.05 }]),
      /projections\[0\]\.delayMs: expected a delay ≥ dt \(0.1 ms\), got 0.05/,
    ],
    [
      'a NaN parameter',
      (n) => void (n.populations[0]!.params = { C: Number.NaN }),
      /populations\[0\]\.params\.C: expected a number finite, got NaN|populations\[0\]\.params\.C: expected .*got NaN/,
    ],
    ['an unknown parameter', (n) => void (n.populations[0]!.params = { vthresh: -50 }), /unknown parameter 'vthresh'.*did you mean 'vThresh'/],
  ];
  for (const [what, mutate, message] of cases) {
    it(`rejects ${what}`, async () => {
      const net = base();
      mutate(net);
      await expect(Simulation.create(net, { backend: 'cpu' })).rejects.toThrow(ValidationError);
      await expect(Simulation.create(net, { backend: 'cpu' })).rejects.toThrow(message);
    });
  }
});

describe('WebGPU backend (SwiftShader in CI)', async () => {
  const gpu = await acquireGpu();
  if (!gpu) {
    it.skip('needs a WebGPU adapter (set VK_ICD_FILENAMES to SwiftShader)', () => {});
    return;
  }
  afterAll(() => gpu.destroy());
  beforeAll(() => {});

  it('matches the CPU spike trains of the Izhikevich (2003) network bit for bit', async () => {
    const cpu = await Simulation.create(izhikevich2003Network(), { backend: 'cpu' });
    const webgpu = await Simulation.create(izhikevich2003Network(), { gpu });
    await cpu.run(1000);
    await webgpu.run(1000);
    expect(webgpu.backend).toBe('webgpu');
    expect(webgpu.spikes.length).toBeGreaterThan(1000);
    // The whole second is identical, not just the first 100 ms the issue asks for.
    expect(firstDifference(cpu, webgpu)).toBe(-1);
    const [c, g] = [await cpu.summary(), await webgpu.summary()];
    for (let p = 0; p < 2; p++) expect(Math.abs(g[p]!.rateHz - c[p]!.rateHz) / c[p]!.rateHz).toBeLessThan(0.02);
    webgpu.destroy();
  });

  it('gives bit-identical trains across runs with the same seed', async () => {
    const runs: Simulation[] = [];
    for (let k = 0; k < 2; k++) {
      const sim = await Simulation.create(izhikevich2003Network({ seed: 7 }), { gpu });
      await sim.run(300);
      runs.push(sim);
    }
    expect(firstDifference(runs[0]!, runs[1]!)).toBe(-1);
    for (const s of runs) s.destroy();
  });

  it('runs the COBA network like the CPU does', async () => {
    const cpu = await Simulation.create(cobaNetwork(), { backend: 'cpu' });
    const webgpu = await Simulation.create(cobaNetwork(), { gpu });
    await cpu.run(300);
    await webgpu.run(300);
    expect(firstDifference(cpu, webgpu)).toBe(-1);
    webgpu.destroy();
  });

  it('reads back state and matches the CPU', async () => {
    const cpu = await Simulation.create(cobaNetwork({ size: 400 }), { backend: 'cpu' });
    const webgpu = await Simulation.create(cobaNetwork({ size: 400 }), { gpu });
    await cpu.run(50);
    await webgpu.run(50);
    expect(Array.from(await webgpu.readState('exc', 'v'))).toEqual(Array.from(await cpu.readState('exc', 'v')));
    expect(Array.from(await webgpu.readState('inh', 'syn_exc'))).toEqual(Array.from(await cpu.readState('inh', 'syn_exc')));
    webgpu.destroy();
  });

  it('continues a CPU snapshot on the GPU bit-identically', async () => {
    const whole = await Simulation.create(cobaNetwork({ size: 800 }), { backend: 'cpu' });
    await whole.run(200);
    const first = await Simulation.create(cobaNetwork({ size: 800 }), { backend: 'cpu' });
    await first.run(120);
    const resumed = await Simulation.create(cobaNetwork({ size: 800 }), { gpu });
    await resumed.restore(await first.snapshot());
    await resumed.run(80);
    const tail = (s: Simulation) => Array.from(s.spikes.ids).filter((_, k) => (s.spikes.steps[k] as number) >= 1200);
    expect(tail(resumed).length).toBeGreaterThan(0);
    expect(tail(resumed)).toEqual(tail(whole));
    const back = await resumed.snapshot();
    const cpuEnd = await whole.snapshot();
    expect(back.step).toBe(cpuEnd.step);
    expect(Array.from(back.state)).toEqual(Array.from(cpuEnd.state));
    resumed.destroy();
  });

  it('with fast math, agrees with the CPU statistically (rates within 10 %)', async () => {
    // The network is chaotic: once a last bit differs the trains part, as they do between two seeds,
    // whose 1-s rates differ by several per cent. So the check is statistical.
    const cpu = await Simulation.create(izhikevich2003Network(), { backend: 'cpu' });
    const fast = await Simulation.create(izhikevich2003Network(), { gpu, math: 'fast' });
    await cpu.run(1000);
    await fast.run(1000);
    const [c, g] = [await cpu.summary(), await fast.summary()];
    for (let p = 0; p < 2; p++) expect(Math.abs(g[p]!.rateHz - c[p]!.rateHz) / c[p]!.rateHz).toBeLessThan(0.1);
    fast.destroy();
  });

  it('records only the chosen neurons, identically on both backends', async () => {
    const net = { ...izhikevich2003Network(), recording: { spikes: [{ population: 'exc', neurons: [0, 1, 2, 3, 500, 799] }] } };
    const cpu = await Simulation.create(net, { backend: 'cpu' });
    const webgpu = await Simulation.create(net, { gpu });
    await cpu.run(300);
    await webgpu.run(300);
    expect(cpu.spikes.length).toBeGreaterThan(0);
    expect(new Set(cpu.spikes.ids)).toEqual(new Set([0, 1, 2, 3, 500, 799].filter((id) => cpu.spikes.ids.includes(id))));
    expect(firstDifference(cpu, webgpu)).toBe(-1);
    const [total] = await webgpu.summary();
    expect(total!.spikes).toBeGreaterThan(cpu.spikes.length);
    webgpu.destroy();
  });

  it('stops a blown-up integration with the same population, neuron and step as the CPU', async () => {
    const cpu = await Simulation.create(blowUpNetwork(), { backend: 'cpu' });
    const webgpu = await Simulation.create(blowUpNetwork(), { gpu });
    const [c, g] = [await cpu.run(100).catch((e: Error) => e), await webgpu.run(100).catch((e: Error) => e)];
    expect(g).toBeInstanceOf(NumericalError);
    expect((g as Error).message).toBe((c as Error).message);
    webgpu.destroy();
  });

  it('refuses a network larger than one storage binding with the numbers', async () => {
    const limit = gpu.device.limits.maxStorageBufferBindingSize;
    const size = Math.ceil(limit / 4 / 2) + 1; // the spike list alone holds 2·N u32
    const net: NetworkDescription = { dt: 1, seed: 1, populations: [{ name: 'big', size, model: 'izhikevich-2003' }], recording: { spikes: false } };
    await expect(Simulation.create(net, { gpu })).rejects.toThrow(CapacityError);
  });
});

describe('snapshots', () => {
  it('restoring a CPU snapshot continues bit-identically', async () => {
    const whole = await Simulation.create(cobaNetwork({ size: 800 }), { backend: 'cpu' });
    await whole.run(200);
    const first = await Simulation.create(cobaNetwork({ size: 800 }), { backend: 'cpu' });
    await first.run(120);
    const snapshot = await first.snapshot();
    const resumed = await Simulation.create(cobaNetwork({ size: 800 }), { backend: 'cpu' });
    await resumed.restore(snapshot);
    await resumed.run(80);
    const tail = (s: Simulation) => Array.from(s.spikes.ids).filter((_, k) => (s.spikes.steps[k] as number) >= 1200);
    expect(tail(resumed).length).toBeGreaterThan(0);
    expect(tail(resumed)).toEqual(tail(whole));
    expect(resumed.step).toBe(whole.step);
  });

  it('refuses a snapshot of another network', async () => {
    const a = await Simulation.create(cobaNetwork({ size: 800 }), { backend: 'cpu' });
    const b = await Simulation.create(cobaNetwork({ size: 400 }), { backend: 'cpu' });
    await expect(b.restore(await a.snapshot())).rejects.toThrow(/snapshot\.state: expected \d+ values/);
  });
});
