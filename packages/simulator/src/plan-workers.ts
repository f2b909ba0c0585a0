import {
  availableThreads,
  CONNECTIVITY_TASKS,
  type Csr,
  isShared,
  type LoopRunner,
  type NumericArray,
  type NumericArrayConstructor,
  PARALLEL_MIN_SYNAPSES,
  sampleValues,
  serveWorkerTasks,
  WorkerPool,
  type WorkerTaskTable,
} from '@spikegpu/connectivity';
import { CapacityError, constantOf, invalid, isConstantValue, type ValueSpec } from '@spikegpu/core';

/**
 * The network plan's per-synapse loops (weights, delays, fixed point, in-degrees), cut into chunks of
 * synapses that a {@link WorkerPool} spreads over threads. Every chunk computes its elements from
 * (seed, stream, element) alone and writes only them, so the plan is the same whatever the thread count.
 */

/** Synapses per chunk of a per-synapse loop. */
const CHUNK = 1 << 20;

function chunksOf(count: number): number {
  return Math.ceil(count / CHUNK);
}

interface SampleArgs {
  spec: ValueSpec;
  seed: number;
  stream: number;
  path: string;
  values: Float32Array;
}

/** Values of synapses `chunk · CHUNK …` and their largest magnitude. */
function sampleChunk(args: SampleArgs, chunk: number): number {
  const begin = chunk * CHUNK;
  const end = Math.min(args.values.length, begin + CHUNK);
  const values = args.values.subarray(begin, end);
  sampleValues(args.spec, end - begin, { seed: args.seed, stream: args.stream, path: args.path, firstIndex: begin, out: values });
  let largest = 0;
  for (let k = 0; k < values.length; k++) largest = Math.max(largest, Math.abs(values[k] as number));
  return largest;
}

interface DelayArgs {
  /** Delays in ms: drawn from `spec`, or given (distance delays). */
  spec: ValueSpec | null;
  delaysMs: Float32Array | null;
  seed: number;
  stream: number;
  path: string;
  dt: number;
  steps: Uint16Array;
}

interface DelayChunk {
  maxSteps: number;
  /** The first delay (ms) in this chunk too long for 16 bits, or null. */
  tooLongMs: number | null;
  /** Bit d set when some synapse of the chunk has delay d (steps). */
  seen: Uint32Array;
}

let delayScratch = new Float32Array(0);

/** Delays of synapses `chunk · CHUNK …` in whole steps (at least one). */
function delayChunk(args: DelayArgs, chunk: number): DelayChunk {
  const begin = chunk * CHUNK;
  const end = Math.min(args.steps.length, begin + CHUNK);
  let ms: Float32Array;
  if (args.spec !== null) {
    if (delayScratch.length < end - begin) delayScratch = new Float32Array(CHUNK);
    ms = delayScratch.subarray(0, end - begin);
    sampleValues(args.spec, end - begin, { seed: args.seed, stream: args.stream, path: args.path, firstIndex: begin, out: ms });
  } else ms = (args.delaysMs as Float32Array).subarray(begin, end);
  const seen = new Uint32Array(0x10000 / 32);
  const steps = args.steps;
  const dt = args.dt;
  let maxSteps = 1;
  for (let k = 0; k < ms.length; k++) {
    const d = Math.max(1, Math.round((ms[k] as number) / dt));
    if (d > 0xffff) return { maxSteps, tooLongMs: ms[k] as number, seen };
    steps[begin + k] = d;
    seen[d >>> 5] = (seen[d >>> 5] as number) | (1 << (d & 31));
    if (d > maxSteps) maxSteps = d;
  }
  return { maxSteps, tooLongMs: null, seen };
}

interface FixedArgs {
  weights: Float32Array;
  fixed: Int32Array;
  scale: number;
}

/**
 * Math.round(w · 2^scaleExp) for synapses `chunk · CHUNK …` (`fixed` may share `weights`' memory),
 * computed as ⌊x + 0.5⌋, which is the same integer here and twice as fast: x = w · 2^s is exact (w has
 * 24 significant bits), and x + 0.5 is exact too unless |x| < 2^-28, where both give 0 (Math.round's
 * −0 for a small negative x is stored as 0).
 */
function fixedChunk(args: FixedArgs, chunk: number): void {
  const begin = chunk * CHUNK;
  const end = Math.min(args.weights.length, begin + CHUNK);
  const { weights, fixed, scale } = args;
  for (let k = begin; k < end; k++) fixed[k] = Math.floor((weights[k] as number) * scale + 0.5);
}

interface InDegreeArgs {
  targets: Uint32Array;
  targetSize: number;
  chunks: number;
}

/** Inputs of each postsynaptic neuron among the synapses of part `chunk` of `chunks`. */
function inDegreeChunk(args: InDegreeArgs, chunk: number): Uint32Array {
  const { targets, targetSize, chunks } = args;
  const begin = Math.floor((chunk * targets.length) / chunks);
  const end = Math.floor(((chunk + 1) * targets.length) / chunks);
  const counts = new Uint32Array(targetSize);
  for (let k = begin; k < end; k++) {
    const target = targets[k] as number;
    counts[target] = (counts[target] as number) + 1;
  }
  return counts;
}

interface FillArgs {
  array: NumericArray;
  value: number;
}

/** `value` in elements `chunk · CHUNK …` of the array. */
function fillChunk(args: FillArgs, chunk: number): void {
  args.array.fill(args.value, chunk * CHUNK, Math.min(args.array.length, (chunk + 1) * CHUNK));
}

const SAMPLE = 'plan.sample';
const DELAYS = 'plan.delays';
const FIXED = 'plan.fixed';
const IN_DEGREE = 'plan.inDegree';
const FILL = 'plan.fill';

/** Every loop of a network plan: the connectivity builds and the per-synapse loops above. */
const PLAN_TASKS: WorkerTaskTable = {
  ...CONNECTIVITY_TASKS,
  [SAMPLE]: sampleChunk,
  [DELAYS]: delayChunk,
  [FIXED]: fixedChunk,
  [IN_DEGREE]: inDegreeChunk,
  [FILL]: fillChunk,
};

const PLAN_TABLE = 'spikegpu.plan';

/**
 * The threads a plan is built on: `threads` of them (default: every core in Node, one elsewhere) when
 * the network has enough synapses to repay starting workers, else this thread alone. Close it after.
 */
export function openPlanPool(threads: number | undefined, expectedSynapses: () => number): WorkerPool {
  if (threads !== undefined && !(Number.isInteger(threads) && threads >= 1 && threads <= 1024)) throw invalid('threads', 'an integer in [1, 1024]', threads);
  const count = threads ?? availableThreads();
  if (count > 1 && expectedSynapses() >= PARALLEL_MIN_SYNAPSES)
    return WorkerPool.open({ threads: count, table: PLAN_TABLE, tasks: PLAN_TASKS, moduleUrl: import.meta.url });
  return WorkerPool.inline(PLAN_TASKS);
}

/** A pool of this thread alone, for loops over arrays that other threads cannot see. */
const inlinePool = (): LoopRunner => WorkerPool.inline(PLAN_TASKS);

/** A projection's weights: the values (f32, CSR order; null when constant) and the largest |w|. */
export interface PlannedWeights {
  values: Float32Array | null;
  constant: number;
  largest: number;
}

/** Draws a projection's weights (a constant is kept as one number; a list is copied). */
export function planWeights(pool: LoopRunner, spec: ValueSpec, count: number, seed: number, stream: number, path: string): PlannedWeights {
  if (isConstantValue(spec)) {
    const constant = Math.fround(constantOf(spec));
    return { values: null, constant, largest: count > 0 ? Math.abs(constant) : 0 };
  }
  if (spec.dist === 'list') {
    // A list is checked against the whole count, so it is copied in one piece.
    const values = sampleValues(spec, count, { seed, stream, path });
    let largest = 0;
    for (let k = 0; k < count; k++) largest = Math.max(largest, Math.abs(values[k] as number));
    return { values, constant: 0, largest };
  }
  const values = pool.allocate(Float32Array, count);
  const largest = pool.run<number>(SAMPLE, { spec, seed, stream, path, values } satisfies SampleArgs, chunksOf(count));
  return { values, constant: 0, largest: largest.reduce((a, b) => Math.max(a, b), 0) };
}

/** The weights as f32 in ordinary memory (the float store of a plastic projection). */
export function weightValues(pool: WorkerPool, weights: PlannedWeights, count: number): Float32Array {
  if (weights.values === null) return new Float32Array(count).fill(weights.constant);
  return pool.unshare([weights.values])[0] as Float32Array;
}

/** Per-synapse delays in steps, with the longest and the number of distinct ones. */
export function planDelaySteps(
  pool: LoopRunner,
  source: { spec: ValueSpec } | { delaysMs: Float32Array },
  count: number,
  dt: number,
  seed: number,
  stream: number,
  path: string,
): { steps: Uint16Array; maxSteps: number; distinct: number } {
  if ('spec' in source && typeof source.spec === 'object' && source.spec.dist === 'list')
    return planDelaySteps(pool, { delaysMs: sampleValues(source.spec, count, { seed, stream, path }) }, count, dt, seed, stream, path);
  const given = 'delaysMs' in source;
  // Given delays live in this thread's memory, so this thread rounds them.
  const runner = given && !isShared(source.delaysMs) ? inlinePool() : pool;
  const steps = runner.allocate(Uint16Array, count);
  const args: DelayArgs = { spec: given ? null : source.spec, delaysMs: given ? source.delaysMs : null, seed, stream, path, dt, steps };
  const chunks = runner.run<DelayChunk>(DELAYS, args, chunksOf(count));
  const tooLong = chunks.find((c) => c.tooLongMs !== null);
  if (tooLong)
    throw new CapacityError('', { code: 'delay-too-long', path, expected: `delays of at most ${0xffff} steps`, received: tooLong.tooLongMs as number });
  const seen = new Uint32Array(0x10000 / 32);
  let maxSteps = 1;
  for (const chunk of chunks) {
    maxSteps = Math.max(maxSteps, chunk.maxSteps);
    for (let w = 0; w < seen.length; w++) seen[w] = (seen[w] as number) | (chunk.seen[w] as number);
  }
  let distinct = 0;
  for (const word of seen) for (let v = word; v !== 0; v &= v - 1) distinct++;
  return { steps, maxSteps, distinct };
}

/** The largest number of synapses onto one postsynaptic neuron. */
export function maxInDegree(pool: LoopRunner, csr: Csr): number {
  const count = csr.targets.length;
  if (count === 0 || csr.targetSize === 0) return 0;
  const runner = isShared(csr.targets) ? pool : inlinePool();
  // Each part returns a count per neuron: few parts, and fewer for large populations.
  const parts = runner.isParallel ? Math.max(1, Math.min(chunksOf(count), 2 * runner.threads, Math.floor(2 ** 26 / csr.targetSize))) : 1;
  const counts = runner.run<Uint32Array>(IN_DEGREE, { targets: csr.targets, targetSize: csr.targetSize, chunks: parts } satisfies InDegreeArgs, parts);
  const total = counts[0] as Uint32Array;
  for (let part = 1; part < parts; part++) {
    const other = counts[part] as Uint32Array;
    for (let j = 0; j < total.length; j++) total[j] = (total[j] as number) + (other[j] as number);
  }
  let largest = 0;
  for (let j = 0; j < total.length; j++) largest = Math.max(largest, total[j] as number);
  return largest;
}

/**
 * Fixed-point weights, round(w · 2^scaleExp). With `inPlace`, in the f32 weights' own memory (they are
 * not needed after), which saves allocating and touching another 4 bytes per synapse. A constant
 * weight gives null: {@link filledArray} fills it.
 */
export function fixedPointWeights(pool: LoopRunner, weights: PlannedWeights, scaleExp: number, inPlace: boolean): Int32Array | null {
  const scale = 2 ** scaleExp;
  if (weights.values === null) return null;
  const values = weights.values;
  const runner = isShared(values) ? pool : inlinePool();
  const fixed = inPlace ? new Int32Array(values.buffer, values.byteOffset, values.length) : runner.allocate(Int32Array, values.length);
  runner.run(FIXED, { weights: values, fixed, scale } satisfies FixedArgs, chunksOf(values.length));
  return fixed;
}

/** An array of `length` elements all `value`, filled by the pool's threads (shared memory when it is parallel). */
export function filledArray<T extends NumericArray>(pool: LoopRunner, type: NumericArrayConstructor<T>, value: number, length: number): T {
  const array = pool.allocate(type, length);
  if (value !== 0) pool.run(FILL, { array, value } satisfies FillArgs, chunksOf(length));
  return array;
}

// In a worker of a plan's pool: serve it (never returns; the rest of an application bundle does not run
// in the worker). Anywhere else: nothing.
serveWorkerTasks(PLAN_TABLE, PLAN_TASKS);
