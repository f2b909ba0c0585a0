import type { NetworkDescription } from '@spikegpu/core';
import { cobaNetwork } from './networks/index.js';

// Small networks the engine tests share (not exported from the package).

/** Neuron 3 of 'b' gets a current that drives v past the f32 range within a few steps. */
export const blowUpNetwork = (): NetworkDescription => ({
  dt: 1,
  seed: 1,
  populations: [
    { name: 'a', size: 5, model: 'izhikevich-2003' },
    { name: 'b', size: 10, model: 'izhikevich-2003', params: { vPeak: 1e30 } },
  ],
  inputs: [{ kind: 'current', target: 'b', amplitude: 1e37, neurons: [3], startMs: 20 }],
});

/** COBA with per-synapse delays uniform in [0.1, highMs] ms, so spikes land in many ring slots. */
export const cobaWithDelays = (size: number, highMs = 2): NetworkDescription => {
  const net = cobaNetwork({ size });
  return { ...net, projections: net.projections?.map((p) => ({ ...p, delayMs: { dist: 'uniform', low: 0.1, high: highMs } })) };
};

/** Spikes as [step, id] pairs, for a whole-train comparison. */
export const spikeTrainOf = (sim: { spikes: { ids: Uint32Array; steps: Uint32Array } }) =>
  Array.from(sim.spikes.ids, (id, k) => [sim.spikes.steps[k] as number, id]);
