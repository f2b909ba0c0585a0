import { type ConnectivitySpec, didYouMean, invalid } from '@spikegpu/core';
import { assertSynapseCapacity, type ConnectivityContext, MAX_SYNAPSES } from './csr.js';
import {
  checkIndices,
  checkInteger,
  checkKnownFields,
  checkNumber,
  checkOptionalBoolean,
  checkTraitMatrix,
  checkTraits,
  fieldPath,
  isIndexList,
  isPlainObject,
} from './field-checks.js';
import { expectedTraitMatrixCount, type TraitAssignment, traitsOf } from './rules/trait-matrix.js';

const RULE_FIELDS: Record<ConnectivitySpec['rule'], readonly string[]> = {
  'fixed-probability': ['rule', 'p', 'allowAutapses'],
  'fixed-indegree': ['rule', 'k', 'allowAutapses', 'allowMultapses'],
  'fixed-outdegree': ['rule', 'k', 'allowAutapses', 'allowMultapses'],
  'fixed-total': ['rule', 'n', 'allowAutapses', 'allowMultapses'],
  'one-to-one': ['rule'],
  'all-to-all': ['rule', 'allowAutapses'],
  explicit: ['rule', 'pre', 'post'],
  'distance-dependent': ['rule', 'profile', 'p0', 'scaleUm', 'cutoffUm', 'allowAutapses'],
  'watts-strogatz': ['rule', 'k', 'p', 'lattice'],
  'trait-matrix': ['rule', 'sourceTraits', 'targetTraits', 'probabilities', 'allowAutapses'],
};

/** Names of every connectivity rule {@link buildConnectivity} knows. */
export const CONNECTIVITY_RULES = Object.keys(RULE_FIELDS) as ReadonlyArray<ConnectivitySpec['rule']>;

/**
 * Checks a connectivity rule against the populations it joins, before anything is allocated.
 * Throws a `ValidationError` naming the field (`projections[0].connectivity.p: expected a number in
 * [0, 1], got 1.5`), or a `CapacityError` when the projection would exceed 2^32 − 1 synapses.
 *
 * @example
 * ```ts
 * validateConnectivity({ rule: 'fixed-indegree', k: 200 }, { sourceSize: 100, targetSize: 50, isSamePopulation: false });
 * // throws: connectivity.k: expected an integer in [0, 100], got 200 (hint: …allowMultapses: true…)
 * ```
 */
export function validateConnectivity(spec: ConnectivitySpec, ctx: ConnectivityContext): void {
  const path = ctx.path ?? 'connectivity';
  checkInteger(ctx.sourceSize, 'sourceSize', 0, MAX_SYNAPSES);
  checkInteger(ctx.targetSize, 'targetSize', 0, MAX_SYNAPSES);
  if (ctx.isSamePopulation && ctx.sourceSize !== ctx.targetSize) {
    throw invalid('targetSize', `the source size (${ctx.sourceSize}) for a projection onto its own population`, ctx.targetSize);
  }
  const raw: unknown = spec;
  if (!isPlainObject(raw)) throw invalid(path, 'a connectivity rule object such as { rule: "fixed-probability", p: 0.1 }', raw);
  const rule = raw.rule;
  if (typeof rule !== 'string' || !(rule in RULE_FIELDS)) {
    const hint = typeof rule === 'string' ? didYouMean(rule, CONNECTIVITY_RULES) : undefined;
    throw invalid(fieldPath(path, 'rule'), `one of ${CONNECTIVITY_RULES.map((name) => `'${name}'`).join(', ')}`, rule, hint, 'unknown-rule');
  }
  checkKnownFields(raw, RULE_FIELDS[rule as ConnectivitySpec['rule']], path, `rule '${rule}'`);
  const allowAutapses = checkOptionalBoolean(raw.allowAutapses, fieldPath(path, 'allowAutapses')) ?? false;
  const allowMultapses = checkOptionalBoolean(raw.allowMultapses, fieldPath(path, 'allowMultapses')) ?? false;

  const { sourceSize, targetSize } = ctx;
  const excludeSelf = ctx.isSamePopulation && !allowAutapses;
  const sourceCandidates = excludeSelf ? sourceSize - 1 : sourceSize;
  const targetCandidates = excludeSelf ? targetSize - 1 : targetSize;
  const selfNote = excludeSelf ? ' (autapses excluded)' : '';
  const multapseHint = 'set allowMultapses: true to draw with replacement, or lower it';

  switch (rule as ConnectivitySpec['rule']) {
    case 'fixed-probability': {
      const p = checkNumber(raw.p, fieldPath(path, 'p'), 0, 1);
      const expected = sourceSize * Math.max(0, targetCandidates) * p;
      assertSynapseCapacity(Math.ceil(expected + 8 * Math.sqrt(expected)), path);
      return;
    }
    case 'fixed-indegree': {
      const kPath = fieldPath(path, 'k');
      const k = allowMultapses
        ? checkInteger(raw.k, kPath, 0, sourceCandidates > 0 ? MAX_SYNAPSES : 0, 'there are no presynaptic candidates')
        : checkInteger(raw.k, kPath, 0, Math.max(0, sourceCandidates), `k distinct sources out of ${sourceCandidates}${selfNote}; ${multapseHint}`);
      assertSynapseCapacity(targetSize * k, path);
      return;
    }
    case 'fixed-outdegree': {
      const kPath = fieldPath(path, 'k');
      const k = allowMultapses
        ? checkInteger(raw.k, kPath, 0, targetCandidates > 0 ? MAX_SYNAPSES : 0, 'there are no postsynaptic candidates')
        : checkInteger(raw.k, kPath, 0, Math.max(0, targetCandidates), `k distinct targets out of ${targetCandidates}${selfNote}; ${multapseHint}`);
      assertSynapseCapacity(sourceSize * k, path);
      return;
    }
    case 'fixed-total': {
      const pairs = sourceSize * Math.max(0, targetCandidates);
      const nPath = fieldPath(path, 'n');
      if (allowMultapses) checkInteger(raw.n, nPath, 0, pairs > 0 ? MAX_SYNAPSES : 0, 'there are no candidate pairs');
      else checkInteger(raw.n, nPath, 0, Math.min(pairs, MAX_SYNAPSES), `n distinct pairs out of ${pairs}${selfNote}; ${multapseHint}`);
      return;
    }
    case 'one-to-one':
      if (sourceSize !== targetSize) {
        throw invalid(fieldPath(path, 'rule'), 'populations of equal size for one-to-one', `${sourceSize} → ${targetSize}`);
      }
      return;
    case 'all-to-all':
      assertSynapseCapacity(sourceSize * Math.max(0, targetCandidates), path);
      return;
    case 'explicit':
      validateExplicit(raw.pre, raw.post, sourceSize, targetSize, path);
      return;
    case 'distance-dependent': {
      if (raw.profile !== 'gaussian' && raw.profile !== 'exponential') {
        throw invalid(fieldPath(path, 'profile'), "'gaussian' or 'exponential'", raw.profile, undefined, 'unknown-profile');
      }
      checkNumber(raw.p0, fieldPath(path, 'p0'), 0, 1);
      const scale = checkNumber(raw.scaleUm, fieldPath(path, 'scaleUm'), 0);
      if (scale === 0) throw invalid(fieldPath(path, 'scaleUm'), 'a positive distance (µm)', scale);
      checkNumber(raw.cutoffUm, fieldPath(path, 'cutoffUm'), 0);
      checkPositions(ctx.sourcePositions, sourceSize, 'sourcePositions', path);
      checkPositions(ctx.targetPositions, targetSize, 'targetPositions', path);
      return;
    }
    case 'watts-strogatz': {
      if (!ctx.isSamePopulation) throw invalid(fieldPath(path, 'rule'), 'a projection from a population onto itself for watts-strogatz', rule);
      const kPath = fieldPath(path, 'k');
      const k = checkInteger(
        raw.k,
        kPath,
        2,
        Math.max(2, sourceSize - 1),
        'each neuron links to k/2 neighbours on either side; k must be even and below the population size',
      );
      if (k % 2 !== 0 || k >= sourceSize) throw invalid(kPath, `an even integer in [2, ${sourceSize - 1}]`, k);
      assertSynapseCapacity(sourceSize * k, path);
      if (sourceSize > 0x4000000) throw invalid('sourceSize', 'at most 2^26 neurons for watts-strogatz', sourceSize);
      checkNumber(raw.p, fieldPath(path, 'p'), 0, 1);
      if (raw.lattice !== undefined && raw.lattice !== 'ring' && raw.lattice !== 'nearest-3d') {
        throw invalid(fieldPath(path, 'lattice'), "'ring' or 'nearest-3d'", raw.lattice);
      }
      if (raw.lattice === 'nearest-3d') checkPositions(ctx.sourcePositions, sourceSize, 'sourcePositions', path);
      return;
    }
    case 'trait-matrix': {
      const [sourceTraits, targetTraits] = checkTraitMatrix(raw.probabilities, fieldPath(path, 'probabilities'), 0, 1);
      checkTraits(raw.sourceTraits, sourceSize, sourceTraits, fieldPath(path, 'sourceTraits'));
      checkTraits(raw.targetTraits, targetSize, targetTraits, fieldPath(path, 'targetTraits'));
      const expected = expectedTraitMatrixCount(
        traitsOf(raw.sourceTraits as TraitAssignment, sourceSize),
        traitsOf(raw.targetTraits as TraitAssignment, targetSize),
        raw.probabilities as number[][],
      );
      assertSynapseCapacity(Math.ceil(expected + 8 * Math.sqrt(expected)), path);
      return;
    }
  }
}

function checkPositions(positions: Float32Array | undefined, size: number, name: string, path: string): void {
  if (!(positions instanceof Float32Array) || positions.length !== 3 * size) {
    throw invalid(
      name,
      `a Float32Array of ${3 * size} coordinates (x, y, z per neuron, µm)`,
      positions === undefined ? undefined : `${positions.length} values`,
      `the rule at ${path} is spatial: place the neurons with placeNeurons and pass their positions in the build context`,
      'missing-positions',
    );
  }
}

function validateExplicit(pre: unknown, post: unknown, sourceSize: number, targetSize: number, path: string): void {
  const prePath = fieldPath(path, 'pre');
  const postPath = fieldPath(path, 'post');
  if (!isIndexList(pre)) throw invalid(prePath, 'an array of presynaptic indices', pre);
  if (!isIndexList(post)) throw invalid(postPath, 'an array of postsynaptic indices', post);
  if (pre.length !== post.length) {
    throw invalid(postPath, `${pre.length} indices, one per entry of pre`, `${post.length} indices`, undefined, 'length-mismatch');
  }
  assertSynapseCapacity(pre.length, path);
  checkIndices(pre, sourceSize, prePath);
  checkIndices(post, targetSize, postPath);
}
