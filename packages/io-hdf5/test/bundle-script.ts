import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const packageRoot = join(dirname(fileURLToPath(import.meta.url)), '..');

/**
 * Bundles a TypeScript script (workspace packages from source, WGSL as text) into one .mjs that a
 * plain `node` child process runs. It lands under node_modules/.cache so `h5wasm` resolves from it.
 */
export async function bundleScript(entry: string): Promise<string> {
  const outDir = join(packageRoot, 'node_modules', '.cache', 'io-hdf5-scripts');
  mkdirSync(outDir, { recursive: true });
  const outfile = join(outDir, `${entry.replace(/^.*\//, '').replace(/\.ts$/, '')}.mjs`);
  await build({
    entryPoints: [join(packageRoot, entry)],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    conditions: ['source'],
    loader: { '.wgsl': 'text' },
    external: ['h5wasm', 'webgpu'],
    logLevel: 'error',
  });
  return outfile;
}
