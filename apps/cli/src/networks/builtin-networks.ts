import { didYouMean, type NetworkDescription, ValidationError } from '@spikegpu/core';
import { hodgkinHuxleyPresets } from '@spikegpu/models';
import { spatialIzhikevichNetwork } from '@spikegpu/profiles';
import { cobaNetwork, izhikevich2003Network } from '@spikegpu/simulator';
import { type RandomEiModel, randomEiName, randomEiNetwork } from './random-ei-network.js';

/** A network `spikegpu run --network` and `spikegpu tune --network` know by name. */
export interface BuiltinNetwork {
  name: string;
  /** One line for `spikegpu help`. */
  summary: string;
  /** Neurons when `--neurons` is not given. */
  defaultNeurons: number;
  /** Neurons `spikegpu tune` simulates per candidate (full, quick). */
  tuneNeurons: [number, number];
  create(options: { neurons?: number; seed: number }): NetworkDescription;
}

/**
 * `spikegpu run`'s default: 10,000 Izhikevich (2003) neurons placed in 3D (a 464 µm cube), distance-dependent
 * connectivity with distance delays, conductance synapses and background drive (`spatialIzhikevichNetwork`).
 */
export const DEFAULT_NETWORK = 'spatial-izhikevich-10k';

function izhikevich(neurons: number, seed: number, inDegree?: number): NetworkDescription {
  const excitatory = Math.round(neurons * 0.8);
  return izhikevich2003Network({ excitatory, inhibitory: neurons - excitatory, seed, ...(inDegree ? { inDegree: Math.min(inDegree, excitatory) } : {}) });
}

function randomEi(model: RandomEiModel, summary: string, hhPreset?: string): BuiltinNetwork {
  return {
    name: randomEiName(model, hhPreset),
    summary,
    defaultNeurons: 4000,
    tuneNeurons: [400, 250],
    create: ({ neurons = 4000, seed }) =>
      randomEiNetwork({ model, neurons, synapsesPerNeuron: Math.min(100, neurons - 1), seed, ...(hhPreset ? { hhPreset } : {}) }),
  };
}

/** Every built-in network, by name. */
export const BUILTIN_NETWORKS: readonly BuiltinNetwork[] = [
  {
    name: DEFAULT_NETWORK,
    summary: '3D spatial Izhikevich E/I network: distance-dependent synapses and delays, conductances, background drive',
    defaultNeurons: 10_000,
    tuneNeurons: [2000, 1000],
    create: ({ neurons = 10_000, seed }) => spatialIzhikevichNetwork({ size: neurons, seed }),
  },
  {
    name: 'izhikevich-2003-10k',
    summary: 'Izhikevich (2003) scaled up, in-degree 1,000, random thalamic input (10⁷ synapses)',
    defaultNeurons: 10_000,
    tuneNeurons: [2000, 1000],
    create: ({ neurons = 10_000, seed }) => izhikevich(neurons, seed, 1000),
  },
  {
    name: 'izhikevich-2003',
    summary: 'Izhikevich (2003), Fig. 3: 1,000 neurons, all-to-all',
    defaultNeurons: 1000,
    tuneNeurons: [1000, 1000],
    create: ({ neurons = 1000, seed }) => izhikevich(neurons, seed),
  },
  {
    name: 'coba',
    summary: 'Vogels–Abbott COBA (Brette et al. 2007): 4,000 LIF, 2 % connectivity, dt 0.1 ms',
    defaultNeurons: 4000,
    tuneNeurons: [4000, 2000],
    create: ({ neurons = 4000, seed }) => cobaNetwork({ size: neurons, seed }),
  },
  randomEi('lif', 'random E/I network of LIF neurons, 100 inputs each, conductance synapses'),
  randomEi('adex', 'random E/I network of AdEx neurons (Brette & Gerstner 2005), 100 inputs each'),
  randomEi('hh', 'random E/I network of Hodgkin–Huxley (1952) neurons, 100 inputs each, dt 0.025 ms'),
  ...Object.keys(hodgkinHuxleyPresets)
    .filter((preset) => preset !== 'squid')
    .map((preset) => randomEi('hh', `as hh-ei, with the '${preset}' Hodgkin–Huxley preset`, preset)),
];

/** The built-in network of that name, or a {@link ValidationError} that lists them. */
export function findBuiltinNetwork(name: string): BuiltinNetwork {
  const network = BUILTIN_NETWORKS.find((n) => n.name === name);
  if (!network) {
    const names = BUILTIN_NETWORKS.map((n) => n.name);
    throw new ValidationError(`unknown network '${name}'`, {
      code: 'unknown-network',
      path: '--network',
      expected: `one of ${names.join(', ')}`,
      hint: didYouMean(name, names),
    });
  }
  return network;
}
