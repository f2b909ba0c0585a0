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

/**
 * Izhikevich (2007) simple model in physical units (pF, nS/mV, mV, pA, ms), the form of the book's
 * chapter 8: C v' = k(v − vr)(v − vt) − u + I, u' = a(U(v) − u); at v ≥ vPeak, v ← c, u ← u + d.
 * Defaults are the regular-spiking layer-5 pyramidal cell (Fig. 8.12).
 *
 * Some of the book's cells bend the simple form; the extra parameters reproduce them and are
 * neutral at their defaults:
 * - the u-nullcline U(v) = (v > vb ? b : bLow)·(v − vr) + bCubic·max(v − vb, 0)³ — the fast-spiking
 *   interneuron's U = 0.025(v − vb)³ above vb = −55 (Fig. 8.27), the thalamocortical and reticular
 *   cells' b that switches at −65 mV (Figs. 8.31, 8.32); by default vb = −10⁶ mV, so U = b(v − vr);
 * - a spike cut-off vPeak + vPeakU·u and a reset c + cU·u (the LTS interneuron, Fig. 8.25, and the
 *   thalamocortical cell, Fig. 8.31).
 *
 * The u-dependent peak and reset are why the book's FS cell has d = 0 and why NEURON ports that store vb
 * in `d` (hence neural-simulator's FS d = −55) are wrong: d is the after-spike jump of u.
 */
export const izhikevich2007 = defineNeuronModel({
  name: 'izhikevich-2007',
  cite: 'Izhikevich 2007, Dynamical Systems in Neuroscience, MIT Press, ch. 8 (Figs. 8.12–8.32)',
  description: 'Simple model in pF, mV, pA, ms: C v′ = k(v − vr)(v − vt) − u + I, u′ = a(U(v) − u).',
  state: { v: -60, u: 0 },
  params: { C: 100, k: 0.7, vr: -60, vt: -40, vPeak: 35, a: 0.03, b: -2, c: -50, d: 100, vb: -1e6, bLow: 0, bCubic: 0, vPeakU: 0, cU: 0 },
  equations: {
    v: '(k*(v - vr)*(v - vt) - u + I)/C',
    u: 'a*((v > vb ? b : bLow)*(v - vr) + bCubic*max(v - vb, 0)**3 - u)',
  },
  threshold: 'v >= vPeak + vPeakU*u',
  reset: { v: 'c + cU*u', u: 'u + d' },
  integrator: 'euler',
  currentUnit: 'pA',
});
