import { CounterStream, DrawPurpose } from '../counter-stream.js';
import type { Csr } from '../csr.js';
import { sampleDistinctSorted, sampleWithReplacementSorted, skipSelf } from '../index-sampling.js';
import { SegmentSorter } from '../sort-segment.js';
import type { RowBlock } from './fixed-probability.js';

/**
 * Every presynaptic neuron makes exactly k synapses. Row i draws its k targets from its own
 * counter stream (without replacement unless multapses are allowed) and stores them ascending.
 */
export function buildFixedOutdegree(
  k: number,
  excludeSelf: boolean,
  allowMultapses: boolean,
  sourceSize: number,
  targetSize: number,
  seed: number,
  stream: number,
): Csr {
  const { rowOffsets, targets } = buildFixedOutdegreeRows(k, excludeSelf, allowMultapses, targetSize, seed, stream, 0, sourceSize);
  return { sourceSize, targetSize, rowOffsets, targets };
}

/** Rows `rowBegin .. rowEnd` of {@link buildFixedOutdegree}; offsets start at 0 for the first of them. */
export function buildFixedOutdegreeRows(
  k: number,
  excludeSelf: boolean,
  allowMultapses: boolean,
  targetSize: number,
  seed: number,
  stream: number,
  rowBegin: number,
  rowEnd: number,
): RowBlock {
  const candidates = Math.max(0, excludeSelf ? targetSize - 1 : targetSize);
  const rowCount = rowEnd - rowBegin;
  const rowOffsets = new Uint32Array(rowCount + 1);
  for (let row = 1; row <= rowCount; row++) rowOffsets[row] = row * k;
  const targets = new Uint32Array(rowCount * k);
  const marks = allowMultapses ? new Uint8Array(0) : new Uint8Array(candidates);
  const sorter = new SegmentSorter();
  const rng = new CounterStream(seed, stream, DrawPurpose.fixedOutdegree);
  for (let row = rowBegin; row < rowEnd; row++) {
    rng.reset(row);
    const begin = (row - rowBegin) * k;
    if (allowMultapses) sampleWithReplacementSorted(rng, candidates, k, targets, begin, sorter);
    else sampleDistinctSorted(rng, candidates, k, targets, begin, marks, sorter);
    if (excludeSelf) skipSelf(targets, begin, begin + k, row);
  }
  return { rowOffsets, targets };
}
