import type { GpuContext } from '@spikegpu/gpu-runtime';
import { hodgkinHuxley1952 } from '@spikegpu/models';
import { runBatch } from '@spikegpu/simulator';
import type { BatchCase } from './bench-cases.js';

/** What a batch case measured. */
export interface BatchBenchResult {
  kind: 'batch';
  name: string;
  backend: 'cpu' | 'webgpu';
  model: string;
  math: 'exact' | 'fast';
  neurons: number;
  dtMs: number;
  steps: number;
  /** Integration wall time, best of `runs` (upload and pipeline creation excluded, readback included), ms. */
  elapsedMs: number;
  runs: number;
  neuronStepsPerSecond: number;
  spikes: number;
  /** State, parameters and spike buffers on the device: an estimate, bytes. */
  deviceBytesEstimate: number;
}

/**
 * Times `runBatch` on a batch case: B independent neurons, zero stimulus, spikes only (the HH batch
 * simulators' benchmark protocol). The first run also compiles; the best of `runs` is reported.
 */
export async function benchBatch(c: BatchCase, options: { backend: 'cpu' | 'webgpu'; gpu?: GpuContext; runs?: number }): Promise<BatchBenchResult> {
  const model = hodgkinHuxley1952;
  const spec = { model, size: c.neurons, dtMs: c.dtMs, durationMs: c.durationMs, maxSpikesPerNeuron: 8, finalState: false };
  const runs = options.runs ?? c.runs;
  let best = Number.POSITIVE_INFINITY;
  let spikes = 0;
  let steps = 0;
  for (let r = 0; r < runs; r++) {
    const result = await runBatch(spec, { backend: options.backend, ...(options.gpu ? { gpu: options.gpu } : {}), math: c.math });
    best = Math.min(best, result.elapsedMs);
    spikes = result.spikeCounts.reduce((a, b) => a + b, 0);
    steps = result.steps;
  }
  // Per neuron: state and parameters in f32, a failure word, spike count and times.
  const deviceBytesEstimate = c.neurons * 4 * (model.stateNames.length + model.paramNames.length + 2 + spec.maxSpikesPerNeuron);
  return {
    kind: 'batch',
    name: c.name,
    backend: options.backend,
    model: model.name,
    math: c.math,
    neurons: c.neurons,
    dtMs: c.dtMs,
    steps,
    elapsedMs: best,
    runs,
    neuronStepsPerSecond: (c.neurons * steps) / (best / 1000),
    spikes,
    deviceBytesEstimate,
  };
}
