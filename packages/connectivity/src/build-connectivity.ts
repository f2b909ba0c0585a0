import type { ConnectivitySpec } from '@spikegpu/core';
import { ROW_INDEPENDENT_RULES } from './build-rows.js';
import { openConnectivityPool } from './connectivity-tasks.js';
import type { BuildContext, ConnectivityContext, Csr } from './csr.js';
import { checkInteger } from './field-checks.js';
import { buildRowsOnRunner } from './parallel-build.js';
import { buildAllToAll, buildExplicit, buildOneToOne } from './rules/deterministic-rules.js';
import { buildDistanceDependent, expectedDistanceDependentCount } from './rules/distance-dependent.js';
import { buildFixedIndegree } from './rules/fixed-indegree.js';
import { buildFixedOutdegree } from './rules/fixed-outdegree.js';
import { buildFixedProbability } from './rules/fixed-probability.js';
import { buildFixedTotal } from './rules/fixed-total.js';
import { buildTraitMatrix, expectedTraitMatrixCount, traitsOf } from './rules/trait-matrix.js';
import { buildWattsStrogatz } from './rules/watts-strogatz.js';
import { validateConnectivity } from './validate-connectivity.js';
import type { LoopRunner } from './worker-pool.js';

/** Below this many synapses a build is quicker on one thread than it takes to start workers. */
export const PARALLEL_MIN_SYNAPSES = 2_000_000;

/**
 * Builds a projection's synapses as CSR (row = presynaptic neuron, targets ascending within a row).
 * The spec is validated first (see {@link validateConnectivity}). Random rules draw from Philox keyed
 * by (seed, stream, row or column index), so the same inputs give the same arrays whatever order the
 * rows are built in — or over how many threads (`ctx.threads`, or the threads of `ctx.pool`). Autapses (i → i in a recurrent
 * projection) are left out unless `allowAutapses: true`; multapses (a pair connected twice) unless
 * `allowMultapses: true`.
 *
 * @example
 * ```ts
 * const csr = buildConnectivity({ rule: 'fixed-probability', p: 0.1 },
 *   { sourceSize: 800, targetSize: 200, isSamePopulation: false, seed: 42, stream: 0 });
 * ```
 */
export function buildConnectivity(spec: ConnectivitySpec, ctx: BuildContext): Csr {
  validateConnectivity(spec, ctx);
  const seed = checkInteger(ctx.seed, 'seed', 0, 0xffffffff);
  const stream = checkInteger(ctx.stream, 'stream', 0, 0xffffffff);
  const { sourceSize, targetSize } = ctx;
  const threads = ctx.threads === undefined ? 1 : checkInteger(ctx.threads, 'threads', 1, 1024);
  const isParallelRule = spec.rule === 'fixed-indegree' || ROW_INDEPENDENT_RULES.includes(spec.rule);
  if (isParallelRule && (ctx.pool?.isParallel || threads > 1) && estimateSynapseCount(spec, ctx) >= PARALLEL_MIN_SYNAPSES) {
    if (ctx.pool) return buildOnRunner(spec, ctx, ctx.pool);
    const pool = openConnectivityPool(threads);
    try {
      const csr = buildOnRunner(spec, ctx, pool);
      const [rowOffsets, targets] = pool.unshare([csr.rowOffsets, csr.targets]);
      return { sourceSize, targetSize, rowOffsets: rowOffsets as Uint32Array, targets: targets as Uint32Array };
    } finally {
      pool.close();
    }
  }
  const excludeSelf = ctx.isSamePopulation && !('allowAutapses' in spec && spec.allowAutapses === true);
  const allowMultapses = 'allowMultapses' in spec && spec.allowMultapses === true;
  switch (spec.rule) {
    case 'fixed-probability':
      return buildFixedProbability(spec.p, excludeSelf, sourceSize, targetSize, seed, stream);
    case 'fixed-indegree':
      return buildFixedIndegree(spec.k, excludeSelf, allowMultapses, sourceSize, targetSize, seed, stream);
    case 'fixed-outdegree':
      return buildFixedOutdegree(spec.k, excludeSelf, allowMultapses, sourceSize, targetSize, seed, stream);
    case 'fixed-total':
      return buildFixedTotal(spec.n, excludeSelf, allowMultapses, sourceSize, targetSize, seed, stream);
    case 'one-to-one':
      return buildOneToOne(sourceSize);
    case 'all-to-all':
      return buildAllToAll(excludeSelf, sourceSize, targetSize);
    case 'explicit':
      return buildExplicit(spec.pre, spec.post, sourceSize, targetSize);
    case 'distance-dependent':
      return buildDistanceDependent(spec, excludeSelf, ctx.sourcePositions as Float32Array, ctx.targetPositions as Float32Array, seed, stream);
    case 'trait-matrix':
      return buildTraitMatrix(traitsOf(spec.sourceTraits, sourceSize), traitsOf(spec.targetTraits, targetSize), spec.probabilities, excludeSelf, seed, stream);
    case 'watts-strogatz':
      return buildWattsStrogatz(spec.k, spec.p, sourceSize, seed, stream, spec.lattice === 'nearest-3d' ? ctx.sourcePositions : undefined);
  }
}

/** A fixed-indegree or row-independent build, its loops run by `runner`. */
function buildOnRunner(spec: ConnectivitySpec, ctx: BuildContext, runner: LoopRunner): Csr {
  if (spec.rule !== 'fixed-indegree') return buildRowsOnRunner(spec, ctx, estimateSynapseCount(spec, ctx), runner);
  const excludeSelf = ctx.isSamePopulation && spec.allowAutapses !== true;
  return buildFixedIndegree(spec.k, excludeSelf, spec.allowMultapses === true, ctx.sourceSize, ctx.targetSize, ctx.seed >>> 0, ctx.stream >>> 0, runner);
}

/**
 * The number of synapses a rule makes, before building it, for memory estimates: exact for the
 * degree-fixed, one-to-one, all-to-all, explicit and ring Watts–Strogatz rules; the expectation for
 * fixed-probability (standard deviation √(count·(1 − p))), trait-matrix and distance-dependent (summed exactly over
 * up to 512 evenly spaced rows, scaled to all); an upper bound for 3D Watts–Strogatz. The spec is
 * validated first.
 */
export function estimateSynapseCount(spec: ConnectivitySpec, ctx: ConnectivityContext): number {
  validateConnectivity(spec, ctx);
  const { sourceSize, targetSize } = ctx;
  const excludeSelf = ctx.isSamePopulation && !('allowAutapses' in spec && spec.allowAutapses === true);
  const candidates = Math.max(0, excludeSelf ? targetSize - 1 : targetSize);
  switch (spec.rule) {
    case 'fixed-probability':
      return sourceSize * candidates * spec.p;
    case 'fixed-indegree':
      return targetSize * spec.k;
    case 'fixed-outdegree':
      return sourceSize * spec.k;
    case 'fixed-total':
      return spec.n;
    case 'one-to-one':
      return sourceSize;
    case 'all-to-all':
      return sourceSize * candidates;
    case 'explicit':
      return spec.pre.length;
    case 'distance-dependent':
      return expectedDistanceDependentCount(spec, excludeSelf, ctx.sourcePositions as Float32Array, ctx.targetPositions as Float32Array);
    case 'watts-strogatz':
      return sourceSize * spec.k;
    case 'trait-matrix': {
      const sourceTraits = traitsOf(spec.sourceTraits, sourceSize);
      const targetTraits = traitsOf(spec.targetTraits, targetSize);
      let expected = expectedTraitMatrixCount(sourceTraits, targetTraits, spec.probabilities);
      if (excludeSelf) for (let i = 0; i < sourceSize; i++) expected -= spec.probabilities[sourceTraits[i] as number]?.[targetTraits[i] as number] ?? 0;
      return expected;
    }
  }
}
