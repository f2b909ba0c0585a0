import type { NetworkDescription } from '@spikegpu/core';
import { acquireGpu } from '@spikegpu/gpu-runtime';
import { afterAll, describe, expect, it } from 'vitest';
import { cobaNetwork, izhikevich2003Network } from './networks/index.js';
import { Simulation } from './simulation.js';

const train = (sim: Simulation) => Array.from(sim.spikes.ids, (id, k) => [sim.spikes.steps[k] as number, id]);

describe('propagation layouts give the CPU trains (SwiftShader in CI)', async () => {
  const gpu = await acquireGpu();
  if (!gpu) {
    it.skip('needs a WebGPU adapter', () => {});
    return;
  }
  afterAll(() => gpu.destroy());
  const delayedCoba = (): NetworkDescription => {
    const net = cobaNetwork({ size: 600 });
    return { ...net, projections: net.projections?.map((p) => ({ ...p, delayMs: { dist: 'uniform', low: 0.1, high: 1.5 } })) };
  };

  for (const [name, net, ms] of [
    ['Izhikevich (2003)', izhikevich2003Network(), 200],
    ['COBA with per-synapse delays', delayedCoba(), 60],
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
});
