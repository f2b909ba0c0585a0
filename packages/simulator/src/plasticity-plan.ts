import { type Csr, type TransposedCsr, transposeCsr } from '@spikegpu/connectivity';
import { type ProjectionSpec, type ReceptorSpec, ValidationError } from '@spikegpu/core';
import type { HomeostasisRuleUse, PlasticityRegistry, PlasticityRuleUse } from '@spikegpu/plasticity';
import type { NetworkPlan, PopulationPlan, ProjectionPlan } from './network-plan.js';

/** A projection's plasticity: its rules, and the float weight store they read and change. */
export interface ProjectionPlasticity {
  rules: PlasticityRuleUse[];
  /** The rule that changes weights (at most one), or null when weights stay fixed (e.g. STP only). */
  weightRule: PlasticityRuleUse | null;
  /**
   * Initial weights in the receptor's unit, f32, one per synapse in CSR order. Plastic projections keep
   * weights as f32 rather than fixed point; each spike still delivers the fixed-point value
   * round(w · efficacy · 2^scale) into the ring, so input sums stay order-independent.
   */
  weights: Float32Array;
  /** The column index (postsynaptic neuron → its synapses) when the weight rule acts at postsynaptic spikes. */
  columns: TransposedCsr | null;
  /** The synaptic-scaling rule (at most one), or null. */
  scalingRule: PlasticityRuleUse | null;
  /** The column index the scaling walks (the same object as `columns` when both exist); null without scaling. */
  scalingColumns: TransposedCsr | null;
}

/** One array of the plasticity state (per neuron of one side of a projection). */
export interface PlasticArray {
  /** Name in snapshots and read-backs: the rule's variable or trace name, `efficacy`, or `<trace>Now`. */
  name: string;
  side: 'pre' | 'post';
  offset: number;
  length: number;
  /** Initial value of every element. */
  init: number;
  /** Saved in snapshots; the others are recomputed from the saved ones every step before they are read. */
  isSaved: boolean;
}

/** Where each plastic projection's per-neuron arrays live in the one plasticity-state array. */
export interface PlasticStateLayout {
  length: number;
  /** By projection index; absent for static projections. */
  projections: Map<number, Map<string, PlasticArray>>;
}

/** Extra per-neuron state of a population that a rule reads: steps since its last spike. */
export const SPIKE_AGE = 'stepsSinceSpike';
/** Initial steps since the last spike: long ago (f32 counts exactly to 2^24, then stays there). */
export const SPIKE_AGE_INIT = 2 ** 24;

/** Resolves a projection's rules; returns null for a static projection. */
export function planProjectionPlasticity(
  rules: PlasticityRegistry,
  spec: ProjectionSpec,
  path: string,
  receptor: ReceptorSpec,
  dt: number,
  csr: Csr,
  weights: Float32Array,
): ProjectionPlasticity | null {
  if (!spec.plasticity || spec.plasticity.length === 0) return null;
  const uses = rules.resolvePlasticity(spec.plasticity, `${path}.plasticity`, { projection: spec, receptor, dt });
  const weightRule = uses.find((u) => u.rule.weight) ?? null;
  const scalingRule = uses.find((u) => u.rule.scaling) ?? null;
  const columns = weightRule?.rule.weight?.onPost ? transposeCsr(csr) : null;
  return { rules: uses, weightRule, weights, columns, scalingRule, scalingColumns: scalingRule ? (columns ?? transposeCsr(csr)) : null };
}

/** Name of the per-neuron rate estimate synaptic scaling keeps when the target population has no homeostasis rate. */
export const SCALING_RATE = 'scalingRateHz';

/** Where synaptic scaling reads each postsynaptic neuron's rate: the population's homeostasis `rateHz`, or its own estimate. */
export function scalingRateSource(proj: Pick<ProjectionPlan, 'target'>): 'homeostasis' | 'own' {
  return proj.target.homeostasis && 'rateHz' in proj.target.homeostasis.rule.state ? 'homeostasis' : 'own';
}

/** Steps between synaptic scalings of a projection (its rule's interval in whole steps, at least 1); 0 without scaling. */
export function scalingIntervalSteps(proj: Pick<ProjectionPlan, 'plasticity'>, dt: number): number {
  const use = proj.plasticity?.scalingRule;
  if (!use?.rule.scaling) return 0;
  return Math.max(1, Math.round((use.fields.params[use.rule.scaling.intervalMs] as number) / dt));
}

/** Is step `step` (0-based) one that ends with a scaling of the projection: every interval, counting from the start. */
export function isScalingStep(intervalSteps: number, step: number): boolean {
  return intervalSteps > 0 && (step + 1) % intervalSteps === 0;
}

/** The largest |w| a plastic projection can reach: its weight rule's bounds, or its initial weights. */
export function plasticWeightBound(plasticity: ProjectionPlasticity | null): number {
  let bound = 0;
  const weight = plasticity?.weightRule;
  const scaling = plasticity?.scalingRule;
  for (const [use, bounds] of [
    [weight, weight?.rule.weight?.bounds],
    [scaling, scaling?.rule.scaling?.bounds],
  ] as const)
    if (use && bounds) for (const b of bounds) bound = Math.max(bound, Math.abs(use.fields.params[b] as number));
  return bound;
}

/** Does the population's kernel keep {@link SPIKE_AGE}: is it the source or target of a rule that reads spike times? */
export function needsSpikeAge(pop: PopulationPlan, projections: readonly ProjectionPlan[]): boolean {
  return projections.some((j) =>
    j.plasticity?.rules.some(
      ({ rule }) =>
        (j.source === pop && (rule.presynaptic !== undefined || Object.values(rule.traces ?? {}).some((t) => t.of === 'pre'))) ||
        (j.target === pop && Object.values(rule.traces ?? {}).some((t) => t.of === 'post')) ||
        (j.target === pop && rule.scaling !== undefined && scalingRateSource(j) === 'own'),
    ),
  );
}

/**
 * Adds the per-neuron state plasticity and homeostasis keep in a population's state (after the
 * engine's own extra state): steps since the last spike, and each homeostasis variable as
 * `homeostasis_<name>`.
 */
export function addPlasticNeuronState(populations: PopulationPlan[], projections: readonly ProjectionPlan[]): void {
  for (const pop of populations) {
    if (needsSpikeAge(pop, projections)) {
      pop.extraState.push(SPIKE_AGE);
      pop.init[SPIKE_AGE] = new Float32Array(pop.size).fill(SPIKE_AGE_INIT);
    }
    const homeostasis = pop.homeostasis;
    if (!homeostasis) continue;
    for (const [name, value] of Object.entries(homeostasis.rule.state)) {
      pop.extraState.push(homeostasisVariable(name));
      pop.init[homeostasisVariable(name)] = new Float32Array(pop.size).fill(value);
    }
  }
}

/** The state-variable name of a homeostasis rule's variable, e.g. `homeostasis_theta`. */
export function homeostasisVariable(name: string): string {
  return `homeostasis_${name}`;
}

/** Lays out every plastic projection's per-neuron arrays in one array; null for a static network. */
export function plasticStateLayout(plan: Pick<NetworkPlan, 'projections'>): PlasticStateLayout | null {
  const projections = new Map<number, Map<string, PlasticArray>>();
  let length = 0;
  for (const proj of plan.projections) {
    if (!proj.plasticity) continue;
    const arrays = new Map<string, PlasticArray>();
    const add = (name: string, side: 'pre' | 'post', init: number, isSaved: boolean, path: string) => {
      if (arrays.has(name) || name === 'weights')
        throw new ValidationError(`two rules of projection '${proj.name}' keep a variable named '${name}'`, {
          code: 'duplicate-name',
          path,
          hint: 'rules on one projection need distinct state and trace names',
        });
      const size = side === 'pre' ? proj.source.size : proj.target.size;
      arrays.set(name, { name, side, offset: length, length: size, init, isSaved });
      length += size;
    };
    for (const use of proj.plasticity.rules) {
      for (const [name, init] of Object.entries(use.rule.presynaptic?.state ?? {})) add(name, 'pre', init, true, `${use.path}.rule`);
      for (const [name, trace] of Object.entries(use.rule.traces ?? {})) {
        add(name, trace.of, 0, true, `${use.path}.rule`);
        add(`${name}Now`, trace.of, 0, false, `${use.path}.rule`);
      }
    }
    if (proj.plasticity.scalingRule && scalingRateSource(proj) === 'own') add(SCALING_RATE, 'post', 0, true, `${proj.plasticity.scalingRule.path}.rule`);
    if (proj.plasticity.rules.some((u) => u.rule.presynaptic?.efficacy !== undefined))
      add('efficacy', 'pre', 1, false, `projections[${proj.index}].plasticity`);
    projections.set(proj.index, arrays);
  }
  return projections.size === 0 ? null : { length, projections };
}

/** The initial plasticity state: every array at its initial value. */
export function initialPlasticState(layout: PlasticStateLayout): Float32Array {
  const state = new Float32Array(Math.max(1, layout.length));
  for (const arrays of layout.projections.values()) for (const a of arrays.values()) state.fill(a.init, a.offset, a.offset + a.length);
  return state;
}

/** The rule use a homeostasis plan refers to, re-exported for the kernel. */
export type { HomeostasisRuleUse, PlasticityRuleUse };

/**
 * The state a snapshot keeps of each plastic projection, by name: `weights` when a rule changes them,
 * then the saved per-neuron arrays (e.g. `u`, `x`, `xPre`, `yPost`). Derived arrays (a trace's value
 * this step, the spike's efficacy) are recomputed before use, so they are left out.
 */
export function savedProjectionArrays(plan: Pick<NetworkPlan, 'projections' | 'plasticState'>): Map<number, { hasWeights: boolean; arrays: PlasticArray[] }> {
  const saved = new Map<number, { hasWeights: boolean; arrays: PlasticArray[] }>();
  for (const proj of plan.projections) {
    const arrays = plan.plasticState?.projections.get(proj.index);
    if (!proj.plasticity || !arrays) continue;
    saved.set(proj.index, {
      hasWeights: proj.plasticity.weightRule !== null || proj.plasticity.scalingRule !== null,
      arrays: [...arrays.values()].filter((a) => a.isSaved),
    });
  }
  return saved;
}
