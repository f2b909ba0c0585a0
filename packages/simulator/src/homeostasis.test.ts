import type { HomeostasisSpec, NetworkDescription } from '@spikegpu/core';
import { acquireGpu, type GpuContext } from '@spikegpu/gpu-runtime';
import { afterAll, describe, expect, it } from 'vitest';
import { cobaNetwork } from './networks/index.js';
import { Simulation } from './simulation.js';

const TARGET_HZ = 10;

/** The COBA network scaled down (500 neurons, 8 % connectivity), each population with a homeostatic rule. */
function homeostaticCoba(rule: HomeostasisSpec): NetworkDescription {
  const net = cobaNetwork({ size: 500, connectivity: 0.08, dt: 0.5, seed: 3 });
  return { ...net, populations: net.populations.map((p) => ({ ...p, homeostasis: rule })) };
}

/** Mean rate (Hz) of each population between `fromMs` and the end of the recording. */
function lateRates(sim: Simulation, fromMs: number): number[] {
  return sim.plan.populations.map((p) => {
    const { times } = sim.spikesOf(p.name);
    const late = times.filter((t) => t >= fromMs).length;
    return late / p.size / ((sim.timeMs - fromMs) / 1000);
  });
}

describe('homeostasis', async () => {
  const gpu: GpuContext | null = await acquireGpu();
  afterAll(() => gpu?.destroy());
  const threshold: HomeostasisSpec = { rule: 'adaptive-threshold', param: 'vThresh', targetRateHz: TARGET_HZ, rateTauMs: 100, gain: 2 };

  it('drives a network’s mean rate to the target with an adaptive threshold (within 10 %)', async () => {
    const free = await Simulation.create(cobaNetwork({ size: 500, connectivity: 0.08, dt: 0.5, seed: 3 }), { backend: 'cpu' });
    await free.run(2000);
    const sim = await Simulation.create(homeostaticCoba(threshold), { backend: 'cpu' });
    await sim.run(6000);
    const before = lateRates(free, 1000);
    const after = lateRates(sim, 4000);
    for (const rate of before) expect(Math.abs(rate - TARGET_HZ) / TARGET_HZ).toBeGreaterThan(0.5);
    for (const rate of after) expect(Math.abs(rate - TARGET_HZ) / TARGET_HZ).toBeLessThan(0.1);
    // Measured (seed 3): 36 and 41 Hz without homeostasis, 9.8 and 9.9 Hz with it over 4–6 s. θ moved the threshold.
    const theta = await sim.readState('exc', 'homeostasis_theta');
    expect(theta.some((t) => Math.abs(t) > 0.5)).toBe(true);
  });

  it('drives a network’s mean rate to the target with an intrinsic current (within 10 %)', async () => {
    const sim = await Simulation.create(homeostaticCoba({ rule: 'intrinsic-current', targetRateHz: TARGET_HZ, rateTauMs: 100, gain: 50 }), {
      backend: 'cpu',
    });
    await sim.run(6000);
    // Measured (seed 3): 9.5 Hz in both populations over 4–6 s, still approaching the target.
    for (const rate of lateRates(sim, 4000)) expect(Math.abs(rate - TARGET_HZ) / TARGET_HZ).toBeLessThan(0.1);
  });

  it.skipIf(!gpu)('gives the same spikes and homeostatic state on WebGPU as on the CPU', async () => {
    const cpu = await Simulation.create(homeostaticCoba(threshold), { backend: 'cpu' });
    const webgpu = await Simulation.create(homeostaticCoba(threshold), { gpu: gpu as GpuContext });
    await cpu.run(300);
    await webgpu.run(300);
    expect(Array.from(webgpu.spikes.ids)).toEqual(Array.from(cpu.spikes.ids));
    expect(await webgpu.readState('exc', 'homeostasis_theta')).toEqual(await cpu.readState('exc', 'homeostasis_theta'));
    webgpu.destroy();
  });
});
