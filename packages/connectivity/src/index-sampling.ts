import type { CounterStream } from './counter-stream.js';
import type { SegmentSorter } from './sort-segment.js';

/**
 * Index sets drawn from [0, n): the per-row and per-column step of the degree-fixed rules.
 * `marks` is a caller-owned Uint8Array of length ≥ n, all zero on entry and left all zero.
 */

/** Dense samples are cheaper to read back from the marks in order than to sort. */
const DENSE_FRACTION = 16;

/**
 * Writes k distinct integers of [0, n) to out[offset .. offset + k) in draw order, each k-subset
 * equally likely: Floyd's algorithm (Bentley & Floyd 1987, CACM 30:754), exactly k draws.
 */
export function sampleDistinct(rng: CounterStream, n: number, k: number, out: Uint32Array, offset: number, marks: Uint8Array): void {
  let write = offset;
  for (let top = n - k; top < n; top++) {
    let pick = rng.nextInt(top + 1);
    if (marks[pick] === 1) pick = top;
    marks[pick] = 1;
    out[write++] = pick;
  }
  for (let s = offset; s < write; s++) marks[out[s] as number] = 0;
}

/** As {@link sampleDistinct}, but the k integers come out ascending. */
export function sampleDistinctSorted(
  rng: CounterStream,
  n: number,
  k: number,
  out: Uint32Array,
  offset: number,
  marks: Uint8Array,
  sorter: SegmentSorter,
): void {
  if (k * DENSE_FRACTION < n) {
    sampleDistinct(rng, n, k, out, offset, marks);
    sorter.sort(out, offset, offset + k, n);
    return;
  }
  for (let top = n - k; top < n; top++) {
    const pick = rng.nextInt(top + 1);
    marks[marks[pick] === 1 ? top : pick] = 1;
  }
  let write = offset;
  for (let x = 0; x < n; x++) {
    if (marks[x] === 1) {
      marks[x] = 0;
      out[write++] = x;
    }
  }
}

/** Writes k independent uniform integers of [0, n) to out[offset .. offset + k), ascending. */
export function sampleWithReplacementSorted(rng: CounterStream, n: number, k: number, out: Uint32Array, offset: number, sorter: SegmentSorter): void {
  for (let s = offset; s < offset + k; s++) out[s] = rng.nextInt(n);
  sorter.sort(out, offset, offset + k, n);
}

/**
 * Maps indices drawn from the n − 1 candidates that leave out `self` back to [0, n), in place:
 * order is kept, so ascending stays ascending.
 */
export function skipSelf(out: Uint32Array, begin: number, end: number, self: number): void {
  for (let s = begin; s < end; s++) {
    const x = out[s] as number;
    if (x >= self) out[s] = x + 1;
  }
}
