import type { ConnectivitySpec } from './connectivity-spec.js';
import type { InputSpec, NetworkDescription, NeuronSelection, PopulationSpec, ProjectionSpec, ReceptorSpec } from './description.js';
import { invalid, ValidationError } from './errors.js';
import type { ValueSpec } from './value-spec.js';

/**
 * What the network validator needs to know about models, so that `core` stays free of the model
 * library: the simulator passes a lookup backed by `@spikegpu/models`.
 */
export interface ModelCatalog {
  /** Parameter and state names of a model, or undefined when no model has that name. */
  lookup(name: string): { params: readonly string[]; state: readonly string[] } | undefined;
  /** Every registered name, for "did you mean" hints. */
  names(): readonly string[];
}

const isFiniteNumber = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x);

function closest(name: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Math.max(2, Math.floor(name.length / 3)) + 1;
  for (const candidate of candidates) {
    const d = editDistance(name.toLowerCase(), candidate.toLowerCase());
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best;
}

/** Levenshtein distance, for "did you mean" hints. */
export function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0] as number;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j] as number;
      row[j] = Math.min(above + 1, (row[j - 1] as number) + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return row[b.length] as number;
}

/** A hint naming the closest allowed name, or listing them. */
export function didYouMean(name: string, allowed: readonly string[]): string {
  const near = closest(name, allowed);
  return near ? `did you mean '${near}'?` : `allowed: ${allowed.map((n) => `'${n}'`).join(', ') || 'none'}`;
}

function requireNumber(value: unknown, path: string, rule: { min?: number; max?: number; minExclusive?: boolean; integer?: boolean }): number {
  const range =
    rule.min !== undefined && rule.max !== undefined
      ? `in [${rule.min}, ${rule.max}]`
      : rule.min !== undefined
        ? rule.minExclusive
          ? `> ${rule.min}`
          : `≥ ${rule.min}`
        : rule.max !== undefined
          ? `≤ ${rule.max}`
          : 'finite';
  const what = rule.integer ? (rule.min === 1 || (rule.min === 0 && rule.minExclusive) ? 'a positive integer' : `an integer ${range}`) : `a number ${range}`;
  if (!isFiniteNumber(value)) throw invalid(path, what, value, undefined, Number.isNaN(value) ? 'not-a-number' : 'invalid-type');
  if (rule.integer && !Number.isInteger(value)) throw invalid(path, what, value, undefined, 'not-an-integer');
  if (rule.min !== undefined && (rule.minExclusive ? value <= rule.min : value < rule.min)) throw invalid(path, what, value, undefined, 'out-of-range');
  if (rule.max !== undefined && value > rule.max) throw invalid(path, what, value, undefined, 'out-of-range');
  return value;
}

/** Checks a {@link ValueSpec}: its numbers finite, its ranges ordered, and each value within `bounds`. */
export function validateValueSpec(spec: ValueSpec, path: string, bounds: { min?: number; max?: number; count?: number } = {}): void {
  const check = (x: unknown, p: string) => requireNumber(x, p, bounds);
  if (typeof spec === 'number') {
    check(spec, path);
    return;
  }
  if (spec === null || typeof spec !== 'object' || !('dist' in spec))
    throw invalid(path, "a number or a distribution { dist: 'constant' | 'uniform' | 'normal' | 'lognormal' | 'list', … }", spec);
  switch (spec.dist) {
    case 'constant':
      check(spec.value, `${path}.value`);
      return;
    case 'uniform':
      check(spec.low, `${path}.low`);
      check(spec.high, `${path}.high`);
      if (spec.high < spec.low) throw invalid(`${path}.high`, `a number ≥ low (${spec.low})`, spec.high);
      return;
    case 'normal': {
      requireNumber(spec.mean, `${path}.mean`, {});
      requireNumber(spec.sd, `${path}.sd`, { min: 0 });
      if (spec.min !== undefined) requireNumber(spec.min, `${path}.min`, {});
      if (spec.max !== undefined) requireNumber(spec.max, `${path}.max`, {});
      if (spec.min !== undefined && spec.max !== undefined && spec.max < spec.min) throw invalid(`${path}.max`, `a number ≥ min (${spec.min})`, spec.max);
      const lo = Math.max(spec.min ?? -Infinity, bounds.min ?? -Infinity);
      const hi = Math.min(spec.max ?? Infinity, bounds.max ?? Infinity);
      if (bounds.min !== undefined && (spec.min ?? -Infinity) < bounds.min && spec.sd > 0)
        throw invalid(
          `${path}.min`,
          `a bound ≥ ${bounds.min}, since values below it are not allowed here`,
          spec.min,
          'set min so the clipped normal stays in range',
        );
      if (bounds.max !== undefined && (spec.max ?? Infinity) > bounds.max && spec.sd > 0)
        throw invalid(`${path}.max`, `a bound ≤ ${bounds.max}, since values above it are not allowed here`, spec.max);
      if (spec.sd === 0 && (spec.mean < lo || spec.mean > hi)) check(spec.mean, `${path}.mean`);
      return;
    }
    case 'lognormal':
      requireNumber(spec.mu, `${path}.mu`, {});
      requireNumber(spec.sigma, `${path}.sigma`, { min: 0 });
      if (bounds.max !== undefined) throw invalid(path, `a distribution bounded above by ${bounds.max}`, 'lognormal');
      if (bounds.min !== undefined && bounds.min > 0) throw invalid(path, `a distribution bounded below by ${bounds.min}`, 'lognormal');
      return;
    case 'list':
      if (!Array.isArray(spec.values)) throw invalid(`${path}.values`, 'an array of numbers', spec.values);
      if (bounds.count !== undefined && spec.values.length !== bounds.count)
        throw invalid(`${path}.values`, `${bounds.count} values (one per element)`, `${spec.values.length} values`, undefined, 'length-mismatch');
      spec.values.forEach((x, i) => check(x, `${path}.values[${i}]`));
      return;
    default:
      throw invalid(`${path}.dist`, "one of 'constant', 'uniform', 'normal', 'lognormal', 'list'", (spec as { dist: unknown }).dist);
  }
}

function validateSelection(sel: NeuronSelection | undefined, size: number, path: string): void {
  if (sel === undefined || sel === 'all') return;
  if (!Array.isArray(sel)) throw invalid(path, "'all' or an array of neuron indices", sel);
  sel.forEach((i, k) => requireNumber(i, `${path}[${k}]`, { integer: true, min: 0, max: size - 1 }));
}

function validateReceptor(r: ReceptorSpec, path: string): void {
  if (!r || typeof r !== 'object') throw invalid(path, "a receptor { kind: 'delta' | 'current' | 'conductance', … }", r);
  switch (r.kind) {
    case 'delta':
      return;
    case 'current':
      requireNumber(r.tauMs, `${path}.tauMs`, { min: 0, minExclusive: true });
      return;
    case 'conductance':
      requireNumber(r.tauMs, `${path}.tauMs`, { min: 0, minExclusive: true });
      requireNumber(r.reversalMv, `${path}.reversalMv`, {});
      return;
    default:
      throw invalid(`${path}.kind`, "one of 'delta', 'current', 'conductance'", (r as { kind: unknown }).kind);
  }
}

/** The receptors a population has: its own, or the default single `delta` receptor named `input`. */
export function receptorsOf(pop: PopulationSpec): Record<string, ReceptorSpec> {
  return pop.receptors && Object.keys(pop.receptors).length > 0 ? pop.receptors : { input: { kind: 'delta' } };
}

/** Resolves which receptor of `target` a projection or input uses, or throws naming the field. */
export function resolveReceptor(target: PopulationSpec, receptor: string | undefined, path: string): string {
  const names = Object.keys(receptorsOf(target));
  if (receptor === undefined) {
    if (names.length === 1) return names[0] as string;
    throw invalid(path, `one of ${names.map((n) => `'${n}'`).join(', ')} (population '${target.name}' has several receptors)`, receptor);
  }
  if (!names.includes(receptor)) throw invalid(path, `a receptor of population '${target.name}'`, receptor, didYouMean(receptor, names), 'unknown-receptor');
  return receptor;
}

function validateConnectivityShape(c: ConnectivitySpec, path: string, sourceSize: number, targetSize: number): void {
  if (!c || typeof c !== 'object' || typeof (c as { rule?: unknown }).rule !== 'string') throw invalid(path, 'a connectivity rule { rule: …, … }', c);
  // Rule-specific checks live with the builders in @spikegpu/connectivity; the common ones come first here
  // so that a description fails before anything is built.
  if ('p' in c) requireNumber(c.p, `${path}.p`, { min: 0, max: 1 });
  if (c.rule === 'fixed-indegree' && !c.allowMultapses) requireNumber(c.k, `${path}.k`, { integer: true, min: 0, max: sourceSize });
  else if (c.rule === 'fixed-outdegree' && !c.allowMultapses) requireNumber(c.k, `${path}.k`, { integer: true, min: 0, max: targetSize });
  else if ('k' in c) requireNumber(c.k, `${path}.k`, { integer: true, min: 0 });
  if (c.rule === 'one-to-one' && sourceSize !== targetSize)
    throw invalid(`${path}.rule`, `populations of equal size for 'one-to-one' (source ${sourceSize}, target ${targetSize})`, c.rule);
}

/**
 * Validates a whole description before anything is allocated. Throws a {@link ValidationError} whose
 * message names the field path and the allowed values. Returns the description typed.
 */
export function validateNetwork(net: NetworkDescription, catalog?: ModelCatalog): NetworkDescription {
  if (!net || typeof net !== 'object') throw invalid('', 'a network description object', net);
  requireNumber(net.dt, 'dt', { min: 0, minExclusive: true });
  if (net.dt > 10) throw invalid('dt', 'a number in (0, 10] ms', net.dt);
  requireNumber(net.seed, 'seed', { integer: true, min: 0, max: 0xffffffff });
  if (!Array.isArray(net.populations) || net.populations.length === 0) throw invalid('populations', 'a non-empty array of populations', net.populations);
  const byName = new Map<string, PopulationSpec>();
  let totalNeurons = 0;
  net.populations.forEach((pop, i) => {
    const path = `populations[${i}]`;
    if (!pop || typeof pop !== 'object') throw invalid(path, 'a population object', pop);
    if (typeof pop.name !== 'string' || !/^[A-Za-z_][\w.-]*$/.test(pop.name))
      throw invalid(`${path}.name`, 'a name of letters, digits, _ . - starting with a letter', pop.name);
    if (byName.has(pop.name)) throw invalid(`${path}.name`, 'a name not used by another population', pop.name, undefined, 'duplicate-name');
    byName.set(pop.name, pop);
    requireNumber(pop.size, `${path}.size`, { integer: true, min: 1 });
    totalNeurons += pop.size;
    if (typeof pop.model !== 'string') throw invalid(`${path}.model`, 'a model name', pop.model);
    const model = catalog?.lookup(pop.model);
    if (catalog && !model)
      throw new ValidationError(`unknown model '${pop.model}'`, { code: 'unknown-model', path: `${path}.model`, hint: didYouMean(pop.model, catalog.names()) });
    for (const [key, value] of Object.entries(pop.params ?? {})) {
      if (model && !model.params.includes(key))
        throw new ValidationError(`unknown parameter '${key}' for model '${pop.model}'`, {
          code: 'unknown-parameter',
          path: `${path}.params.${key}`,
          hint: didYouMean(key, model.params),
        });
      validateValueSpec(value, `${path}.params.${key}`, { count: pop.size });
    }
    const receptorStates = Object.entries(pop.receptors ?? {})
      .filter(([, r]) => r.kind !== 'delta')
      .map(([name]) => `syn_${name}`);
    for (const [key, value] of Object.entries(pop.init ?? {})) {
      if (model && !model.state.includes(key) && !receptorStates.includes(key))
        throw new ValidationError(`unknown state variable '${key}' for model '${pop.model}'`, {
          code: 'unknown-state',
          path: `${path}.init.${key}`,
          hint: didYouMean(key, [...model.state, ...receptorStates]),
        });
      validateValueSpec(value, `${path}.init.${key}`, { count: pop.size });
    }
    for (const [key, r] of Object.entries(pop.receptors ?? {})) {
      if (!/^[A-Za-z_]\w*$/.test(key)) throw invalid(`${path}.receptors.${key}`, 'a receptor name of letters, digits and _', key);
      validateReceptor(r, `${path}.receptors.${key}`);
    }
  });
  if (totalNeurons > 2 ** 31) throw invalid('populations', 'at most 2^31 neurons in all', totalNeurons);

  const population = (name: unknown, path: string): PopulationSpec => {
    const pop = typeof name === 'string' ? byName.get(name) : undefined;
    if (!pop)
      throw new ValidationError(`unknown population ${JSON.stringify(name)}`, {
        code: 'unknown-population',
        path,
        hint: didYouMean(String(name), [...byName.keys()]),
      });
    return pop;
  };
  const projectionNames = new Set<string>();
  (net.projections ?? []).forEach((proj: ProjectionSpec, i) => {
    const path = `projections[${i}]`;
    const source = population(proj.source, `${path}.source`);
    const target = population(proj.target, `${path}.target`);
    if (proj.name !== undefined) {
      if (projectionNames.has(proj.name)) throw invalid(`${path}.name`, 'a name not used by another projection', proj.name, undefined, 'duplicate-name');
      projectionNames.add(proj.name);
    }
    validateConnectivityShape(proj.connectivity, `${path}.connectivity`, source.size, target.size);
    const receptorName = resolveReceptor(target, proj.receptor, `${path}.receptor`);
    const receptor = receptorsOf(target)[receptorName] as ReceptorSpec;
    validateValueSpec(proj.weight, `${path}.weight`, receptor.kind === 'conductance' ? { min: 0 } : {});
    if (proj.delayMs !== undefined) {
      try {
        validateValueSpec(proj.delayMs, `${path}.delayMs`, { min: net.dt });
      } catch (e) {
        if (e instanceof ValidationError)
          throw new ValidationError('', {
            code: 'delay-too-short',
            path: e.path,
            expected: `a delay ≥ dt (${net.dt} ms)`,
            received: e.received,
            hint: 'delays are whole steps of at least one step',
          });
        throw e;
      }
    }
  });

  (net.inputs ?? []).forEach((input: InputSpec, i) => {
    const path = `inputs[${i}]`;
    const target = population(input?.target, `${path}.target`);
    validateSelection(input.neurons, target.size, `${path}.neurons`);
    switch (input.kind) {
      case 'current':
        validateValueSpec(input.amplitude, `${path}.amplitude`);
        if (input.startMs !== undefined) requireNumber(input.startMs, `${path}.startMs`, { min: 0 });
        if (input.stopMs !== undefined) requireNumber(input.stopMs, `${path}.stopMs`, { min: input.startMs ?? 0 });
        break;
      case 'noise':
        requireNumber(input.mean, `${path}.mean`, {});
        requireNumber(input.sd, `${path}.sd`, { min: 0 });
        break;
      case 'ou':
        requireNumber(input.mean, `${path}.mean`, {});
        requireNumber(input.sd, `${path}.sd`, { min: 0 });
        requireNumber(input.tauMs, `${path}.tauMs`, { min: 0, minExclusive: true });
        break;
      case 'poisson': {
        requireNumber(input.rateHz, `${path}.rateHz`, { min: 0 });
        if (input.sources !== undefined) requireNumber(input.sources, `${path}.sources`, { integer: true, min: 1 });
        const receptorName = resolveReceptor(target, input.receptor, `${path}.receptor`);
        const receptor = receptorsOf(target)[receptorName] as ReceptorSpec;
        requireNumber(input.weight, `${path}.weight`, receptor.kind === 'conductance' ? { min: 0 } : {});
        break;
      }
      default:
        throw invalid(`${path}.kind`, "one of 'current', 'noise', 'ou', 'poisson'", (input as { kind?: unknown })?.kind);
    }
  });

  const rec = net.recording;
  if (rec?.spikes !== undefined && typeof rec.spikes !== 'boolean') {
    rec.spikes.forEach((s, i) =>
      validateSelection(s.neurons, population(s.population, `recording.spikes[${i}].population`).size, `recording.spikes[${i}].neurons`),
    );
  }
  (rec?.state ?? []).forEach((s, i) => {
    const path = `recording.state[${i}]`;
    const pop = population(s.population, `${path}.population`);
    validateSelection(s.neurons, pop.size, `${path}.neurons`);
    const model = catalog?.lookup(pop.model);
    s.variables.forEach((v, k) => {
      if (model && !model.state.includes(v))
        throw new ValidationError(`unknown state variable '${v}' for model '${pop.model}'`, {
          code: 'unknown-state',
          path: `${path}.variables[${k}]`,
          hint: didYouMean(v, model.state),
        });
    });
    if (s.intervalMs !== undefined) requireNumber(s.intervalMs, `${path}.intervalMs`, { min: net.dt });
  });
  return net;
}
