import type { NetworkDescription } from '@spikegpu/core';

/**
 * The Vogels–Abbott (2005) conductance-based network as benchmarked by Brette et al. (2007, benchmark 1,
 * "COBA"): 4000 LIF neurons (80 % excitatory), 2 % random connectivity, excitatory and inhibitory
 * conductances with τ 5 and 10 ms, reversal 0 and −80 mV, increments 6 and 67 nS (Brette et al. 2007's values, as in Brian's benchmark script), 5 ms refractoriness,
 * dt 0.1 ms. Initial v uniform between reset and threshold, and initial conductances ge ~ N(40, 15) nS,
 * gi ~ N(200, 120) nS (clipped at 0) as in Brian's benchmark scripts. Activity started this way
 * decays in about 100 ms without drive in our runs (started from these values, the network alone is not
 * self-sustaining at 4000 neurons); so by default each neuron also gets independent excitatory Poisson
 * drive, as in Vogels & Abbott (2005), which keeps it in the asynchronous irregular state.
 */
export function cobaNetwork(
  options: {
    size?: number;
    connectivity?: number;
    seed?: number;
    dt?: number;
    /** Independent excitatory Poisson drive to every neuron; `false` for none. Default 100 sources × 8 Hz. */
    background?: { rateHz: number; sources: number } | false;
  } = {},
): NetworkDescription {
  const background = options.background === undefined ? { rateHz: 8, sources: 100 } : options.background;
  const size = options.size ?? 4000;
  const ne = Math.round(size * 0.8);
  const ni = size - ne;
  const p = options.connectivity ?? 0.02;
  const receptors = {
    exc: { kind: 'conductance' as const, tauMs: 5, reversalMv: 0 },
    inh: { kind: 'conductance' as const, tauMs: 10, reversalMv: -80 },
  };
  const lifParams = { C: 200, gL: 10, EL: -60, vThresh: -50, vReset: -60, tRef: 5 };
  const init = {
    v: { dist: 'uniform' as const, low: -60, high: -50 },
    syn_exc: { dist: 'normal' as const, mean: 40, sd: 15, min: 0 },
    syn_inh: { dist: 'normal' as const, mean: 200, sd: 120, min: 0 },
  };
  const random = { rule: 'fixed-probability' as const, p };
  return {
    name: 'coba',
    dt: options.dt ?? 0.1,
    seed: options.seed ?? 1,
    populations: [
      { name: 'exc', size: ne, model: 'lif', params: lifParams, receptors, init },
      { name: 'inh', size: ni, model: 'lif', params: lifParams, receptors, init },
    ],
    inputs: background
      ? (['exc', 'inh'] as const).map((target) => ({
          kind: 'poisson' as const,
          target,
          receptor: 'exc',
          weight: 6,
          rateHz: background.rateHz,
          sources: background.sources,
        }))
      : [],
    projections: [
      { source: 'exc', target: 'exc', connectivity: random, receptor: 'exc', weight: 6 },
      { source: 'exc', target: 'inh', connectivity: random, receptor: 'exc', weight: 6 },
      { source: 'inh', target: 'exc', connectivity: random, receptor: 'inh', weight: 67 },
      { source: 'inh', target: 'inh', connectivity: random, receptor: 'inh', weight: 67 },
    ],
  };
}
