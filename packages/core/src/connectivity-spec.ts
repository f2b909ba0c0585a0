/**
 * Connectivity rules a projection can name. Each is plain data; `@spikegpu/connectivity` builds
 * the CSR (row = presynaptic neuron) from it. Rule names follow NEST's `conn_spec` where one exists.
 */
export type ConnectivitySpec =
  /** Each (pre, post) pair connects independently with probability p (Erdős–Rényi). */
  | { rule: 'fixed-probability'; p: number; allowAutapses?: boolean }
  /** Each postsynaptic neuron receives exactly k synapses from presynaptic neurons drawn at random. */
  | { rule: 'fixed-indegree'; k: number; allowAutapses?: boolean; allowMultapses?: boolean }
  /** Each presynaptic neuron makes exactly k synapses onto postsynaptic neurons drawn at random. */
  | { rule: 'fixed-outdegree'; k: number; allowAutapses?: boolean; allowMultapses?: boolean }
  /** Exactly n synapses, pairs drawn at random. */
  | { rule: 'fixed-total'; n: number; allowAutapses?: boolean; allowMultapses?: boolean }
  /** Neuron i to neuron i; populations of equal size. */
  | { rule: 'one-to-one' }
  /** Every pair. */
  | { rule: 'all-to-all'; allowAutapses?: boolean }
  /** Given pairs, population-local indices. */
  | { rule: 'explicit'; pre: number[]; post: number[] };

export type ConnectivityRuleName = ConnectivitySpec['rule'];
