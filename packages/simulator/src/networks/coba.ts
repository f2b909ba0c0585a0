import type { NetworkDescription } from '@spikegpu/core';

/**
 * The Vogels–Abbott (2005) conductance-based network as benchmarked by Brette et al. (2007, benchmark 1,
 * "COBA"): 4000 LIF neurons (80 % excitatory), 2 % random connectivity, excitatory and inhibitory
 * conductances with τ 5 and 10 ms, reversal 0 and −80 mV, increments 4 and 51 nS (the PyNN VAbenchmarks values), 5 ms refractoriness,
 * dt 0.1 ms. Initial v uniform between reset and threshold, and initial conductances ge ~ N(40, 15) nS,
 * gi ~ N(200, 120) nS (clipped at 0) as in Brian's benchmark scripts, which start activity that then
 * sustains itself asynchronously and irregularly.
 */
export function cobaNetwork(options: { size?: number; connectivity?: number; seed?: number; dt?: number } = {}): NetworkDescription {
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
    projections: [
      { source: 'exc', target: 'exc', connectivity: random, receptor: 'exc', weight: 4 },
      { source: 'exc', target: 'inh', connectivity: random, receptor: 'exc', weight: 4 },
      { source: 'inh', target: 'exc', connectivity: random, receptor: 'inh', weight: 51 },
      { source: 'inh', target: 'inh', connectivity: random, receptor: 'inh', weight: 51 },
    ],
  };
}
