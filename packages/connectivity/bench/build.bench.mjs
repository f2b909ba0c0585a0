// Build time and memory per synapse of the connectivity rules at 10^8 synapses.
// Run: node bench/build.bench.mjs [neurons=100000] [synapsesPerNeuron=1000] [rules=fixed-probability,fixed-indegree] [threads=1,<cores>]
// Bundles src/ with esbuild first (the way tsup ships it), so it measures the published code path.
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const neurons = Number(process.argv[2] ?? 100_000);
const perNeuron = Number(process.argv[3] ?? 1000);
const rules = (process.argv[4] ?? 'fixed-probability,fixed-indegree').split(',');
const threadCounts = (process.argv[5] ?? `1,${availableParallelism()}`).split(',').map(Number);

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
// The bundle stays until the end: worker threads import it.
const { buildConnectivity, estimateSynapseCount, transposeCsr, placeNeurons, ROW_INDEPENDENT_RULES } = await import(pathToFileURL(outfile).href);
process.on('exit', () => rmSync(outDir, { recursive: true }));

const specs = {
  'fixed-probability': { rule: 'fixed-probability', p: perNeuron / neurons },
  'fixed-indegree': { rule: 'fixed-indegree', k: perNeuron },
  'fixed-outdegree': { rule: 'fixed-outdegree', k: perNeuron },
  'fixed-total': { rule: 'fixed-total', n: neurons * perNeuron },
  // Uniform in a 1.5 mm cube; Gaussian profile with p0 = 0.5 cut off at 3σ, σ set so that the
  // expected count is perNeuron per neuron including the neurons near the faces (first guess from
  // p0·ρ·(2πσ²)^{3/2} = perNeuron, then refined with estimateSynapseCount).
  'distance-dependent': (() => {
    const sideUm = 1500;
    const density = neurons / sideUm ** 3;
    let sigma = Math.cbrt(perNeuron / (0.5 * density * (2 * Math.PI) ** 1.5));
    const positions = placeNeurons({ layout: 'box', sizeUm: [sideUm, sideUm, sideUm] }, neurons, { seed: 1234, stream: 8 });
    const ctx = { sourceSize: neurons, targetSize: neurons, isSamePopulation: true, sourcePositions: positions, targetPositions: positions };
    for (let k = 0; k < 4; k++) {
      const spec = { rule: 'distance-dependent', profile: 'gaussian', p0: 0.5, scaleUm: sigma, cutoffUm: 3 * sigma };
      sigma *= Math.cbrt((neurons * perNeuron) / estimateSynapseCount(spec, ctx));
    }
    return { rule: 'distance-dependent', profile: 'gaussian', p0: 0.5, scaleUm: sigma, cutoffUm: 3 * sigma, sideUm };
  })(),
  'watts-strogatz': { rule: 'watts-strogatz', k: perNeuron, p: 0.1 },
};

console.log(`node ${process.version}, ${neurons} × ${neurons} neurons, ~${perNeuron} synapses per neuron, recurrent, no autapses`);
if (rules.includes('distance-dependent')) console.log(`distance-dependent: σ = ${specs['distance-dependent'].scaleUm.toFixed(1)} µm in a 1.5 mm cube`);
for (const rule of rules) {
  const found = specs[rule];
  if (!found) throw new Error(`unknown rule ${rule}; one of ${Object.keys(specs).join(', ')}`);
  const { sideUm, ...spec } = found;
  const positions = sideUm ? placeNeurons({ layout: 'box', sizeUm: [sideUm, sideUm, sideUm] }, neurons, { seed: 1234, stream: 8 }) : undefined;
  // These rules build in independent chunks (rows; columns then row blocks for fixed-indegree), so they
  // also run over worker threads (the same CSR).
  for (const threads of rule === 'fixed-indegree' || ROW_INDEPENDENT_RULES.includes(rule) ? threadCounts : [1]) {
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
      threads,
    });
    const seconds = (performance.now() - start) / 1000;
    const cpuSeconds = process.cpuUsage(cpuStart).user / 1e6;
    const peakRss = process.memoryUsage().rss;
    const synapses = csr.targets.length;
    const bytes = csr.targets.buffer.byteLength + csr.rowOffsets.byteLength;
    console.log(
      `${rule.padEnd(18)} ${String(threads).padStart(2)} thread${threads === 1 ? ' ' : 's'} ${synapses.toExponential(4)} synapses  build ${seconds.toFixed(2)} s (CPU ${cpuSeconds.toFixed(2)} s)  ` +
        `${(synapses / seconds / 1e6).toFixed(1)} M synapses/s  CSR ${(bytes / synapses).toFixed(3)} B/synapse  ` +
        `RSS +${((peakRss - rssBefore) / synapses).toFixed(2)} B/synapse after build`,
    );
    if (rule === rules[rules.length - 1] && process.env.BENCH_TRANSPOSE) {
      const t = performance.now();
      transposeCsr(csr);
      console.log(`transposeCsr       ${((performance.now() - t) / 1000).toFixed(2)} s`);
    }
  }
}
