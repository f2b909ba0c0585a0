import { type NetworkDescription, ValidationError } from '@spikegpu/core';
import { acquireGpu } from '@spikegpu/gpu-runtime';
import { afterAll, describe, expect, it } from 'vitest';
import { Simulation } from './simulation.js';

const profile = { profile: 'gaussian', p0: 0.6, scaleUm: 60, cutoffUm: 180 } as const;
const velocityUmPerMs = 200;
const offsetMs = 0.5;

/** 1,600 excitatory and 400 inhibitory Izhikevich (2003) neurons in one 400 µm cube, wired by distance. */
function spatialNetwork(seed = 3): NetworkDescription {
  const positions = { layout: 'box', sizeUm: [400, 400, 400] } as const;
  const local = { rule: 'distance-dependent', ...profile } as const;
  const delayMs = { dist: 'distance', velocityUmPerMs, offsetMs } as const;
  return {
    dt: 0.5,
    seed,
    populations: [
      { name: 'exc', size: 1600, model: 'izhikevich-2003', positions, sign: 'excitatory' },
      { name: 'inh', size: 400, model: 'izhikevich-2003', params: { a: 0.1, d: 2 }, positions, sign: 'inhibitory' },
    ],
    projections: [
      { source: 'exc', target: 'exc', connectivity: local, weight: { dist: 'uniform', low: 0, high: 0.5 }, delayMs },
      { source: 'exc', target: 'inh', connectivity: local, weight: { dist: 'uniform', low: 0, high: 0.5 }, delayMs },
      { source: 'inh', target: 'exc', connectivity: local, weight: { dist: 'uniform', low: -1, high: 0 }, delayMs },
      { source: 'inh', target: 'inh', connectivity: local, weight: { dist: 'uniform', low: -1, high: 0 }, delayMs },
    ],
    inputs: [
      { kind: 'noise', target: 'exc', mean: 2, sd: 6 },
      { kind: 'noise', target: 'inh', mean: 2, sd: 4 },
    ],
  };
}

const distance = (a: Float32Array, i: number, b: Float32Array, j: number) =>
  Math.hypot(a[3 * i]! - b[3 * j]!, a[3 * i + 1]! - b[3 * j + 1]!, a[3 * i + 2]! - b[3 * j + 2]!);

describe('spatial networks through the simulator', () => {
  it('places each population from the seed and connects pairs with p(d): χ² over distance bins', async () => {
    const sim = await Simulation.create(spatialNetwork(), { backend: 'cpu' });
    const [exc, inh] = sim.plan.populations;
    expect(exc!.positions).toHaveLength(3 * 1600);
    expect(inh!.positions).toHaveLength(3 * 400);
    // Populations draw their positions from streams of their own.
    expect(exc!.positions!.subarray(0, 1200)).not.toEqual(inh!.positions!.subarray(0, 1200));
    const again = await Simulation.create(spatialNetwork(), { backend: 'cpu' });
    expect(again.plan.populations[0]!.positions).toEqual(exc!.positions);

    const bins = 12;
    for (const projection of sim.plan.projections) {
      const { csr, source, target } = projection;
      const sourcePositions = source.positions!;
      const targetPositions = target.positions!;
      const connected = new Set<number>();
      for (let i = 0; i < csr.sourceSize; i++)
        for (let s = csr.rowOffsets[i]!; s < csr.rowOffsets[i + 1]!; s++) connected.add(i * csr.targetSize + csr.targets[s]!);
      const observed = new Float64Array(bins);
      const expected = new Float64Array(bins);
      const variance = new Float64Array(bins);
      let beyondCutoff = 0;
      for (let i = 0; i < csr.sourceSize; i++) {
        for (let j = 0; j < csr.targetSize; j++) {
          if (source === target && i === j) continue;
          const d = distance(sourcePositions, i, targetPositions, j);
          const isConnected = connected.has(i * csr.targetSize + j);
          if (d > profile.cutoffUm) {
            if (isConnected) beyondCutoff++;
            continue;
          }
          const p = profile.p0 * Math.exp(-(d * d) / (2 * profile.scaleUm ** 2));
          const bin = Math.min(bins - 1, Math.floor((d / profile.cutoffUm) * bins));
          observed[bin]! += isConnected ? 1 : 0;
          expected[bin]! += p;
          variance[bin]! += p * (1 - p);
        }
      }
      let chiSquare = 0;
      for (let b = 0; b < bins; b++) if (variance[b]! > 0) chiSquare += (observed[b]! - expected[b]!) ** 2 / variance[b]!;
      expect(beyondCutoff).toBe(0);
      // χ²(12) at 99.9 %: 32.9.
      expect(chiSquare, projection.name).toBeLessThan(32.9);

      // Delays: offset + distance / velocity, rounded to steps of 0.5 ms.
      for (let i = 0; i < csr.sourceSize; i += 97)
        for (let s = csr.rowOffsets[i]!; s < csr.rowOffsets[i + 1]!; s++) {
          const ms = offsetMs + distance(sourcePositions, i, targetPositions, csr.targets[s]!) / velocityUmPerMs;
          expect(projection.delaySteps![s]).toBe(Math.max(1, Math.round(ms / 0.5)));
        }
    }
    await sim.run(200);
    const [e, i] = await sim.summary();
    expect(e!.rateHz).toBeGreaterThan(1);
    expect(e!.rateHz).toBeLessThan(100);
    expect(i!.rateHz).toBeGreaterThan(1);
  });

  it('builds a 3D Watts–Strogatz lattice from the placed positions', async () => {
    const net: NetworkDescription = {
      dt: 1,
      seed: 2,
      populations: [{ name: 'grid', size: 512, model: 'izhikevich-2003', positions: { layout: 'grid', spacingUm: 20 } }],
      projections: [{ source: 'grid', target: 'grid', connectivity: { rule: 'watts-strogatz', k: 6, p: 0, lattice: 'nearest-3d' }, weight: 1 }],
    };
    const sim = await Simulation.create(net, { backend: 'cpu' });
    const { csr } = sim.plan.projections[0]!;
    const positions = sim.plan.populations[0]!.positions!;
    // Without rewiring every link joins lattice neighbours: at most one diagonal (√2 · 20 µm) apart.
    for (let i = 0; i < 512; i++)
      for (let s = csr.rowOffsets[i]!; s < csr.rowOffsets[i + 1]!; s++)
        expect(distance(positions, i, positions, csr.targets[s]!)).toBeLessThan(20 * Math.SQRT2 + 1e-3);
  });

  it('refuses a spatial rule or distance delay between populations without positions, naming the population', async () => {
    const withoutPositions = spatialNetwork();
    delete withoutPositions.populations[1]!.positions;
    await expect(Simulation.create(withoutPositions, { backend: 'cpu' })).rejects.toThrow(ValidationError);
    await expect(Simulation.create(withoutPositions, { backend: 'cpu' })).rejects.toThrow(/^populations\[1\]\.positions: population 'inh' has no positions/);
  });

  it('refuses an inhibitory population with positive weights (Dale’s law)', async () => {
    const net = spatialNetwork();
    net.projections![2]!.weight = { dist: 'uniform', low: -1, high: 0.1 };
    await expect(Simulation.create(net, { backend: 'cpu' })).rejects.toThrow(
      /^projections\[2\]\.weight\.high: expected weights ≤ 0, since population 'inh' is inhibitory/,
    );
  });
});

describe('spatial networks on WebGPU (SwiftShader in CI)', async () => {
  const gpu = await acquireGpu();
  if (!gpu) {
    it.skip('needs a WebGPU adapter (set VK_ICD_FILENAMES to SwiftShader)', () => {});
    return;
  }
  afterAll(() => gpu.destroy());

  it('runs with distance-dependent connectivity and delays bit-identically to the CPU', async () => {
    const cpu = await Simulation.create(spatialNetwork(), { backend: 'cpu' });
    const webgpu = await Simulation.create(spatialNetwork(), { gpu });
    expect(webgpu.backend).toBe('webgpu');
    await cpu.run(200);
    await webgpu.run(200);
    expect(cpu.spikes.length).toBeGreaterThan(1000);
    expect(Array.from(webgpu.spikes.ids)).toEqual(Array.from(cpu.spikes.ids));
    expect(Array.from(webgpu.spikes.steps)).toEqual(Array.from(cpu.spikes.steps));
    webgpu.destroy();
  });
});
