/**
 * Single runs of the HH batch (1952, RK4, 50 ms at dt 0.01 ms, fast math) at 10,000 and 1,000,000
 * neurons, spikes only and with the final state, eight each after 1 s of warm-up: the spread that
 * batch-bench's best-of-N hides. Bundled like batch-bench.ts; `node batch-runs.mjs`.
 */
import { acquireGpu } from '@spikegpu/gpu-runtime';
import { hodgkinHuxley1952 } from '@spikegpu/models';
import { runBatch } from '../src/batch/run-batch.js';

const gpu = await acquireGpu({ required: true });
for (const size of [10_000, 1_000_000]) {
  for (const finalState of [false, true]) {
    const spec = { model: hodgkinHuxley1952, size, dtMs: 0.01, durationMs: 50, maxSpikesPerNeuron: 8, finalState };
    const warm = { ...spec, durationMs: 5 };
    for (const until = performance.now() + 1000; performance.now() < until; ) await runBatch(warm, { backend: 'webgpu', gpu, math: 'fast' });
    const times: number[] = [];
    for (let r = 0; r < 8; r++) times.push((await runBatch(spec, { backend: 'webgpu', gpu, math: 'fast' })).elapsedMs);
    console.log(`${size}\tfinalState=${finalState}\t${times.map((t) => t.toFixed(2)).join('\t')}`);
  }
}
process.exit(0);
