import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { acquireGpu } from '@spikegpu/gpu-runtime';
import { build } from 'esbuild';
import { afterAll, expect, it } from 'vitest';

// In a plain Node process (not under the test runner, whose workers outlive the GC timing), acquiring a
// device, destroying it and acquiring another used to abort Node when each acquire made its own
// `webgpu` instance. One instance per process fixes it; this runs the sequence in a child process.
// Beside gpu-runtime, whose node_modules hold the `webgpu` package the bundle imports.
const scratch = fileURLToPath(new URL('../../gpu-runtime/.lifetime-test/', import.meta.url));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const probe = await acquireGpu();
probe?.destroy();

it.skipIf(probe === null)('simulations can acquire and release devices one after another in a plain Node process', async () => {
  mkdirSync(scratch, { recursive: true });
  const entry = `${scratch}entry.ts`;
  writeFileSync(
    entry,
    `import { acquireGpu } from '@spikegpu/gpu-runtime';
import { Simulation, izhikevich2003Network } from '../../simulator/src/index.js';
const first = await acquireGpu({ required: true });
first.destroy();
for (let k = 0; k < 3; k++) {
  const sim = await Simulation.create(izhikevich2003Network(), { backend: 'webgpu', log: () => {} });
  await sim.run(20);
  if (sim.spikes.length === 0) throw new Error('no spikes');
  sim.destroy();
  globalThis.gc?.();
}
console.log('all devices worked');
`,
  );
  await build({
    entryPoints: [entry],
    bundle: true,
    platform: 'node',
    format: 'esm',
    external: ['webgpu'],
    conditions: ['source'],
    loader: { '.wgsl': 'text' },
    outfile: `${scratch}entry.mjs`,
    logLevel: 'silent',
  });
  const child = spawnSync(process.execPath, ['--expose-gc', `${scratch}entry.mjs`], { encoding: 'utf8', timeout: 60_000 });
  expect(`${child.stdout}${child.stderr}`).toContain('all devices worked');
  expect(child.status).toBe(0);
});
