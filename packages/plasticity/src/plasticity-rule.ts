import { ValidationError } from '@spikegpu/core';
import { contentHash } from '@spikegpu/models';
import { emitAssignments, emitRuleExpression, type NameBinding } from './rule-code.js';
import { checkRuleFields, type RuleFields } from './rule-fields.js';

/**
 * State kept per presynaptic neuron (and per projection), changed only at that neuron's spikes: the
 * Tsodyks–Markram u and x. Between spikes it relaxes in closed form: each name in `decays` reads
 * exp(−Δt/τ) for the named τ parameter, Δt the time since the neuron's previous spike (0 when τ is 0).
 */
export interface PresynapticState<P extends string = string> {
  /** Initial value of each variable. */
  state: Record<string, number>;
  /** Relaxation factors exp(−Δt/τ) since the previous spike, by name → τ parameter (ms). */
  decays?: Record<string, P>;
  /**
   * Assignments at each spike, in order, each seeing the ones before; a name that is not a state
   * variable is a local of the spike (`release` below).
   */
  onSpike: Record<string, string>;
  /** The factor the spike's delivered weight is scaled by, read after `onSpike` (e.g. `release`). */
  efficacy?: string;
}

/**
 * An exponential trace of the pre- or postsynaptic neuron's spikes, decaying with τ (closed form
 * between spikes). Rules read it at the partner's spikes, as it was at the start of the step: a
 * spike in the same step does not count yet, so a pre and a post spike in one step do not pair.
 */
export interface TraceDefinition<P extends string = string> {
  of: 'pre' | 'post';
  /** The τ parameter (ms). */
  tauMs: P;
  /** The trace's value just after a spike of its neuron; the trace's own name reads its value before. */
  onSpike: string;
}

/** How a rule changes each synapse's weight `w`, event-driven: only where a neuron spikes. */
export interface WeightUpdate<P extends string = string> {
  /** The parameters w is clamped to after every update: [min, max]. */
  bounds: [P, P];
  /** New w at a presynaptic spike (the row of the spiking neuron is walked), after the spike is delivered with the old w. */
  onPre?: string;
  /** New w at a postsynaptic spike (the column of the spiking neuron is walked, through a transposed index). */
  onPost?: string;
}

/**
 * Synaptic scaling (Turrigiano et al. 1998; van Rossum, Bi & Turrigiano 2000): every `intervalMs`,
 * not every step, each postsynaptic neuron multiplies the weights of its incoming synapses (its column,
 * walked through the transposed index) by `factor`, then clamps them to `bounds`. `factor` reads the
 * rule's parameters and `rateHz`, the neuron's rate estimate: the target population's homeostasis
 * `rateHz` when its rule keeps one, else an exponential estimate with τ = `rateTauMs` (a spike adds
 * 1000/τ Hz, decaying in closed form between spikes).
 */
export interface SynapticScaling<P extends string = string> {
  /** The parameter giving the interval between scalings (ms); rounded to whole steps, at least one. */
  intervalMs: P;
  /** The τ parameter (ms) of the rate estimate. */
  rateTauMs: P;
  /** The parameters scaled weights are clamped to: [min, max]. */
  bounds: [P, P];
  /** The factor each incoming weight is multiplied by, e.g. `1 + eta*(targetRateHz - rateHz)/targetRateHz`. */
  factor: string;
}

/**
 * A plasticity rule as its papers write it. The engines generate WGSL and JS from it with the same
 * f32 arithmetic; built-in rules are written the same way as a user's.
 */
export interface PlasticityRuleDefinition<P extends string = string> extends RuleFields<P> {
  presynaptic?: PresynapticState<NoInfer<P>>;
  traces?: Record<string, TraceDefinition<NoInfer<P>>>;
  weight?: WeightUpdate<NoInfer<P>>;
  scaling?: SynapticScaling<NoInfer<P>>;
}

/** A checked, frozen rule with a content hash. */
export interface PlasticityRule<P extends string = string> extends Readonly<PlasticityRuleDefinition<P>> {
  readonly kind: 'plasticity';
  readonly hash: string;
}

/** Names every rule expression may read besides the rule's own: the step (ms) and the weight. */
export const RULE_RESERVED_NAMES = ['dt', 'w', 'pi', 'e'] as const;

function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value && typeof value === 'object')
    return Object.fromEntries(
      Object.keys(value as object)
        .sort()
        .map((k) => [k, canonical((value as Record<string, unknown>)[k])]),
    );
  return value;
}

/**
 * Checks a rule definition and returns the rule. Every expression is parsed and its names resolved
 * now, so a typo fails here with a suggestion rather than in a shader compiler.
 *
 * @example
 * ```ts
 * const depressing = definePlasticityRule({
 *   name: 'pure-depression', cite: 'Abbott et al. 1997, Science 275:220',
 *   params: { f: 0.5, tauDMs: 300 },
 *   presynaptic: { state: { x: 1 }, decays: { recovery: 'tauDMs' },
 *     onSpike: { available: '1 + (x - 1)*recovery', x: 'available*(1 - f)' }, efficacy: 'available' },
 * });
 * ```
 */
export function definePlasticityRule<P extends string>(def: PlasticityRuleDefinition<P>): PlasticityRule<P> {
  const where = (field: string) => `rules.${def?.name ?? '?'}.${field}`;
  const reserved: string[] = [...RULE_RESERVED_NAMES];
  const pre = def?.presynaptic;
  const traceNames = Object.keys(def?.traces ?? {});
  const preState = Object.keys(pre?.state ?? {});
  const decayNames = Object.keys(pre?.decays ?? {});
  checkRuleFields(def as RuleFields, [...reserved, ...traceNames, ...preState, ...decayNames]);
  const params = Object.keys(def.params);
  const requireParam = (name: unknown, field: string) => {
    if (typeof name !== 'string' || !params.includes(name))
      throw new ValidationError('', {
        code: 'unknown-parameter',
        path: where(field),
        expected: `a parameter of the rule (${params.join(', ')})`,
        received: name,
      });
  };
  if (!pre && traceNames.length === 0 && !def.weight && !def.scaling)
    throw new ValidationError('', { code: 'empty-rule', path: where('presynaptic'), expected: 'presynaptic state, traces, a weight update or scaling' });

  // Check every expression by emitting it once with every name bound (none folded, whatever its
  // default), so unknown names and type errors surface now.
  const optionConstants = Object.values(def.options ?? {}).flatMap((option) => Object.values(option.values).flatMap((values) => Object.keys(values)));
  const ruleNames = [...params, ...optionConstants, 'dt'];
  const constants = {};
  const bind = (names: string[]): Record<string, NameBinding> => Object.fromEntries([...ruleNames, ...names].map((n) => [n, { wgsl: n, js: n }]));
  if (pre) {
    for (const [name, value] of Object.entries(pre.state))
      if (typeof value !== 'number' || !Number.isFinite(value))
        throw new ValidationError('', { code: 'invalid-value', path: where(`presynaptic.state.${name}`), expected: 'a finite number', received: value });
    for (const [name, tau] of Object.entries(pre.decays ?? {})) requireParam(tau, `presynaptic.decays.${name}`);
    for (const target of Object.keys(pre.onSpike ?? {}))
      if ([...decayNames, ...params, ...traceNames, ...reserved].includes(target))
        throw new ValidationError('', {
          code: 'invalid-name',
          path: where(`presynaptic.onSpike.${target}`),
          expected: 'a presynaptic state variable or a new local (not a decay, parameter, trace or reserved name)',
          received: target,
        });
    const { names } = emitAssignments(
      pre.onSpike ?? {},
      'js',
      { rule: def.name, field: 'presynaptic.onSpike' },
      constants,
      bind([...preState, ...decayNames]),
      'check_',
    );
    if (pre.efficacy !== undefined) emitRuleExpression(pre.efficacy, 'js', { rule: def.name, field: 'presynaptic.efficacy' }, constants, names);
  }
  for (const [name, trace] of Object.entries(def.traces ?? {})) {
    if (trace?.of !== 'pre' && trace?.of !== 'post')
      throw new ValidationError('', { code: 'invalid-value', path: where(`traces.${name}.of`), expected: "'pre' or 'post'", received: trace?.of });
    requireParam(trace.tauMs, `traces.${name}.tauMs`);
    emitRuleExpression(trace.onSpike, 'js', { rule: def.name, field: `traces.${name}.onSpike` }, constants, bind([name]));
  }
  if (def.weight) {
    const [low, high] = def.weight.bounds ?? [];
    requireParam(low, 'weight.bounds[0]');
    requireParam(high, 'weight.bounds[1]');
    if (def.weight.onPre === undefined && def.weight.onPost === undefined)
      throw new ValidationError('', { code: 'empty-rule', path: where('weight'), expected: 'onPre, onPost or both' });
    const readable = bind(['w', ...traceNames]);
    if (def.weight.onPre !== undefined) emitRuleExpression(def.weight.onPre, 'js', { rule: def.name, field: 'weight.onPre' }, constants, readable);
    if (def.weight.onPost !== undefined) emitRuleExpression(def.weight.onPost, 'js', { rule: def.name, field: 'weight.onPost' }, constants, readable);
  }
  if (def.scaling) {
    requireParam(def.scaling.intervalMs, 'scaling.intervalMs');
    requireParam(def.scaling.rateTauMs, 'scaling.rateTauMs');
    const [low, high] = def.scaling.bounds ?? [];
    requireParam(low, 'scaling.bounds[0]');
    requireParam(high, 'scaling.bounds[1]');
    emitRuleExpression(def.scaling.factor, 'js', { rule: def.name, field: 'scaling.factor' }, constants, bind(['rateHz']));
  }
  const { name: _name, cite: _cite, description: _description, ...behaviour } = def;
  return Object.freeze({ ...def, kind: 'plasticity' as const, hash: contentHash(JSON.stringify(canonical(behaviour))) });
}
