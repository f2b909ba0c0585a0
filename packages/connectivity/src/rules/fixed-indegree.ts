import { philox4x32Into } from '@spikegpu/core';
import { rowsFromColumns } from '../columns-to-rows.js';
import { CounterStream, DrawPurpose } from '../counter-stream.js';
import { accumulateOffsets, type Csr } from '../csr.js';
import { sampleDistinct } from '../index-sampling.js';

/**
 * Every postsynaptic neuron receives exactly k synapses. Column j draws its k sources from its own
 * counter stream (without replacement by Floyd's algorithm unless multapses are allowed), so the
 * result does not depend on the order columns are drawn in. The columns are then turned into rows by
 * a counting sort on the source: visiting columns in ascending order leaves every row ascending.
 */
export function buildFixedIndegree(
  k: number,
  excludeSelf: boolean,
  allowMultapses: boolean,
  sourceSize: number,
  targetSize: number,
  seed: number,
  stream: number,
): Csr {
  const candidates = Math.max(0, excludeSelf ? sourceSize - 1 : sourceSize);
  const columnSources = new Uint32Array(targetSize * k);
  const rowOffsets = new Uint32Array(sourceSize + 1);
  const marks = allowMultapses ? new Uint8Array(0) : new Uint8Array(candidates);
  const rng = new CounterStream(seed, stream, DrawPurpose.fixedIndegree);
  const block = new Uint32Array(4);
  for (let column = 0; column < targetSize; column++) {
    rng.reset(column);
    const begin = column * k;
    const end = begin + k;
    if (allowMultapses) {
      for (let s = begin; s < end; s++) columnSources[s] = rng.nextInt(candidates);
    } else if (candidates <= 0x200000) {
      floydInPlace(seed, stream, column, candidates, k, columnSources, begin, marks, block);
    } else {
      sampleDistinct(rng, candidates, k, columnSources, begin, marks);
    }
    // One pass: leave out the column's own index (recurrent, no autapses) and count the rows.
    const self = excludeSelf ? column : candidates;
    for (let s = begin; s < end; s++) {
      const drawn = columnSources[s] as number;
      const source = drawn >= self ? drawn + 1 : drawn;
      columnSources[s] = source;
      rowOffsets[source + 1] = (rowOffsets[source + 1] as number) + 1;
    }
  }
  accumulateOffsets(rowOffsets);
  const targets = rowsFromColumns(columnSources, (column) => column * k, rowOffsets, targetSize);
  return { sourceSize, targetSize, rowOffsets, targets };
}

/**
 * {@link sampleDistinct} for n ≤ 2^21 with the column's counter stream read in place: the same draws
 * (CounterStream's layout and Lemire's method), without the per-draw call layers, which cost ~25 % of
 * a 10^8-synapse build.
 */
function floydInPlace(
  seed: number,
  stream: number,
  column: number,
  n: number,
  k: number,
  out: Uint32Array,
  offset: number,
  marks: Uint8Array,
  block: Uint32Array,
): void {
  const purpose: number = DrawPurpose.fixedIndegree;
  let blockIndex = 0;
  let used = 4;
  let write = offset;
  for (let top = n - k; top < n; top++) {
    const range = top + 1;
    let pick: number;
    for (;;) {
      if (used === 4) {
        philox4x32Into(block, column, blockIndex++, stream, purpose, seed, 0x5350494b);
        used = 0;
      }
      const product = (block[used++] as number) * range;
      pick = Math.floor(product * 2.3283064365386963e-10);
      const low = product - pick * 4294967296;
      if (low >= range || low >= 4294967296 % range) break;
    }
    if (marks[pick] === 1) pick = top;
    marks[pick] = 1;
    out[write++] = pick;
  }
  for (let s = offset; s < write; s++) marks[out[s] as number] = 0;
}
