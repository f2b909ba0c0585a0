import type { NetworkDescription } from '@spikegpu/core';
import { buildProfileNetwork, type ProfileNetworkOptions } from './build-profile-network.js';
import { spatialEi } from './spatial-ei.js';

/**
 * The CLI's default network: {@link spatialEi} with Izhikevich (2003) neurons (regular-spiking
 * excitatory, fast-spiking inhibitory), conductance synapses and background drive. 10,000 neurons make
 * about 2.5 million synapses.
 *
 * @example
 * ```ts
 * const sim = await Simulation.create(spatialIzhikevichNetwork({ size: 10_000, seed: 1 }));
 * await sim.run(1000);
 * ```
 */
export function spatialIzhikevichNetwork(options: Partial<Omit<ProfileNetworkOptions, 'model'>> = {}): NetworkDescription {
  const size = options.size ?? 10_000;
  const net = buildProfileNetwork(spatialEi, { ...options, size, seed: options.seed ?? 1, model: 'izhikevich-2003' });
  return { ...net, name: `spatial-izhikevich-${size}` };
}
