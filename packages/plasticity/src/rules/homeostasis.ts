import { defineHomeostasisRule } from '../homeostasis-rule.js';

/** The rate estimate both homeostatic rules share: a spike adds 1000/τ Hz, decaying with τ (mean: the rate). */
const rateHz = 'rateHz*exp(-dt/rateTauMs) + spiked*(1000/rateTauMs)';

/**
 * Adaptive threshold: each neuron keeps an exponential estimate of its rate and integrates the error
 * against the target into θ, which is added to a model parameter (the population spec's `param`, e.g.
 * the LIF's `vThresh`): dθ/dt = gain·(r − r_target). Integral control, so the mean rate settles at the
 * target whatever the input, as long as θ can reach the needed value.
 */
export const adaptiveThreshold = defineHomeostasisRule({
  name: 'adaptive-threshold',
  cite: 'Turrigiano 2008, Cell 135:422 (homeostatic intrinsic plasticity); θ as in Diehl & Cook 2015, Front Comput Neurosci 9:99, here with integral rate control (Zenke, Hennequin & Gerstner 2013, PLoS Comput Biol 9:e1003330)',
  description: 'θ′ = gain·(r − target), r the rate estimate; the parameter named by `param` becomes param + θ.',
  params: { targetRateHz: 5, rateTauMs: 1000, gain: 0.5 },
  limits: { targetRateHz: { min: 0 }, rateTauMs: { min: 0, minExclusive: true }, gain: { min: 0 } },
  state: { rateHz: 0, theta: 0 },
  everyStep: { rateHz, theta: 'theta + gain*(rateHz - targetRateHz)*(dt/1000)' },
  acts: { shiftsParam: 'theta' },
});

/**
 * Intrinsic excitability as a bias current: the rate error is integrated into a current added to `I`
 * (decreasing when the neuron fires too much): dI_h/dt = −gain·(r − r_target). Works with any model.
 */
export const intrinsicCurrent = defineHomeostasisRule({
  name: 'intrinsic-current',
  cite: 'Turrigiano 2008, Cell 135:422; integral rate control as in Zenke, Hennequin & Gerstner 2013, PLoS Comput Biol 9:e1003330',
  description: 'I_h′ = −gain·(r − target), r the rate estimate; I_h is added to the input current.',
  params: { targetRateHz: 5, rateTauMs: 1000, gain: 1 },
  limits: { targetRateHz: { min: 0 }, rateTauMs: { min: 0, minExclusive: true }, gain: { min: 0 } },
  state: { rateHz: 0, bias: 0 },
  everyStep: { rateHz, bias: 'bias - gain*(rateHz - targetRateHz)*(dt/1000)' },
  acts: { addsCurrent: 'bias' },
});
