import { CounterStream, DrawPurpose } from '../counter-stream.js';
import type { Csr } from '../csr.js';
import { sampleDistinctSorted, sampleWithReplacementSorted, skipSelf } from '../index-sampling.js';
import { SegmentSorter } from '../sort-segment.js';

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
  const candidates = Math.max(0, excludeSelf ? targetSize - 1 : targetSize);
  const rowOffsets = new Uint32Array(sourceSize + 1);
  for (let row = 1; row <= sourceSize; row++) rowOffsets[row] = row * k;
  const targets = new Uint32Array(sourceSize * k);
  const marks = allowMultapses ? new Uint8Array(0) : new Uint8Array(candidates);
  const sorter = new SegmentSorter();
  const rng = new CounterStream(seed, stream, DrawPurpose.fixedOutdegree);
  for (let row = 0; row < sourceSize; row++) {
    rng.reset(row);
    const begin = row * k;
    if (allowMultapses) sampleWithReplacementSorted(rng, candidates, k, targets, begin, sorter);
    else sampleDistinctSorted(rng, candidates, k, targets, begin, marks, sorter);
    if (excludeSelf) skipSelf(targets, begin, begin + k, row);
  }
  return { sourceSize, targetSize, rowOffsets, targets };
}
