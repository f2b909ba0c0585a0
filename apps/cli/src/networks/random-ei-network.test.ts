import { validateNetwork } from '@spikegpu/core';
import { builtinNeuronModels, ModelRegistry } from '@spikegpu/models';
import { Simulation } from '@spikegpu/simulator';
import { describe, expect, it } from 'vitest';
import { ActivityMeter, criteriaFailures, DEFAULT_CRITERIA } from '../tune/activity-metrics.js';
import { BUILTIN_NETWORKS, findBuiltinNetwork } from './builtin-networks.js';
import { randomEiNetwork } from './random-ei-network.js';

describe('built-in networks', () => {
  it('are valid descriptions at their tuning size', () => {
    const registry = new ModelRegistry(builtinNeuronModels);
    for (const network of BUILTIN_NETWORKS)
      expect(() => validateNetwork(network.create({ neurons: network.tuneNeurons[1], seed: 1 }), registry), network.name).not.toThrow();
  });

  it('fail with the list of names for an unknown one', () => {
    expect(() => findBuiltinNetwork('lif-e')).toThrow(
      /unknown network 'lif-e'.*expected one of spatial-izhikevich-10k, izhikevich-2003-10k,.*did you mean 'lif-ei'/,
    );
  });

  it('give each neuron exactly its in-degree, 80 % from excitatory neurons', async () => {
    const sim = await Simulation.create(randomEiNetwork({ model: 'adex', neurons: 500, synapsesPerNeuron: 100 }), { backend: 'cpu' });
    expect(sim.plan.totalSynapses).toBe(500 * 100);
    const fromExc = sim.plan.projections.filter((j) => j.source.name === 'exc').reduce((n, j) => n + j.csr.targets.length, 0);
    expect(fromExc).toBe(500 * 80);
    sim.destroy();
  });

  it('lif-ei at its default drive is alive but not seizure-like (asynchronous irregular)', async () => {
    const sim = await Simulation.create(randomEiNetwork({ model: 'lif', neurons: 400, synapsesPerNeuron: 100 }), { backend: 'cpu', keepSpikesInMemory: false });
    const meter = new ActivityMeter(400, sim.plan.dt, 1000, 5);
    sim.onSpikes((step, ids) => meter.add(step, ids));
    await sim.run(400);
    const metrics = meter.metrics(sim.step);
    expect(criteriaFailures(metrics, DEFAULT_CRITERIA)).toEqual([]);
    sim.destroy();
  });
});
