import type { StructureProfile } from './structure-profile.js';

/**
 * A 3D spatial E/I network: 80 % excitatory and 20 % inhibitory neurons uniform in a cube at cortical
 * density (10⁵ per mm³), pairs connected with a probability that falls with distance as a Gaussian
 * (inhibition denser and more local than excitation), conduction delays along the distance.
 */
export const spatialEi: StructureProfile = {
  name: 'spatial-ei',
  label: '3D spatial E/I network',
  description: 'Excitatory and inhibitory neurons (80/20) in a cube, connected with a Gaussian fall-off of probability with distance.',
  cite: 'Gaussian local connectivity as measured between L2/3 pyramidal cells by Hellwig 2000, Biol Cybern 82:111',
  populations: [
    { name: 'exc', sign: 'excitatory', fraction: 0.8 },
    { name: 'inh', sign: 'inhibitory', fraction: 0.2 },
  ],
  wiring: {
    kind: 'distance',
    rules: [
      { source: 'exc', target: 'exc', p0: 0.25, scaleUm: 90 },
      { source: 'exc', target: 'inh', p0: 0.25, scaleUm: 90 },
      { source: 'inh', target: 'exc', p0: 0.5, scaleUm: 70 },
      { source: 'inh', target: 'inh', p0: 0.5, scaleUm: 70 },
    ],
  },
};
