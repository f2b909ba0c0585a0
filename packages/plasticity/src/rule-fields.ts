import { didYouMean, invalid, ValidationError } from '@spikegpu/core';
import { foldConstants, parseExpression, type SymbolTable } from '@spikegpu/models';

/** The allowed values of a numeric parameter; a bound is included unless marked exclusive. */
export interface ParamLimit {
  min?: number;
  max?: number;
  minExclusive?: boolean;
  maxExclusive?: boolean;
}

/**
 * A choice between named variants of a rule (`pairing: 'all-to-all' | 'nearest-spike'`). Each variant
 * sets constants that the rule's expressions read, so a variant is chosen when code is generated and
 * costs nothing at run time.
 */
export interface RuleOption {
  default: string;
  values: Record<string, Record<string, number>>;
}

/** A relation between parameters that must hold, as a boolean expression over them; an error names `field`. */
export interface ParamRelation<P extends string = string> {
  field: P;
  holds: string;
  /** What `field` must be, in words, e.g. `'a number > wMin'`. */
  expected: string;
}

/** What every rule, plasticity or homeostasis, declares about its fields. */
export interface RuleFields<P extends string = string> {
  /** Registry name, used as `rule` in a description, e.g. `'stdp'`. */
  name: string;
  /** Where the equations and default values come from. */
  cite: string;
  /** A sentence for documentation. */
  description?: string;
  /** Default value of each parameter (ms, the weight's unit, Hz, or dimensionless). */
  params: Record<P, number>;
  /** Allowed values of parameters; checked for every use of the rule. */
  limits?: Partial<Record<NoInfer<P>, ParamLimit>>;
  /** Relations between parameters, e.g. `wMax > wMin`. */
  relations?: ParamRelation<NoInfer<P>>[];
  /** Discrete variants, each setting constants for the expressions. */
  options?: Record<string, RuleOption>;
}

/** A rule's fields as one use gives them: every parameter and option, defaults filled in. */
export interface ResolvedFields {
  params: Record<string, number>;
  options: Record<string, string>;
  /**
   * Everything an expression of the rule reads as a constant: parameters, the chosen options'
   * constants, and the network step `dt` (ms).
   */
  constants: Record<string, number>;
}

const IDENT = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** `a number in (0, 1]`, `a number ≥ 0`, … */
export function describeLimit(limit: ParamLimit): string {
  const low = limit.min === undefined ? undefined : `${limit.minExclusive ? '(' : '['}${limit.min}`;
  const high = limit.max === undefined ? undefined : `${limit.max}${limit.maxExclusive ? ')' : ']'}`;
  if (low && high) return `a number in ${low}, ${high}`;
  if (limit.min !== undefined) return `a number ${limit.minExclusive ? '>' : '≥'} ${limit.min}`;
  if (limit.max !== undefined) return `a number ${limit.maxExclusive ? '<' : '≤'} ${limit.max}`;
  return 'a finite number';
}

function withinLimit(value: number, limit: ParamLimit): boolean {
  if (limit.min !== undefined && (limit.minExclusive ? value <= limit.min : value < limit.min)) return false;
  if (limit.max !== undefined && (limit.maxExclusive ? value >= limit.max : value > limit.max)) return false;
  return true;
}

/** A relation's truth for given constants: its expression folded at codegen to `true` or `false`. */
function relationHolds(rule: string, relation: ParamRelation, constants: Record<string, number>): boolean {
  const symbols: SymbolTable = {};
  for (const [name, value] of Object.entries(constants)) symbols[name] = { kind: 'constant', value, wgsl: '', js: '' };
  const folded = foldConstants(parseExpression(relation.holds, { model: rule, field: `relations.${relation.field}` }), symbols);
  return folded.kind === 'boolean' && folded.value;
}

/**
 * Checks a rule's own declaration: names are identifiers, defaults finite and within their limits,
 * options with a default among their values. Throws a {@link ValidationError} whose path is
 * `rules.<name>.<field>`.
 */
export function checkRuleFields(rule: RuleFields, reserved: readonly string[]): void {
  const where = (field: string) => `rules.${rule?.name ?? '?'}.${field}`;
  if (!rule || typeof rule.name !== 'string' || !/^[a-z0-9][a-z0-9._-]*$/i.test(rule.name))
    throw new ValidationError('', { code: 'invalid-rule-name', path: 'name', expected: 'a name of letters, digits, . _ -', received: rule?.name });
  if (typeof rule.cite !== 'string' || rule.cite.trim() === '')
    throw new ValidationError('', { code: 'missing-citation', path: where('cite'), expected: 'the source of the equations', received: rule.cite });
  const taken = new Set<string>(reserved);
  const claim = (name: string, field: string) => {
    if (!IDENT.test(name)) throw invalid(where(field), 'an identifier (letters, digits, _)', name, undefined, 'invalid-name');
    if (taken.has(name)) throw invalid(where(field), 'a name not used elsewhere in the rule', name, undefined, 'duplicate-name');
    taken.add(name);
  };
  for (const [name, value] of Object.entries(rule.params ?? {})) {
    claim(name, `params.${name}`);
    if (typeof value !== 'number' || !Number.isFinite(value)) throw invalid(where(`params.${name}`), 'a finite number', value);
  }
  const params = Object.keys(rule.params ?? {});
  for (const [name, limit] of Object.entries(rule.limits ?? {}) as Array<[string, ParamLimit]>) {
    if (!params.includes(name))
      throw new ValidationError(`limit for unknown parameter '${name}'`, {
        code: 'unknown-parameter',
        path: where(`limits.${name}`),
        hint: didYouMean(name, params),
      });
    const value = (rule.params as Record<string, number>)[name] as number;
    if (!withinLimit(value, limit)) throw invalid(where(`params.${name}`), describeLimit(limit), value, 'the default must be allowed');
  }
  for (const [option, spec] of Object.entries(rule.options ?? {})) {
    claim(option, `options.${option}`);
    const values = Object.keys(spec?.values ?? {});
    if (!values.includes(spec?.default)) throw invalid(where(`options.${option}.default`), `one of ${values.map((v) => `'${v}'`).join(', ')}`, spec?.default);
    const constantNames = new Set(values.flatMap((v) => Object.keys(spec.values[v] ?? {})));
    for (const name of constantNames) {
      claim(name, `options.${option}`);
      for (const v of values)
        if (typeof spec.values[v]?.[name] !== 'number')
          throw invalid(where(`options.${option}.values.${v}.${name}`), 'a number (every variant sets the same constants)', spec.values[v]?.[name]);
    }
  }
  const defaults = resolveRuleFields(rule, { rule: rule.name }, where('params'), 1, []);
  for (const relation of rule.relations ?? [])
    if (!relationHolds(rule.name, relation, defaults.constants))
      throw invalid(
        where(`params.${relation.field}`),
        relation.expected,
        (rule.params as Record<string, number>)[relation.field],
        'the defaults must satisfy the relation',
      );
}

/**
 * Reads one use of a rule (`{ rule: 'stdp', aPlus: 0.005, pairing: 'nearest-spike' }`): every field
 * must be a parameter (a number within its limits), an option (one of its values) or one of
 * `extraFields`; relations must hold. Errors name the field: `projections[0].plasticity[0].U:
 * expected a number in (0, 1], got 1.5`.
 */
export function resolveRuleFields(rule: RuleFields, spec: Record<string, unknown>, path: string, dt: number, extraFields: readonly string[]): ResolvedFields {
  const paramNames = Object.keys(rule.params);
  const optionNames = Object.keys(rule.options ?? {});
  const known = ['rule', ...paramNames, ...optionNames, ...extraFields];
  for (const field of Object.keys(spec))
    if (!known.includes(field))
      throw new ValidationError(`unknown field '${field}' for rule '${rule.name}'`, {
        code: 'unknown-field',
        path: `${path}.${field}`,
        hint: didYouMean(field, known),
      });
  const params: Record<string, number> = {};
  for (const name of paramNames) {
    const value = spec[name] ?? (rule.params as Record<string, number>)[name];
    const limit = (rule.limits as Record<string, ParamLimit> | undefined)?.[name] ?? {};
    if (typeof value !== 'number' || !Number.isFinite(value)) throw invalid(`${path}.${name}`, describeLimit(limit), value);
    if (!withinLimit(value, limit)) throw invalid(`${path}.${name}`, describeLimit(limit), value, undefined, 'out-of-range');
    params[name] = value;
  }
  const options: Record<string, string> = {};
  const constants: Record<string, number> = { ...params, dt };
  for (const name of optionNames) {
    const option = (rule.options as Record<string, RuleOption>)[name] as RuleOption;
    const value = spec[name] ?? option.default;
    const values = Object.keys(option.values);
    if (typeof value !== 'string' || !values.includes(value))
      throw invalid(
        `${path}.${name}`,
        `one of ${values.map((v) => `'${v}'`).join(', ')}`,
        value,
        typeof value === 'string' ? didYouMean(value, values) : undefined,
        'unknown-option',
      );
    options[name] = value;
    Object.assign(constants, option.values[value]);
  }
  for (const relation of rule.relations ?? [])
    if (!relationHolds(rule.name, relation, constants))
      throw invalid(`${path}.${relation.field}`, describeRelation(relation, constants), params[relation.field], undefined, 'out-of-range');
  return { params, options, constants };
}

/** `a number > wMin (0)`: the relation's words with the values of the names it mentions. */
function describeRelation(relation: ParamRelation, constants: Record<string, number>): string {
  return relation.expected.replace(/\b[A-Za-z_]\w*\b/g, (name) => (name !== relation.field && name in constants ? `${name} (${constants[name]})` : name));
}
