import { didYouMean, ValidationError } from '@spikegpu/core';
import { EXPRESSION_FUNCTIONS } from './expression/index.js';
import { checkModelExpressions } from './model-codegen.js';

/** How a model's equations are advanced over one step. */
export type IntegratorName = 'euler' | 'rk4' | 'exponential-euler';
export interface IntegratorSpec {
  method: IntegratorName;
  /** Sub-steps per network step (the step is split evenly). Default 1. */
  substeps?: number;
}

/**
 * A neuron model as its paper writes it: state variables with initial values, parameters with
 * defaults, derivatives, threshold, reset, refractoriness and integrator. The WGSL kernel and the CPU
 * function are generated from this one definition; built-in models are written the same way.
 */
export interface NeuronModelDefinition<S extends string = string, P extends string = string> {
  /** Registry name, e.g. `'izhikevich-2003'`. */
  name: string;
  /** Where the equations and default values come from. */
  cite?: string;
  /** A sentence for documentation and `spikegpu inspect`. */
  description?: string;
  /** Initial value of each state variable. */
  state: Record<S, number>;
  /** Default value of each parameter; a population may override any of them, per neuron. */
  params: Record<P, number>;
  /**
   * Named intermediate values (Brian2's subexpressions), e.g. a gate's rate `alphaM` or a current
   * `INa`: each may use the state, the parameters, `I`, `t`, `dt` and the subexpressions listed before
   * it; equations, threshold and reset may use them all. The generated code computes each once per
   * integrator stage, however often it is used, and those of parameters alone once per step — so
   * writing a shared exponential once makes the step cheaper, not just shorter.
   */
  subexpressions?: Record<string, string>;
  /** Derivative (per ms) of state variables, as expressions. Variables without one stay constant between resets. */
  equations: Partial<Record<S, string>>;
  /** A boolean expression; when true at the end of a step the neuron spikes and is reset. */
  threshold: string;
  /** New values assigned at a spike, evaluated with the pre-reset values. */
  reset?: Partial<Record<S, string>>;
  /** Absolute refractory period: a constant in ms or a parameter's name; `hold` lists variables frozen during it. */
  refractory?: { periodMs: number | NoInfer<P>; hold?: NoInfer<S>[] };
  /** Integrator; default forward Euler with one sub-step. */
  integrator?: IntegratorName | IntegratorSpec;
  /** Unit of the input current `I` the equations use, for documentation: `'pA'`, `'µA/cm²'`, `'dimensionless'`. */
  currentUnit?: string;
}

/** A validated, frozen model with a content hash; what populations refer to. */
export interface NeuronModel<S extends string = string, P extends string = string> extends Readonly<NeuronModelDefinition<S, P>> {
  readonly stateNames: readonly S[];
  readonly paramNames: readonly P[];
  readonly integratorSpec: Required<IntegratorSpec>;
  /** Hash of everything that changes the generated code: equal definitions share pipelines. */
  readonly hash: string;
}

/** Names every model's expressions may use besides its own state and parameters. */
export const RESERVED_NAMES = ['I', 't', 'dt', 'pi', 'e'] as const;

const IDENT = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** FNV-1a 64-bit over a string, as 16 hex digits: stable across runs and platforms. */
export function contentHash(text: string): string {
  let h = 0xcbf29ce484222325n;
  const prime = 0x100000001b3n;
  for (let i = 0; i < text.length; i++) {
    h ^= BigInt(text.charCodeAt(i));
    h = (h * prime) & 0xffffffffffffffffn;
  }
  return h.toString(16).padStart(16, '0');
}

function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value as object)
        .sort()
        .map((k) => [k, canonical((value as Record<string, unknown>)[k])]),
    );
  }
  return value;
}

/**
 * Validates a definition and returns the model. Names are checked where they are made, so a typo
 * fails here with a suggestion rather than in a shader compiler.
 *
 * @example
 * ```ts
 * const qif = defineNeuronModel({
 *   name: 'qif', state: { v: -60 }, params: { vr: -60, vc: -50, tau: 10 },
 *   equations: { v: '(v - vr)*(v - vc)/(tau*10) + I' }, threshold: 'v >= 30', reset: { v: 'vr' },
 * });
 * ```
 */
export function defineNeuronModel<S extends string, P extends string>(def: NeuronModelDefinition<S, P>): NeuronModel<S, P> {
  const where = (field: string) => `models.${def?.name ?? '?'}.${field}`;
  if (!def || typeof def.name !== 'string' || !/^[a-z0-9][a-z0-9._-]*$/i.test(def.name))
    throw new ValidationError('', { code: 'invalid-model-name', path: 'name', expected: 'a name of letters, digits, . _ -', received: def?.name });
  const stateNames = Object.keys(def.state ?? {}) as S[];
  const paramNames = Object.keys(def.params ?? {}) as P[];
  if (stateNames.length === 0)
    throw new ValidationError('', { code: 'no-state', path: where('state'), expected: 'at least one state variable', received: def.state });
  for (const [group, names, values] of [
    ['state', stateNames, def.state],
    ['params', paramNames, def.params],
  ] as const) {
    for (const n of names) {
      if (!IDENT.test(n))
        throw new ValidationError('', { code: 'invalid-name', path: where(`${group}.${n}`), expected: 'an identifier (letters, digits, _)', received: n });
      if ((RESERVED_NAMES as readonly string[]).includes(n))
        throw new ValidationError(`'${n}' is reserved`, {
          code: 'reserved-name',
          path: where(`${group}.${n}`),
          hint: `reserved names: ${RESERVED_NAMES.join(', ')}`,
        });
      const v = (values as Record<string, number>)[n];
      if (typeof v !== 'number' || !Number.isFinite(v))
        throw new ValidationError('', { code: 'invalid-value', path: where(`${group}.${n}`), expected: 'a finite number', received: v });
    }
  }
  const clash = stateNames.find((n) => (paramNames as string[]).includes(n));
  if (clash) throw new ValidationError(`'${clash}' is both a state variable and a parameter`, { code: 'duplicate-name', path: where(`params.${clash}`) });
  for (const [n, source] of Object.entries(def.subexpressions ?? {})) {
    const path = where(`subexpressions.${n}`);
    if (!IDENT.test(n)) throw new ValidationError('', { code: 'invalid-name', path, expected: 'an identifier (letters, digits, _)', received: n });
    if ((RESERVED_NAMES as readonly string[]).includes(n) || Object.hasOwn(EXPRESSION_FUNCTIONS, n))
      throw new ValidationError(`'${n}' is reserved`, {
        code: 'reserved-name',
        path,
        hint: `reserved names: ${RESERVED_NAMES.join(', ')} and the function names`,
      });
    const owner = (stateNames as string[]).includes(n)
      ? 'a state variable'
      : (paramNames as string[]).includes(n)
        ? 'a parameter'
        : (stateNames as string[]).some((v) => n === `${v}_prev`)
          ? "the threshold's start-of-step value of a state variable"
          : null;
    if (owner) throw new ValidationError(`'${n}' is both ${owner} and a subexpression`, { code: 'duplicate-name', path });
    if (typeof source !== 'string' || source.trim() === '')
      throw new ValidationError('', { code: 'invalid-value', path, expected: 'an expression', received: source });
  }
  for (const key of Object.keys(def.equations ?? {}))
    if (!(stateNames as string[]).includes(key))
      throw new ValidationError(`equation for unknown state variable '${key}'`, {
        code: 'unknown-state',
        path: where(`equations.${key}`),
        hint: didYouMean(key, stateNames),
      });
  for (const key of Object.keys(def.reset ?? {}))
    if (!(stateNames as string[]).includes(key))
      throw new ValidationError(`reset of unknown state variable '${key}'`, {
        code: 'unknown-state',
        path: where(`reset.${key}`),
        hint: didYouMean(key, stateNames),
      });
  if (typeof def.threshold !== 'string' || def.threshold.trim() === '')
    throw new ValidationError('', {
      code: 'no-threshold',
      path: where('threshold'),
      expected: "a boolean expression such as 'v >= 30'",
      received: def.threshold,
    });
  if (def.refractory) {
    const p = def.refractory.periodMs;
    if (typeof p === 'string' ? !(paramNames as string[]).includes(p) : !(Number.isFinite(p) && p >= 0))
      throw new ValidationError('', {
        code: 'invalid-refractory',
        path: where('refractory.periodMs'),
        expected: 'a number ≥ 0 or a parameter name',
        received: p,
        ...(typeof p === 'string' ? { hint: didYouMean(p, paramNames) } : {}),
      });
    for (const h of def.refractory.hold ?? [])
      if (!(stateNames as string[]).includes(h))
        throw new ValidationError(`unknown state variable '${h}'`, { code: 'unknown-state', path: where('refractory.hold'), hint: didYouMean(h, stateNames) });
  }
  const integratorSpec: Required<IntegratorSpec> =
    typeof def.integrator === 'string' || def.integrator === undefined
      ? { method: def.integrator ?? 'euler', substeps: 1 }
      : { method: def.integrator.method, substeps: def.integrator.substeps ?? 1 };
  if (!['euler', 'rk4', 'exponential-euler'].includes(integratorSpec.method))
    throw new ValidationError('', {
      code: 'unknown-integrator',
      path: where('integrator'),
      expected: "'euler', 'rk4' or 'exponential-euler'",
      received: integratorSpec.method,
    });
  if (!Number.isInteger(integratorSpec.substeps) || integratorSpec.substeps < 1 || integratorSpec.substeps > 1000)
    throw new ValidationError('', {
      code: 'invalid-substeps',
      path: where('integrator.substeps'),
      expected: 'an integer in [1, 1000]',
      received: integratorSpec.substeps,
    });

  const model = {
    ...def,
    stateNames,
    paramNames,
    integratorSpec,
    hash: contentHash(
      JSON.stringify(
        canonical({
          state: def.state,
          params: def.params,
          // Only when present, so that the hashes (and pipeline caches) of models without them are unchanged.
          ...(def.subexpressions && Object.keys(def.subexpressions).length ? { subexpressions: def.subexpressions } : {}),
          equations: def.equations,
          threshold: def.threshold,
          reset: def.reset ?? {},
          refractory: def.refractory ?? null,
          integrator: integratorSpec,
        }),
      ),
    ),
  };
  // Parse every expression now, so errors point at the model and the field at definition time.
  checkModelExpressions(model);
  return Object.freeze(model);
}
