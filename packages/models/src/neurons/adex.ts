import { defineNeuronModel } from '../neuron-model.js';

/**
 * Adaptive exponential integrate-and-fire (Brette & Gerstner 2005), in pF, nS, mV, pA, ms:
 *   C v′ = −gL(v − EL) + gL·ΔT·exp((v − VT)/ΔT) − w + I,   τw w′ = a(v − EL) − w;
 *   at v ≥ vPeak: v ← Vr, w ← w + b.
 * Defaults are the paper's regular-spiking cell (the set neural-simulator uses).
 *
 * Overflow guard: the exponent is clamped at 20. Past that point (v more than 20·ΔT above VT) the
 * exponential term already drives v by ~10⁸ mV/ms, so v crosses any cut-off within the step, while
 * exp of a larger argument would overflow f32 (at 88) and turn v into Infinity or NaN.
 */
export const adex = defineNeuronModel({
  name: 'adex',
  cite: 'Brette & Gerstner 2005, J Neurophysiol 94:3637–3642',
  description: 'Exponential integrate-and-fire with an adaptation current w; a and b set sub-threshold and spike-triggered adaptation.',
  state: { v: -70.6, w: 0 },
  params: { C: 281, gL: 30, EL: -70.6, VT: -50.4, DeltaT: 2, a: 4, tauW: 144, b: 80.5, Vr: -70.6, vPeak: 20 },
  equations: {
    v: '(-gL*(v - EL) + gL*DeltaT*exp(min((v - VT)/DeltaT, 20)) - w + I)/C',
    w: '(a*(v - EL) - w)/tauW',
  },
  threshold: 'v >= vPeak',
  reset: { v: 'Vr', w: 'w + b' },
  integrator: 'euler',
  currentUnit: 'pA',
});
