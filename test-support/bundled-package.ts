import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { afterAll, beforeAll } from 'vitest';

/**
 * Bundles a package's entry point (as tsup ships it) for the tests of its worker-thread paths —
 * workers load JavaScript, not the TypeScript source the tests import — and counts the worker threads
 * started, to show a threaded path ran rather than its one-thread fallback. Call at the top of a
 * `describe`; `module()` and `workersStarted()` are valid inside its tests.
 */
export function useBundledPackage<T>(entry: URL, options: { external?: string[] } = {}) {
  let bundled: T | undefined;
  let directory = '';
  beforeAll(async () => {
    directory = mkdtempSync(join(tmpdir(), 'spikegpu-bundle-'));
    const outfile = join(directory, 'bundle.mjs');
    await build({
      entryPoints: [entry.pathname],
      bundle: true,
      format: 'esm',
      platform: 'node',
      conditions: ['source', 'import'],
      external: options.external ?? [],
      outfile,
      logLevel: 'error',
      loader: { '.wgsl': 'text' },
    });
    bundled = (await import(/* @vite-ignore */ pathToFileURL(outfile).href)) as T;
  });
  afterAll(() => rmSync(directory, { recursive: true, force: true }));

  const workerThreads = process.getBuiltinModule('node:worker_threads') as { Worker: new (...args: never[]) => object };
  const Worker = workerThreads.Worker;
  let started = 0;
  beforeAll(() => {
    workerThreads.Worker = class extends Worker {
      constructor(...args: never[]) {
        super(...args);
        started++;
      }
    };
  });
  afterAll(() => void (workerThreads.Worker = Worker));

  return { module: () => bundled as T, workersStarted: () => started };
}
