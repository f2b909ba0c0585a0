import {
  didYouMean,
  type HomeostasisSpec,
  invalid,
  type PlasticitySpec,
  type PopulationSpec,
  type ProjectionSpec,
  type ReceptorSpec,
  type RuleCatalog,
  ValidationError,
  validateValueSpec,
} from '@spikegpu/core';
import type { HomeostasisRule } from './homeostasis-rule.js';
import type { PlasticityRule } from './plasticity-rule.js';
import { type ResolvedFields, resolveRuleFields } from './rule-fields.js';
import { builtinHomeostasisRules, builtinPlasticityRules } from './rules/index.js';

/** One use of a plasticity rule on a projection: the rule and its fields, defaults filled in. */
export interface PlasticityRuleUse {
  rule: PlasticityRule;
  fields: ResolvedFields;
  /** Where it was written, e.g. `projections[0].plasticity[1]`. */
  path: string;
}

/** One use of a homeostasis rule on a population. */
export interface HomeostasisRuleUse {
  rule: HomeostasisRule;
  fields: ResolvedFields;
  /** The model parameter a `shiftsParam` rule shifts (the spec's `param`); null for other rules. */
  param: string | null;
  path: string;
}

/** The projection's initial weights must lie within a rule's bounds (and conductances be ≥ 0). */
function checkInitialWeights(
  use: PlasticityRuleUse,
  bounds: readonly [string, string],
  context: { projection: ProjectionSpec; receptor: ReceptorSpec },
  projectionPath: string,
): void {
  const { rule, path: at } = use;
  const [low, high] = bounds.map((b) => use.fields.params[b] as number) as [number, number];
  if (context.receptor.kind === 'conductance' && low < 0)
    throw invalid(`${at}.${bounds[0]}`, 'a number ≥ 0 (conductances are not negative)', low, undefined, 'out-of-range');
  try {
    validateValueSpec(context.projection.weight, `${projectionPath}.weight`, { min: low, max: high });
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    throw new ValidationError('', {
      code: 'weight-out-of-bounds',
      path: error.path,
      expected: `initial weights within the bounds of '${rule.name}' [${low}, ${high}] (${error.expected ?? ''})`,
      received: error.received,
      hint: `set ${bounds[0]}/${bounds[1]} of ${at} around the weights, or bound the weight distribution`,
    });
  }
}

/** The model a homeostasis rule acts on, as the validator sees it. */
export interface ModelNames {
  params: readonly string[];
  state: readonly string[];
}

/**
 * Rules by name: the built-in ones plus any a user registers (like the neuron-model registry). It is
 * the {@link RuleCatalog} that `validateNetwork` calls for `plasticity` and `homeostasis` fields, and
 * turns each into a resolved rule use for the engines.
 */
export class PlasticityRegistry implements RuleCatalog {
  readonly #plasticity = new Map<string, PlasticityRule>();
  readonly #homeostasis = new Map<string, HomeostasisRule>();

  constructor(rules: ReadonlyArray<PlasticityRule | HomeostasisRule> = [...builtinPlasticityRules, ...builtinHomeostasisRules]) {
    for (const rule of rules) this.register(rule);
  }

  /** Adds a rule; a second rule under a taken name is an error unless it is the same definition. */
  register(rule: PlasticityRule | HomeostasisRule): this {
    const map: Map<string, PlasticityRule | HomeostasisRule> = rule.kind === 'plasticity' ? this.#plasticity : this.#homeostasis;
    const existing = map.get(rule.name);
    if (existing && existing.hash !== rule.hash)
      throw new ValidationError(`a different rule named '${rule.name}' is already registered`, {
        code: 'duplicate-rule',
        path: 'name',
        hint: 'give your rule another name',
      });
    map.set(rule.name, rule);
    return this;
  }

  names(kind: 'plasticity' | 'homeostasis'): string[] {
    return [...(kind === 'plasticity' ? this.#plasticity : this.#homeostasis).keys()];
  }

  #lookup<T>(map: Map<string, T>, name: string, path: string, kind: string): T {
    const rule = map.get(name);
    if (!rule)
      throw new ValidationError(`unknown ${kind} rule '${name}'`, { code: 'unknown-rule', path: `${path}.rule`, hint: didYouMean(name, [...map.keys()]) });
    return rule;
  }

  /**
   * Checks a projection's rules and resolves them: each rule known, its fields valid, no rule twice,
   * at most one that changes weights, and the projection's initial weights inside that rule's bounds.
   */
  resolvePlasticity(
    rules: readonly PlasticitySpec[],
    path: string,
    context: { projection: ProjectionSpec; receptor: ReceptorSpec; dt: number },
  ): PlasticityRuleUse[] {
    const seen = new Set<string>();
    let weightRule: PlasticityRuleUse | null = null;
    let scalingRule: PlasticityRuleUse | null = null;
    const projectionPath = path.replace(/\.plasticity$/, '');
    return rules.map((spec, k) => {
      const at = `${path}[${k}]`;
      const rule = this.#lookup(this.#plasticity, spec.rule, at, 'plasticity');
      if (seen.has(rule.name)) throw invalid(`${at}.rule`, 'a rule not already on this projection', rule.name, undefined, 'duplicate-rule');
      seen.add(rule.name);
      const use: PlasticityRuleUse = { rule, fields: resolveRuleFields(rule, spec, at, context.dt, []), path: at };
      if (rule.weight) {
        if (weightRule)
          throw invalid(
            `${at}.rule`,
            `at most one rule that changes weights per projection ('${weightRule.rule.name}' does already)`,
            rule.name,
            undefined,
            'duplicate-rule',
          );
        weightRule = use;
        checkInitialWeights(use, rule.weight.bounds, context, projectionPath);
      }
      if (rule.scaling) {
        if (scalingRule)
          throw invalid(`${at}.rule`, `at most one scaling rule per projection ('${scalingRule.rule.name}' is one)`, rule.name, undefined, 'duplicate-rule');
        scalingRule = use;
        checkInitialWeights(use, rule.scaling.bounds, context, projectionPath);
      }
      return use;
    });
  }

  /** Checks a population's homeostasis rule and resolves it; a `shiftsParam` rule needs `param` naming a model parameter. */
  resolveHomeostasis(
    spec: HomeostasisSpec,
    path: string,
    context: { population: PopulationSpec; model: ModelNames | undefined; dt: number },
  ): HomeostasisRuleUse {
    const rule = this.#lookup(this.#homeostasis, spec.rule, path, 'homeostasis');
    const shifts = 'shiftsParam' in rule.acts;
    const fields = resolveRuleFields(rule, spec, path, context.dt, shifts ? ['param'] : []);
    let param: string | null = null;
    if (shifts) {
      const params = context.model?.params ?? [];
      if (typeof spec.param !== 'string')
        throw invalid(`${path}.param`, `the model parameter '${rule.name}' shifts (one of ${params.join(', ')})`, spec.param, undefined, 'missing-field');
      if (context.model && !params.includes(spec.param))
        throw new ValidationError(`unknown parameter '${spec.param}' for model '${context.population.model}'`, {
          code: 'unknown-parameter',
          path: `${path}.param`,
          hint: didYouMean(spec.param, params),
        });
      param = spec.param;
    }
    return { rule, fields, param, path };
  }

  plasticity(rules: readonly PlasticitySpec[], path: string, context: { projection: ProjectionSpec; receptor: ReceptorSpec; dt: number }): void {
    this.resolvePlasticity(rules, path, context);
  }

  homeostasis(spec: HomeostasisSpec, path: string, context: { population: PopulationSpec; model: ModelNames | undefined; dt: number }): void {
    this.resolveHomeostasis(spec, path, context);
  }
}
