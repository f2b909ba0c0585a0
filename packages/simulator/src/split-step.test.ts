import { CapacityError, type NetworkDescription } from '@spikegpu/core';
import { acquireGpu } from '@spikegpu/gpu-runtime';
import { afterAll, describe, expect, it } from 'vitest';
import { izhikevich2003Network } from './networks/index.js';
import { Simulation } from './simulation.js';
import { cobaWithDelays, spikeTrainOf } from './test-networks.js';

const train = spikeTrainOf;

describe('the split step kernel gives the CPU trains (SwiftShader in CI)', async () => {
  const gpu = await acquireGpu();
  if (!gpu) {
    it.skip('needs a WebGPU adapter', () => {});
    return;
  }
  afterAll(() => gpu.destroy());

  for (const [name, net, ms] of [
    ['Izhikevich (2003)', izhikevich2003Network(), 200],
    ['COBA with per-synapse delays', cobaWithDelays(600, 1.5), 60],
  ] as const) {
    it(`${name}: 32 and 128 lanes per row, a 5-workgroup grid`, async () => {
      const cpu = await Simulation.create(net, { backend: 'cpu' });
      await cpu.run(ms);
      expect(cpu.spikes.length).toBeGreaterThan(50);
      for (const lanes of [32, 128]) {
        const sim = await Simulation.create(net, {
          gpu,
          stepKernel: 'split',
          workgroupSize: 128,
          propagationLanes: lanes,
          propagationWorkgroups: 5,
        });
        await sim.run(ms);
        expect(train(sim)).toEqual(train(cpu));
        sim.destroy();
      }
    });
  }

  it('delivers past the unrolled projection table (81 projections) with both kernels', async () => {
    const names = Array.from({ length: 9 }, (_, k) => `p${k}`);
    const net: NetworkDescription = {
      dt: 0.1,
      seed: 3,
      populations: names.map((name) => ({
        name,
        size: 40,
        model: 'lif',
        params: { C: 200, gL: 10, EL: -60, vThresh: -50, vReset: -60, tRef: 5 },
        receptors: { exc: { kind: 'conductance', tauMs: 5, reversalMv: 0 }, inh: { kind: 'conductance', tauMs: 10, reversalMv: -80 } },
        init: { v: { dist: 'uniform', low: -60, high: -50 } },
      })),
      inputs: names.map((target) => ({ kind: 'poisson', target, receptor: 'exc', weight: 6, rateHz: 12, sources: 100 })),
      projections: names.flatMap((source, a) =>
        names.map((target) => ({
          source,
          target,
          connectivity: { rule: 'fixed-probability', p: 0.1 },
          receptor: a % 3 === 0 ? 'inh' : 'exc',
          weight: a % 3 === 0 ? 30 : 4,
          delayMs: { dist: 'uniform', low: 0.1, high: 0.5 },
        })),
      ),
    } as NetworkDescription;
    const cpu = await Simulation.create(net, { backend: 'cpu' });
    await cpu.run(20);
    expect(cpu.spikes.length).toBeGreaterThan(50);
    for (const stepKernel of ['split', 'fused'] as const) {
      const sim = await Simulation.create(net, { gpu, stepKernel });
      await sim.run(20);
      expect(train(sim)).toEqual(train(cpu));
      sim.destroy();
    }
  });

  it('splits synapse arrays larger than one binding over several, with the same trains', async () => {
    // 10⁶ synapses in chunks of 600,000: a projection's rows straddle the boundary.
    const net = izhikevich2003Network();
    const cpu = await Simulation.create(net, { backend: 'cpu' });
    await cpu.run(100);
    for (const stepKernel of ['split', 'fused'] as const) {
      const sim = await Simulation.create(net, { gpu, stepKernel, synapseChunk: 600_000 });
      await sim.run(100);
      expect(train(sim)).toEqual(train(cpu));
      sim.destroy();
    }
    const error = await Simulation.create(net, { gpu, synapseChunk: 1024 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CapacityError);
    expect((error as CapacityError).path).toBe('maxStorageBuffersPerShaderStage');
    expect((error as Error).message).toMatch(/need 1961 storage bindings/);
  });
});
