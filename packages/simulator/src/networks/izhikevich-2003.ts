import { type NetworkDescription, Rng } from '@spikegpu/core';

/**
 * The network of Izhikevich (2003), Fig. 3: 800 excitatory neurons spread between regular spiking and
 * chattering (c = −65 + 15r², d = 8 − 6r²), 200 inhibitory between fast spiking and low-threshold
 * spiking (a = 0.02 + 0.08r, b = 0.25 − 0.05r), all-to-all coupling with uniform weights in [0, 0.5]
 * (excitatory) and [−1, 0] (inhibitory), and random thalamic input of sd 5 (excitatory) and 2
 * (inhibitory) each 1 ms step. The per-neuron r is drawn from the seed, so the description is data.
 */
export function izhikevich2003Network(
  options: {
    excitatory?: number;
    inhibitory?: number;
    seed?: number;
    /**
     * Inputs per neuron. Unset: all-to-all as in the paper. Set: each neuron draws this many inputs
     * (80 % excitatory), the paper's in-degree at 1000, which keeps its dynamics at any size.
     */
    inDegree?: number;
  } = {},
): NetworkDescription {
  const ne = options.excitatory ?? 800;
  const ni = options.inhibitory ?? 200;
  const seed = options.seed ?? 1;
  const rng = new Rng(seed, 0xfeed);
  const re = Array.from({ length: ne }, () => rng.nextUniform() ** 2);
  const ri = Array.from({ length: ni }, () => rng.nextUniform());
  const list = (values: number[]) => ({ dist: 'list' as const, values: values.map(Math.fround) });
  const bi = ri.map((r) => 0.25 - 0.05 * r);
  // Every pair, autapses included, as in the paper's S matrix; a spike reaches its targets the next step.
  const allToAll = { rule: 'all-to-all' as const, allowAutapses: true };
  const fromExc = options.inDegree === undefined ? allToAll : { rule: 'fixed-indegree' as const, k: Math.round(options.inDegree * 0.8) };
  const fromInh = options.inDegree === undefined ? allToAll : { rule: 'fixed-indegree' as const, k: options.inDegree - Math.round(options.inDegree * 0.8) };
  return {
    name: options.inDegree === undefined && ne + ni === 1000 ? 'izhikevich-2003' : `izhikevich-2003-${ne + ni}`,
    dt: 1,
    seed,
    populations: [
      {
        name: 'exc',
        size: ne,
        model: 'izhikevich-2003',
        params: { a: 0.02, b: 0.2, c: list(re.map((r2) => -65 + 15 * r2)), d: list(re.map((r2) => 8 - 6 * r2)) },
        init: { v: -65, u: -65 * 0.2 },
      },
      {
        name: 'inh',
        size: ni,
        model: 'izhikevich-2003',
        params: { a: list(ri.map((r) => 0.02 + 0.08 * r)), b: list(bi), c: -65, d: 2 },
        init: { v: -65, u: list(bi.map((b) => -65 * b)) },
      },
    ],
    projections: [
      { source: 'exc', target: 'exc', connectivity: fromExc, weight: { dist: 'uniform', low: 0, high: 0.5 } },
      { source: 'exc', target: 'inh', connectivity: fromExc, weight: { dist: 'uniform', low: 0, high: 0.5 } },
      { source: 'inh', target: 'exc', connectivity: fromInh, weight: { dist: 'uniform', low: -1, high: 0 } },
      { source: 'inh', target: 'inh', connectivity: fromInh, weight: { dist: 'uniform', low: -1, high: 0 } },
    ],
    inputs: [
      { kind: 'noise', target: 'exc', mean: 0, sd: 5 },
      { kind: 'noise', target: 'inh', mean: 0, sd: 2 },
    ],
  };
}
