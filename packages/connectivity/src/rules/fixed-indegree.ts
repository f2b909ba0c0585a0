import { philox4x32Into } from '@spikegpu/core';
import { CounterStream, DrawPurpose } from '../counter-stream.js';
import { type Csr, emptyCsr } from '../csr.js';
import { sampleDistinct } from '../index-sampling.js';
import { type LoopRunner, WorkerPool } from '../worker-pool.js';

/**
 * Every postsynaptic neuron receives exactly k synapses. Column j draws its k sources from its own
 * counter stream (without replacement by Floyd's algorithm unless multapses are allowed), so the
 * result does not depend on the order columns are drawn in. The columns are then turned into rows by
 * a counting sort on the source: visiting columns in ascending order leaves every row ascending.
 *
 * The sort goes through blocks of rows, so that no pass scatters writes over the whole array (a TLB
 * and cache miss per synapse: 3.4 s for 10^8 synapses where the blocked passes take under 1 s):
 * 1. column chunks, each on its own: draw the chunk's columns into a scratch array, then copy each
 *    synapse, packed as (row within block, column), into the chunk's part of `packed`, grouped by row
 *    block (a few hundred write streams inside a few megabytes);
 * 2. row blocks, each on its own: read the block's group from every chunk in column order, count its
 *    rows, and write each column to its row (writes inside the block's megabyte of `targets`).
 * Both passes are loops over independent chunks, which a {@link WorkerPool} spreads over threads: the
 * same arrays whatever the thread count. `sizes` (synapses per column chunk and per row block) are
 * for tests, which reach many chunks and blocks with small populations.
 */
export function buildFixedIndegree(
  k: number,
  excludeSelf: boolean,
  allowMultapses: boolean,
  sourceSize: number,
  targetSize: number,
  seed: number,
  stream: number,
  runner: LoopRunner = WorkerPool.inline(FIXED_INDEGREE_TASKS),
  sizes: { chunkEntries: number; blockEntries: number } = { chunkEntries: CHUNK_ENTRIES, blockEntries: BLOCK_ENTRIES },
): Csr {
  const count = targetSize * k;
  if (count === 0 || sourceSize === 0) return emptyCsr(sourceSize, targetSize);
  const layout = indegreeLayout(k, excludeSelf, allowMultapses, sourceSize, targetSize, seed, stream, sizes);
  const { chunkCount, blockCount } = layout;
  const packed = runner.allocate(Uint32Array, count);
  const blockCounts = runner.allocate(Uint32Array, chunkCount * blockCount);
  runner.run(DRAW_COLUMNS, { layout, packed, blockCounts } satisfies DrawArgs, chunkCount);

  // Where each (chunk, block) group lies in `packed`, and where each block's rows start in `targets`.
  const groupStarts = runner.allocate(Uint32Array, chunkCount * blockCount);
  const blockStarts = runner.allocate(Uint32Array, blockCount + 1);
  for (let chunk = 0; chunk < chunkCount; chunk++) {
    let start = chunk * layout.columnsPerChunk * k;
    for (let block = 0; block < blockCount; block++) {
      groupStarts[chunk * blockCount + block] = start;
      start += blockCounts[chunk * blockCount + block] as number;
    }
  }
  for (let block = 0; block < blockCount; block++) {
    let total = 0;
    for (let chunk = 0; chunk < chunkCount; chunk++) total += blockCounts[chunk * blockCount + block] as number;
    blockStarts[block + 1] = (blockStarts[block] as number) + total;
  }
  const rowOffsets = runner.allocate(Uint32Array, sourceSize + 1);
  const targets = runner.allocate(Uint32Array, count);
  runner.run(SORT_ROWS, { layout, packed, blockCounts, groupStarts, blockStarts, rowOffsets, targets } satisfies SortArgs, blockCount);
  rowOffsets[sourceSize] = count;
  // The projection's weights, drawn next, are as many 4-byte values: they can take this memory.
  runner.recycle(packed);
  return { sourceSize, targetSize, rowOffsets, targets };
}

/** Synapses per column chunk: the chunk's scratch (2 MiB) stays in cache between drawing and copying out. */
const CHUNK_ENTRIES = 1 << 19;
/** Entries of targets per row block: about 1 MiB, so one block's writes stay in L2. */
const BLOCK_ENTRIES = 1 << 18;
/** Most (chunk, block) groups: their counts and starts take 4 bytes each. */
const MAX_GROUPS = 1 << 24;

/** How a fixed-indegree build is cut into column chunks and row blocks. */
export interface IndegreeLayout {
  k: number;
  excludeSelf: boolean;
  allowMultapses: boolean;
  sourceSize: number;
  targetSize: number;
  seed: number;
  stream: number;
  columnsPerChunk: number;
  chunkCount: number;
  /** Rows per block = 2^rowShift. */
  rowShift: number;
  /** Bits of a packed entry that hold the column. */
  columnBits: number;
  blockCount: number;
}

function indegreeLayout(
  k: number,
  excludeSelf: boolean,
  allowMultapses: boolean,
  sourceSize: number,
  targetSize: number,
  seed: number,
  stream: number,
  sizes: { chunkEntries: number; blockEntries: number },
): IndegreeLayout {
  const columnBits = targetSize <= 1 ? 1 : Math.ceil(Math.log2(targetSize));
  const meanRowLength = Math.max(1, (targetSize * k) / sourceSize);
  const rowShift = Math.max(0, Math.min(32 - columnBits, Math.round(Math.log2(sizes.blockEntries / meanRowLength))));
  const blockCount = Math.ceil(sourceSize / 2 ** rowShift);
  let columnsPerChunk = Math.max(1, Math.floor(sizes.chunkEntries / k));
  // Very many blocks (huge, sparse populations): fewer, larger chunks keep the group tables small.
  while (Math.ceil(targetSize / columnsPerChunk) * blockCount > MAX_GROUPS && columnsPerChunk < targetSize) columnsPerChunk *= 2;
  const chunkCount = Math.ceil(targetSize / columnsPerChunk);
  return { k, excludeSelf, allowMultapses, sourceSize, targetSize, seed, stream, columnsPerChunk, chunkCount, rowShift, columnBits, blockCount };
}

interface DrawArgs {
  layout: IndegreeLayout;
  /** Packed (row within block, column) entries, chunk by chunk, block by block within a chunk. */
  packed: Uint32Array;
  /** Synapses of each (chunk, block) group, at chunk · blockCount + block. */
  blockCounts: Uint32Array;
}

interface SortArgs extends DrawArgs {
  groupStarts: Uint32Array;
  blockStarts: Uint32Array;
  rowOffsets: Uint32Array;
  targets: Uint32Array;
}

/** Per-thread working arrays, kept between chunks (and builds) of this thread. */
let scratch = new Uint32Array(0);
let marks = new Uint8Array(0);
let cursors = new Uint32Array(0);

/** Pass 1, one column chunk: draw its columns, count them by row block, copy them out grouped by block. */
function drawColumnChunk(args: DrawArgs, chunk: number): void {
  const { layout, packed, blockCounts } = args;
  const { k, excludeSelf, allowMultapses, sourceSize, targetSize, seed, stream, columnsPerChunk, rowShift, columnBits, blockCount } = layout;
  const firstColumn = chunk * columnsPerChunk;
  const endColumn = Math.min(targetSize, firstColumn + columnsPerChunk);
  const entries = (endColumn - firstColumn) * k;
  if (scratch.length < entries) scratch = new Uint32Array(entries);
  const candidates = Math.max(0, excludeSelf ? sourceSize - 1 : sourceSize);
  if (!allowMultapses && marks.length < candidates) marks = new Uint8Array(candidates);
  if (cursors.length < blockCount) cursors = new Uint32Array(blockCount);
  const counts = blockCounts.subarray(chunk * blockCount, (chunk + 1) * blockCount);
  const work = scratch;
  const taken = marks;
  const blockCursors = cursors;
  const rng = new CounterStream(seed, stream, DrawPurpose.fixedIndegree);
  const block = new Uint32Array(4);
  for (let column = firstColumn; column < endColumn; column++) {
    const begin = (column - firstColumn) * k;
    const end = begin + k;
    if (allowMultapses) {
      rng.reset(column);
      for (let s = begin; s < end; s++) work[s] = rng.nextInt(candidates);
    } else if (candidates <= 0x200000) {
      floydInPlace(seed, stream, column, candidates, k, work, begin, taken, block);
    } else {
      rng.reset(column);
      sampleDistinct(rng, candidates, k, work, begin, taken);
    }
    // One pass: leave out the column's own index (recurrent, no autapses) and count the blocks.
    const self = excludeSelf ? column : candidates;
    for (let s = begin; s < end; s++) {
      const drawn = work[s] as number;
      const source = drawn >= self ? drawn + 1 : drawn;
      work[s] = source;
      const rowBlock = source >>> rowShift;
      counts[rowBlock] = (counts[rowBlock] as number) + 1;
    }
  }
  let start = firstColumn * k;
  for (let b = 0; b < blockCount; b++) {
    blockCursors[b] = start;
    start += counts[b] as number;
  }
  const rowMask = 2 ** rowShift - 1;
  for (let column = firstColumn; column < endColumn; column++) {
    const begin = (column - firstColumn) * k;
    const end = begin + k;
    for (let s = begin; s < end; s++) {
      const source = work[s] as number;
      const rowBlock = source >>> rowShift;
      const slot = blockCursors[rowBlock] as number;
      blockCursors[rowBlock] = slot + 1;
      packed[slot] = (((source & rowMask) << columnBits) | column) >>> 0;
    }
  }
}

/** Pass 2, one row block: its groups from every chunk, in column order, sorted into its rows. */
function sortRowBlock(args: SortArgs, rowBlock: number): void {
  const { layout, packed, blockCounts, groupStarts, blockStarts, rowOffsets, targets } = args;
  const { sourceSize, rowShift, columnBits, blockCount, chunkCount } = layout;
  const firstRow = rowBlock * 2 ** rowShift;
  const rows = Math.min(sourceSize, firstRow + 2 ** rowShift) - firstRow;
  if (cursors.length < rows + 1) cursors = new Uint32Array(Math.max(rows + 1, blockCount));
  const rowCursors = cursors;
  rowCursors.fill(0, 0, rows + 1);
  for (let chunk = 0; chunk < chunkCount; chunk++) {
    const begin = groupStarts[chunk * blockCount + rowBlock] as number;
    const end = begin + (blockCounts[chunk * blockCount + rowBlock] as number);
    for (let e = begin; e < end; e++) {
      const row = ((packed[e] as number) >>> columnBits) + 1;
      rowCursors[row] = (rowCursors[row] as number) + 1;
    }
  }
  let offset = blockStarts[rowBlock] as number;
  for (let row = 0; row < rows; row++) {
    const rowCount = rowCursors[row + 1] as number;
    rowOffsets[firstRow + row] = offset;
    rowCursors[row] = offset;
    offset += rowCount;
  }
  const columnMask = 2 ** columnBits - 1;
  for (let chunk = 0; chunk < chunkCount; chunk++) {
    const begin = groupStarts[chunk * blockCount + rowBlock] as number;
    const end = begin + (blockCounts[chunk * blockCount + rowBlock] as number);
    for (let e = begin; e < end; e++) {
      const entry = packed[e] as number;
      const row = entry >>> columnBits;
      const slot = rowCursors[row] as number;
      rowCursors[row] = slot + 1;
      targets[slot] = entry & columnMask;
    }
  }
}

const DRAW_COLUMNS = 'fixedIndegree.drawColumns';
const SORT_ROWS = 'fixedIndegree.sortRows';

/** The two loops of a fixed-indegree build, for a {@link WorkerPool}'s task table. */
export const FIXED_INDEGREE_TASKS = {
  [DRAW_COLUMNS]: drawColumnChunk,
  [SORT_ROWS]: sortRowBlock,
} as const;

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
