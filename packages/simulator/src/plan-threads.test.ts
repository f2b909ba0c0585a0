import { WorkerPool } from '@spikegpu/connectivity';
import type { NetworkDescription } from '@spikegpu/core';
import { acquireGpu } from '@spikegpu/gpu-runtime';
import { builtinNeuronModels, ModelRegistry } from '@spikegpu/models';
import { describe, expect, it } from 'vitest';
import { useBundledPackage } from '../../../test-support/bundled-package.ts';
import { type NetworkPlan, planNetwork } from './network-plan.js';
import { izhikevich2003Network } from './networks/index.js';
import { fixedPointWeights } from './plan-workers.js';
import { Simulation } from './simulation.js';
import { spikeTrainOf } from './test-networks.js';

/** Byte-for-byte equality of two typed arrays (toEqual walks large arrays slowly). */
const same = (a: ArrayBufferView | null, b: ArrayBufferView | null) =>
  a === null || b === null ? a === b : Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(Buffer.from(b.buffer, b.byteOffset, b.byteLength));

/**
 * Every path of the projection build, 3.7 × 10⁶ synapses (over the threshold for threads): fixed
 * in-degree (column chunks) with sampled delays, fixed probability (row chunks) with normal weights and
 * STDP, fixed out-degree with a constant weight, all-to-all (built on one thread) with a weight list.
 */
const network: NetworkDescription = {
  dt: 0.5,
  seed: 77,
  populations: [
    { name: 'exc', size: 3000, model: 'izhikevich-2003' },
    { name: 'inh', size: 1000, model: 'izhikevich-2003' },
  ],
  projections: [
    {
      source: 'exc',
      target: 'exc',
      connectivity: { rule: 'fixed-indegree', k: 400 },
      weight: { dist: 'uniform', low: 0, high: 0.5 },
      delayMs: { dist: 'uniform', low: 0.5, high: 6 },
    },
    {
      source: 'exc',
      target: 'inh',
      connectivity: { rule: 'fixed-probability', p: 0.3 },
      weight: { dist: 'normal', mean: 0.3, sd: 0.1, min: 0, max: 1 },
      delayMs: 2,
      plasticity: [{ rule: 'stdp', aPlus: 0.01, aMinus: 0.012, tauPlusMs: 20, tauMinusMs: 20, wMin: 0, wMax: 1 }],
    },
    { source: 'inh', target: 'exc', connectivity: { rule: 'fixed-outdegree', k: 500 }, weight: -0.5 },
    {
      source: 'inh',
      target: 'inh',
      connectivity: { rule: 'all-to-all' },
      weight: { dist: 'list', values: Array.from({ length: 999_000 }, (_, k) => -((k % 7) + 1) / 8) },
      delayMs: { dist: 'normal', mean: 3, sd: 1, min: 0.5 },
    },
  ],
};

function expectSamePlan(a: NetworkPlan, b: NetworkPlan, label: string, threaded: boolean): void {
  expect(
    b.projections.map((p) => p.receptor.scaleExp),
    label,
  ).toEqual(a.projections.map((p) => p.receptor.scaleExp));
  a.projections.forEach((p, k) => {
    const q = b.projections[k] as NetworkPlan['projections'][number];
    const where = `${label}, ${p.name}`;
    expect(same(q.csr.rowOffsets, p.csr.rowOffsets), `${where}: row offsets`).toBe(true);
    expect(same(q.csr.targets, p.csr.targets), `${where}: targets`).toBe(true);
    expect(same(q.weightsFixed, p.weightsFixed), `${where}: fixed-point weights`).toBe(true);
    expect(same(q.delaySteps, p.delaySteps), `${where}: delays`).toBe(true);
    expect(same(q.plasticity?.weights ?? null, p.plasticity?.weights ?? null), `${where}: plastic weights`).toBe(true);
    expect([q.maxDelaySteps, q.constantDelaySteps], where).toEqual([p.maxDelaySteps, p.constantDelaySteps]);
    // A plastic projection's CSR is its own, in ordinary memory.
    if (q.plasticity) expect(q.csr.targets.buffer, where).toBeInstanceOf(ArrayBuffer);
  });
  // Arrays built on several threads stay in the shared memory they were built in (no copy).
  const isShared = (plan: NetworkPlan) => plan.projections.some((p) => p.weightsFixed.buffer instanceof SharedArrayBuffer);
  expect(isShared(b), label).toBe(threaded);
}

describe('building a plan over threads', () => {
  const registry = new ModelRegistry([...builtinNeuronModels]);
  // From TypeScript source the plan runs on this thread alone; workers need the JavaScript a bundle
  // (or the published dist) gives them, so the threaded path is tested on a bundle of this package.
  const bundle = useBundledPackage<{ planNetwork: typeof planNetwork; Simulation: typeof Simulation }>(new URL('./index.ts', import.meta.url), {
    external: ['webgpu'],
  });

  it('gives the same CSR, weights and delays on 1, 2 and 3 threads', () => {
    const one = planNetwork(network, registry, undefined, undefined, { threads: 1 });
    expect(one.totalSynapses).toBeGreaterThan(3_000_000);
    expect(one.projections[1]?.plasticity?.weights).toBeInstanceOf(Float32Array);
    for (const threads of [1, 2, 3]) {
      const before = bundle.workersStarted();
      const many = bundle.module().planNetwork(network, registry, undefined, undefined, { threads });
      expect(bundle.workersStarted() - before, `${threads} threads`).toBe(threads - 1);
      expectSamePlan(one, many, `${threads} threads`, threads > 1);
    }
  });

  it('gives the same spikes from a threaded plan (shared memory) on the CPU and the GPU as from one thread', async () => {
    // 3,000 neurons × 1,000 inputs: E→E (2.4 × 10⁶ synapses) is built on threads.
    const net = izhikevich2003Network({ excitatory: 2400, inhibitory: 600, inDegree: 1000 });
    const reference = await Simulation.create(net, { backend: 'cpu', threads: 1 });
    await reference.run(100);
    expect(reference.spikes.length).toBeGreaterThan(100);
    const gpu = await acquireGpu();
    for (const options of [{ backend: 'cpu' as const }, ...(gpu ? [{ gpu }] : [])]) {
      const sim = await bundle.module().Simulation.create(net, { ...options, threads: 3 });
      expect(sim.plan.projections[0]?.weightsFixed.buffer).toBeInstanceOf(SharedArrayBuffer);
      await sim.run(100);
      expect(spikeTrainOf(sim), sim.backend).toEqual(spikeTrainOf(reference));
      sim.destroy();
    }
    gpu?.destroy();
  });

  it('builds a small network on this thread alone', () => {
    const before = bundle.workersStarted();
    bundle.module().planNetwork({ ...network, projections: network.projections?.slice(2, 3) }, registry, undefined, undefined, { threads: 4 });
    expect(bundle.workersStarted()).toBe(before);
  });

  it('refuses a thread count that is not a positive integer, naming the field', () => {
    expect(() => planNetwork(network, registry, undefined, undefined, { threads: 0 })).toThrow(/^threads: expected an integer in \[1, 1024\], got 0/);
  });
});

describe('fixed-point weights', () => {
  it('round w · 2^s exactly as Math.round does, halves and tiny values included', () => {
    const values = new Float32Array(200_000);
    let state = 12345;
    for (let k = 0; k < values.length; k++) {
      state = (Math.imul(state, 1103515245) + 12345) >>> 0;
      const magnitude = 2 ** ((state % 80) - 40);
      values[k] = ((state & 1 ? -1 : 1) * magnitude * (state >>> 8)) / 2 ** 24;
    }
    values.set([0.5, -0.5, 1.5, -1.5, 2.5, -2.5, 2 ** -30, -(2 ** -30), 0.49999997, -0.49999997, 0, -0]);
    for (const scaleExp of [-3, 0, 7, 20, 30]) {
      const fixed = fixedPointWeights(WorkerPool.inline({}), { values: values.slice(), constant: 0, largest: 0 }, scaleExp, true) as Int32Array;
      const expected = Int32Array.from(values, (w) => Math.round(w * 2 ** scaleExp));
      expect(same(fixed, expected), `scale 2^${scaleExp}`).toBe(true);
    }
  });
});
