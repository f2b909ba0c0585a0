/**
 * Connectivity rules a projection can name. Each is plain data; `@spikegpu/connectivity` builds
 * the CSR (row = presynaptic neuron) from it. Rule names follow NEST's `conn_spec` where one exists.
 *
 * Defaults differ from NEST's: `allowAutapses` is false (no i → i in a projection onto its own
 * population) and `allowMultapses` is false (a pair connects at most once, as PyNN's
 * `with_replacement=False`). Both only matter where the rule could make them.
 */
export type ConnectivitySpec =
  /**
   * Each (pre, post) pair connects independently with probability p (Erdős–Rényi): out-degrees are
   * Binomial(targets, p). Never makes multapses.
   */
  | { rule: 'fixed-probability'; p: number; allowAutapses?: boolean }
  /**
   * Each postsynaptic neuron receives exactly k synapses from presynaptic neurons drawn uniformly
   * (without replacement unless `allowMultapses`, so then k ≤ the number of candidates).
   */
  | { rule: 'fixed-indegree'; k: number; allowAutapses?: boolean; allowMultapses?: boolean }
  /** Each presynaptic neuron makes exactly k synapses onto postsynaptic neurons drawn uniformly. */
  | { rule: 'fixed-outdegree'; k: number; allowAutapses?: boolean; allowMultapses?: boolean }
  /**
   * Exactly n synapses, pairs drawn uniformly: with multapses each an independent pair, without them
   * a uniform set of n distinct pairs.
   */
  | { rule: 'fixed-total'; n: number; allowAutapses?: boolean; allowMultapses?: boolean }
  /** Neuron i to neuron i; populations of equal size (in one population, each neuron to itself). */
  | { rule: 'one-to-one' }
  /** Every pair (without i → i in one population unless `allowAutapses`). */
  | { rule: 'all-to-all'; allowAutapses?: boolean }
  /** Given pairs (pre[s], post[s]), population-local indices; repeats and i → i are kept as given. */
  | { rule: 'explicit'; pre: number[]; post: number[] }
  /**
   * Each pair independently with a probability that falls with the distance d between the neurons:
   * p0·exp(−d²/2σ²) (`gaussian`, σ = scaleUm) or p0·exp(−d/λ) (`exponential`, λ = scaleUm), and 0
   * beyond cutoffUm. Needs the neurons' positions (µm).
   */
  | {
      rule: 'distance-dependent';
      profile: 'gaussian' | 'exponential';
      p0: number;
      scaleUm: number;
      cutoffUm: number;
      allowAutapses?: boolean;
    }
  /**
   * Watts & Strogatz (1998) small world within one population: a lattice where each neuron links to
   * its k nearest (k/2 either side on a `ring`, or its k/2 nearest in space for `nearest-3d`, which
   * needs positions), each link rewired with probability p; links are undirected (two synapses).
   * k is even and below the population size.
   */
  | { rule: 'watts-strogatz'; k: number; p: number; lattice?: 'ring' | 'nearest-3d' }
  /**
   * Neurons carry traits (e.g. excitatory 0, inhibitory 1), and a neuron of trait a connects to one of
   * trait b independently with probability probabilities[a][b]. Traits are given per neuron, or as fractions of
   * the population in index order (`{ fractions: [0.8, 0.2] }`: the first 80 % have trait 0).
   */
  | {
      rule: 'trait-matrix';
      sourceTraits: number[] | { fractions: number[] };
      targetTraits: number[] | { fractions: number[] };
      probabilities: number[][];
      allowAutapses?: boolean;
    };

export type ConnectivityRuleName = ConnectivitySpec['rule'];
