import type { ConnectivitySpec } from '@spikegpu/core';
import { buildConnectivityRows } from './build-rows.js';
import type { BuildContext, Csr } from './csr.js';
import type { RowBlock } from './rules/fixed-probability.js';
import type { LoopRunner } from './worker-pool.js';

/** Expected synapses per row chunk: enough work to dwarf a chunk's overhead, few enough chunks to balance. */
const ROW_CHUNK_SYNAPSES = 1 << 22;

interface BuildArgs {
  spec: ConnectivitySpec;
  ctx: BuildContext;
  bounds: number[];
  isShared: boolean;
}

interface JoinArgs {
  blocks: RowBlock[];
  bounds: number[];
  firstSynapse: number[];
  rowOffsets: Uint32Array;
  targets: Uint32Array;
}

/** One row chunk, built on its own; copied into shared memory when other threads are to read it. */
function buildRowChunk(args: BuildArgs, chunk: number): RowBlock {
  const block = buildConnectivityRows(args.spec, args.ctx, args.bounds[chunk] as number, args.bounds[chunk + 1] as number);
  if (!args.isShared) return block;
  const shared = (array: Uint32Array) => {
    const copy = new Uint32Array(new SharedArrayBuffer(array.byteLength));
    copy.set(array);
    return copy;
  };
  return { rowOffsets: shared(block.rowOffsets), targets: shared(block.targets) };
}

/** One row chunk copied to its place in the whole projection. */
function joinRowChunk(args: JoinArgs, chunk: number): void {
  const block = args.blocks[chunk] as RowBlock;
  const first = args.firstSynapse[chunk] as number;
  const rowBegin = args.bounds[chunk] as number;
  const rows = block.rowOffsets.length - 1;
  for (let r = 0; r < rows; r++) args.rowOffsets[rowBegin + r] = first + (block.rowOffsets[r] as number);
  args.targets.set(block.targets, first);
}

const BUILD_ROWS = 'rows.build';
const JOIN_ROWS = 'rows.join';

/** The loops of a build by rows, for a {@link WorkerPool}'s task table. */
export const ROW_TASKS = {
  [BUILD_ROWS]: buildRowChunk,
  [JOIN_ROWS]: joinRowChunk,
} as const;

/**
 * Builds a row-independent rule (see `ROW_INDEPENDENT_RULES`) in chunks of rows over the runner's
 * threads, then joins the chunks: the same CSR as one thread builds, since every row draws from its own
 * counter stream. With a parallel runner the arrays are in shared memory.
 */
export function buildRowsOnRunner(spec: ConnectivitySpec, ctx: BuildContext, expectedSynapses: number, runner: LoopRunner): Csr {
  const { sourceSize, targetSize } = ctx;
  // Plain data for the workers (positions are copied, which costs little next to the build).
  const { threads: _threads, pool: _pool, ...plainCtx } = ctx;
  const chunks = runner.isParallel ? Math.max(1, Math.min(sourceSize, Math.max(4 * runner.threads, Math.ceil(expectedSynapses / ROW_CHUNK_SYNAPSES)))) : 1;
  const bounds = Array.from({ length: chunks + 1 }, (_, k) => Math.round((k * sourceSize) / chunks));
  const blocks = runner.run<RowBlock>(BUILD_ROWS, { spec, ctx: plainCtx, bounds, isShared: runner.isParallel } satisfies BuildArgs, chunks);
  if (blocks.length === 1) return { sourceSize, targetSize, ...(blocks[0] as RowBlock) };
  const firstSynapse = [0];
  for (const block of blocks) firstSynapse.push((firstSynapse[firstSynapse.length - 1] as number) + block.targets.length);
  const total = firstSynapse[chunks] as number;
  const rowOffsets = runner.allocate(Uint32Array, sourceSize + 1);
  const targets = runner.allocate(Uint32Array, total);
  runner.run(JOIN_ROWS, { blocks, bounds, firstSynapse, rowOffsets, targets } satisfies JoinArgs, chunks);
  rowOffsets[sourceSize] = total;
  return { sourceSize, targetSize, rowOffsets, targets };
}
