import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { izhikevich2003Network, Simulation } from '@spikegpu/simulator';
import { afterAll, describe, expect, it } from 'vitest';
import { readCheckpoint, restoreCheckpoint, writeCheckpoint } from './index.js';

const dir = mkdtempSync(join(tmpdir(), 'spikegpu-checkpoint-gpu-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** 200 steps at dt = 1 ms: quick on SwiftShader. */
const network = () => izhikevich2003Network({ excitatory: 400, inhibitory: 100 });

/** A WebGPU simulation, or null with the reason when this machine has no adapter (CI without SwiftShader). */
async function webgpuSimulation(): Promise<{ sim: Simulation | null; reason: string }> {
  try {
    return { sim: await Simulation.create(network(), { backend: 'webgpu', log: () => {} }), reason: '' };
  } catch (error) {
    return { sim: null, reason: (error as Error).message };
  }
}

describe('checkpoint round trip on WebGPU', () => {
  it('continues bit for bit: 120 ms + checkpoint + 80 ms equals 200 ms, and equals the CPU', async (ctx) => {
    const reference = await webgpuSimulation();
    if (!reference.sim) return ctx.skip(`no WebGPU adapter (${reference.reason}); set VK_ICD_FILENAMES to SwiftShader's ICD to run it`);
    await reference.sim.run(200);
    const { sim: first } = await webgpuSimulation();
    if (!first) throw new Error('a second WebGPU simulation could not be created');
    await first.run(120);
    const path = join(dir, 'izhikevich-gpu.simstate.h5');
    await writeCheckpoint(path, first);
    first.destroy();
    expect((await readCheckpoint(path)).provenance.backend).toBe('webgpu');
    const resumed = await restoreCheckpoint(path, { backend: 'webgpu', log: () => {} });
    await resumed.run(80);
    const splitStep = 120;
    const after = (sim: Simulation) => {
      const { steps, ids } = sim.spikes;
      const pairs: number[] = [];
      for (let k = 0; k < ids.length; k++) if ((steps[k] as number) >= splitStep) pairs.push(steps[k] as number, ids[k] as number);
      return pairs;
    };
    const expected = after(reference.sim);
    expect(expected.length).toBeGreaterThan(200);
    expect(after(resumed)).toEqual(expected);
    // A GPU checkpoint continues on the CPU too: both backends run the same arithmetic.
    const onCpu = await restoreCheckpoint(path, { backend: 'cpu' });
    await onCpu.run(80);
    expect(after(onCpu)).toEqual(expected);
    reference.sim.destroy();
    resumed.destroy();
  });
});
