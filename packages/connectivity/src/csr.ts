import { CapacityError } from '@spikegpu/core';
import type { LoopRunner, WorkerPool } from './worker-pool.js';

/**
 * Compressed sparse rows of one projection: row = presynaptic neuron, entries = postsynaptic
 * neurons (population-local indices). Synapse `s` of row `i` lives at `rowOffsets[i] + s`, the index
 * that weights, delays and plasticity state share.
 *
 * @example
 * ```ts
 * for (let i = 0; i < csr.sourceSize; i++)
 *   for (let s = csr.rowOffsets[i]; s < csr.rowOffsets[i + 1]; s++) visit(i, csr.targets[s]);
 * ```
 */
export interface Csr {
  /** Number of rows: neurons of the presynaptic population. */
  sourceSize: number;
  /** Neurons of the postsynaptic population; every entry of `targets` is below it. */
  targetSize: number;
  /** Length `sourceSize + 1`, non-decreasing, `rowOffsets[0] = 0`, `rowOffsets[sourceSize] = targets.length`. */
  rowOffsets: Uint32Array;
  /**
   * Postsynaptic index of each synapse, ascending within each row (repeated only where multapses are
   * allowed). May be a view over a slightly larger buffer (under 1/64 extra): use `byteOffset` and
   * `byteLength`, or pass the array itself, rather than its `.buffer`.
   */
  targets: Uint32Array;
}

/** What a rule connects: the sizes (and, for spatial rules, positions) it is checked and built against. */
export interface ConnectivityContext {
  /** Neurons in the presynaptic population (rows). */
  sourceSize: number;
  /** Neurons in the postsynaptic population (columns). */
  targetSize: number;
  /** True for a recurrent projection, where `allowAutapses` decides whether i → i may appear. */
  isSamePopulation: boolean;
  /** Field path for error messages, e.g. `projections[2].connectivity`; default `'connectivity'`. */
  path?: string;
  /** x, y, z (µm) of each presynaptic neuron, for spatial rules (see `placeNeurons`). */
  sourcePositions?: Float32Array;
  /** x, y, z (µm) of each postsynaptic neuron; for a recurrent projection, the same as `sourcePositions`. */
  targetPositions?: Float32Array;
}

/** Where a build's random numbers come from and what it connects. */
export interface BuildContext extends ConnectivityContext {
  /** The network seed, an unsigned 32-bit integer. */
  seed: number;
  /** The projection's stream id, an unsigned 32-bit integer distinct for every projection. */
  stream: number;
  /**
   * Threads to build with (default 1). Above 1, large projections (2 × 10⁶ synapses or more) of
   * `fixed-indegree` (by column chunks, then row blocks) and of the row-independent rules
   * (`fixed-probability`, `fixed-outdegree`, `distance-dependent`, `trait-matrix`: by rows) are built
   * over Node worker threads — the same CSR whatever the count. Where workers are unavailable
   * (browsers, Node before 20.16, running from TypeScript source) the build uses one thread.
   */
  threads?: number;
  /**
   * Threads to build with, already started (instead of `threads`): a {@link WorkerPool} whose table
   * includes `CONNECTIVITY_TASKS`, kept open across many builds. When the pool is parallel, the CSR's
   * arrays are in shared memory (SharedArrayBuffer), so that later loops on the pool can read them;
   * `pool.unshare` copies them out.
   */
  pool?: LoopRunner;
}

/**
 * The column view of a {@link Csr}: for each postsynaptic neuron, its presynaptic neurons in
 * ascending order, and where each of those synapses sits in the row-major arrays.
 */
export interface TransposedCsr {
  /** Length `targetSize + 1`; column `j` is `colOffsets[j] .. colOffsets[j + 1]`. */
  colOffsets: Uint32Array;
  /** Presynaptic index of each entry, ascending within each column. */
  sources: Uint32Array;
  /** Row-major synapse index of each entry (into `targets`, weights, delays). */
  synapseIndex: Uint32Array;
}

/** The most synapses one projection can hold: offsets are unsigned 32-bit. */
export const MAX_SYNAPSES = 0xffffffff;

/** Throws a {@link CapacityError} when `count` synapses do not fit one projection's 32-bit offsets. */
export function assertSynapseCapacity(count: number, path: string): void {
  if (count > MAX_SYNAPSES) {
    throw new CapacityError('too many synapses for one projection', {
      code: 'too-many-synapses',
      path,
      expected: `at most ${MAX_SYNAPSES} synapses (32-bit offsets)`,
      received: count,
      hint: 'split the projection, or lower its density',
    });
  }
}

/** A projection with no synapses. */
export function emptyCsr(sourceSize: number, targetSize: number): Csr {
  return { sourceSize, targetSize, rowOffsets: new Uint32Array(sourceSize + 1), targets: new Uint32Array(0) };
}

/** Turns per-row counts (in `rowOffsets[1..]`) into offsets, in place. */
export function accumulateOffsets(rowOffsets: Uint32Array): void {
  let running = 0;
  for (let i = 1; i < rowOffsets.length; i++) {
    running += rowOffsets[i] as number;
    rowOffsets[i] = running;
  }
}

/**
 * The first `count` entries of a buffer grown for a build of unknown size: a view when the slack is
 * small (copying 10^8 synapses costs more than half a second), a copy when it is not.
 */
export function trimToCount(values: Uint32Array, count: number): Uint32Array {
  if (count === values.length) return values;
  return values.length - count <= count / 64 ? values.subarray(0, count) : values.slice(0, count);
}

/** Adds one to `counts[index + 1]` for each of `indices[begin .. end)`: counts laid out for {@link accumulateOffsets}. */
export function countEntries(counts: Uint32Array, indices: ArrayLike<number>, begin = 0, end = indices.length): void {
  for (let s = begin; s < end; s++) {
    const slot = (indices[s] as number) + 1;
    counts[slot] = (counts[slot] as number) + 1;
  }
}
