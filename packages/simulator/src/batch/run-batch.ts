import * as core from '@spikegpu/core';
import { detMathWgsl, fastMathWgsl, NumericalError, rngWgsl } from '@spikegpu/core';
import { alignTo4, assertStorageBufferFits, BufferPool, dispatchItems, type GpuContext, PipelineCache, workgroupGrid } from '@spikegpu/gpu-runtime';
import { roundHalfEven } from '../cpu-engine.js';
import { type BatchProgram, generateBatchProgram, NO_FAILURE } from './batch-kernel.js';
import { type BatchSpec, isArray, type ResolvedBatch, resolveBatch } from './batch-spec.js';

/** What a batch run produced. */
export interface BatchResult {
  backend: 'cpu' | 'webgpu';
  size: number;
  dtMs: number;
  steps: number;
  /** Spikes per neuron (all of them, including those beyond `spikeCapacity`). */
  spikeCounts: Uint32Array;
  /** Spike times, ms (interpolated when the spec says so): neuron i's k-th at `spikeTimes[i·spikeCapacity + k]`. */
  spikeTimes: Float32Array;
  spikeCapacity: number;
  /** Neuron i's spike times (at most `spikeCapacity`). */
  spikesOf(neuron: number): Float32Array;
  /** Traces by variable: sample s of recorded neuron k at `[s·recordedNeurons + k]`. */
  traces: Record<string, Float32Array>;
  /** Time of each trace sample, ms (sample 0 is the initial state). */
  sampleTimesMs: Float64Array;
  /** Neurons whose traces were kept, in trace order. */
  recordedNeurons: Uint32Array;
  /** State of every neuron at the end (empty when the spec's `finalState` is false). */
  finalState: Record<string, Float32Array>;
  /** Wall-clock time of the integration alone (after compilation and upload, until the results are back), ms. */
  elapsedMs: number;
}

/** Options of {@link runBatch}. */
export interface BatchRunOptions {
  /** `cpu` (default) or `webgpu` (needs `gpu`). */
  backend?: 'cpu' | 'webgpu';
  gpu?: GpuContext;
  /** Steps per GPU dispatch: the kernel loops over this many steps itself (default 1000). */
  stepsPerDispatch?: number;
  /**
   * `exact` (default): det-math, bit-identical to the CPU backend. `fast`: the GPU's own exp/log/…
   * with contraction allowed — several times faster, agreeing with the CPU to float32 tolerance.
   */
  math?: 'exact' | 'fast';
}

/** Round half to even, as WGSL's `round` does. */
const runtime: Record<string, unknown> = { ...core, f: core.f32, roundHalfEven };
const runtimeNames = Object.keys(runtime).filter((n) => /^[A-Za-z_$][\w$]*$/.test(n));

type BatchFunction = (
  state: Float32Array,
  params: Float32Array,
  stimulus: Float32Array,
  spikeCounts: Uint32Array,
  spikeTimes: Float32Array,
  traces: Float32Array,
  failures: Uint32Array,
  firstStep: number,
  stepCount: number,
  seed: number,
) => void;

/** Initial state (model variables, then the refractory countdown), variable-major. */
function initialState(batch: ResolvedBatch): Float32Array {
  const { model, size } = batch.spec;
  const variables = model.stateNames.length + (model.refractory ? 1 : 0);
  const state = new Float32Array(variables * size);
  model.stateNames.forEach((v, k) => {
    const init = batch.spec.init?.[v] ?? (model.state as Record<string, number>)[v]!;
    if (isArray(init)) state.set(Array.from(init, Math.fround), k * size);
    else state.fill(init, k * size, (k + 1) * size);
  });
  return state;
}

/** Sample 0 of the traces: the initial state of the recorded neurons. */
function writeInitialSample(batch: ResolvedBatch, state: Float32Array, traces: Float32Array): void {
  const { model, size } = batch.spec;
  const R = batch.recordCount;
  batch.recordVariables.forEach((v, k) => {
    const base = model.stateNames.indexOf(v) * size;
    for (let n = 0; n < R; n++) traces[k * R + n] = state[base + (batch.recordNeurons ? batch.recordNeurons[n]! : n)]!;
  });
}

/**
 * Simulates B unconnected neurons of one model, each with its own stimulus, on the CPU or on the GPU,
 * recording spikes (with interpolated times) and state traces. On the GPU one dispatch advances every
 * neuron by up to `stepsPerDispatch` steps in a loop inside the kernel, so 5,000 steps cost a handful of
 * launches, not 5,000. Both backends run the same generated f32 arithmetic and agree bit for bit.
 * On the GPU the compiled kernel and the last run's buffers stay on the device for the next run (until
 * `gpu.destroy()`).
 *
 * @throws {NumericalError} when a state variable becomes NaN or infinite (e.g. Hodgkin–Huxley at too
 *   large a dt), naming the first neuron, the step and the variable values.
 * @example
 * const result = await runBatch({ model: hodgkinHuxley1952, size: 10, dtMs: 0.01, durationMs: 50,
 *   stimulus: { kind: 'step', amplitude: Array.from({ length: 10 }, (_, i) => 5 + i), startMs: 10, stopMs: 40 },
 *   record: { variables: ['v'] } });
 * console.log(result.spikeCounts, result.spikesOf(9));
 */
export async function runBatch(spec: BatchSpec, options: BatchRunOptions = {}): Promise<BatchResult> {
  const batch = resolveBatch(spec);
  const program = generateBatchProgram(batch);
  const backend = options.backend ?? 'cpu';
  if (backend !== 'cpu' && backend !== 'webgpu') throw core.invalid('backend', "'cpu' or 'webgpu'", backend);
  if (backend === 'webgpu' && !options.gpu) throw core.invalid('gpu', 'a GpuContext (from acquireGpu) for the webgpu backend', options.gpu);
  const output =
    backend === 'cpu'
      ? runOnCpu(batch, program)
      : await runOnGpu(batch, program, options.gpu as GpuContext, options.stepsPerDispatch ?? 1000, options.math ?? 'exact');
  const { size } = spec;
  const firstFailure = output.failures.findIndex((s) => s !== NO_FAILURE);
  if (firstFailure >= 0) {
    const step = output.failures[firstFailure]! - 1;
    const failed = output.failures.reduce((n, s) => n + (s !== NO_FAILURE ? 1 : 0), 0);
    throw new NumericalError(
      `the integration of '${spec.model.name}' became non-finite at neuron ${firstFailure}, step ${step} (t = ${(step * spec.dtMs).toFixed(4)} ms); ${failed} of ${size} neurons failed`,
      {
        code: 'non-finite-state',
        path: `neurons[${firstFailure}]`,
        received: step,
        hint: `reduce dtMs (now ${spec.dtMs}), add sub-steps, or use the exponential-euler integrator for stiff gates`,
      },
    );
  }
  const finalState: Record<string, Float32Array> = {};
  if (spec.finalState !== false) spec.model.stateNames.forEach((v, k) => (finalState[v] = output.state.subarray(k * size, (k + 1) * size)));
  const traces: Record<string, Float32Array> = {};
  const R = batch.recordCount;
  const V = batch.recordVariables.length;
  batch.recordVariables.forEach((v, k) => {
    const trace = new Float32Array(batch.samples * R);
    for (let s = 0; s < batch.samples; s++) trace.set(output.traces.subarray((s * V + k) * R, (s * V + k + 1) * R), s * R);
    traces[v] = trace;
  });
  const capacity = batch.spikeCapacity;
  return {
    backend,
    size,
    dtMs: spec.dtMs,
    steps: batch.steps,
    spikeCounts: output.spikeCounts,
    spikeTimes: output.spikeTimes,
    spikeCapacity: capacity,
    spikesOf: (n) => output.spikeTimes.slice(n * capacity, n * capacity + Math.min(capacity, output.spikeCounts[n]!)),
    traces,
    sampleTimesMs: Float64Array.from({ length: batch.samples }, (_, s) => s * batch.everySteps * spec.dtMs),
    recordedNeurons: batch.recordNeurons ?? Uint32Array.from({ length: R }, (_, k) => k),
    finalState,
    elapsedMs: output.elapsedMs,
  };
}

interface RawOutput {
  state: Float32Array;
  spikeCounts: Uint32Array;
  spikeTimes: Float32Array;
  traces: Float32Array;
  failures: Uint32Array;
  elapsedMs: number;
}

function stimulusArray(batch: ResolvedBatch): Float32Array {
  const array = batch.stimuli.find((s) => s.kind === 'array');
  return array && array.kind === 'array' ? array.values : new Float32Array(1);
}

function runOnCpu(batch: ResolvedBatch, program: BatchProgram): RawOutput {
  const { size } = batch.spec;
  const run = new Function('rt', `const { ${runtimeNames.join(', ')} } = rt;\n${program.js}`)(runtime) as BatchFunction;
  const state = initialState(batch);
  const traces = new Float32Array(Math.max(1, batch.samples * batch.recordVariables.length * batch.recordCount));
  writeInitialSample(batch, state, traces);
  const spikeCounts = new Uint32Array(size);
  const spikeTimes = new Float32Array(size * batch.spikeCapacity);
  const failures = new Uint32Array(size);
  const t0 = performance.now();
  run(state, program.params, stimulusArray(batch), spikeCounts, spikeTimes, traces, failures, 0, batch.steps, batch.seed);
  return { state, spikeCounts, spikeTimes, traces, failures, elapsedMs: performance.now() - t0 };
}

async function runOnGpu(batch: ResolvedBatch, program: BatchProgram, gpu: GpuContext, stepsPerDispatch: number, math: 'exact' | 'fast'): Promise<RawOutput> {
  const { size } = batch.spec;
  const device = gpu.device;
  const { layout, pipelineLayout, pipelines, buffers: pool } = batchDeviceCache(gpu);
  const pipeline = await pipelines.getComputePipelineAsync({
    label: `batch ${batch.spec.model.name}`,
    code: `${math === 'fast' ? fastMathWgsl : detMathWgsl}\n${program.usesRng ? rngWgsl : ''}\n${program.wgsl}`,
    layout: pipelineLayout,
    layoutKey: 'batch',
  });
  const variables = batch.spec.model.stateNames.length + (batch.spec.model.refractory ? 1 : 0);
  const isRecording = batch.recordCount > 0;
  // Only what holds more than zeros is uploaded: the state unless the kernel starts from constants,
  // the parameters, an array stimulus, the traces' first sample. Counts, spike times and failure
  // words are cleared on the GPU.
  const state = program.hasInitialStateInKernel && !isRecording ? null : initialState(batch);
  const traces = new Float32Array(Math.max(1, batch.samples * batch.recordVariables.length * batch.recordCount));
  if (state && isRecording) writeInitialSample(batch, state, traces);
  const stateBytes = variables * size * 4;
  const spikeTimesBytes = Math.max(1, size * batch.spikeCapacity) * 4;
  const storage = (bytes: number, label: string) => {
    assertStorageBufferFits(gpu, bytes, `storage buffer '${label}'`);
    return pool.acquire(bytes, GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST, label);
  };
  const upload = (data: ArrayBufferView, label: string) => {
    const buffer = storage(alignTo4(data.byteLength), label);
    device.queue.writeBuffer(buffer, 0, data.buffer, data.byteOffset, data.byteLength);
    return buffer;
  };
  const buffers = {
    state: state && !program.hasInitialStateInKernel ? upload(state, 'batch state') : storage(stateBytes, 'batch state'),
    params: upload(program.params, 'batch params'),
    stimulus: upload(stimulusArray(batch), 'batch stimulus'),
    spikeCounts: storage(size * 4, 'batch spike counts'),
    spikeTimes: storage(spikeTimesBytes, 'batch spike times'),
    traces: isRecording ? upload(traces, 'batch traces') : storage(4, 'batch traces'),
    failures: storage(size * 4, 'batch failures'),
  };
  const chunks = Math.max(1, Math.ceil(batch.steps / stepsPerDispatch));
  const STRIDE = 256;
  const info = new Uint32Array((chunks * STRIDE) / 4);
  for (let c = 0; c < chunks; c++)
    info.set([0, c * stepsPerDispatch, Math.min(stepsPerDispatch, batch.steps - c * stepsPerDispatch), batch.seed], (c * STRIDE) / 4);
  const infoBuffer = pool.acquire(info.byteLength, GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST, 'batch info');
  device.queue.writeBuffer(infoBuffer, 0, info);
  const ordered = [buffers.state, buffers.params, buffers.stimulus, buffers.spikeCounts, buffers.spikeTimes, buffers.traces, buffers.failures];
  const group = device.createBindGroup({
    layout,
    entries: [{ binding: 0, resource: { buffer: infoBuffer, size: 16 } }, ...ordered.map((buffer, k) => ({ binding: k + 1, resource: { buffer } }))],
  });
  const maxGroups = gpu.limits.maxComputeWorkgroupsPerDimension ?? 65535;
  workgroupGrid(size, 64, maxGroups);
  // Everything but the spike times comes back in the submit that integrates.
  const staging = (bytes: number) => pool.acquire(bytes, GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST, 'batch readback');
  const keepsState = batch.spec.finalState !== false;
  const results = [
    { buffer: buffers.spikeCounts, bytes: size * 4 },
    { buffer: buffers.failures, bytes: size * 4 },
    ...(keepsState ? [{ buffer: buffers.state, bytes: stateBytes }] : []),
    ...(isRecording ? [{ buffer: buffers.traces, bytes: traces.byteLength }] : []),
  ].map((r) => ({ ...r, staging: staging(r.bytes) }));
  // Buffers of earlier runs that this one did not take are given back to the device.
  pool.trim();
  const t0 = performance.now();
  const encoder = device.createCommandEncoder({ label: 'batch' });
  for (const buffer of [buffers.spikeCounts, buffers.spikeTimes, buffers.failures]) encoder.clearBuffer(buffer);
  for (let c = 0; c < chunks; c++) {
    // One pass per chunk: passes are ordered, so each chunk sees the state the previous one stored.
    const pass = encoder.beginComputePass({ label: `batch steps ${c * stepsPerDispatch}…` });
    pass.setPipeline(pipeline);
    pass.setBindGroup(0, group, [c * STRIDE]);
    dispatchItems(pass, size, 64, maxGroups);
    pass.end();
  }
  for (const r of results) encoder.copyBufferToBuffer(r.buffer, 0, r.staging, 0, r.bytes);
  device.queue.submit([encoder.finish()]);
  const read = async (buffer: GPUBuffer, bytes: number) => {
    await buffer.mapAsync(GPUMapMode.READ, 0, bytes);
    const data = buffer.getMappedRange(0, bytes).slice(0);
    buffer.unmap();
    pool.release(buffer);
    return data;
  };
  const [spikeCounts, failures, ...rest] = await Promise.all(results.map((r) => read(r.staging, r.bytes)));
  const finalState = keepsState ? rest.shift() : undefined;
  const finalTraces = rest.shift();
  const counts = new Uint32Array(spikeCounts!);
  // Spike times only of the neurons that spiked, in a second round trip (a quiet batch needs none).
  const spikeTimes = new Float32Array(spikeTimesBytes / 4);
  let first = 0;
  while (first < size && counts[first] === 0) first++;
  if (first < size && batch.spikeCapacity > 0) {
    let last = size - 1;
    while (counts[last] === 0) last--;
    const offset = first * batch.spikeCapacity * 4;
    const bytes = (last + 1 - first) * batch.spikeCapacity * 4;
    const buffer = staging(bytes);
    const copy = device.createCommandEncoder({ label: 'batch spike times' });
    copy.copyBufferToBuffer(buffers.spikeTimes, offset, buffer, 0, bytes);
    device.queue.submit([copy.finish()]);
    spikeTimes.set(new Float32Array(await read(buffer, bytes)), offset / 4);
  }
  const elapsedMs = performance.now() - t0;
  for (const buffer of [...ordered, infoBuffer]) pool.release(buffer);
  return {
    state: finalState ? new Float32Array(finalState) : new Float32Array(0),
    spikeCounts: counts,
    spikeTimes,
    traces: finalTraces ? new Float32Array(finalTraces) : traces,
    failures: new Uint32Array(failures!),
    elapsedMs,
  };
}

interface BatchDeviceCache {
  layout: GPUBindGroupLayout;
  pipelineLayout: GPUPipelineLayout;
  pipelines: PipelineCache;
  /** The buffers of the last run (and of runs in flight), taken again by a run of the same sizes. */
  buffers: BufferPool;
}
const cacheByDevice = new WeakMap<GPUDevice, BatchDeviceCache>();

/**
 * What runs on a device keep between them: the compiled kernels, by content, and the last run's
 * buffers. Measured on an H100 from Node, a run that creates its buffers waited up to ~3 ms longer
 * for its submit to finish (~6 ms with 1M neurons) than one that reuses them, and a run right after
 * compiling its kernel ran at the lowered clock of the compile's idle spell.
 */
function batchDeviceCache(gpu: GpuContext): BatchDeviceCache {
  const device = gpu.device;
  let entry = cacheByDevice.get(device);
  if (!entry) {
    const layout = device.createBindGroupLayout({
      label: 'batch',
      entries: [
        { binding: 0, visibility: GPUShaderStage.COMPUTE, buffer: { type: 'uniform', hasDynamicOffset: true, minBindingSize: 16 } },
        ...[1, 2, 3, 4, 5, 6, 7].map((binding) => ({
          binding,
          visibility: GPUShaderStage.COMPUTE,
          buffer: { type: binding === 2 || binding === 3 ? ('read-only-storage' as const) : ('storage' as const) },
        })),
      ],
    });
    entry = {
      layout,
      pipelineLayout: device.createPipelineLayout({ label: 'batch', bindGroupLayouts: [layout] }),
      pipelines: new PipelineCache(gpu),
      buffers: new BufferPool(gpu, 'batch'),
    };
    cacheByDevice.set(device, entry);
  }
  return entry;
}
