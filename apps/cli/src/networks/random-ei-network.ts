import type { NetworkDescription, PopulationSpec, ReceptorSpec } from '@spikegpu/core';
import { findPreset } from '@spikegpu/models';

/** Models a random E/I network can be built of: LIF, AdEx, Hodgkin–Huxley. */
export type RandomEiModel = 'lif' | 'adex' | 'hh';

/** What {@link randomEiNetwork} builds. */
export interface RandomEiOptions {
  model: RandomEiModel;
  /** Neurons in all; 80 % excitatory. */
  neurons: number;
  /** Inputs per neuron from the network (80 % from excitatory neurons), drawn without repeats. */
  synapsesPerNeuron: number;
  seed?: number;
  /** For `hh`: a preset of `@spikegpu/models`' Hodgkin–Huxley table (default `squid`, the 1952 axon). */
  hhPreset?: string;
}

/**
 * Per model: the cell, its synapses and its background drive. Synapses are conductances after
 * Vogels & Abbott (2005) as benchmarked by Brette et al. (2007, COBA): excitatory τ 5 ms to 0 mV,
 * inhibitory τ 10 ms to −80 mV. The weights below are those of `REFERENCE_INDEGREE` inputs (COBA's 80)
 * and are divided by in-degree / 80, so the mean recurrent conductance does not depend on the
 * in-degree. Each neuron also gets independent excitatory Poisson drive (COBA's 100 sources × 8 Hz);
 * its weight was chosen by sweeps so that at drive scale 1 each network, at 400 neurons, meets
 * `spikegpu tune`'s criteria: alive, asynchronous, irregular (see the CLI README).
 */
const REFERENCE_INDEGREE = 80;

interface ModelSetup {
  dt: number;
  /** Name of the description (what `spikegpu tune` keys its overrides by). */
  name: string;
  population: (size: number) => Omit<PopulationSpec, 'name' | 'size' | 'receptors'>;
  /** Weights at the reference in-degree, in the model's conductance unit. */
  excitatoryWeight: number;
  inhibitoryWeight: number;
  driveWeight: number;
}

const SETUPS: Record<RandomEiModel, ModelSetup> = {
  // COBA's cell and weights (Brette et al. 2007, benchmark 1), nS.
  lif: {
    dt: 0.1,
    name: 'lif-ei',
    population: () => ({
      model: 'lif',
      params: { C: 200, gL: 10, EL: -60, vThresh: -50, vReset: -60, tRef: 5 },
      init: { v: { dist: 'uniform', low: -60, high: -50 } },
    }),
    excitatoryWeight: 6,
    inhibitoryWeight: 67,
    driveWeight: 6,
  },
  // Brette & Gerstner (2005)'s regular-spiking cell with COBA's synapses, nS; its leak is 3× COBA's,
  // the drive 1.5× (at 3× the network fires at ~50 Hz in bursts; `spikegpu tune` keeps half of that).
  adex: {
    dt: 0.1,
    name: 'adex-ei',
    population: () => ({ model: 'adex', init: { v: { dist: 'uniform', low: -70.6, high: -55 } } }),
    excitatoryWeight: 6,
    inhibitoryWeight: 67,
    driveWeight: 9,
  },
  // Hodgkin & Huxley (1952), mS/cm², RK4 at 0.025 ms. Weights scaled from COBA's by the leak
  // (0.3 vs 10) and then lowered: at COBA's ratio the network locks into synchronous volleys.
  hh: {
    dt: 0.025,
    name: 'hh-ei',
    population: () => ({ model: 'hodgkin-huxley-1952', init: { v: { dist: 'uniform', low: -70, high: -60 } } }),
    excitatoryWeight: 0.03,
    inhibitoryWeight: 0.3,
    driveWeight: 0.09,
  },
};

const RECEPTORS: Record<string, ReceptorSpec> = {
  exc: { kind: 'conductance', tauMs: 5, reversalMv: 0 },
  inh: { kind: 'conductance', tauMs: 10, reversalMv: -80 },
};

/** The description's name for a model (and HH preset): sizes share it, so tuned drive carries over. */
export function randomEiName(model: RandomEiModel, hhPreset?: string): string {
  const base = SETUPS[model].name;
  return model === 'hh' && hhPreset && hhPreset !== 'squid' ? `${base}-${hhPreset}` : base;
}

/**
 * A random excitatory/inhibitory network of one built-in model, with fixed in-degree (so each
 * neuron's input statistics, and the drive that suits it, do not depend on the network's size).
 * What the benchmark sweeps and `spikegpu tune` tunes by default.
 *
 * @example
 * const net = randomEiNetwork({ model: 'lif', neurons: 10_000, synapsesPerNeuron: 1000 });
 */
export function randomEiNetwork(options: RandomEiOptions): NetworkDescription {
  const setup = SETUPS[options.model];
  const ne = Math.round(options.neurons * 0.8);
  const ni = options.neurons - ne;
  const fromExc = Math.round(options.synapsesPerNeuron * 0.8);
  const fromInh = options.synapsesPerNeuron - fromExc;
  const scale = REFERENCE_INDEGREE / options.synapsesPerNeuron;
  let population = setup.population(options.neurons);
  if (options.model === 'hh' && options.hhPreset && options.hhPreset !== 'squid') {
    const preset = findPreset('hodgkin-huxley', options.hhPreset);
    population = { ...population, model: preset.model, params: { ...preset.params } };
  }
  // Within one population there is one candidate fewer (no autapses); a small network caps k there.
  const indegree = (k: number, source: number, isSame: boolean) => ({ rule: 'fixed-indegree' as const, k: Math.min(k, isSame ? source - 1 : source) });
  const projection = (source: 'exc' | 'inh', target: 'exc' | 'inh') => ({
    source,
    target,
    connectivity: indegree(source === 'exc' ? fromExc : fromInh, source === 'exc' ? ne : ni, source === target),
    receptor: source,
    weight: (source === 'exc' ? setup.excitatoryWeight : setup.inhibitoryWeight) * scale,
  });
  return {
    name: randomEiName(options.model, options.hhPreset),
    dt: setup.dt,
    seed: options.seed ?? 1,
    populations: [
      { name: 'exc', size: ne, receptors: RECEPTORS, ...population },
      { name: 'inh', size: ni, receptors: RECEPTORS, ...population },
    ],
    projections: [projection('exc', 'exc'), projection('exc', 'inh'), projection('inh', 'exc'), projection('inh', 'inh')],
    inputs: (['exc', 'inh'] as const).map((target) => ({
      kind: 'poisson' as const,
      target,
      receptor: 'exc',
      weight: setup.driveWeight,
      rateHz: 8,
      sources: 100,
    })),
  };
}
