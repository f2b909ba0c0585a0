import type { MessagePort, Worker } from 'node:worker_threads';
import { checkInteger } from './field-checks.js';

/**
 * One step of a parallel loop: does chunk `chunk` of the work `args` describes and returns what the
 * caller should get for it (a number, a small object, a typed array — an unshared one is moved to the
 * caller, not copied). Shared arrays in `args` are the same memory on every thread; everything else
 * is a copy.
 */
export type WorkerTask = (args: never, chunk: number) => unknown;

/** The tasks a pool's threads can run, by name. */
export type WorkerTaskTable = Readonly<Record<string, WorkerTask>>;

/** Where a pool's workers find their tasks. */
export interface WorkerPoolOptions {
  /**
   * Threads to run on, this one included (default 1). Above 1, Node worker threads are started; where
   * none can be (browsers, Node before 20.16, a module that is TypeScript source) the pool keeps to
   * this thread.
   */
  threads?: number;
  /** The table's name, as its module serves it ({@link serveWorkerTasks}). */
  table: string;
  /** The tasks, the same object the module serves. */
  tasks: WorkerTaskTable;
  /** The module (`import.meta.url`) that calls {@link serveWorkerTasks} with this table at its top level. */
  moduleUrl: string;
}

/** A typed array of one of the kinds the builds use. */
export type NumericArray = Uint32Array | Int32Array | Uint16Array | Float32Array | Uint8Array | Float64Array;
/** The constructor of a {@link NumericArray}. */
export type NumericArrayConstructor<T extends NumericArray> = {
  new (buffer: ArrayBufferLike, byteOffset?: number, length?: number): T;
  BYTES_PER_ELEMENT: number;
};

/** What a build needs of a {@link WorkerPool}: arrays its loops can write, and the loops. */
export interface LoopRunner {
  /** Threads that run loops. */
  readonly threads: number;
  /** True when loops run on more than one thread (their arrays are then shared memory). */
  readonly isParallel: boolean;
  /** A zeroed array every thread of the runner can write (shared memory when it is parallel). */
  allocate<T extends NumericArray>(type: NumericArrayConstructor<T>, length: number): T;
  /** Hands back an array nothing uses any more, so that a later {@link allocate} of the same size can reuse its memory. */
  recycle(array: NumericArray): void;
  /** Runs chunks 0 … chunks − 1 of a task of the runner's table; returns each chunk's result, by chunk. */
  run<R>(task: string, args: object, chunks: number): R[];
}

/** True when the array lives in shared memory (a SharedArrayBuffer), which other threads can see. */
export function isShared(array: ArrayBufferView): boolean {
  return typeof SharedArrayBuffer !== 'undefined' && array.buffer instanceof SharedArrayBuffer;
}

/** Marks a worker this module started, in its `workerData`. */
const WORKER_MARK = 'spikegpu.workerPool';
/** Words of a worker's control block: the command number it is asked to run, the last one it finished, whether it has stopped. */
const COMMAND = 0;
const FINISHED = 1;
const STOPPED = 2;
/** Longest wait for one worker's part of a loop (ms); a worker that takes longer is left out. */
const WORKER_TIMEOUT_MS = 30 * 60 * 1000;

/**
 * The worker's first code: it imports the module that serves the table, which never returns while
 * it serves. If the import fails, or returns (the module does not serve this table), the worker marks
 * itself stopped, and the pool leaves it out.
 */
const WORKER_SOURCE = `
const { workerData } = require('node:worker_threads');
const setup = workerData['${WORKER_MARK}'];
const stop = () => {
  Atomics.store(setup.control, ${STOPPED}, 1);
  Atomics.notify(setup.control, ${FINISHED});
};
process.on('exit', stop);
import(setup.moduleUrl).then(stop, stop);
`;

interface WorkerSetup {
  table: string;
  moduleUrl: string;
  port: MessagePort;
  control: Int32Array;
}

interface LoopRequest {
  task: string;
  args: unknown;
  chunks: number;
  /** Next chunk to take, shared by every thread of the loop. */
  next: Int32Array;
}

type LoopReply = { results: Array<[number, unknown]> } | { error: string; results: Array<[number, unknown]> };

interface PoolWorker {
  worker: Worker;
  port: MessagePort;
  control: Int32Array;
  isStopped: boolean;
}

type WorkerThreadsModule = typeof import('node:worker_threads');

/** node:worker_threads when running in Node (20.16 or later), else undefined. */
function workerThreads(): WorkerThreadsModule | undefined {
  const process = (globalThis as { process?: { getBuiltinModule?: (name: string) => unknown } }).process;
  return process?.getBuiltinModule?.('node:worker_threads') as WorkerThreadsModule | undefined;
}

/**
 * How many threads a build uses unless told: every core Node reports (`os.availableParallelism()`),
 * or 1 outside Node.
 */
export function availableThreads(): number {
  const process = (globalThis as { process?: { getBuiltinModule?: (name: string) => unknown } }).process;
  const os = process?.getBuiltinModule?.('node:os') as { availableParallelism?: () => number } | undefined;
  return Math.max(1, os?.availableParallelism?.() ?? 1);
}

/**
 * Threads that run the chunks of a loop: this one and `threads − 1` Node workers, for the duration of
 * a build. Synchronous: {@link WorkerPool.run} returns when every chunk is done (this thread takes
 * chunks too, then waits with `Atomics.wait`). Chunks are taken in turn from a shared counter, so a
 * loop's result must not depend on which thread ran which chunk — each chunk writes its own part of a
 * shared array, or returns its part.
 *
 * A worker imports the module named by `moduleUrl`, which calls {@link serveWorkerTasks} at its top
 * level: that call serves the pool and never returns, so nothing after it in the module runs in the
 * worker. That makes one-file bundles work too (a CLI bundle imported by its workers does not start
 * itself), as long as the serving module comes before the application's own code, which bundlers
 * ensure for a module the application imports.
 *
 * @example
 * ```ts
 * const pool = WorkerPool.open({ threads: 4, table: 'my-tasks', tasks: MY_TASKS, moduleUrl: import.meta.url });
 * try {
 *   const values = pool.allocate(Float32Array, 64 << 20); // shared when the pool is parallel
 *   const sums = pool.run<number>('fill-and-sum-chunk', { values }, 64); // one result per chunk
 * } finally {
 *   pool.close();
 * }
 * ```
 */
export class WorkerPool implements LoopRunner {
  /** Threads that run loops, this one included. */
  readonly threads: number;
  readonly #tasks: WorkerTaskTable;
  readonly #workers: PoolWorker[];
  /** Buffers handed back by {@link recycle}, for {@link allocate} to reuse. */
  #spare: ArrayBufferLike[] = [];
  readonly #threadsModule: WorkerThreadsModule | undefined;
  #command = 0;

  private constructor(tasks: WorkerTaskTable, workers: PoolWorker[], threadsModule: WorkerThreadsModule | undefined) {
    this.#tasks = tasks;
    this.#workers = workers;
    this.#threadsModule = threadsModule;
    this.threads = workers.length + 1;
  }

  /** Starts the workers (without waiting for them: they join the loops once loaded). */
  static open(options: WorkerPoolOptions): WorkerPool {
    const threads = checkInteger(options.threads ?? 1, 'threads', 1, 1024);
    const threadsModule = workerThreads();
    const canStart = threads > 1 && threadsModule !== undefined && /\.[cm]?js$/.test(new URL(options.moduleUrl).pathname);
    const workers: PoolWorker[] = [];
    if (canStart) {
      for (let k = 1; k < threads; k++) {
        const { port1, port2 } = new threadsModule.MessageChannel();
        const control = new Int32Array(new SharedArrayBuffer(3 * 4));
        const setup: WorkerSetup = { table: options.table, moduleUrl: options.moduleUrl, port: port2, control };
        try {
          const worker = new threadsModule.Worker(WORKER_SOURCE, { eval: true, workerData: { [WORKER_MARK]: setup }, transferList: [port2] });
          worker.unref();
          workers.push({ worker, port: port1, control, isStopped: false });
        } catch {
          break;
        }
      }
    }
    return new WorkerPool(withPoolTasks(options.tasks), workers, threadsModule);
  }

  /** A pool of this thread alone: runs the loops of `tasks` in order, on ordinary arrays. */
  static inline(tasks: WorkerTaskTable): WorkerPool {
    return new WorkerPool(withPoolTasks(tasks), [], undefined);
  }

  /** True when loops run on more than this thread, so that the arrays they write must be shared. */
  get isParallel(): boolean {
    return this.threads > 1;
  }

  /** A zeroed array the pool's threads can all write: in shared memory when the pool is parallel. */
  allocate<T extends NumericArray>(type: NumericArrayConstructor<T>, length: number): T {
    const bytes = length * type.BYTES_PER_ELEMENT;
    // Memory the process has touched already: zeroing it costs a tenth of first-touching fresh pages.
    const spare = this.#spare.findIndex((buffer) => buffer.byteLength === bytes && buffer instanceof ArrayBuffer !== this.isParallel);
    if (spare >= 0) {
      const [buffer] = this.#spare.splice(spare, 1) as [ArrayBufferLike];
      return new type(buffer, 0, length).fill(0) as T;
    }
    return new type(this.isParallel ? new SharedArrayBuffer(bytes) : new ArrayBuffer(bytes), 0, length);
  }

  recycle(array: NumericArray): void {
    // Only whole buffers of some size: small ones are cheap to allocate, and a view may share its buffer.
    if (array.byteOffset === 0 && array.byteLength === array.buffer.byteLength && array.byteLength >= 1 << 20) this.#spare.push(array.buffer);
    if (this.#spare.length > 4) this.#spare.shift();
  }

  /**
   * Runs chunks `0 .. chunks − 1` of task `task` over the pool's threads and returns each chunk's
   * result, by chunk. The first error a chunk throws is thrown here, after every thread has stopped.
   * A worker that stops (crashes) is left out, and this thread runs the chunks it did not finish.
   */
  run<R>(task: string, args: object, chunks: number): R[] {
    const run = this.#tasks[task] as ((args: object, chunk: number) => R) | undefined;
    if (!run) throw new Error(`WorkerPool: no task '${task}'`);
    const results = new Array<R>(chunks);
    const isDone = new Uint8Array(chunks);
    let firstError: unknown;
    const live = this.#workers.filter((w) => !w.isStopped);
    const command = ++this.#command;
    // Shared only when workers take chunks too (browsers without cross-origin isolation have no SharedArrayBuffer).
    const next = new Int32Array(live.length > 0 && chunks > 1 ? new SharedArrayBuffer(4) : new ArrayBuffer(4));
    if (chunks > 1) {
      const request: LoopRequest = { task, args, chunks, next };
      for (const w of live) {
        w.port.postMessage(request);
        Atomics.store(w.control, COMMAND, command);
        Atomics.notify(w.control, COMMAND);
      }
    } else live.length = 0;
    try {
      for (let chunk = Atomics.add(next, 0, 1); chunk < chunks; chunk = Atomics.add(next, 0, 1)) {
        results[chunk] = run(args, chunk);
        isDone[chunk] = 1;
      }
    } catch (error) {
      // Stop handing out chunks; wait for the workers all the same, so none is left mid-loop.
      Atomics.store(next, 0, chunks);
      firstError = error;
    }
    for (const w of live) {
      const reply = this.#awaitReply(w, command);
      if (!reply) continue;
      for (const [chunk, result] of reply.results) {
        results[chunk] = result as R;
        isDone[chunk] = 1;
      }
      if ('error' in reply && firstError === undefined) firstError = new Error(reply.error);
    }
    if (firstError !== undefined) throw firstError;
    for (let chunk = 0; chunk < chunks; chunk++) if (isDone[chunk] === 0) results[chunk] = run(args, chunk);
    return results;
  }

  /** Waits until `w` has finished command `command` and takes its reply; undefined when it stopped instead. */
  #awaitReply(w: PoolWorker, command: number): LoopReply | undefined {
    const deadline = performance.now() + WORKER_TIMEOUT_MS;
    for (;;) {
      const finished = Atomics.load(w.control, FINISHED);
      if (finished === command) break;
      if (Atomics.load(w.control, STOPPED) === 1 || performance.now() > deadline) {
        this.#stop(w);
        return undefined;
      }
      Atomics.wait(w.control, FINISHED, finished, 1000);
    }
    return this.#threadsModule?.receiveMessageOnPort(w.port)?.message as LoopReply | undefined;
  }

  #stop(w: PoolWorker): void {
    w.isStopped = true;
    void w.worker.terminate();
  }

  /**
   * Copies of `arrays` in ordinary (unshared) memory, each made by one of the pool's threads, so that
   * copying many large arrays goes in parallel. Arrays already unshared are returned as they are.
   */
  unshare<T extends NumericArray>(arrays: readonly T[]): T[] {
    const jobs = arrays.map((array, index) => ({ array, index })).filter((j) => isShared(j.array));
    // Largest first, so that the last to start is a small one.
    jobs.sort((a, b) => b.array.byteLength - a.array.byteLength);
    const copies = this.run<T>(UNSHARE_TASK, { arrays: jobs.map((j) => j.array) }, jobs.length);
    const result = arrays.slice();
    jobs.forEach((job, k) => {
      result[job.index] = copies[k] as T;
    });
    return result;
  }

  /** Stops the workers. The pool runs later loops on this thread alone. */
  close(): void {
    for (const w of this.#workers) {
      if (w.isStopped) continue;
      w.port.postMessage({ close: true });
      Atomics.store(w.control, COMMAND, ++this.#command);
      Atomics.notify(w.control, COMMAND);
      w.isStopped = true;
    }
    this.#workers.length = 0;
    this.#spare = [];
    (this as { threads: number }).threads = 1;
  }
}

/** The pool's own task: an unshared copy of one array. */
const UNSHARE_TASK = 'workerPool.unshare';
function unshareChunk(args: { arrays: NumericArray[] }, chunk: number): NumericArray {
  const source = args.arrays[chunk] as NumericArray;
  const copy = new (source.constructor as NumericArrayConstructor<NumericArray>)(new ArrayBuffer(source.byteLength), 0, source.length);
  copy.set(source);
  return copy;
}

/** The table with the pool's own tasks added. */
function withPoolTasks(tasks: WorkerTaskTable): WorkerTaskTable {
  return { ...tasks, [UNSHARE_TASK]: unshareChunk as WorkerTask };
}

/**
 * Serves a {@link WorkerPool} when this thread is one of its workers started for `table`: runs the
 * loops it is given until the pool closes, then ends the thread. Call it at the top level of the
 * module whose URL the pool is opened with, after everything the tasks use is defined. Anywhere else
 * (the main thread, a browser, another table's worker) it returns at once.
 */
export function serveWorkerTasks(table: string, tasks: WorkerTaskTable): void {
  const threadsModule = workerThreads();
  if (!threadsModule || threadsModule.isMainThread) return;
  const setup = (threadsModule.workerData as Record<string, WorkerSetup> | undefined)?.[WORKER_MARK];
  if (!setup || setup.table !== table) return;
  const all = withPoolTasks(tasks);
  const { port, control } = setup;
  let seen = 0;
  for (;;) {
    while (Atomics.load(control, COMMAND) === seen) Atomics.wait(control, COMMAND, seen);
    seen = Atomics.load(control, COMMAND);
    let request: (LoopRequest & { close?: boolean }) | undefined;
    // The message is posted before the command number is stored; allow it a moment all the same.
    for (let attempt = 0; request === undefined && attempt < 100; attempt++) {
      request = threadsModule.receiveMessageOnPort(port)?.message as (LoopRequest & { close?: boolean }) | undefined;
      if (request === undefined) Atomics.wait(control, STOPPED, 0, 10);
    }
    if (!request || request.close) break;
    const results: Array<[number, unknown]> = [];
    let reply: LoopReply;
    try {
      const run = all[request.task] as ((args: unknown, chunk: number) => unknown) | undefined;
      if (!run) throw new Error(`WorkerPool: no task '${request.task}' in table '${table}'`);
      for (let chunk = Atomics.add(request.next, 0, 1); chunk < request.chunks; chunk = Atomics.add(request.next, 0, 1))
        results.push([chunk, run(request.args, chunk)]);
      reply = { results };
    } catch (error) {
      Atomics.store(request.next, 0, request.chunks);
      reply = { error: String((error as Error)?.stack ?? error), results };
    }
    port.postMessage(reply, movableBuffers(results));
    Atomics.store(control, FINISHED, seen);
    Atomics.notify(control, FINISHED);
  }
  // Ends this worker here, so that nothing after the serving module (an application bundle's own code) runs in it.
  (globalThis as unknown as { process: { exit(code: number): never } }).process.exit(0);
}

/** The unshared buffers of typed arrays among the results (moved to the caller rather than copied). */
function movableBuffers(results: Array<[number, unknown]>): ArrayBuffer[] {
  const buffers = new Set<ArrayBuffer>();
  const visit = (value: unknown) => {
    if (ArrayBuffer.isView(value) && value.buffer instanceof ArrayBuffer) buffers.add(value.buffer);
  };
  for (const [, result] of results) {
    visit(result);
    if (result && typeof result === 'object' && !ArrayBuffer.isView(result)) for (const value of Object.values(result)) visit(value);
  }
  return [...buffers];
}
