// Streams a real simulation of 100,000 LIF neurons (10 s simulated, dt 1 ms, constant drive spread
// so rates vary from about 1 to 60 Hz, no synapses) to a .simrec.h5 file and prints memory after each
// simulated second: resident set, JS heap, array buffers and the HDF5 (WebAssembly) heap.
// Run: node bench/stream-100k.bench.mjs [seconds=10] [backend=cpu] [neurons=100000]
// Bundles src/ with esbuild first (workspace packages from source), like the other benches.
import { mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const seconds = Number(process.argv[2] ?? 10);
const backend = process.argv[3] ?? 'cpu';
const neurons = Number(process.argv[4] ?? 100_000);

// Next to node_modules, so that the bundle resolves h5wasm and webgpu.
const outDir = fileURLToPath(new URL('../node_modules/.cache/io-hdf5-bench/', import.meta.url));
mkdirSync(outDir, { recursive: true });
const entry = join(outDir, 'entry.ts');
const { writeFileSync } = await import('node:fs');
writeFileSync(
  entry,
  `export * from ${JSON.stringify(fileURLToPath(new URL('../src/index.ts', import.meta.url)))};\nexport { Simulation } from '@spikegpu/simulator';\nexport { loadH5 } from ${JSON.stringify(fileURLToPath(new URL('../src/h5-module.ts', import.meta.url)))};\n`,
);
const outfile = join(outDir, 'io-hdf5.mjs');
await build({
  entryPoints: [entry],
  bundle: true,
  format: 'esm',
  platform: 'node',
  target: 'es2022',
  conditions: ['source'],
  outfile,
  logLevel: 'error',
  loader: { '.wgsl': 'text' },
  external: ['h5wasm', 'webgpu'],
  nodePaths: [fileURLToPath(new URL('../node_modules', import.meta.url))],
});
const { Simulation, SpikeRecordingWriter, openRecording, loadH5 } = await import(pathToFileURL(outfile).href);

const description = {
  name: `lif-${neurons}`,
  dt: 1,
  seed: 11,
  populations: [{ name: 'lif', size: neurons, model: 'lif' }],
  inputs: [{ kind: 'current', target: 'lif', amplitude: { dist: 'uniform', low: 101, high: 160 } }],
};
const sim = await Simulation.create(description, { backend, keepSpikesInMemory: false });
const dir = mkdtempSync(join(tmpdir(), 'spikegpu-stream-bench-'));
const path = join(dir, 'lif.simrec.h5');
const h5 = await loadH5();
const writer = await SpikeRecordingWriter.create(path, sim, {
  flushEverySteps: 100,
  state: [{ population: 'lif', variables: ['v'], neurons: [0, 1, 2, 3], intervalMs: 1 }],
});
const mib = (b) => (b / 2 ** 20).toFixed(1);
console.log(`backend ${sim.backend}, ${neurons} neurons, ${seconds} s simulated, dt 1 ms`);
console.log('sim s | wall s | spikes written | file MiB | rss MiB | heap MiB | arrayBuffers MiB | wasm heap MiB');
const t0 = performance.now();
for (let s = 1; s <= seconds; s++) {
  await writer.run(1000);
  writer.flush();
  const m = process.memoryUsage();
  console.log(
    [
      s,
      ((performance.now() - t0) / 1000).toFixed(1),
      writer.spikesWritten,
      mib(statSync(path).size),
      mib(m.rss),
      mib(m.heapUsed),
      mib(m.arrayBuffers),
      mib(h5.Module.HEAPU8.byteLength),
    ].join(' | '),
  );
}
await writer.close();
const recording = await openRecording(path);
console.log(
  `${recording.populations[0].spikeCount} spikes, ${mib(recording.populations[0].spikeCount * 8)} MiB raw (u32 step + id), ${mib(statSync(path).size)} MiB on disk`,
);
recording.close();
sim.destroy();
rmSync(dir, { recursive: true });
