import { type ConnectivitySpec, invalid } from '@spikegpu/core';
import type { BuildContext } from './csr.js';
import { checkInteger } from './field-checks.js';
import { buildDistanceDependentRows } from './rules/distance-dependent.js';
import { buildFixedOutdegreeRows } from './rules/fixed-outdegree.js';
import { buildFixedProbabilityRows, type RowBlock } from './rules/fixed-probability.js';
import { buildTraitMatrixRows, traitsOf } from './rules/trait-matrix.js';
import { validateConnectivity } from './validate-connectivity.js';

/**
 * Rules whose rows each draw from their own counter stream, so that any split of the rows builds the
 * same projection: these can be built a slice at a time ({@link buildConnectivityRows}) and over
 * several threads.
 */
export const ROW_INDEPENDENT_RULES: ReadonlyArray<ConnectivitySpec['rule']> = ['fixed-probability', 'fixed-outdegree', 'distance-dependent', 'trait-matrix'];

/**
 * Rows `rowBegin .. rowEnd` of the projection {@link buildConnectivity} builds from the same spec and
 * context — the same targets, in the same order — with offsets starting at 0 for the first of them.
 * Only for {@link ROW_INDEPENDENT_RULES}.
 *
 * @example
 * ```ts
 * const half = buildConnectivityRows({ rule: 'fixed-probability', p: 0.1 }, ctx, 0, ctx.sourceSize / 2);
 * ```
 */
export function buildConnectivityRows(spec: ConnectivitySpec, ctx: BuildContext, rowBegin: number, rowEnd: number): RowBlock {
  validateConnectivity(spec, ctx);
  const seed = checkInteger(ctx.seed, 'seed', 0, 0xffffffff);
  const stream = checkInteger(ctx.stream, 'stream', 0, 0xffffffff);
  checkInteger(rowBegin, 'rowBegin', 0, ctx.sourceSize);
  checkInteger(rowEnd, 'rowEnd', rowBegin, ctx.sourceSize);
  const excludeSelf = ctx.isSamePopulation && !('allowAutapses' in spec && spec.allowAutapses === true);
  const allowMultapses = 'allowMultapses' in spec && spec.allowMultapses === true;
  switch (spec.rule) {
    case 'fixed-probability':
      return buildFixedProbabilityRows(spec.p, excludeSelf, ctx.targetSize, seed, stream, rowBegin, rowEnd);
    case 'fixed-outdegree':
      return buildFixedOutdegreeRows(spec.k, excludeSelf, allowMultapses, ctx.targetSize, seed, stream, rowBegin, rowEnd);
    case 'distance-dependent':
      return buildDistanceDependentRows(
        spec,
        excludeSelf,
        ctx.sourcePositions as Float32Array,
        ctx.targetPositions as Float32Array,
        seed,
        stream,
        rowBegin,
        rowEnd,
      );
    case 'trait-matrix':
      return buildTraitMatrixRows(
        traitsOf(spec.sourceTraits, ctx.sourceSize),
        traitsOf(spec.targetTraits, ctx.targetSize),
        spec.probabilities,
        excludeSelf,
        seed,
        stream,
        rowBegin,
        rowEnd,
      );
    default:
      throw invalid(
        'rule',
        `a rule built row by row: ${ROW_INDEPENDENT_RULES.join(', ')}`,
        spec.rule,
        'build it whole with buildConnectivity',
        'not-row-independent',
      );
  }
}
