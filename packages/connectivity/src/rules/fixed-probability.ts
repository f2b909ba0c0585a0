import { philox4x32Into } from '@spikegpu/core';
import { DrawPurpose } from '../counter-stream.js';
import { type Csr, trimToCount } from '../csr.js';

/** Rows `rowBegin .. rowEnd` of a projection; offsets start at 0 for the first of them. */
export interface RowBlock {
  rowOffsets: Uint32Array;
  targets: Uint32Array;
}

/**
 * Rows of an Erdős–Rényi projection: every candidate pair independently with probability p. Each
 * row jumps from synapse to synapse by geometric gaps, ⌊ln U / ln(1 − p)⌋ (Batagelj & Brandes 2005,
 * Phys Rev E 71:036113), so the cost is one draw per synapse rather than per pair, and targets come
 * out ascending. Row i draws from its own counter stream, so any split of the rows gives the same rows.
 */
export function buildFixedProbabilityRows(
  p: number,
  excludeSelf: boolean,
  targetSize: number,
  seed: number,
  stream: number,
  rowBegin: number,
  rowEnd: number,
): RowBlock {
  const rowCount = rowEnd - rowBegin;
  const rowOffsets = new Uint32Array(rowCount + 1);
  const candidates = Math.max(0, excludeSelf ? targetSize - 1 : targetSize);
  const pairCount = rowCount * candidates;
  if (p === 0 || pairCount <= 0) return { rowOffsets, targets: new Uint32Array(0) };

  // Eight standard deviations of slack: a regrow is a ~1e-15 event, and the final copy trims it.
  const expected = pairCount * p;
  let capacity = Math.min(pairCount, Math.ceil(expected + 8 * Math.sqrt(expected * (1 - p)) + 1024));
  let targets = new Uint32Array(capacity);
  const inverseLogMiss = 1 / Math.log1p(-p); // −0 when p = 1: every gap is 0
  const purpose: number = DrawPurpose.fixedProbability;
  const block = new Uint32Array(4);
  let count = 0;
  for (let row = rowBegin; row < rowEnd; row++) {
    // The row's own counter stream (the layout of drawBlock in counter-stream.ts), read in place:
    // this loop runs once per synapse, and the extra call layer and object fields cost ~30 %.
    let blockIndex = 0;
    let used = 4;
    const self = excludeSelf ? row : candidates;
    let candidate = -1;
    for (;;) {
      if (used === 4) {
        philox4x32Into(block, row, blockIndex++, stream, purpose, seed, 0x5350494b);
        used = 0;
      }
      const gap = Math.log(((block[used++] as number) + 0.5) * 2.3283064365386963e-10) * inverseLogMiss;
      if (gap >= candidates - 1 - candidate) break;
      candidate += 1 + (gap >>> 0);
      if (count === capacity) {
        capacity = Math.min(pairCount, Math.ceil(capacity * 1.25) + 1024);
        const grown = new Uint32Array(capacity);
        grown.set(targets);
        targets = grown;
      }
      targets[count++] = candidate >= self ? candidate + 1 : candidate;
    }
    rowOffsets[row - rowBegin + 1] = count;
  }
  return { rowOffsets, targets: trimToCount(targets, count) };
}

/** The whole projection of {@link buildFixedProbabilityRows}. */
export function buildFixedProbability(p: number, excludeSelf: boolean, sourceSize: number, targetSize: number, seed: number, stream: number): Csr {
  const { rowOffsets, targets } = buildFixedProbabilityRows(p, excludeSelf, targetSize, seed, stream, 0, sourceSize);
  return { sourceSize, targetSize, rowOffsets, targets };
}
