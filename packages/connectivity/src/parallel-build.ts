import type { ConnectivitySpec } from '@spikegpu/core';
import type { BuildContext } from './csr.js';
import type { RowBlock } from './rules/fixed-probability.js';

/**
 * The worker: imports this package's own module (the one that defines the builder, so the code is the
 * caller's, not a second copy), builds its rows, hands them back through its port and wakes the
 * waiting thread. Any failure is reported the same way, and the caller then builds those rows itself.
 */
const WORKER_SOURCE = `
const { workerData } = require('node:worker_threads');
const { moduleUrl, spec, ctx, rowBegin, rowEnd, port, signal } = workerData;
import(moduleUrl)
  .then((module) => {
    const block = module.buildConnectivityRows(spec, ctx, rowBegin, rowEnd);
    port.postMessage(block, [block.rowOffsets.buffer, block.targets.buffer]);
  })
  .catch((error) => port.postMessage({ error: String((error && error.stack) || error) }))
  .finally(() => {
    Atomics.store(signal, 0, 1);
    Atomics.notify(signal, 0);
  });
`;

/** Longest wait for one worker's rows before giving up on it (ms). */
const WORKER_TIMEOUT_MS = 30 * 60 * 1000;

interface WorkerThreads {
  Worker: new (source: string, options: object) => { terminate(): Promise<number> };
  MessageChannel: new () => { port1: object; port2: object };
  receiveMessageOnPort(port: object): { message: unknown } | undefined;
}

/** node:worker_threads when running in Node (20.16 or later), else undefined. */
function workerThreads(): WorkerThreads | undefined {
  const process = (globalThis as { process?: { getBuiltinModule?: (name: string) => unknown } }).process;
  return process?.getBuiltinModule?.('node:worker_threads') as WorkerThreads | undefined;
}

/**
 * Builds the rows of a row-independent rule over `threads` threads (this one and `threads − 1`
 * workers), each a contiguous slice of rows, and joins them: the same CSR as one thread builds, since
 * every row draws from its own counter stream. Synchronous: this thread builds its own slice, then
 * blocks until the workers are done. Returns undefined where workers are not available (a browser,
 * older Node, or source not yet compiled to JavaScript), so the caller builds on one thread.
 */
export function buildRowsInParallel(
  spec: ConnectivitySpec,
  ctx: BuildContext,
  threads: number,
  buildRows: (spec: ConnectivitySpec, ctx: BuildContext, rowBegin: number, rowEnd: number) => RowBlock,
  moduleUrl: string,
): RowBlock | undefined {
  const threadsModule = workerThreads();
  if (!threadsModule || !/\.[cm]?js$/.test(new URL(moduleUrl).pathname)) return undefined;
  const rows = ctx.sourceSize;
  const slices = Math.min(threads, rows);
  const bounds = Array.from({ length: slices + 1 }, (_, k) => Math.round((k * rows) / slices));
  // Plain data for the workers: positions are copied (structured clone), which costs little next to the build.
  const { threads: _threads, ...plainCtx } = ctx;
  const pending = bounds.slice(1, -1).map((rowBegin, k) => {
    const rowEnd = bounds[k + 2] as number;
    const { port1, port2 } = new threadsModule.MessageChannel();
    const signal = new Int32Array(new SharedArrayBuffer(4));
    try {
      const worker = new threadsModule.Worker(WORKER_SOURCE, {
        eval: true,
        workerData: { moduleUrl, spec, ctx: plainCtx, rowBegin, rowEnd, port: port2, signal },
        transferList: [port2],
      });
      return { worker, port: port1, signal, rowBegin, rowEnd };
    } catch {
      return { worker: undefined, port: port1, signal, rowBegin, rowEnd };
    }
  });
  const blocks: RowBlock[] = [buildRows(spec, plainCtx, 0, bounds[1] as number)];
  for (const job of pending) {
    let block: RowBlock | undefined;
    if (job.worker && Atomics.wait(job.signal, 0, 0, WORKER_TIMEOUT_MS) !== 'timed-out') {
      const reply = threadsModule.receiveMessageOnPort(job.port)?.message as (RowBlock & { error?: string }) | undefined;
      if (reply && reply.error === undefined) block = reply;
    }
    void job.worker?.terminate();
    blocks.push(block ?? buildRows(spec, plainCtx, job.rowBegin, job.rowEnd));
  }
  return joinRowBlocks(blocks);
}

/** Consecutive row blocks as one: offsets shifted, targets copied end to end. */
export function joinRowBlocks(blocks: readonly RowBlock[]): RowBlock {
  if (blocks.length === 1) return blocks[0] as RowBlock;
  const rows = blocks.reduce((n, b) => n + b.rowOffsets.length - 1, 0);
  const synapses = blocks.reduce((n, b) => n + b.targets.length, 0);
  const rowOffsets = new Uint32Array(rows + 1);
  const targets = new Uint32Array(synapses);
  let row = 0;
  let synapse = 0;
  for (const block of blocks) {
    const count = block.rowOffsets.length - 1;
    for (let r = 1; r <= count; r++) rowOffsets[row + r] = synapse + (block.rowOffsets[r] as number);
    targets.set(block.targets, synapse);
    row += count;
    synapse += block.targets.length;
  }
  return { rowOffsets, targets };
}
