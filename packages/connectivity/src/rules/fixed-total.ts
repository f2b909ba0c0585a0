import { CounterStream, DrawPurpose } from '../counter-stream.js';
import type { Csr } from '../csr.js';
import { binomialFromUniform, hypergeometricFromUniform } from '../discrete-sampling.js';
import { sampleDistinctSorted, sampleWithReplacementSorted, skipSelf } from '../index-sampling.js';
import { SegmentSorter } from '../sort-segment.js';

/**
 * Exactly n synapses, uniformly over the candidate pairs. First the n synapses are split over the
 * rows, each row in turn taking its share of what is left: binomial with multapses (a multinomial
 * split, each synapse an independent pair) and hypergeometric without (a uniform n-subset of the
 * pairs has multivariate hypergeometric row counts). Then each row draws its targets from its own
 * counter stream, as in fixed-outdegree. The split is sequential but costs one draw per row.
 */
export function buildFixedTotal(
  n: number,
  excludeSelf: boolean,
  allowMultapses: boolean,
  sourceSize: number,
  targetSize: number,
  seed: number,
  stream: number,
): Csr {
  const candidates = Math.max(0, excludeSelf ? targetSize - 1 : targetSize);
  const rowOffsets = new Uint32Array(sourceSize + 1);
  const split = new CounterStream(seed, stream, DrawPurpose.fixedTotalSplit);
  let remaining = n;
  let placed = 0;
  for (let row = 0; row < sourceSize; row++) {
    const pairsLeft = (sourceSize - row) * candidates;
    split.reset(row);
    const uniform = split.nextUniform();
    const share =
      remaining === 0
        ? 0
        : row === sourceSize - 1
          ? remaining
          : allowMultapses
            ? binomialFromUniform(uniform, remaining, candidates / pairsLeft)
            : hypergeometricFromUniform(uniform, remaining, candidates, pairsLeft);
    remaining -= share;
    placed += share;
    rowOffsets[row + 1] = placed;
  }

  const targets = new Uint32Array(n);
  const marks = allowMultapses ? new Uint8Array(0) : new Uint8Array(candidates);
  const sorter = new SegmentSorter();
  const rng = new CounterStream(seed, stream, DrawPurpose.fixedTotalTargets);
  for (let row = 0; row < sourceSize; row++) {
    const begin = rowOffsets[row] as number;
    const count = (rowOffsets[row + 1] as number) - begin;
    if (count === 0) continue;
    rng.reset(row);
    if (allowMultapses) sampleWithReplacementSorted(rng, candidates, count, targets, begin, sorter);
    else sampleDistinctSorted(rng, candidates, count, targets, begin, marks, sorter);
    if (excludeSelf) skipSelf(targets, begin, begin + count, row);
  }
  return { sourceSize, targetSize, rowOffsets, targets };
}
