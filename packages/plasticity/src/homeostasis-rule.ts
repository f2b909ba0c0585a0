import { ValidationError } from '@spikegpu/core';
import { contentHash } from '@spikegpu/models';
import { emitAssignments, emitRuleExpression, type NameBinding } from './rule-code.js';
import { checkRuleFields, type RuleFields } from './rule-fields.js';

/**
 * What a homeostatic rule changes in the neuron: it shifts a model parameter (the one a population's
 * spec names in `param`, e.g. `vThresh`) by an expression, or adds an expression to the input current `I`.
 */
export type HomeostaticAction = { shiftsParam: string } | { addsCurrent: string };

/**
 * A homeostatic rule: per-neuron state updated at the end of every step, acting on the model through
 * a parameter shift or a current.
 */
export interface HomeostasisRuleDefinition<P extends string = string> extends RuleFields<P> {
  /** Initial value of each per-neuron variable. */
  state: Record<string, number>;
  /**
   * Assignments at the end of every step, in order, each seeing the ones before; `spiked` reads 1 in a
   * step where the neuron spiked, else 0.
   */
  everyStep: Record<string, string>;
  acts: HomeostaticAction;
}

/** A checked, frozen homeostasis rule with a content hash. */
export interface HomeostasisRule<P extends string = string> extends Readonly<HomeostasisRuleDefinition<P>> {
  readonly kind: 'homeostasis';
  readonly hash: string;
}

/**
 * Checks a homeostasis rule definition and returns the rule; expressions are parsed and their
 * names resolved now.
 */
export function defineHomeostasisRule<P extends string>(def: HomeostasisRuleDefinition<P>): HomeostasisRule<P> {
  const where = (field: string) => `rules.${def?.name ?? '?'}.${field}`;
  const stateNames = Object.keys(def?.state ?? {});
  checkRuleFields(def as RuleFields, ['dt', 'spiked', 'pi', 'e', ...stateNames]);
  if (stateNames.length === 0) throw new ValidationError('', { code: 'no-state', path: where('state'), expected: 'at least one per-neuron variable' });
  for (const [name, value] of Object.entries(def.state))
    if (typeof value !== 'number' || !Number.isFinite(value))
      throw new ValidationError('', { code: 'invalid-value', path: where(`state.${name}`), expected: 'a finite number', received: value });
  // Every name bound and none folded, so the check does not depend on the defaults' values.
  const optionConstants = Object.values(def.options ?? {}).flatMap((option) => Object.values(option.values).flatMap((values) => Object.keys(values)));
  const ruleNames = [...Object.keys(def.params), ...optionConstants, 'dt'];
  const constants = {};
  const bind = (names: string[]): Record<string, NameBinding> => Object.fromEntries([...ruleNames, ...names].map((n) => [n, { wgsl: n, js: n }]));
  const names = bind([...stateNames, 'spiked']);
  for (const target of Object.keys(def.everyStep ?? {}))
    if (target === 'spiked' || target === 'dt' || ruleNames.includes(target))
      throw new ValidationError('', {
        code: 'invalid-name',
        path: where(`everyStep.${target}`),
        expected: 'a state variable or a new local (not a parameter or reserved name)',
        received: target,
      });
  emitAssignments(def.everyStep ?? {}, 'js', { rule: def.name, field: 'everyStep' }, constants, names, 'check_');
  const action = def.acts as Record<string, unknown> | undefined;
  const expression = action && ('shiftsParam' in action ? action.shiftsParam : action.addsCurrent);
  if (typeof expression !== 'string')
    throw new ValidationError('', {
      code: 'invalid-value',
      path: where('acts'),
      expected: "{ shiftsParam: '<expression>' } or { addsCurrent: '<expression>' }",
      received: def.acts,
    });
  emitRuleExpression(expression, 'js', { rule: def.name, field: 'acts' }, constants, bind(stateNames));
  const { name: _name, cite: _cite, description: _description, ...behaviour } = def;
  return Object.freeze({ ...def, kind: 'homeostasis' as const, hash: contentHash(JSON.stringify(behaviour)) });
}
