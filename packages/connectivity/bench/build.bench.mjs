// Build time and memory per synapse of the connectivity rules at 10^8 synapses.
// Run: node bench/build.bench.mjs [neurons=100000] [synapsesPerNeuron=1000] [rules=fixed-probability,fixed-indegree]
// Bundles src/ with esbuild first (the way tsup ships it), so it measures the published code path.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const neurons = Number(process.argv[2] ?? 100_000);
const perNeuron = Number(process.argv[3] ?? 1000);
const rules = (process.argv[4] ?? 'fixed-probability,fixed-indegree').split(',');

const outDir = mkdtempSync(join(tmpdir(), 'spikegpu-connectivity-bench-'));
const outfile = join(outDir, 'connectivity.mjs');
await build({
  entryPoints: [fileURLToPath(new URL('../src/index.ts', import.meta.url))],
  bundle: true,
  format: 'esm',
  platform: 'node',
  target: 'es2022',
  conditions: ['source'],
  outfile,
  logLevel: 'error',
  loader: { '.wgsl': 'text' },
});
const { buildConnectivity, transposeCsr, placeNeurons } = await import(pathToFileURL(outfile).href);
rmSync(outDir, { recursive: true });

const specs = {
  'fixed-probability': { rule: 'fixed-probability', p: perNeuron / neurons },
  'fixed-indegree': { rule: 'fixed-indegree', k: perNeuron },
  'fixed-outdegree': { rule: 'fixed-outdegree', k: perNeuron },
  'fixed-total': { rule: 'fixed-total', n: neurons * perNeuron },
  // Uniform in a cube; Gaussian profile with p0 = 0.5 and σ giving ~perNeuron synapses away from the
  // faces: p0·ρ·(2πσ²)^{3/2} = perNeuron (fewer near the faces), cut off at 3σ.
  'distance-dependent': (() => {
    const sideUm = 1500;
    const density = neurons / sideUm ** 3;
    const sigma = Math.cbrt(perNeuron / (0.5 * density * (2 * Math.PI) ** 1.5));
    return { rule: 'distance-dependent', profile: 'gaussian', p0: 0.5, scaleUm: sigma, cutoffUm: 3 * sigma, sideUm };
  })(),
  'watts-strogatz': { rule: 'watts-strogatz', k: perNeuron, p: 0.1 },
};

console.log(`node ${process.version}, ${neurons} × ${neurons} neurons, ~${perNeuron} synapses per neuron, recurrent, no autapses`);
for (const rule of rules) {
  const found = specs[rule];
  if (!found) throw new Error(`unknown rule ${rule}; one of ${Object.keys(specs).join(', ')}`);
  const { sideUm, ...spec } = found;
  const positions = sideUm ? placeNeurons({ layout: 'box', sizeUm: [sideUm, sideUm, sideUm] }, neurons, { seed: 1234, stream: 8 }) : undefined;
  const rssBefore = process.memoryUsage().rss;
  const start = performance.now();
  const cpuStart = process.cpuUsage();
  const csr = buildConnectivity(spec, {
    sourceSize: neurons,
    targetSize: neurons,
    isSamePopulation: true,
    seed: 1234,
    stream: 7,
    sourcePositions: positions,
    targetPositions: positions,
  });
  const seconds = (performance.now() - start) / 1000;
  const cpuSeconds = process.cpuUsage(cpuStart).user / 1e6;
  const peakRss = process.memoryUsage().rss;
  const synapses = csr.targets.length;
  const bytes = csr.targets.buffer.byteLength + csr.rowOffsets.byteLength;
  console.log(
    `${rule.padEnd(18)} ${synapses.toExponential(4)} synapses  build ${seconds.toFixed(2)} s (CPU ${cpuSeconds.toFixed(2)} s)  ` +
      `${(synapses / seconds / 1e6).toFixed(1)} M synapses/s  CSR ${(bytes / synapses).toFixed(3)} B/synapse  ` +
      `RSS +${((peakRss - rssBefore) / synapses).toFixed(2)} B/synapse after build`,
  );
  if (rule === rules[rules.length - 1] && process.env.BENCH_TRANSPOSE) {
    const t = performance.now();
    transposeCsr(csr);
    console.log(`transposeCsr       ${((performance.now() - t) / 1000).toFixed(2)} s`);
  }
}
