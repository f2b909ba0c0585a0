import { defineNeuronModel } from '../neuron-model.js';

/**
 * Leaky integrate-and-fire neuron with an absolute refractory period, in pF, nS, mV, pA and ms.
 * Current- or conductance-based synapses come from the population's receptors, which add their
 * currents to `I`. Defaults are those of the Vogels–Abbott (2005) / Brette et al. (2007) COBA benchmark.
 */
export const lif = defineNeuronModel({
  name: 'lif',
  cite: 'Lapicque 1907; defaults from Vogels & Abbott 2005, J Neurosci 25:10786, and Brette et al. 2007, J Comput Neurosci 23:349',
  description: 'C dv/dt = gL (EL − v) + I; spike at v ≥ vThresh, v ← vReset, held for tRef ms.',
  state: { v: -60 },
  params: { C: 200, gL: 10, EL: -60, vThresh: -50, vReset: -60, tRef: 5 },
  equations: { v: '(gL*(EL - v) + I)/C' },
  threshold: 'v >= vThresh',
  reset: { v: 'vReset' },
  refractory: { periodMs: 'tRef', hold: ['v'] },
  integrator: 'euler',
  currentUnit: 'pA',
});
