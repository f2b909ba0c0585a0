import { definePlasticityRule } from '../plasticity-rule.js';

/**
 * Tsodyks–Markram short-term plasticity: each presynaptic spike releases a fraction u of the
 * available resources x; x recovers toward 1 with τ_d, facilitation of u decays with τ_f. The
 * recursion is solved exactly between spikes (Maass & Markram 2002, Eq. 2):
 *
 *   u_{n+1} = U + u_n (1 − U) e^{−Δt/τ_f},   x_{n+1} = 1 + (x_n − u_n x_n − 1) e^{−Δt/τ_d},
 *
 * with u_1 = U, x_1 = 1, and spike n delivers w·u_n·x_n: the projection's weight is the absolute
 * efficacy A of the papers (the response if all resources were released). τ_f = 0 turns facilitation
 * off (u = U at every spike: pure depression), τ_d = 0 turns depression off. State is kept per
 * presynaptic neuron of the projection, not per synapse.
 */
export const tsodyksMarkram = definePlasticityRule({
  name: 'tsodyks-markram',
  cite: 'Tsodyks & Markram 1997, PNAS 94:719; Markram, Wang & Tsodyks 1998, PNAS 95:5323; exact recursion: Maass & Markram 2002, Neural Netw 15:155, Eq. 2',
  description: 'Short-term depression and facilitation: spike n delivers w·u_n·x_n.',
  params: { U: 0.5, tauDMs: 800, tauFMs: 0 },
  limits: { U: { min: 0, minExclusive: true, max: 1 }, tauDMs: { min: 0 }, tauFMs: { min: 0 } },
  presynaptic: {
    // u and x as they were just after the previous spike's release (u_n and x_n − u_n·x_n).
    state: { u: 0, x: 1 },
    decays: { facilitationDecay: 'tauFMs', recoveryDecay: 'tauDMs' },
    onSpike: {
      u: 'U + (1 - U)*u*facilitationDecay',
      available: '1 + (x - 1)*recoveryDecay',
      release: 'u*available',
      x: 'available - release',
    },
    efficacy: 'release',
  },
});
