import type { ConnectivitySpec } from './connectivity-spec.js';
import {
  type DistanceDelaySpec,
  type HomeostasisSpec,
  INHIBITORY_REVERSAL_MAX_MV,
  type InputSpec,
  type NetworkDescription,
  type NeuronSelection,
  type PlasticitySpec,
  type PopulationSpec,
  type PositionSpec,
  type ProjectionSpec,
  type ReceptorSpec,
} from './description.js';
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

/**
 * The checks of plasticity and homeostasis rules that core cannot make, since it knows no rules: the
 * simulator passes one backed by `@spikegpu/plasticity`. Each throws a {@link ValidationError} naming
 * the field (`projections[2].plasticity[0].tauPlusMs`). Without one, {@link validateNetwork} checks
 * only that each rule is an object with a `rule` name.
 */
export interface RuleCatalog {
  plasticity(rules: readonly PlasticitySpec[], path: string, context: { projection: ProjectionSpec; receptor: ReceptorSpec; dt: number }): void;
  homeostasis(
    spec: HomeostasisSpec,
    path: string,
    context: { population: PopulationSpec; model: { params: readonly string[]; state: readonly string[] } | undefined; dt: number },
  ): void;
}

/** A plasticity or homeostasis rule's common shape: an object naming its rule, fields numbers or strings. */
function validateRuleShape(spec: unknown, path: string): void {
  if (!isRecord(spec) || typeof spec.rule !== 'string') throw invalid(path, "a rule such as { rule: 'stdp', … }", spec);
  for (const [field, value] of Object.entries(spec))
    if (typeof value !== 'string' && !isFiniteNumber(value)) throw invalid(`${path}.${field}`, 'a finite number or a string', value);
}

const isFiniteNumber = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x);

/**
 * Edit distance counting insertions, deletions, substitutions and swaps of two neighbouring
 * characters (optimal string alignment), so the common typo `tahn` is one edit from `tanh`.
 */
export function editDistance(a: string, b: string): number {
  const rows: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i]);
  for (let j = 1; j <= b.length; j++) (rows[0] as number[])[j] = j;
  const at = (i: number, j: number) => (rows[i] as number[])[j] as number;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let distance = Math.min(at(i - 1, j) + 1, at(i, j - 1) + 1, at(i - 1, j - 1) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) distance = Math.min(distance, at(i - 2, j - 2) + 1);
      (rows[i] as number[])[j] = distance;
    }
  }
  return at(a.length, b.length);
}

/**
 * The candidate a misspelt name most likely meant, or undefined when none is close. Case is
 * ignored first (`vthresh` finds `vThresh`); a name may be off by two edits or a third of its length,
 * and a one-letter name is only matched by case (`i` finds `I`, `x` finds nothing among `v`, `u`).
 */
export function closestName(name: string, candidates: Iterable<string>): string | undefined {
  const allowed = Math.max(2, Math.floor(name.length / 3));
  let best: string | undefined;
  let bestScore = Number.POSITIVE_INFINITY;
  for (const candidate of candidates) {
    if (candidate === name) continue;
    const distance = editDistance(name.toLowerCase(), candidate.toLowerCase());
    if (distance > allowed || (name.length === 1 && distance > 0)) continue;
    // Ties on the case-blind distance go to the candidate closer with case.
    const score = distance * 1000 + editDistance(name, candidate);
    if (score < bestScore) {
      best = candidate;
      bestScore = score;
    }
  }
  return best;
}

/** A hint naming the closest allowed name, or listing them. */
export function didYouMean(name: string, allowed: readonly string[]): string {
  const near = closestName(name, allowed);
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

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Checks a {@link PositionSpec}; with `count`, also that a `grid` has room for that many neurons.
 * Throws a {@link ValidationError} naming the field.
 */
export function validatePositionSpec(spec: PositionSpec, path: string, count?: number): void {
  const raw: unknown = spec;
  if (!isRecord(raw)) throw invalid(path, "a layout such as { layout: 'box', sizeUm: [100, 100, 100] }", raw);
  const vector = (value: unknown, at: string, min?: number) => {
    if (!Array.isArray(value) || value.length !== 3) throw invalid(at, 'three numbers [x, y, z]', value);
    value.forEach((x, axis) => requireNumber(x, `${at}[${axis}]`, min === undefined ? {} : { min }));
  };
  if (raw.order !== undefined && raw.order !== 'index' && raw.order !== 'morton') throw invalid(`${path}.order`, "'index' or 'morton'", raw.order);
  const known: Record<string, readonly string[]> = {
    box: ['layout', 'sizeUm', 'originUm', 'order'],
    sphere: ['layout', 'radiusUm', 'centerUm', 'order'],
    grid: ['layout', 'spacingUm', 'shape', 'originUm', 'order'],
    layers: ['layout', 'widthUm', 'layers', 'order'],
  };
  const fields = typeof raw.layout === 'string' ? known[raw.layout] : undefined;
  if (!fields) throw invalid(`${path}.layout`, "one of 'box', 'sphere', 'grid', 'layers'", raw.layout, undefined, 'unknown-layout');
  for (const field of Object.keys(raw))
    if (!fields.includes(field))
      throw invalid(
        `${path}.${field}`,
        `one of the fields of layout '${raw.layout}': ${fields.join(', ')}`,
        raw[field],
        didYouMean(field, fields),
        'unknown-field',
      );
  switch (raw.layout) {
    case 'box':
      vector(raw.sizeUm, `${path}.sizeUm`, 0);
      if (raw.originUm !== undefined) vector(raw.originUm, `${path}.originUm`);
      return;
    case 'sphere':
      requireNumber(raw.radiusUm, `${path}.radiusUm`, { min: 0 });
      if (raw.centerUm !== undefined) vector(raw.centerUm, `${path}.centerUm`);
      return;
    case 'grid': {
      requireNumber(raw.spacingUm, `${path}.spacingUm`, { min: 0 });
      if (raw.shape !== undefined) {
        vector(raw.shape, `${path}.shape`, 1);
        (raw.shape as number[]).forEach((n, axis) => requireNumber(n, `${path}.shape[${axis}]`, { integer: true, min: 1 }));
      }
      if (raw.originUm !== undefined) vector(raw.originUm, `${path}.originUm`);
      if (count !== undefined && raw.shape !== undefined) {
        const [nx, ny, nz] = raw.shape as [number, number, number];
        if (nx * ny * nz < count) throw invalid(`${path}.shape`, `a lattice of at least ${count} points`, raw.shape, undefined, 'grid-too-small');
      }
      return;
    }
    case 'layers': {
      requireNumber(raw.widthUm, `${path}.widthUm`, { min: 0 });
      const layers = raw.layers;
      if (!Array.isArray(layers) || layers.length === 0) throw invalid(`${path}.layers`, 'a non-empty array of layers', layers);
      let fractions = 0;
      layers.forEach((layer: unknown, l) => {
        const at = `${path}.layers[${l}]`;
        if (!isRecord(layer)) throw invalid(at, '{ topUm, bottomUm, fraction }', layer);
        const top = requireNumber(layer.topUm, `${at}.topUm`, { min: 0 });
        requireNumber(layer.bottomUm, `${at}.bottomUm`, { min: top });
        fractions += requireNumber(layer.fraction, `${at}.fraction`, { min: 0 });
      });
      if (!(fractions > 0)) throw invalid(`${path}.layers`, 'fractions with a positive sum', fractions);
      return;
    }
  }
}

/** True for `{ dist: 'distance', … }`: a delay computed from the neurons' positions. */
export function isDistanceDelay(spec: ValueSpec | DistanceDelaySpec | undefined): spec is DistanceDelaySpec {
  return typeof spec === 'object' && spec !== null && spec.dist === 'distance';
}

/** Rules that read the neurons' positions. */
function needsPositions(c: ConnectivitySpec): boolean {
  return c.rule === 'distance-dependent' || (c.rule === 'watts-strogatz' && c.lattice === 'nearest-3d');
}

function requirePositions(pop: PopulationSpec, index: number, why: string): void {
  if (pop.positions === undefined)
    throw new ValidationError(`population '${pop.name}' has no positions`, {
      code: 'missing-positions',
      path: `populations[${index}].positions`,
      expected: `positions (${why})`,
      hint: "add e.g. positions: { layout: 'box', sizeUm: [500, 500, 500] }",
    });
}

/**
 * Dale's law on one projection (see `PopulationSpec.sign`): through a delta or current receptor the
 * weights carry the sign; through a conductance receptor the receptor's reversal potential does.
 */
function checkSign(source: PopulationSpec, target: PopulationSpec, receptorName: string, receptor: ReceptorSpec, proj: ProjectionSpec, path: string): void {
  const sign = source.sign;
  if (sign === undefined) return;
  const isExcitatory = sign === 'excitatory';
  if (receptor.kind === 'conductance') {
    if (isExcitatory === receptor.reversalMv > INHIBITORY_REVERSAL_MAX_MV) return;
    throw new ValidationError('', {
      code: 'sign-mismatch',
      path: `${path}.receptor`,
      expected: `a receptor reversing ${isExcitatory ? 'above' : 'at or below'} ${INHIBITORY_REVERSAL_MAX_MV} mV, since population '${source.name}' is ${sign}`,
      received: `'${receptorName}' of '${target.name}' (reversal ${receptor.reversalMv} mV)`,
      hint: `pick an ${isExcitatory ? 'excitatory' : 'inhibitory'} receptor of '${target.name}'`,
    });
  }
  try {
    validateValueSpec(proj.weight, `${path}.weight`, isExcitatory ? { min: 0 } : { max: 0 });
  } catch (e) {
    if (!(e instanceof ValidationError)) throw e;
    throw new ValidationError('', {
      code: 'sign-mismatch',
      path: e.path,
      expected: `${isExcitatory ? 'weights ≥ 0' : 'weights ≤ 0'}, since population '${source.name}' is ${sign} (${e.expected ?? 'see the bound'})`,
      received: e.received,
      hint: isExcitatory
        ? 'inhibition comes from a population with sign: inhibitory'
        : 'give inhibitory weights as negative values (a uniform or normal with max ≤ 0)',
    });
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
export function validateNetwork(net: NetworkDescription, catalog?: ModelCatalog, rules?: RuleCatalog): NetworkDescription {
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
    if (pop.positions !== undefined) validatePositionSpec(pop.positions, `${path}.positions`, pop.size);
    if (pop.sign !== undefined && pop.sign !== 'excitatory' && pop.sign !== 'inhibitory')
      throw invalid(`${path}.sign`, "'excitatory' or 'inhibitory'", pop.sign, didYouMean(String(pop.sign), ['excitatory', 'inhibitory']));
    if (pop.homeostasis !== undefined) {
      validateRuleShape(pop.homeostasis, `${path}.homeostasis`);
      rules?.homeostasis(pop.homeostasis, `${path}.homeostasis`, { population: pop, model, dt: net.dt });
    }
  });
  const indexOf = new Map(net.populations.map((pop, i) => [pop.name, i]));
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
    if (needsPositions(proj.connectivity)) {
      const why = `${path}.connectivity is the spatial rule '${proj.connectivity.rule}'`;
      requirePositions(source, indexOf.get(source.name) as number, why);
      requirePositions(target, indexOf.get(target.name) as number, why);
    }
    const receptorName = resolveReceptor(target, proj.receptor, `${path}.receptor`);
    const receptor = receptorsOf(target)[receptorName] as ReceptorSpec;
    validateValueSpec(proj.weight, `${path}.weight`, receptor.kind === 'conductance' ? { min: 0 } : {});
    checkSign(source, target, receptorName, receptor, proj, path);
    if (proj.plasticity !== undefined) {
      if (!Array.isArray(proj.plasticity)) throw invalid(`${path}.plasticity`, 'an array of rules', proj.plasticity);
      proj.plasticity.forEach((rule, k) => validateRuleShape(rule, `${path}.plasticity[${k}]`));
      rules?.plasticity(proj.plasticity, `${path}.plasticity`, { projection: proj, receptor, dt: net.dt });
    }
    if (isDistanceDelay(proj.delayMs)) {
      const delay: Record<string, unknown> = { ...proj.delayMs };
      for (const field of Object.keys(delay))
        if (!['dist', 'velocityUmPerMs', 'offsetMs'].includes(field))
          throw invalid(`${path}.delayMs.${field}`, 'one of dist, velocityUmPerMs, offsetMs', delay[field], undefined, 'unknown-field');
      requireNumber(delay.velocityUmPerMs, `${path}.delayMs.velocityUmPerMs`, { min: 0, minExclusive: true });
      if (delay.offsetMs !== undefined) requireNumber(delay.offsetMs, `${path}.delayMs.offsetMs`, { min: 0 });
      const why = `${path}.delayMs grows with distance`;
      requirePositions(source, indexOf.get(source.name) as number, why);
      requirePositions(target, indexOf.get(target.name) as number, why);
    } else if (proj.delayMs !== undefined) {
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
