import type { NetworkDescription } from '@spikegpu/core';
import { builtinNeuronModels, ModelRegistry } from '@spikegpu/models';
import { describe, expect, it } from 'vitest';
import { planNetwork } from './network-plan.js';
import { cobaNetwork, izhikevich2003Network } from './networks/index.js';
import { generateNeuronUpdate, stateLayout } from './neuron-kernel.js';
import { updateCost } from './step-kernel.js';

/** The largest update cost among a network's populations. */
function costOf(net: NetworkDescription): number {
  const plan = planNetwork(net, new ModelRegistry([...builtinNeuronModels]));
  const layouts = stateLayout(plan);
  const constants = { ringStride: 0, recordCapacity: 0, recordIdsOffset: 0, failureOffset: 0, inputWindows: new Map() };
  return Math.max(...plan.populations.map((pop) => updateCost(generateNeuronUpdate('wgsl', plan, pop, layouts[pop.index]!, constants))));
}

const single = (model: string, dt: number): NetworkDescription => ({
  dt,
  seed: 1,
  populations: [{ name: 'a', size: 10, model, receptors: { exc: { kind: 'conductance', tauMs: 5, reversalMv: 0 } } }],
  inputs: [{ kind: 'poisson', target: 'a', receptor: 'exc', weight: 1, rateHz: 10, sources: 10 }],
});

describe('updateCost (what auto reads to fuse)', () => {
  it('is low for LIF and AdEx with Poisson drive, high for Gaussian input and Hodgkin–Huxley', () => {
    expect(costOf(cobaNetwork({ size: 100 }))).toBe(0);
    expect(costOf(single('adex', 0.1))).toBeLessThanOrEqual(2);
    expect(costOf(izhikevich2003Network())).toBeGreaterThan(2);
    expect(costOf(single('hodgkin-huxley-1952', 0.025))).toBeGreaterThan(10);
  });
});
