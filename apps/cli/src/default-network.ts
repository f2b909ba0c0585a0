import type { NetworkDescription } from '@spikegpu/core';
import { izhikevich2003Network } from '@spikegpu/simulator';

/**
 * What `spikegpu run` simulates without a profile: the Izhikevich (2003) network scaled to 10,000
 * neurons with the paper's in-degree of 1,000 (10⁷ synapses) and its random thalamic drive.
 */
export function defaultNetwork(seed = 1): NetworkDescription {
  return izhikevich2003Network({ excitatory: 8000, inhibitory: 2000, inDegree: 1000, seed });
}
