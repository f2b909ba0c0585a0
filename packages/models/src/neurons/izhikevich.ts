import { defineNeuronModel } from '../neuron-model.js';

/**
 * Izhikevich (2003) simple model, dimensionless current; defaults are the regular-spiking (RS) cell.
 * Integrated with two forward-Euler half steps per 1 ms step, the scheme of the paper's own code
 * (there only v takes half steps; here both variables do, which changes u by O(a·dt²)).
 */
export const izhikevich2003 = defineNeuronModel({
  name: 'izhikevich-2003',
  cite: 'Izhikevich 2003, IEEE Trans Neural Netw 14:1569–1572',
  description: 'Quadratic integrate-and-fire with a recovery variable; a, b, c, d select the firing pattern.',
  state: { v: -65, u: -13 },
  params: { a: 0.02, b: 0.2, c: -65, d: 8, vPeak: 30 },
  equations: { v: '0.04*v*v + 5*v + 140 - u + I', u: 'a*(b*v - u)' },
  threshold: 'v >= vPeak',
  reset: { v: 'c', u: 'u + d' },
  integrator: { method: 'euler', substeps: 2 },
  currentUnit: 'dimensionless (the paper’s units: mV/ms with unit capacitance)',
});
