import { definePlasticityRule } from '../plasticity-rule.js';

/**
 * Pair-based spike-timing-dependent plasticity with a presynaptic trace x (τ+) and a postsynaptic
 * trace y (τ−) (Morrison, Diesmann & Gerstner 2008). A postsynaptic spike Δt > 0 after a presynaptic
 * one raises w by η·A+·e^{−Δt/τ+}; a presynaptic spike Δt > 0 after a postsynaptic one lowers it by
 * η·A−·e^{−Δt/τ−}. Work happens only at spikes: the spiking neuron's row (pre) or column (post).
 *
 * - `form: 'additive'` (Song, Miller & Abbott 2000): Δw = ±η·A±·trace, w clamped to [wMin, wMax].
 * - `form: 'multiplicative'` (soft bounds; van Rossum, Bi & Turrigiano 2000, Gütig et al. 2003 with
 *   μ = 1): potentiation scaled by (wMax − w)/(wMax − wMin), depression by (w − wMin)/(wMax − wMin),
 *   so A± are the changes at the far bound, in the weight's unit as in the additive form.
 * - `form: 'multiplicative-depression'`: additive potentiation, weight-dependent depression (van Rossum et al. 2000).
 * - `pairing: 'all-to-all'`: traces add 1 at each spike; `'nearest-spike'`: they are reset to 1, so each
 *   spike pairs only with the partner's latest spike (symmetric nearest-spike, Morrison et al. 2008, Fig. 7A).
 *
 * Spikes in the same step do not pair (each reads the partner's trace as it was at the start of the step).
 */
export const stdp = definePlasticityRule({
  name: 'stdp',
  cite: 'Song, Miller & Abbott 2000, Nat Neurosci 3:919; van Rossum, Bi & Turrigiano 2000, J Neurosci 20:8812; Gütig et al. 2003, J Neurosci 23:3697; Morrison, Diesmann & Gerstner 2008, Biol Cybern 98:459',
  description: 'Pair-based STDP with traces: Δw = η·A+·e^{−Δt/τ+} (pre before post), −η·A−·e^{−Δt/τ−} (post before pre).',
  params: { aPlus: 0.01, aMinus: 0.0105, tauPlusMs: 20, tauMinusMs: 20, wMin: 0, wMax: 1, learningRate: 1 },
  limits: {
    aPlus: { min: 0 },
    aMinus: { min: 0 },
    tauPlusMs: { min: 0, minExclusive: true },
    tauMinusMs: { min: 0, minExclusive: true },
    learningRate: { min: 0 },
  },
  relations: [{ field: 'wMax', holds: 'wMax > wMin', expected: 'a number > wMin' }],
  options: {
    form: {
      default: 'additive',
      values: {
        additive: { softPotentiation: 0, softDepression: 0 },
        multiplicative: { softPotentiation: 1, softDepression: 1 },
        'multiplicative-depression': { softPotentiation: 0, softDepression: 1 },
      },
    },
    pairing: { default: 'all-to-all', values: { 'all-to-all': { nearestSpike: 0 }, 'nearest-spike': { nearestSpike: 1 } } },
  },
  traces: {
    xPre: { of: 'pre', tauMs: 'tauPlusMs', onSpike: 'nearestSpike > 0 ? 1 : xPre + 1' },
    yPost: { of: 'post', tauMs: 'tauMinusMs', onSpike: 'nearestSpike > 0 ? 1 : yPost + 1' },
  },
  weight: {
    bounds: ['wMin', 'wMax'],
    onPre: 'w - learningRate*aMinus*yPost*(softDepression > 0 ? (w - wMin)/(wMax - wMin) : 1)',
    onPost: 'w + learningRate*aPlus*xPre*(softPotentiation > 0 ? (wMax - w)/(wMax - wMin) : 1)',
  },
});
