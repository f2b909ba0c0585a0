import type { NetworkDescription } from '@spikegpu/core';
import type { GpuContext } from '@spikegpu/gpu-runtime';
import { Simulation } from '@spikegpu/simulator';

export interface StepTiming {
  meanUs: number;
  p50Us: number;
  p95Us: number;
}

export interface EngineBenchResult {
  name: string;
  backend: string;
  neurons: number;
  synapses: number;
  dtMs: number;
  buildMs: number;
  steps: number;
  /** Wall time per step, measured per batch with a device sync (never an unsynchronised timer). */
  step: StepTiming;
  realTimeFactor: number;
  spikesPerStep: number;
  synapticEventsPerSecond: number;
  /** GPU time per phase per step from timestamp queries, when the adapter has them (separate run). */
  phasesUs?: Record<string, number>;
  ratesHz: Record<string, number>;
}

function percentile(sorted: number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const k = Math.min(sorted.length - 1, Math.max(0, Math.round(q * (sorted.length - 1))));
  return sorted[k] as number;
}

/**
 * Times a network's step: builds it, warms up, then runs `steps` steps in chunks of `chunkSteps`,
 * each ended by a device sync, and reports per-step statistics over the chunks. Spike recording is off
 * (the step is what is measured; recording is measured by its own case).
 */
export async function benchNetwork(
  name: string,
  description: NetworkDescription,
  options: {
    backend: 'webgpu' | 'cpu' | 'auto';
    gpu?: GpuContext;
    math?: 'exact' | 'fast';
    steps: number;
    warmupSteps: number;
    chunkSteps: number;
    profilePhases?: boolean;
    log?: (m: string) => void;
  },
): Promise<EngineBenchResult> {
  const net: NetworkDescription = { ...description, recording: { spikes: false } };
  const t0 = performance.now();
  const shared = { ...(options.gpu ? { gpu: options.gpu } : { backend: options.backend }), ...(options.math ? { math: options.math } : {}) };
  const sim = await Simulation.create(net, { ...shared, maxStepsPerSubmit: options.chunkSteps, ...(options.log ? { log: options.log } : {}) });
  const buildMs = performance.now() - t0;
  const dt = sim.plan.dt;
  await sim.run(options.warmupSteps * dt);
  const before = await sim.summary();
  const chunks: number[] = [];
  const t1 = performance.now();
  for (let done = 0; done < options.steps; done += options.chunkSteps) {
    const n = Math.min(options.chunkSteps, options.steps - done);
    const c0 = performance.now();
    await sim.run(n * dt); // ends with the device idle (onSubmittedWorkDone)
    chunks.push(((performance.now() - c0) * 1000) / n);
  }
  const wallMs = performance.now() - t1;
  const after = await sim.summary();
  let spikes = 0;
  let events = 0;
  const ratesHz: Record<string, number> = {};
  after.forEach((p, k) => {
    const s = p.spikes - (before[k]?.spikes ?? 0);
    spikes += s;
    ratesHz[p.name] = s / p.size / ((options.steps * dt) / 1000);
    const fanOut = sim.plan.projections.filter((j) => j.source.index === k).reduce((n, j) => n + j.csr.targets.length / j.source.size, 0);
    events += s * fanOut;
  });
  sim.destroy();
  const sorted = [...chunks].sort((a, b) => a - b);
  const meanUs = (wallMs * 1000) / options.steps;
  const result: EngineBenchResult = {
    name,
    backend: sim.backend,
    neurons: sim.plan.totalNeurons,
    synapses: sim.plan.totalSynapses,
    dtMs: dt,
    buildMs,
    steps: options.steps,
    step: { meanUs, p50Us: percentile(sorted, 0.5), p95Us: percentile(sorted, 0.95) },
    realTimeFactor: (dt * 1000) / meanUs,
    spikesPerStep: spikes / options.steps,
    synapticEventsPerSecond: events / (wallMs / 1000),
    ratesHz,
  };
  if (options.profilePhases && sim.backend === 'webgpu') {
    const profiled = await Simulation.create(net, { ...shared, maxStepsPerSubmit: options.chunkSteps, profilePhases: true });
    await profiled.run(options.warmupSteps * dt);
    const p0 = profiled.profile();
    await profiled.run(Math.min(options.steps, 500) * dt);
    const p1 = profiled.profile();
    if (p1.source === 'gpu-timestamps') {
      const n = p1.steps - p0.steps;
      result.phasesUs = Object.fromEntries(
        Object.entries(p1.totalsMs).map(([k, v]) => [k, (((v as number) - ((p0.totalsMs as Record<string, number>)[k] ?? 0)) * 1000) / n]),
      );
    }
    profiled.destroy();
  }
  return result;
}
