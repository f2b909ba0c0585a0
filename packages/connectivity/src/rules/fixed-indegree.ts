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
  const candidates = excludeSelf ? sourceSize - 1 : sourceSize;
  const columnSources = new Uint32Array(targetSize * k);
  const rowOffsets = new Uint32Array(sourceSize + 1);
  const marks = allowMultapses ? new Uint8Array(0) : new Uint8Array(candidates);
  const rng = new CounterStream(seed, stream, DrawPurpose.fixedIndegree);
  for (let column = 0; column < targetSize; column++) {
    rng.reset(column);
    const begin = column * k;
    const end = begin + k;
    if (allowMultapses) {
      for (let s = begin; s < end; s++) columnSources[s] = rng.nextInt(candidates);
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
