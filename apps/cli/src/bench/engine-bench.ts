import type { NetworkDescription } from '@spikegpu/core';
import type { GpuContext } from '@spikegpu/gpu-runtime';
import { estimateDeviceBytes, type NetworkPlan, Simulation } from '@spikegpu/simulator';
import { trackBufferBytes } from './buffer-bytes.js';

/** Per-step wall time statistics, µs. */
export interface StepTiming {
  meanUs: number;
  p50Us: number;
  p95Us: number;
}

/** What a network case measured. */
export interface EngineBenchResult {
  kind: 'network';
  name: string;
  backend: string;
  model?: string;
  synapsesPerNeuron?: number | null;
  math?: 'exact' | 'fast';
  neurons: number;
  synapses: number;
  /** Device memory the plan needs (state, ring, parameters, spike lists, synapses), bytes: an estimate. */
  deviceBytesEstimate?: number;
  /** Bytes of the buffers the engine created on the device (WebGPU only): measured. */
  deviceBytesAllocated?: number;
  /** Bytes of synapse storage (CSR row offsets, targets, fixed-point weights, delays) per synapse. */
  bytesPerSynapse?: number;
  dtMs: number;
  buildMs: number;
  steps: number;
  /**
   * Time per step over chunks of steps: device time from GPU timestamps around each chunk's pass where
   * the adapter has them (`stepSource: 'gpu-timestamps'`), else wall time with a device sync.
   */
  step: StepTiming;
  stepSource?: 'gpu-timestamps' | 'wall-clock';
  /** Wall time per step per chunk, each chunk ended by a device sync. */
  wallStep?: StepTiming;
  /**
   * Wall time per step of an uninterrupted run as long as the timed chunks together, ended by one
   * device sync, the median of three (each in `runWallUsPerStepEach`): what × real time is made of
   * (on the CPU backend, the chunks' mean).
   */
  runWallUsPerStep?: number;
  runWallUsPerStepEach?: number[];
  /** Which step kernel the WebGPU engine used (`fused` or `split`). */
  stepKernel?: string;
  /** Where the build time went, ms: the plan's phases, then the engine's (upload, pipeline, other). */
  buildPhasesMs?: Record<string, number>;
  realTimeFactor: number;
  spikesPerStep: number;
  synapticEventsPerSecond: number;
  /** GPU time per phase per step from timestamp queries, when the adapter has them (separate run). */
  phasesUs?: Record<string, number>;
  ratesHz: Record<string, number>;
}

/** Bytes the synapses take: CSR row offsets and targets, fixed-point weights, per-synapse delays. */
function synapseStorageBytes(plan: NetworkPlan): number {
  let bytes = 0;
  for (const j of plan.projections)
    bytes += j.csr.rowOffsets.byteLength + j.csr.targets.byteLength + j.weightsFixed.byteLength + (j.delaySteps?.byteLength ?? 0);
  return bytes;
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
    /** On a GPU, also step for this long before timing (default 2000 ms; see the comment where it is used). */
    warmupMs?: number;
    chunkSteps: number;
    profilePhases?: boolean;
    log?: (m: string) => void;
    /** Recorded as is in the result, for reading it. */
    model?: string;
    synapsesPerNeuron?: number | null;
  },
): Promise<EngineBenchResult> {
  const net: NetworkDescription = { ...description, recording: { spikes: false } };
  const shared = { ...(options.gpu ? { gpu: options.gpu } : { backend: options.backend }), ...(options.math ? { math: options.math } : {}) };
  const tracker = options.gpu ? trackBufferBytes(options.gpu.device) : null;
  let sim: Simulation | null = null;
  let deviceBytesAllocated: number | undefined;
  const chunks: number[] = [];
  const deviceChunks: number[] = [];
  let stepKernel: string | undefined;
  let buildPhasesMs: Record<string, number> | undefined;
  let wallMs = 0;
  let runWallMs = 0;
  let runWallMsEach: number[] | undefined;
  let spikes = 0;
  let events = 0;
  const ratesHz: Record<string, number> = {};
  const t0 = performance.now();
  let buildMs = 0;
  try {
    // One timestamped pass per batch (free where the adapter has timestamps), a batch per chunk.
    sim = await Simulation.create(net, {
      ...shared,
      maxStepsPerSubmit: options.chunkSteps,
      ...(options.log ? { log: options.log } : {}),
      ...(options.gpu || options.backend !== 'cpu' ? { profilePhases: 'batch' as const } : {}),
    });
    stepKernel = (sim.engine as { stepKernel?: string }).stepKernel;
    buildPhasesMs = {
      ...(sim.plan as { buildPhasesMs?: Record<string, number> }).buildPhasesMs,
      ...(sim.engine as { buildPhasesMs?: Record<string, number> }).buildPhasesMs,
    };
    buildMs = performance.now() - t0;
    const dt = sim.plan.dt;
    await sim.run(options.warmupSteps * dt);
    // On a GPU, keep stepping for a while first: after an idle spell (the build) the driver lowers the
    // SM clock (an H100 went from 1980 to 450–765 MHz within ~4 s) and raises it again only under
    // sustained load, so a short run right after a build measures the clock governor, not the engine.
    if (sim.backend === 'webgpu') {
      const until = performance.now() + (options.warmupMs ?? 2000);
      while (performance.now() < until) await sim.run(options.chunkSteps * dt);
    }
    // Staging buffers are made on first use: count after the warm-up.
    deviceBytesAllocated = tracker?.bytes;
    tracker?.stop();
    const before = await sim.summary();
    const t1 = performance.now();
    for (let done = 0; done < options.steps; done += options.chunkSteps) {
      const n = Math.min(options.chunkSteps, options.steps - done);
      const c0 = performance.now();
      const d0 = sim.profile();
      await sim.run(n * dt); // ends with the device idle (onSubmittedWorkDone)
      chunks.push(((performance.now() - c0) * 1000) / n);
      const d1 = sim.profile();
      if (d1.source === 'gpu-timestamps') deviceChunks.push((((d1.totalsMs.total ?? 0) - (d0.totalsMs.total ?? 0)) * 1000) / n);
    }
    wallMs = performance.now() - t1;
    const after = await sim.summary();
    // × real time from uninterrupted runs, as a simulation runs: the chunks' syncs, there for the
    // per-chunk statistics, each cost a round trip to the device with it idle (~0.35 ms on an H100
    // behind Dawn, 7 % of a 1,000-step COBA chunk). The median of three: one run in three of COBA on
    // an H100 once took 6.3 µs a step of wall time against 4.8 (device time unchanged).
    if (sim.backend === 'webgpu') {
      const runs: number[] = [];
      for (let k = 0; k < 3; k++) {
        const r0 = performance.now();
        await sim.run(options.steps * dt);
        runs.push(performance.now() - r0);
      }
      runWallMs = [...runs].sort((a, b) => a - b)[1] as number;
      runWallMsEach = runs;
    } else runWallMs = wallMs;
    const plan = sim.plan;
    after.forEach((p, k) => {
      const s = p.spikes - (before[k]?.spikes ?? 0);
      spikes += s;
      ratesHz[p.name] = s / p.size / ((options.steps * dt) / 1000);
      const fanOut = plan.projections.filter((j) => j.source.index === k).reduce((n, j) => n + j.csr.targets.length / j.source.size, 0);
      events += s * fanOut;
    });
  } finally {
    tracker?.stop();
    sim?.destroy();
  }
  // Reached only when the run succeeded (an error leaves through the finally above).
  const { plan, backend } = sim as unknown as Simulation;
  const dt = plan.dt;
  const sorted = [...chunks].sort((a, b) => a - b);
  const meanUs = (wallMs * 1000) / options.steps;
  const wallStep = { meanUs, p50Us: percentile(sorted, 0.5), p95Us: percentile(sorted, 0.95) };
  const deviceSorted = [...deviceChunks].sort((a, b) => a - b);
  const deviceStep = deviceChunks.length
    ? { meanUs: deviceChunks.reduce((a, b) => a + b, 0) / deviceChunks.length, p50Us: percentile(deviceSorted, 0.5), p95Us: percentile(deviceSorted, 0.95) }
    : null;
  const synapseBytes = synapseStorageBytes(plan);
  const result: EngineBenchResult = {
    kind: 'network',
    name,
    backend,
    ...(options.model ? { model: options.model } : {}),
    ...(options.synapsesPerNeuron !== undefined ? { synapsesPerNeuron: options.synapsesPerNeuron } : {}),
    math: options.math ?? 'exact',
    neurons: plan.totalNeurons,
    synapses: plan.totalSynapses,
    deviceBytesEstimate: estimateDeviceBytes(plan),
    ...(deviceBytesAllocated !== undefined ? { deviceBytesAllocated } : {}),
    bytesPerSynapse: plan.totalSynapses > 0 ? synapseBytes / plan.totalSynapses : 0,
    dtMs: dt,
    buildMs,
    steps: options.steps,
    step: deviceStep ?? wallStep,
    stepSource: deviceStep ? 'gpu-timestamps' : 'wall-clock',
    wallStep,
    ...(stepKernel ? { stepKernel } : {}),
    ...(buildPhasesMs ? { buildPhasesMs } : {}),
    runWallUsPerStep: (runWallMs * 1000) / options.steps,
    ...(runWallMsEach ? { runWallUsPerStepEach: runWallMsEach.map((ms) => (ms * 1000) / options.steps) } : {}),
    realTimeFactor: (dt * options.steps) / runWallMs,
    spikesPerStep: spikes / options.steps,
    synapticEventsPerSecond: events / (wallMs / 1000),
    ratesHz,
  };
  if (options.profilePhases && backend === 'webgpu') {
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
