import { CapacityError, type NetworkDescription, NumericalError, ValidationError } from '@spikegpu/core';
import { acquireGpu } from '@spikegpu/gpu-runtime';
import { afterAll, describe, expect, it } from 'vitest';
import { cobaNetwork, izhikevich2003Network } from './networks/index.js';
import { Simulation } from './simulation.js';
import { blowUpNetwork, cobaWithDelays, spikeTrainOf } from './test-networks.js';
import type { WebGpuEngine } from './webgpu-engine.js';

const train = spikeTrainOf;

describe('fused step kernel (every step of a batch in one workgroup), SwiftShader in CI', async () => {
  const gpu = await acquireGpu();
  if (!gpu) {
    it.skip('needs a WebGPU adapter', () => {});
    return;
  }
  afterAll(() => gpu.destroy());

  const pair = async (
    net: NetworkDescription,
    durationMs: number,
    options: { maxStepsPerSubmit?: number; workgroupSize?: number; fusedRing?: 'auto' | 'storage' } = {},
  ) => {
    const cpu = await Simulation.create(net, { backend: 'cpu' });
    const fused = await Simulation.create(net, { gpu, stepKernel: 'fused', ...options });
    expect((fused.engine as WebGpuEngine).stepKernel).toBe('fused');
    await cpu.run(durationMs);
    await fused.run(durationMs);
    return { cpu, fused };
  };

  /** The fused run's trains, state and input ring equal the CPU's; then the GPU simulation is destroyed. */
  const expectSameAsCpu = async (cpu: Simulation, fused: Simulation) => {
    expect(train(fused)).toEqual(train(cpu));
    const [a, b] = [await cpu.snapshot(), await fused.snapshot()];
    expect(Array.from(b.state)).toEqual(Array.from(a.state));
    expect(Array.from(b.inputRing)).toEqual(Array.from(a.inputRing));
    fused.destroy();
  };

  it('gives the CPU spike trains of the Izhikevich (2003) network bit for bit', async () => {
    const { cpu, fused } = await pair(izhikevich2003Network(), 300);
    expect(cpu.spikes.length).toBeGreaterThan(1000);
    expect(train(fused)).toEqual(train(cpu));
    expect((await fused.summary()).map((p) => p.spikes)).toEqual((await cpu.summary()).map((p) => p.spikes));
    fused.destroy();
  });

  it('gives the CPU trains and state of COBA with per-synapse delays, across batch boundaries', async () => {
    const { cpu, fused } = await pair(cobaWithDelays(800), 150, { maxStepsPerSubmit: 64 });
    expect(cpu.spikes.length).toBeGreaterThan(200);
    await expectSameAsCpu(cpu, fused);
  });

  it('keeps eight neurons a thread in registers (1,000 neurons, 128 threads)', async () => {
    const { cpu, fused } = await pair(izhikevich2003Network(), 200, { workgroupSize: 128 });
    expect((fused.engine as WebGpuEngine).fusedLayout?.neuronsPerThread).toBe(8);
    expect(train(fused)).toEqual(train(cpu));
    fused.destroy();
  });

  it('keeps the input ring in workgroup memory where it fits, with the same trains, state and ring', async () => {
    // Delays of 1–3 steps: 3 slots × 1,600 cells fit SwiftShader's 32 KiB beside the spike list.
    const net = cobaWithDelays(800, 0.3);
    for (const fusedRing of ['auto', 'storage'] as const) {
      const { cpu, fused } = await pair(net, 120, { maxStepsPerSubmit: 37, fusedRing });
      expect((fused.engine as WebGpuEngine).fusedLayout?.ringInWorkgroup).toBe(fusedRing === 'auto');
      expect(cpu.spikes.length).toBeGreaterThan(200);
      await expectSameAsCpu(cpu, fused);
    }
  });

  it('shares out the Poisson draws, and draws in the update past the queue (half the neurons)', async () => {
    // 2 arrivals a step on average: ~86 % of the neurons draw each step, more than the queue holds.
    for (const background of [
      { rateHz: 8, sources: 100 },
      { rateHz: 10, sources: 2000 },
    ]) {
      const net = { ...cobaNetwork({ size: 400, background }), name: 'coba-drive' };
      const { cpu, fused } = await pair(net, 50, { workgroupSize: 64 });
      expect(cpu.spikes.length).toBeGreaterThan(100);
      await expectSameAsCpu(cpu, fused);
    }
  });

  it('draws for Poisson inputs on a subset of neurons, two inputs a neuron, and runs without projections', async () => {
    const base = cobaNetwork({ size: 400, background: false });
    const subset = Array.from({ length: 100 }, (_, k) => 3 * k);
    const inputs = [
      { kind: 'poisson' as const, target: 'exc', receptor: 'exc', weight: 6, rateHz: 10, sources: 100, neurons: subset },
      { kind: 'poisson' as const, target: 'exc', receptor: 'inh', weight: 20, rateHz: 5, sources: 50 },
      { kind: 'poisson' as const, target: 'inh', receptor: 'exc', weight: 6, rateHz: 12, sources: 100 },
    ];
    for (const net of [
      { ...base, name: 'subset-drive', inputs },
      { ...base, name: 'no-projections', inputs, projections: [] },
    ]) {
      const { cpu, fused } = await pair(net, 40, { workgroupSize: 64 });
      expect(cpu.spikes.length).toBeGreaterThan(20);
      await expectSameAsCpu(cpu, fused);
    }
  });

  it('is refused, naming the limit, for more neurons than its threads keep', async () => {
    const error = await Simulation.create(cobaWithDelays(3000, 0.3), { gpu, stepKernel: 'fused', workgroupSize: 256 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CapacityError);
    expect((error as CapacityError).path).toBe('stepKernel');
    expect((error as Error).message).toMatch(/at most 8 neurons per thread of a 256-thread workgroup/);
  });

  it('records only the chosen neurons and still counts all of them', async () => {
    const net = { ...izhikevich2003Network(), recording: { spikes: [{ population: 'inh', neurons: [0, 7, 199] }] } };
    const { cpu, fused } = await pair(net, 300);
    expect(cpu.spikes.length).toBeGreaterThan(0);
    expect(train(fused)).toEqual(train(cpu));
    const [, inh] = await fused.summary();
    expect(inh!.spikes).toBeGreaterThan(cpu.spikes.length);
    fused.destroy();
  });

  it('continues a split-kernel snapshot bit-identically (ring in storage and in workgroup memory)', async () => {
    for (const net of [cobaWithDelays(400), cobaWithDelays(400, 0.3)]) await continuesSplit(net);
  });

  const continuesSplit = async (net: NetworkDescription) => {
    const whole = await Simulation.create(net, { backend: 'cpu' });
    await whole.run(200); // ms: 2000 steps
    const split = await Simulation.create(net, { gpu, stepKernel: 'split' });
    await split.run(120);
    const fused = await Simulation.create(net, { gpu, stepKernel: 'fused' });
    await fused.restore(await split.snapshot());
    await fused.run(80);
    const tail = (s: Simulation) => train(s).filter(([step]) => (step as number) >= 1200);
    expect(tail(fused).length).toBeGreaterThan(0);
    expect(tail(fused)).toEqual(tail(whole));
    split.destroy();
    fused.destroy();
  };

  it('stops a blown-up integration with the CPU message', async () => {
    const net = blowUpNetwork();

    const cpu = await Simulation.create(net, { backend: 'cpu' });
    const fused = await Simulation.create(net, { gpu, stepKernel: 'fused' });
    const [c, g] = [await cpu.run(100).catch((e: Error) => e), await fused.run(100).catch((e: Error) => e)];
    expect(g).toBeInstanceOf(NumericalError);
    expect((g as Error).message).toBe((c as Error).message);
    fused.destroy();
  });

  it('is refused for plastic networks, naming the option', async () => {
    const net = izhikevich2003Network();
    const [ee, ...rest] = net.projections ?? [];
    const plastic = {
      ...net,
      projections: [{ ...ee!, plasticity: [{ rule: 'stdp', aPlus: 0.001, aMinus: 0.001, tauPlusMs: 20, tauMinusMs: 20, wMin: 0, wMax: 0.5 }] }, ...rest],
    } as NetworkDescription;
    const error = await Simulation.create(plastic, { gpu, stepKernel: 'fused' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).path).toBe('stepKernel');
    const auto = await Simulation.create(plastic, { gpu });
    expect((auto.engine as WebGpuEngine).stepKernel).toBe('split');
    auto.destroy();
  });
});
