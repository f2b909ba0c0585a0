import type { NetworkDescription } from '@spikegpu/core';
import { buildProfileNetwork, type ProfileNetworkOptions } from './build-profile-network.js';
import { spatialEi } from './spatial-ei.js';

/**
 * The CLI's default network: {@link spatialEi} with Izhikevich (2003) neurons (regular-spiking
 * excitatory, fast-spiking inhibitory), conductance synapses and background drive, at the paper's
 * 1 ms step (two half-steps inside; at 0.5 ms the rates differ by under 5 %). 10,000 neurons in a
 * 464 µm cube make about 1.7 million synapses; excitatory cells fire at about 10 Hz, inhibitory ones at
 * about 26 Hz. Options are those of {@link buildProfileNetwork} less `model`.
 *
 * @example
 * ```ts
 * const sim = await Simulation.create(spatialIzhikevichNetwork({ size: 10_000, seed: 1 }));
 * await sim.run(1000);
 * ```
 */
export function spatialIzhikevichNetwork(options: Partial<Omit<ProfileNetworkOptions, 'model'>> = {}): NetworkDescription {
  const size = options.size ?? 10_000;
  const net = buildProfileNetwork(spatialEi, { ...options, size, seed: options.seed ?? 1, dt: options.dt ?? 1, model: 'izhikevich-2003' });
  return { ...net, name: `spatial-izhikevich-${size}` };
}
