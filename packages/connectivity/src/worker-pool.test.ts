import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WorkerPool } from './worker-pool.js';

/**
 * A module that serves a table of test tasks, over a bundle of this package (workers load JavaScript).
 * After serving comes "application code", which served workers must never run.
 */
const TASKS_MODULE = `
import { serveWorkerTasks, WorkerPool } from './connectivity.mjs';
import { isMainThread, threadId } from 'node:worker_threads';
import { writeFileSync } from 'node:fs';
const pause = new Int32Array(new SharedArrayBuffer(4));
const TASKS = {
  whoAmI: (args, chunk) => { Atomics.wait(pause, 0, 0, args.pauseMs); return { chunk, threadId }; },
  square: (args, chunk) => { args.values[chunk] = chunk * chunk; },
  failAt: (args, chunk) => { if (chunk === args.chunk) throw new Error('chunk ' + chunk + ' failed'); return chunk; },
};
export const open = (threads, table = 'test.tasks') => WorkerPool.open({ threads, table, tasks: TASKS, moduleUrl: import.meta.url });
serveWorkerTasks('test.tasks', TASKS);
// "Application code": a served worker never gets here.
if (!isMainThread) writeFileSync(new URL('./app-code-ran-in-a-worker', import.meta.url), '');
`;

describe('WorkerPool', () => {
  let tasks: { open: (threads: number, table?: string) => WorkerPool };
  let directory: string;
  beforeAll(async () => {
    directory = mkdtempSync(join(tmpdir(), 'spikegpu-worker-pool-'));
    await build({
      entryPoints: [new URL('./index.ts', import.meta.url).pathname],
      bundle: true,
      format: 'esm',
      platform: 'node',
      conditions: ['source'],
      outfile: join(directory, 'connectivity.mjs'),
      logLevel: 'error',
      loader: { '.wgsl': 'text' },
    });
    writeFileSync(join(directory, 'tasks.mjs'), TASKS_MODULE);
    tasks = await import(/* @vite-ignore */ pathToFileURL(join(directory, 'tasks.mjs')).href);
  });
  afterAll(() => rmSync(directory, { recursive: true }));

  it('runs every chunk once, on this thread and the workers, and returns results by chunk', async () => {
    const pool = tasks.open(3);
    try {
      expect(pool.threads).toBe(3);
      const results = pool.run<{ chunk: number; threadId: number }>('whoAmI', { pauseMs: 20 }, 60);
      expect(results.map((r) => r.chunk)).toEqual(Array.from({ length: 60 }, (_, k) => k));
      expect(new Set(results.map((r) => r.threadId)).size).toBe(3);
      const values = pool.allocate(Float64Array, 100);
      pool.run('square', { values }, 100);
      expect([...values]).toEqual(Array.from({ length: 100 }, (_, k) => k * k));
    } finally {
      pool.close();
    }
    // Served workers end where they serve: the module's code after serveWorkerTasks never runs in them.
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(existsSync(join(directory, 'app-code-ran-in-a-worker'))).toBe(false);
  });

  it('throws the first error a chunk throws, on whichever thread it ran', () => {
    const pool = tasks.open(2);
    try {
      for (const chunk of [0, 37]) expect(() => pool.run('failAt', { chunk }, 40)).toThrow(`chunk ${chunk} failed`);
      // …and the pool still works afterwards.
      expect(pool.run('failAt', { chunk: -1 }, 40)).toEqual(Array.from({ length: 40 }, (_, k) => k));
    } finally {
      pool.close();
    }
  });

  it('runs everything on this thread when its workers cannot serve (a module that does not serve the table)', () => {
    const pool = tasks.open(3, 'a table nobody serves');
    try {
      const results = pool.run<{ chunk: number; threadId: number }>('whoAmI', { pauseMs: 1 }, 20);
      expect(results.map((r) => r.chunk)).toEqual(Array.from({ length: 20 }, (_, k) => k));
    } finally {
      pool.close();
    }
  });

  it('keeps to this thread where it cannot start workers (TypeScript source) and with one thread', () => {
    const fromSource = WorkerPool.open({ threads: 4, table: 't', tasks: {}, moduleUrl: import.meta.url });
    expect(fromSource.threads).toBe(1);
    expect(fromSource.allocate(Uint32Array, 4).buffer).toBeInstanceOf(ArrayBuffer);
    fromSource.close();
  });

  it('copies shared arrays out to ordinary memory', () => {
    const pool = tasks.open(2);
    try {
      const shared = pool.allocate(Uint32Array, 1000);
      shared.fill(7);
      const plain = new Int32Array(5);
      const [copy, same] = pool.unshare<Uint32Array | Int32Array>([shared, plain]);
      expect(copy?.buffer).toBeInstanceOf(ArrayBuffer);
      expect([...(copy as Uint32Array)]).toEqual([...shared]);
      expect(same).toBe(plain);
    } finally {
      pool.close();
    }
  });
});
