import { didYouMean, ValidationError } from '@spikegpu/core';
import { type NetworkPlan, stateLayout } from '@spikegpu/simulator';

/** Which state variables of which neurons to sample, and how often. */
export interface StateSampling {
  population: string;
  /** Model or engine state names, e.g. `['v', 'u']` or `['v', 'syn_exc']`. */
  variables: string[];
  /** Population-local neuron indices; default all. */
  neurons?: number[] | 'all';
  /** Time between samples, ms; rounded to whole steps (at least one). */
  intervalMs: number;
}

/** A {@link StateSampling} checked against the plan, in steps and indices. */
export interface ResolvedSampling {
  population: string;
  populationIndex: number;
  variables: string[];
  neurons: Uint32Array;
  intervalSteps: number;
}

export function resolveSampling(plan: NetworkPlan, specs: readonly StateSampling[]): ResolvedSampling[] {
  const layouts = stateLayout(plan);
  const seen = new Set<string>();
  return specs.map((spec, k) => {
    const path = `state[${k}]`;
    const pop = plan.populations.find((p) => p.name === spec.population);
    if (!pop)
      throw new ValidationError(`unknown population '${spec.population}'`, {
        code: 'unknown-population',
        path: `${path}.population`,
        hint: didYouMean(
          spec.population,
          plan.populations.map((p) => p.name),
        ),
      });
    if (seen.has(pop.name))
      throw new ValidationError('', {
        code: 'duplicate-population',
        path: `${path}.population`,
        expected: 'one state sampling per population (list all its variables in one entry)',
        received: pop.name,
      });
    seen.add(pop.name);
    const available = (layouts[pop.index] as { variables: string[] }).variables;
    if (!Array.isArray(spec.variables) || spec.variables.length === 0)
      throw new ValidationError('', {
        code: 'invalid-value',
        path: `${path}.variables`,
        expected: `a non-empty list of ${available.join(', ')}`,
        received: spec.variables,
      });
    spec.variables.forEach((variable, j) => {
      if (!available.includes(variable))
        throw new ValidationError(`unknown state variable '${variable}' of population '${pop.name}'`, {
          code: 'unknown-state',
          path: `${path}.variables[${j}]`,
          expected: `one of ${available.join(', ')}`,
          received: variable,
          hint: didYouMean(variable, available),
        });
    });
    const neurons = spec.neurons === undefined || spec.neurons === 'all' ? Uint32Array.from({ length: pop.size }, (_, i) => i) : Uint32Array.from(spec.neurons);
    if (spec.neurons !== undefined && spec.neurons !== 'all')
      spec.neurons.forEach((n, j) => {
        if (!Number.isInteger(n) || n < 0 || n >= pop.size)
          throw new ValidationError('', { code: 'out-of-range', path: `${path}.neurons[${j}]`, expected: `an integer in [0, ${pop.size - 1}]`, received: n });
      });
    if (neurons.length === 0)
      throw new ValidationError('', {
        code: 'invalid-value',
        path: `${path}.neurons`,
        expected: "'all' or a non-empty list of neuron indices",
        received: spec.neurons,
      });
    if (!(Number.isFinite(spec.intervalMs) && spec.intervalMs > 0))
      throw new ValidationError('', { code: 'invalid-value', path: `${path}.intervalMs`, expected: 'a positive number of ms', received: spec.intervalMs });
    const intervalSteps = Math.max(1, Math.round(spec.intervalMs / plan.dt));
    return { population: pop.name, populationIndex: pop.index, variables: [...spec.variables], neurons, intervalSteps };
  });
}
