import { definePlasticityRule } from '../plasticity-rule.js';

/**
 * Multiplicative synaptic scaling, the second homeostasis option (Turrigiano et al. 1998; van Rossum,
 * Bi & Turrigiano 2000): every `intervalMs` each postsynaptic neuron multiplies the weights of its
 * incoming synapses on this projection by 1 + η·(r_target − r)/r_target, r its rate estimate, and
 * clamps them to [wMin, wMax]. A neuron firing above the target scales its inputs down, one below
 * scales them up, all by the same factor, so their relative sizes (e.g. learned by STDP on the same
 * projection) are kept. Nothing happens in the steps between scalings.
 */
export const synapticScaling = definePlasticityRule({
  name: 'synaptic-scaling',
  cite: 'Turrigiano, Leslie, Desai, Rutherford & Nelson 1998, Nature 391:892; van Rossum, Bi & Turrigiano 2000, J Neurosci 20:8812',
  description: 'Every intervalMs: w ← clamp(w·(1 + η·(target − r)/target), wMin, wMax), r the postsynaptic rate estimate.',
  params: { targetRateHz: 5, eta: 0.1, intervalMs: 100, rateTauMs: 1000, wMin: 0, wMax: 1 },
  limits: {
    targetRateHz: { min: 0, minExclusive: true },
    eta: { min: 0 },
    intervalMs: { min: 0, minExclusive: true },
    rateTauMs: { min: 0, minExclusive: true },
  },
  relations: [{ field: 'wMax', holds: 'wMax > wMin', expected: 'a number > wMin' }],
  scaling: {
    intervalMs: 'intervalMs',
    rateTauMs: 'rateTauMs',
    bounds: ['wMin', 'wMax'],
    factor: '1 + eta*(targetRateHz - rateHz)/targetRateHz',
  },
});
