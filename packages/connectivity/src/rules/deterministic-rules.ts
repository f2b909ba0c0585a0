import type { Csr } from '../csr.js';
import { accumulateOffsets, countEntries } from '../csr.js';

/** Neuron i to neuron i. */
export function buildOneToOne(size: number): Csr {
  const rowOffsets = new Uint32Array(size + 1);
  const targets = new Uint32Array(size);
  for (let i = 0; i < size; i++) {
    rowOffsets[i + 1] = i + 1;
    targets[i] = i;
  }
  return { sourceSize: size, targetSize: size, rowOffsets, targets };
}

/** Every pair, leaving out i → i when `excludeSelf`. */
export function buildAllToAll(excludeSelf: boolean, sourceSize: number, targetSize: number): Csr {
  const rowLength = Math.max(0, excludeSelf ? targetSize - 1 : targetSize);
  const rowOffsets = new Uint32Array(sourceSize + 1);
  const targets = new Uint32Array(sourceSize * rowLength);
  let write = 0;
  for (let row = 0; row < sourceSize; row++) {
    for (let column = 0; column < targetSize; column++) {
      if (excludeSelf && column === row) continue;
      targets[write++] = column;
    }
    rowOffsets[row + 1] = write;
  }
  return { sourceSize, targetSize, rowOffsets, targets };
}

/**
 * The given (pre[s], post[s]) pairs, repeats kept, sorted into rows by two stable counting sorts
 * (by post, then by pre), so every row is ascending.
 */
export function buildExplicit(pre: ArrayLike<number>, post: ArrayLike<number>, sourceSize: number, targetSize: number): Csr {
  const count = pre.length;
  const columnOffsets = new Uint32Array(targetSize + 1);
  countEntries(columnOffsets, post);
  accumulateOffsets(columnOffsets);
  const byColumn = new Uint32Array(count);
  const columnCursor = columnOffsets.slice(0, targetSize);
  for (let s = 0; s < count; s++) {
    const column = post[s] as number;
    const slot = columnCursor[column] as number;
    columnCursor[column] = slot + 1;
    byColumn[slot] = s;
  }

  const rowOffsets = new Uint32Array(sourceSize + 1);
  countEntries(rowOffsets, pre);
  accumulateOffsets(rowOffsets);
  const targets = new Uint32Array(count);
  const rowCursor = rowOffsets.slice(0, sourceSize);
  for (let r = 0; r < count; r++) {
    const s = byColumn[r] as number;
    const row = pre[s] as number;
    const slot = rowCursor[row] as number;
    rowCursor[row] = slot + 1;
    targets[slot] = post[s] as number;
  }
  return { sourceSize, targetSize, rowOffsets, targets };
}
