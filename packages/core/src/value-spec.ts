/**
 * A value given for every element of a set (neurons of a population, synapses of a projection):
 * a constant, a distribution sampled per element from the counter-based RNG, or an explicit list.
 */
export type ValueSpec = number | Distribution;

export type Distribution =
  | { dist: 'constant'; value: number }
  | { dist: 'uniform'; low: number; high: number }
  /** Normal, clipped to [min, max] when given (values outside are clamped, not redrawn). */
  | { dist: 'normal'; mean: number; sd: number; min?: number; max?: number }
  /** exp(N(mu, sigma)): mu and sigma are those of the underlying normal (NEST's convention). */
  | { dist: 'lognormal'; mu: number; sigma: number }
  /** One value per element, in element order. */
  | { dist: 'list'; values: number[] };

/** True when the spec is the same number for every element. */
export function isConstantValue(spec: ValueSpec): spec is number | { dist: 'constant'; value: number } {
  return typeof spec === 'number' || spec.dist === 'constant';
}

/** The constant a constant spec stands for. */
export function constantOf(spec: number | { dist: 'constant'; value: number }): number {
  return typeof spec === 'number' ? spec : spec.value;
}
