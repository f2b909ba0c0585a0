/**
 * Batch-mode benchmark: B independent Hodgkin–Huxley (1952) neurons for 50 ms at dt 0.01 ms (5,000 RK4
 * steps), zero stimulus and spikes only recorded — the protocol of the HH batch simulator we replace
 * (icemc `benchmark`, seeds-deep §3), for B = 1 … 1,000,000. Prints one line per B: wall time of the
 * integration (upload and pipeline creation excluded, result readback included), the best of `runs`,
 * and throughput in neuron-steps per second. The CPU column is skipped above `cpuMax` (it is slow).
 *
 * Run (from packages/simulator; the bundle goes under gpu-runtime's node_modules so that Node finds `webgpu`):
 *   npx esbuild bench/batch-bench.ts --bundle --platform=node --format=esm --conditions=source --loader:.wgsl=text \
 *     --external:webgpu --outfile=../gpu-runtime/node_modules/.cache/batch-bench.mjs \
 *   && node ../gpu-runtime/node_modules/.cache/batch-bench.mjs [maxB=1000000] [runs=3] [cpuMax=100]
 * `BENCH_DURATION_MS` shortens the run (default 50 ms) for a smoke test. Before each B the GPU is kept
 * busy for `BENCH_WARMUP_MS` (default 1000): after idle spells the driver lowers the SM clock (an H100
 * went from 1980 to 450–765 MHz), and the small cases alone do not raise it again. `runBatch` keeps each
 * compiled kernel and the last run's buffers on the device, so only the first of the `runs` compiles
 * (and starts at the clock lowered during the compile): use runs ≥ 2.
 */
import { acquireGpu } from '@spikegpu/gpu-runtime';
import { hodgkinHuxley1952 } from '@spikegpu/models';
import { runBatch } from '../src/batch/run-batch.js';

const maxB = Number(process.argv[2] ?? 1_000_000);
const runs = Number(process.argv[3] ?? 3);
const cpuMax = Number(process.argv[4] ?? 100);
const durationMs = Number(process.env.BENCH_DURATION_MS ?? 50);
const warmupMs = Number(process.env.BENCH_WARMUP_MS ?? 1000);
const sizes = [1, 10, 100, 1000, 10_000, 100_000, 1_000_000].filter((b) => b <= maxB);

const gpu = await acquireGpu({ log: (m) => console.error(m) });
console.log(
  `# batch HH 1952, RK4, ${durationMs} ms at dt 0.01 ms (${Math.round(durationMs / 0.01)} steps); device: ${gpu ? `${gpu.adapterInfo.vendor} ${gpu.adapterInfo.device} ${gpu.adapterInfo.description}`.trim() : 'none'}`,
);
console.log('B\tgpu_ms\tgpu_neuron_steps_per_s\tgpu_fast_ms\tgpu_fast_neuron_steps_per_s\tcpu_ms\tcpu_neuron_steps_per_s\tspikes');
for (const size of sizes) {
  const spec = { model: hodgkinHuxley1952, size, dtMs: 0.01, durationMs, maxSpikesPerNeuron: 8, finalState: false };
  const steps = Math.round(durationMs / 0.01);
  let gpuMs = Number.NaN;
  let fastMs = Number.NaN;
  let spikes = 0;
  if (gpu) {
    const warm = { ...spec, size: 100_000 };
    for (const until = performance.now() + warmupMs; performance.now() < until; ) await runBatch(warm, { backend: 'webgpu', gpu, math: 'fast' });
    for (let r = 0; r < runs; r++) {
      const result = await runBatch(spec, { backend: 'webgpu', gpu });
      gpuMs = Number.isNaN(gpuMs) ? result.elapsedMs : Math.min(gpuMs, result.elapsedMs);
      spikes = result.spikeCounts.reduce((a, b) => a + b, 0);
      const fast = await runBatch(spec, { backend: 'webgpu', gpu, math: 'fast' });
      fastMs = Number.isNaN(fastMs) ? fast.elapsedMs : Math.min(fastMs, fast.elapsedMs);
    }
  }
  let cpuMs = Number.NaN;
  if (size <= cpuMax) cpuMs = (await runBatch(spec)).elapsedMs;
  const rate = (ms: number) => (Number.isNaN(ms) ? 'n/a' : ((size * steps) / (ms / 1000)).toExponential(3));
  console.log(`${size}\t${gpuMs.toFixed(2)}\t${rate(gpuMs)}\t${fastMs.toFixed(2)}\t${rate(fastMs)}\t${cpuMs.toFixed(1)}\t${rate(cpuMs)}\t${spikes}`);
}
gpu?.destroy();
