import { CapacityError, detMathWgsl, didYouMean, fastMathWgsl, rngWgsl, ValidationError } from '@spikegpu/core';
import { type GpuContext, planBufferSplit, readBuffer, StagingUpload, TimestampProfiler } from '@spikegpu/gpu-runtime';
import { inputWindows, numericalFailure } from './cpu-engine.js';
import type { Engine, EngineSnapshot, Phase, PhaseProfile, SpikeSink } from './engine.js';
import type { NetworkPlan } from './network-plan.js';
import { generateNeuronUpdate, type StateLayout, stateLayout, stateLength } from './neuron-kernel.js';
import { PlasticPasses } from './plastic-passes.js';
import { checkSnapshot } from './snapshot-check.js';
import {
  counterOffsets,
  FUSED_MAX_NEURONS_PER_THREAD,
  type FusedLayout,
  fusedLayout,
  generateStepKernelWgsl,
  type ProjectionLayout,
  projectionTable,
  updateCost,
} from './step-kernel.js';

const STEP_INFO_STRIDE = 256;
/** Timed passes per batch when profiling per phase (gpu-runtime's TimestampProfiler holds at most 2,048). */
const MAX_TIMED_PASSES = 2048;
/**
 * Delivery grid (workgroups); see split-step.wgsl for why it is fixed. About one resident workgroup per
 * slot of a large GPU; software adapters run every workgroup on the CPU, so they get a small grid. The
 * result does not depend on it.
 */
const PROPAGATION_WORKGROUPS = { hardware: 1025, software: 15 } as const;
/** Threads per workgroup of the split kernel (update and delivery). */
const SPLIT_WORKGROUP = 256;
/**
 * Largest network `stepKernel: 'auto'` runs with the fused kernel on a hardware adapter: above it one
 * workgroup's share of the update (four neurons a thread of 1,024 here) outweighs the dispatches it
 * saves. Measured on an H100: LIF 4,000 × 1,000 8.8 µs fused against 16.4 split, COBA 6.3 against 8.3;
 * LIF and AdEx at 8,000 neurons 15–24 µs fused against 8.4–8.7 split (docs/benchmarks.md).
 */
const FUSED_AUTO_MAX_NEURONS = 4096;
/**
 * Most heavy calls per neuron update (`updateCost`) for which `auto` fuses. Measured at 1,000 neurons:
 * LIF (0) and AdEx (1) ran 1.5–1.8× faster fused; Izhikevich with Gaussian input (8) and HH (dozens)
 * ran faster split.
 */
const FUSED_AUTO_MAX_COST = 2;

/** Whether the fused kernel can run a network: static synapses only (plastic passes are dispatches of their own). */
function canFuse(plan: NetworkPlan): boolean {
  return !plan.plasticState;
}

export interface WebGpuEngineOptions {
  /** Most steps encoded in one command buffer. The engine lowers it so a batch's spikes fit the record buffer. */
  maxStepsPerSubmit?: number;
  /** Entries per record buffer (three rotate). Default 4M (16 MiB each). */
  recordCapacity?: number;
  /**
   * `exact` (default): det-math, spike trains bit-identical to the CPU backend. `fast`: the GPU's own
   * exp/log/… with contraction allowed — faster neuron updates; trains then agree with the CPU
   * statistically (and for a while exactly), not bit for bit.
   */
  math?: 'exact' | 'fast';
  /** Tuning: workgroups of the split kernel's delivery dispatch (default 1025; 15 on software adapters). */
  propagationWorkgroups?: number;
  /** Tuning: threads per workgroup of the split kernel, a power of two (default 256). */
  workgroupSize?: number;
  /**
   * Synapses per storage binding of the static synapse arrays (default: as many as the adapter's
   * maxStorageBufferBindingSize holds), rounded down to a multiple of 64 (256-byte binding offsets);
   * arrays past it are split over several bindings (gpu-runtime's `planBufferSplit`). For tests.
   */
  synapseChunk?: number;
  /** Tuning: threads that walk one spike's row together (default: the mean row length rounded up to a power of two, 8–512; half that, 8–256, in the fused kernel). */
  propagationLanes?: number;
  /**
   * Time the device with GPU timestamp queries (when the adapter has them). `true`: each phase of each
   * step gets a compute pass of its own (which costs a little) and `profile()` gives time per phase;
   * `'batch'`: one timestamped pass per batch, `profile()` gives the device's total. Off by default.
   */
  profilePhases?: boolean | 'batch';
  /**
   * `split`: two dispatches per step (update, then propagation), any network. `fused`: every step of a
   * batch in one dispatch of one workgroup, each thread keeping up to 8 neurons in registers and the
   * step's spikes (and the input ring, where it fits) in workgroup memory — for small static networks,
   * where a step's work is smaller than a dispatch's cost (not for plastic projections). `auto`
   * (default): fused for static networks of at most 4,096 neurons whose updates are cheap (no Gaussian
   * draws, at most two det-math routines per neuron) on a hardware adapter. The spikes are the same
   * either way.
   */
  stepKernel?: 'auto' | 'fused' | 'split';
  /**
   * Tuning (fused kernel): `auto` (default) keeps the input ring in workgroup memory where it fits,
   * `storage` always in its storage buffer. The spikes are the same either way.
   */
  fusedRing?: 'auto' | 'storage';
}

interface Batch {
  /** Sequence number of the batch since the engine was made. */
  index: number;
  first: number;
  steps: number;
  record: number;
}

/**
 * The WebGPU backend: one generated update kernel per population, event-driven propagation sized by
 * indirect dispatch, many steps per command buffer, and spike readback that overlaps the next batch.
 */
export class WebGpuEngine implements Engine {
  readonly backend = 'webgpu' as const;
  readonly plan: NetworkPlan;
  step = 0;
  readonly #gpu: GpuContext;
  readonly #device: GPUDevice;
  readonly #layouts: StateLayout[];
  readonly #buffers: GPUBuffer[] = [];
  /** Per-step uniform slots, read by the plastic passes only (null for a static network). */
  readonly #stepInfo: GPUBuffer | null;
  readonly #stepInfoData: Uint32Array;
  /** The batch's first step, step count, det-math zero and seed, as written to #batchInfo. */
  readonly #batchInfoData = new Uint32Array(4);
  /** Dynamic offset of each step's uniform slot, made once so encoding a step allocates nothing. */
  readonly #stepOffsets: number[][];
  readonly #state: GPUBuffer;
  readonly #ring: GPUBuffer;
  readonly #spikeCounts: GPUBuffer;
  /** Three rotating record buffers: [count, end of each step of the batch, recorded ids…]. */
  readonly #records: GPUBuffer[];
  readonly #recordIdsOffset: number;
  readonly #countStaging: GPUBuffer[];
  #idStaging: GPUBuffer[] = [];
  /** One pipeline for every phase of a step (see split-step.wgsl and fused-step.wgsl); set once compiled. */
  #stepPipeline: GPUComputePipeline | null = null;
  /** Its compilation, started before the synapses are uploaded so that the two overlap. */
  #pipelineReady: Promise<GPUComputePipeline>;
  /** Its bind group per record buffer. */
  readonly #stepGroups: GPUBindGroup[];
  /** The batch's first step, step count, det-math zero and seed. */
  readonly #batchInfo: GPUBuffer;
  readonly #isFused: boolean;
  /** How the fused kernel holds the network (null with the split kernel). */
  readonly fusedLayout: FusedLayout | null;
  readonly #workgroupSize: number;
  readonly #updateDispatch: [number, number];
  /** Workgroups of the delivery dispatch: odd (the phase is told by the parity of the grid). */
  readonly #deliveryGroups: number;
  #stepsPerSubmit: number;
  readonly #recordCapacity: number;
  readonly #isRecording: boolean;
  #batchCount = 0;
  #wallMs = 0;
  /** Host time spent encoding batches and waiting for the device, ms (what the wall clock is made of). */
  readonly #hostMs = { encode: 0, wait: 0 };
  /** GPU time per named pass when profiling (`profilePhases`) on an adapter with timestamp queries. */
  #profiler: TimestampProfiler | null = null;
  /** One timed pass per batch rather than one per phase. */
  readonly #timesBatches: boolean;
  /** Plastic projections' buffers and passes; null for a static network. */
  readonly #plastic: PlasticPasses | null;

  /**
   * Where the build went, ms: uploading the synapses, compiling the step pipeline (from its start to
   * its end, overlapping the upload; NaN until {@link ready}), everything else the constructor did.
   */
  readonly buildPhasesMs: { upload: number; pipeline: number; other: number };

  constructor(gpu: GpuContext, plan: NetworkPlan, options: WebGpuEngineOptions = {}) {
    const started = performance.now();
    this.#gpu = gpu;
    this.plan = plan;
    const device = gpu.device;
    this.#device = device;
    const limits = device.limits;
    this.#layouts = stateLayout(plan);
    // The step kernel: split (two dispatches a step) or fused (a batch in one workgroup).
    const kernel = options.stepKernel ?? 'auto';
    const fusable = canFuse(plan);
    if (kernel === 'fused' && !fusable)
      throw new ValidationError('this network cannot use the fused step kernel', {
        code: 'fused-unsupported',
        path: 'stepKernel',
        expected: "'split' or 'auto' for networks with plastic projections",
        received: kernel,
      });
    if (!['auto', 'fused', 'split'].includes(kernel))
      throw new ValidationError('', { code: 'invalid-step-kernel', path: 'stepKernel', expected: "'auto', 'fused' or 'split'", received: kernel });
    const isCheap = () =>
      plan.populations.every(
        (pop) =>
          updateCost(
            generateNeuronUpdate('wgsl', plan, pop, this.#layouts[pop.index] as StateLayout, {
              ringStride: 0,
              recordCapacity: 0,
              recordIdsOffset: 0,
              failureOffset: 0,
              inputWindows: new Map(),
            }),
          ) <= FUSED_AUTO_MAX_COST,
      );
    const maxWorkgroup = 2 ** Math.floor(Math.log2(Math.min(1024, limits.maxComputeInvocationsPerWorkgroup, limits.maxComputeWorkgroupSizeX)));
    const requestedWorkgroup = options.workgroupSize ?? (kernel === 'split' ? SPLIT_WORKGROUP : maxWorkgroup);
    if (!Number.isInteger(Math.log2(requestedWorkgroup)) || requestedWorkgroup > maxWorkgroup)
      throw new ValidationError('', {
        code: 'invalid-workgroup-size',
        path: 'workgroupSize',
        expected: `a power of two up to ${maxWorkgroup}`,
        received: options.workgroupSize,
      });
    const fused = fusable && kernel !== 'split' ? fusedLayout(plan, requestedWorkgroup, limits.maxComputeWorkgroupStorageSize, options.fusedRing) : null;
    if (kernel === 'fused' && !fused)
      throw new CapacityError('this network is too large for the fused step kernel', {
        code: 'fused-capacity',
        path: 'stepKernel',
        expected: `at most ${FUSED_MAX_NEURONS_PER_THREAD} neurons per thread of a ${requestedWorkgroup}-thread workgroup, with a spike list in ${limits.maxComputeWorkgroupStorageSize} bytes of workgroup memory`,
        received: `${plan.totalNeurons} neurons`,
        hint: "stepKernel 'split' or 'auto'",
      });
    this.#isFused =
      fused !== null && (kernel === 'fused' || (kernel === 'auto' && !gpu.isSoftware && plan.totalNeurons <= FUSED_AUTO_MAX_NEURONS && isCheap()));
    this.fusedLayout = this.#isFused ? fused : null;
    const wg = this.#isFused ? requestedWorkgroup : Math.min(maxWorkgroup, options.workgroupSize ?? SPLIT_WORKGROUP);
    const P = plan.populations.length;
    const recorded = plan.populations.reduce((n, p) => n + (p.recordSpikes === 'none' ? 0 : p.recordSpikes === 'all' ? p.size : p.recordSpikes.length), 0);
    this.#isRecording = recorded > 0;
    this.#recordCapacity = Math.max(1024, options.recordCapacity ?? 4 * 2 ** 20);
    // A fused batch is one dispatch: longer batches cost the host less per step.
    const maxSteps = Math.max(1, Math.min(options.maxStepsPerSubmit ?? (this.#isFused ? 1000 : 200), 1024));
    this.#stepsPerSubmit = this.#isRecording ? Math.max(1, Math.min(maxSteps, Math.floor(this.#recordCapacity / recorded))) : maxSteps;

    const storage = GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_DST | GPUBufferUsage.COPY_SRC;
    const create = (label: string, size: number, usage: number) => {
      const bytes = Math.max(16, Math.ceil(size / 4) * 4);
      if (bytes > limits.maxStorageBufferBindingSize && usage & GPUBufferUsage.STORAGE)
        throw new CapacityError(`buffer '${label}' is larger than one storage binding`, {
          code: 'binding-too-large',
          path: label,
          expected: `at most ${limits.maxStorageBufferBindingSize} bytes (the adapter's maxStorageBufferBindingSize)`,
          received: bytes,
          hint: 'split the population or projection, or use the CPU backend',
        });
      const buffer = device.createBuffer({ label, size: bytes, usage });
      this.#buffers.push(buffer);
      return buffer;
    };
    const upload = (label: string, data: ArrayBufferView, usage = storage) => {
      const buffer = create(label, data.byteLength, usage);
      device.queue.writeBuffer(buffer, 0, data.buffer, data.byteOffset, data.byteLength);
      return buffer;
    };

    // State and parameters.
    const state = new Float32Array(stateLength(plan));
    plan.populations.forEach((pop, p) => {
      const layout = this.#layouts[p] as StateLayout;
      for (const [v, values] of Object.entries(pop.init)) state.set(values, layout.base + layout.variables.indexOf(v) * pop.size);
    });
    this.#state = upload('state', state);
    const params = upload('params', plan.paramValues);
    const ring = create('inputRing', plan.ringDepth * plan.ringStride * 4, storage);
    this.#ring = ring;
    // Counts per parity and population, a 64-bit total per population, then the first step and a
    // neuron at which a model variable went non-finite (all ones: none).
    this.#spikeCounts = create('spikeCounts', counterOffsets(P).words * 4, storage);
    device.queue.writeBuffer(this.#spikeCounts, counterOffsets(P).failure * 4, new Uint32Array([0xffffffff, 0xffffffff]));
    const spikeIds = create('spikeIds', 2 * plan.totalNeurons * 4, storage);
    this.#countStaging = [0, 1, 2].map((k) => create(`countStaging${k}`, (1 + this.#stepsPerSubmit) * 4, GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST));
    this.#timesBatches = options.profilePhases === 'batch';
    if (options.profilePhases && gpu.hasTimestampQuery) {
      this.#profiler = new TimestampProfiler(gpu, { maxPassesPerResolve: MAX_TIMED_PASSES });
      // A timed pass per phase of each step (update, propagate and, with plastic projections, plastic).
      if (!this.#timesBatches) this.#stepsPerSubmit = Math.min(this.#stepsPerSubmit, Math.floor(MAX_TIMED_PASSES / (plan.plasticState ? 3 : 2)));
    }
    this.#recordIdsOffset = 1 + this.#stepsPerSubmit;
    this.#records = [0, 1, 2].map((k) => create(`record${k}`, (this.#recordIdsOffset + (this.#isRecording ? this.#recordCapacity : 0)) * 4, storage));
    this.#stepInfo = plan.plasticState ? create('stepInfo', this.#stepsPerSubmit * STEP_INFO_STRIDE, GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST) : null;
    this.#stepInfoData = new Uint32Array(plan.plasticState ? (this.#stepsPerSubmit * STEP_INFO_STRIDE) / 4 : 0);
    this.#stepOffsets = Array.from({ length: this.#stepsPerSubmit }, (_, s) => [s * STEP_INFO_STRIDE]);

    const storageEntry = (binding: number, readOnly: boolean): GPUBindGroupLayoutEntry => ({
      binding,
      visibility: GPUShaderStage.COMPUTE,
      buffer: { type: readOnly ? 'read-only-storage' : 'storage' },
    });

    // Plasticity: per-neuron state the update kernel writes, f32 weights and the passes that change them.
    const grid = options.propagationWorkgroups ?? (gpu.isSoftware ? PROPAGATION_WORKGROUPS.software : PROPAGATION_WORKGROUPS.hardware);
    this.#plastic = this.#stepInfo
      ? new PlasticPasses(
          device,
          plan,
          { stepInfo: this.#stepInfo, spikeCounts: this.#spikeCounts, spikeIds, inputRing: ring, neuronState: this.#state, layouts: this.#layouts },
          { create, upload },
          { grid, math: options.math ?? 'exact' },
        )
      : null;

    // The static projections' CSR in three shared buffers, and their table for the step kernel.
    const staticProjections = plan.projections.filter((j) => !j.plasticity);
    const totalRows = staticProjections.reduce((n, j) => n + j.source.size + 1, 0);
    const totalSynapses = staticProjections.reduce((n, j) => n + j.csr.targets.length, 0);
    const rowOffsets = create('rowOffsets', Math.max(1, totalRows) * 4, storage);
    // Synapse arrays past one storage binding are split into chunks of `chunk` synapses, a binding each.
    const maxChunkBytes = Math.min(limits.maxStorageBufferBindingSize, limits.maxBufferSize, 4 * (options.synapseChunk ?? Number.POSITIVE_INFINITY));
    const split = planBufferSplit(4 * totalSynapses, 4, maxChunkBytes);
    const chunk = split[0]?.elementCount ?? 1;
    const chunkCount = Math.max(1, split.length);
    const storageBuffers = 9 + (plan.plasticState ? 1 : 0) + 2 * (chunkCount - 1);
    if (limits.maxStorageBuffersPerShaderStage < storageBuffers)
      throw new CapacityError(`the network's synapses need ${storageBuffers} storage bindings, more than the adapter offers`, {
        code: 'storage-buffer-limit',
        path: 'maxStorageBuffersPerShaderStage',
        expected: `at least ${storageBuffers} (${totalSynapses} static synapses in bindings of ${chunk})`,
        received: limits.maxStorageBuffersPerShaderStage,
        hint: 'fewer synapses, or the CPU backend',
      });
    const chunkSize = (c: number) => Math.max(1, Math.min(chunk, totalSynapses - c * chunk)) * 4;
    const targetChunks = Array.from({ length: chunkCount }, (_, c) => create(`targets${c}`, chunkSize(c), storage));
    const weightChunks = Array.from({ length: chunkCount }, (_, c) => create(`weights${c}`, chunkSize(c), storage));
    // The synapses go through a few reused staging buffers (one host copy, from the plan's arrays as
    // they are, shared memory too), asynchronously: ready() and run() wait for them.
    const staging = new StagingUpload(device, { totalBytes: 8 * totalSynapses, label: 'synapseStaging' });
    /** Calls `part` for each piece of synapses `first … first + count − 1` that lies in one chunk: chunk, byte offset in it, index of the piece's first synapse (from 0), length. */
    const inChunks = (first: number, count: number, part: (chunkIndex: number, byteOffset: number, from: number, length: number) => void) => {
      for (let done = 0; done < count; ) {
        const k = first + done;
        const c = Math.floor(k / chunk);
        const n = Math.min(count - done, (c + 1) * chunk - k);
        part(c, (k - c * chunk) * 4, done, n);
        done += n;
      }
    };
    const projectionLayouts: ProjectionLayout[] = [];
    let stagingStarted = 0;
    const uploads: Array<() => void> = [
      () => {
        stagingStarted = performance.now();
      },
    ];
    let rowBase = 0;
    let synapseBase = 0;
    let maxMeanRow = 1;
    for (const proj of staticProjections) {
      const targetBits = Math.max(1, Math.ceil(Math.log2(proj.target.size)));
      const { targets, rowOffsets: localRows } = proj.csr;
      const delays = proj.delaySteps;
      if (delays) {
        const delayBits = Math.ceil(Math.log2(proj.maxDelaySteps + 1));
        if (targetBits + delayBits > 32)
          throw new CapacityError('', {
            code: 'delay-range',
            path: `projections[${proj.index}].delayMs`,
            expected: `delays below ${2 ** (32 - targetBits)} steps for a target population of ${proj.target.size}`,
            received: `${proj.maxDelaySteps} steps`,
          });
      }
      const [rowsAt, synapsesAt, weightsFixed] = [rowBase, synapseBase, proj.weightsFixed];
      uploads.push(() => {
        const absoluteRows = new Uint32Array(localRows.length);
        for (let k = 0; k < absoluteRows.length; k++) absoluteRows[k] = (localRows[k] as number) + synapsesAt;
        device.queue.writeBuffer(rowOffsets, rowsAt * 4, absoluteRows);
        inChunks(synapsesAt, targets.length, (c, byteOffset, from, n) => {
          const targetChunk = targetChunks[c] as GPUBuffer;
          const weightChunk = weightChunks[c] as GPUBuffer;
          // A per-synapse delay goes in the high bits of its target word, packed straight into staging memory.
          if (delays)
            staging.fill(targetChunk, byteOffset, n, (out, at) => {
              for (let k = 0, s = from + at; k < out.length; k++, s++) out[k] = ((targets[s] as number) | ((delays[s] as number) << targetBits)) >>> 0;
            });
          else staging.write(targetChunk, byteOffset, targets.subarray(from, from + n));
          staging.write(weightChunk, byteOffset, weightsFixed.subarray(from, from + n));
        });
      });
      projectionLayouts.push({
        sourcePopulation: proj.source.index,
        sourceBase: proj.source.offset,
        rowBase,
        targetBits: delays ? targetBits : 0,
        targetMask: delays ? 2 ** targetBits - 1 : 0xffffffff,
        constantDelay: delays ? 0 : proj.constantDelaySteps,
        ringBase: proj.receptor.ringOffset,
      });
      rowBase += proj.source.size + 1;
      synapseBase += targets.length;
      maxMeanRow = Math.max(maxMeanRow, targets.length / Math.max(1, proj.source.size));
    }
    // Last: ready() and run() (which await #pipelineReady) wait for the copies too; 'upload' is timed to their end.
    uploads.push(() => {
      const copied = staging.finish().then(() => {
        this.buildPhasesMs.upload = performance.now() - stagingStarted;
      });
      const pipeline = this.#pipelineReady;
      this.#pipelineReady = Promise.all([pipeline, copied]).then(([compiled]) => compiled);
      this.#pipelineReady.catch(() => {});
    });

    // Fused: half a mean row per thread group, so that one workgroup's groups take a step's spikes in one round.
    const rowLanes = 2 ** Math.ceil(Math.log2(maxMeanRow)) / (this.#isFused ? 2 : 1);
    const lanes = Math.min(wg, this.#isFused ? 256 : 512, options.propagationLanes ?? Math.max(8, rowLanes));
    this.#workgroupSize = wg;
    const stepLayout = device.createBindGroupLayout({
      label: 'step',
      entries: [
        { binding: 0, visibility: GPUShaderStage.COMPUTE, buffer: { type: 'uniform' } } as GPUBindGroupLayoutEntry,
        ...[1, 3, 4, 5, 6, ...(plan.plasticState ? [10] : [])].map((b) => storageEntry(b, false)),
        ...[2, 7, 8, 9, ...Array.from({ length: 2 * (chunkCount - 1) }, (_, k) => 11 + k)].map((b) => storageEntry(b, true)),
      ].sort((a, b) => a.binding - b.binding),
    });
    // The batch's four words, then the projection table (step-kernel-common.wgsl's StepBatch).
    const table = projectionTable(projectionLayouts);
    if (16 + table.byteLength > limits.maxUniformBufferBindingSize)
      throw new CapacityError("the network has more static projections than the step kernel's uniform table holds", {
        code: 'projection-table',
        path: 'projections',
        expected: `at most ${Math.floor((limits.maxUniformBufferBindingSize - 16) / 32)} static projections (maxUniformBufferBindingSize ${limits.maxUniformBufferBindingSize})`,
        received: projectionLayouts.length,
      });
    this.#batchInfo = create('batchInfo', 16 + table.byteLength, GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST);
    device.queue.writeBuffer(this.#batchInfo, 16, table);
    const kernelConstants = {
      ringStride: plan.ringStride,
      recordCapacity: this.#recordCapacity,
      recordIdsOffset: this.#recordIdsOffset,
      failureOffset: counterOffsets(P).failure,
      inputWindows: inputWindows(plan),
    };
    const compileStarted = performance.now();
    this.#pipelineReady = device.createComputePipelineAsync({
      label: `${this.#isFused ? 'fused' : 'split'} step`,
      layout: device.createPipelineLayout({ bindGroupLayouts: [stepLayout] }),
      compute: {
        module: device.createShaderModule({
          label: `${this.#isFused ? 'fused' : 'split'} step`,
          code: `${options.math === 'fast' ? fastMathWgsl : detMathWgsl}\n${rngWgsl}\n${generateStepKernelWgsl(this.#isFused ? 'fused' : 'split', plan, this.#layouts, kernelConstants, projectionLayouts, { chunk, chunkCount }, this.#isFused ? fused : null)}`,
        }),
        entryPoint: 'main',
        constants: {
          WG: wg,
          LANES: lanes,
          RING_DEPTH: plan.ringDepth,
          RING_SLOTS: this.#isFused && fused?.ringInWorkgroup ? plan.ringDepth - 1 : plan.ringDepth,
          RING_STRIDE: plan.ringStride,
        },
      },
    });
    this.#pipelineReady = this.#pipelineReady.then((pipeline) => {
      this.#stepPipeline = pipeline;
      this.buildPhasesMs.pipeline = performance.now() - compileStarted;
      return pipeline;
    });
    // Awaited by ready() and run(); this branch only keeps an engine nobody runs from an unhandled rejection.
    this.#pipelineReady.catch(() => {});
    const uploadStarted = performance.now();
    for (const upload of uploads) upload();
    const uploaded = performance.now();
    this.#stepGroups = this.#records.map((record) =>
      device.createBindGroup({
        layout: stepLayout,
        entries: [this.#batchInfo, this.#state, params, ring, this.#spikeCounts, spikeIds, record, rowOffsets, targetChunks[0], weightChunks[0]]
          .map((buffer, binding) => ({ binding, resource: { buffer: buffer as GPUBuffer } }))
          .concat(this.#plastic ? [{ binding: 10, resource: { buffer: this.#plastic.state } }] : [])
          .concat(
            targetChunks.slice(1).flatMap((t, c) => [
              { binding: 11 + 2 * c, resource: { buffer: t } },
              { binding: 12 + 2 * c, resource: { buffer: weightChunks[c + 1] as GPUBuffer } },
            ]),
          ),
      }),
    );
    // The delivery grid: odd, its last workgroup the bookkeeper (see split-step.wgsl).
    this.#deliveryGroups = Math.min(limits.maxComputeWorkgroupsPerDimension - 1, 2 * Math.floor(Math.max(1, grid) / 2) + 1);
    this.#updateDispatch = this.#dispatchSize(plan.totalNeurons);
    this.buildPhasesMs = { upload: uploaded - uploadStarted, pipeline: Number.NaN, other: uploadStarted - started + (performance.now() - uploaded) };
  }

  /** Resolves once the step pipeline is compiled (`run` waits for it too); rejects on a shader error. */
  async ready(): Promise<void> {
    await this.#pipelineReady;
  }

  /** Which step kernel runs this network (see {@link WebGpuEngineOptions.stepKernel}). */
  get stepKernel(): 'fused' | 'split' {
    return this.#isFused ? 'fused' : 'split';
  }

  /** Update grid for `size` neurons: x even (the update's mark, see split-step.wgsl), y > 1 only past the x limit. */
  #dispatchSize(size: number): [number, number] {
    const groups = Math.max(1, Math.ceil(size / this.#workgroupSize));
    const max = this.#device.limits.maxComputeWorkgroupsPerDimension - 1;
    const y = Math.ceil(groups / max);
    const x = Math.ceil(groups / y);
    return [x + (x & 1), y];
  }

  #encodeBatch(batch: Batch): GPUCommandBuffer {
    const { plan } = this;
    const queue = this.#device.queue;
    const batchInfo = this.#batchInfoData;
    batchInfo[0] = batch.first >>> 0;
    batchInfo[1] = batch.steps;
    batchInfo[2] = 0;
    batchInfo[3] = plan.seed;
    queue.writeBuffer(this.#batchInfo, 0, batchInfo);
    if (this.#plastic && this.#stepInfo) {
      // The plastic passes read their step from per-step uniform slots (filled in place: no per-batch allocation).
      const info = this.#stepInfoData;
      for (let s = 0; s < batch.steps; s++) {
        const step = batch.first + s;
        const o = (s * STEP_INFO_STRIDE) / 4;
        info[o] = step >>> 0;
        info[o + 1] = step & 1;
        info[o + 2] = 0;
        info[o + 3] = step % plan.ringDepth;
        info[o + 4] = s;
        info[o + 5] = plan.seed;
      }
      queue.writeBuffer(this.#stepInfo, 0, info.buffer, 0, batch.steps * STEP_INFO_STRIDE);
    }
    const encoder = this.#device.createCommandEncoder({ label: `steps ${batch.first}…` });
    const record = this.#records[batch.record] as GPUBuffer;
    encoder.clearBuffer(record, 0, 4);
    const counters = counterOffsets(plan.populations.length);
    encoder.clearBuffer(this.#spikeCounts, counters.stepsPropagated * 4, 8);
    const profiler = this.#profiler;
    // One pass for the whole batch, or (profiling per phase) a timed pass for each phase of each step.
    let pass: GPUComputePassEncoder | null = null;
    const group = this.#stepGroups[batch.record] as GPUBindGroup;
    const perPhase = profiler !== null && !this.#timesBatches && !this.#isFused;
    const phase = (name: Phase) => {
      if (pass && !perPhase) return pass;
      pass?.end();
      const whole = this.#timesBatches ? 'total' : 'fused';
      pass = encoder.beginComputePass(profiler ? profiler.passDescriptor(perPhase ? name : whole) : {});
      pass.setPipeline(this.#stepPipeline as GPUComputePipeline);
      pass.setBindGroup(0, group);
      return pass;
    };
    if (this.#isFused) {
      phase('fused').dispatchWorkgroups(1);
    } else {
      const [x, y] = this.#updateDispatch;
      for (let s = 0; s < batch.steps; s++) {
        phase('update').dispatchWorkgroups(x, y);
        phase('propagate').dispatchWorkgroups(this.#deliveryGroups);
        if (this.#plastic) {
          // The same pass, or (profiling per phase) one of its own.
          const p = phase('plastic');
          this.#plastic.encode(p, this.#stepOffsets[s] as number[], batch.first + s);
          p.setPipeline(this.#stepPipeline as GPUComputePipeline);
          p.setBindGroup(0, group);
        }
      }
    }
    (pass as GPUComputePassEncoder | null)?.end();
    profiler?.resolve(encoder);
    if (this.#isRecording) encoder.copyBufferToBuffer(record, 0, this.#countStaging[batch.record] as GPUBuffer, 0, (1 + batch.steps) * 4);
    return encoder.finish();
  }

  async run(steps: number, sink: SpikeSink): Promise<void> {
    await this.#pipelineReady;
    const queue = this.#device.queue;
    const t0 = performance.now();
    let pendingCounts: Batch | null = null;
    let pendingIds: { batch: Batch; ends: Uint32Array; staging: GPUBuffer | null } | null = null;
    const deliverIds = async () => {
      if (!pendingIds) return;
      const { batch, ends, staging } = pendingIds;
      pendingIds = null;
      let ids = new Uint32Array(0);
      if (staging) {
        await staging.mapAsync(GPUMapMode.READ, 0, ends[batch.steps - 1]! * 4);
        ids = new Uint32Array(staging.getMappedRange(0, ends[batch.steps - 1]! * 4).slice(0));
        staging.unmap();
      }
      let begin = 0;
      for (let s = 0; s < batch.steps; s++) {
        const end = ends[s] as number;
        sink(batch.first + s, ids.subarray(begin, end).sort());
        begin = end;
      }
    };
    const readCounts = async (batch: Batch) => {
      const staging = this.#countStaging[batch.record] as GPUBuffer;
      await staging.mapAsync(GPUMapMode.READ, 0, (1 + batch.steps) * 4);
      const words = new Uint32Array(staging.getMappedRange(0, (1 + batch.steps) * 4).slice(0));
      staging.unmap();
      const total = words[0] as number;
      if (total > this.#recordCapacity)
        throw new CapacityError('spike record overflowed', {
          code: 'record-overflow',
          expected: `at most ${this.#recordCapacity} spikes per batch`,
          received: total,
        });
      const ends = words.subarray(1);
      let staging2: GPUBuffer | null = null;
      if (total > 0) {
        // Batches alternate between two id staging buffers: the previous batch's may still await delivery.
        const slot = batch.index % 2;
        let ids = this.#idStaging[slot];
        if (!ids || ids.size < total * 4) {
          ids?.destroy();
          ids = this.#device.createBuffer({
            label: `idStaging${slot}`,
            size: Math.max(total * 4, 1 << 16),
            usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST,
          });
          this.#idStaging[slot] = ids;
        }
        const encoder = this.#device.createCommandEncoder();
        encoder.copyBufferToBuffer(this.#records[batch.record] as GPUBuffer, this.#recordIdsOffset * 4, ids, 0, total * 4);
        queue.submit([encoder.finish()]);
        staging2 = ids;
      }
      return { batch, ends, staging: staging2 };
    };

    let done = 0;
    let inFlight: Promise<void> | undefined;
    while (done < steps) {
      const batch: Batch = { index: this.#batchCount, first: this.step, steps: Math.min(this.#stepsPerSubmit, steps - done), record: this.#batchCount % 3 };
      const e0 = performance.now();
      const commands = this.#encodeBatch(batch);
      queue.submit([commands]);
      this.#hostMs.encode += performance.now() - e0;
      this.#batchCount++;
      // Reading this batch's timestamps now would idle the device until the next submit: start the read,
      // take the earlier batches' (done once the waits below return), and the rest at the run's end.
      this.#profiler?.submitted();
      this.step += batch.steps;
      done += batch.steps;
      if (this.#isRecording) {
        const previous = pendingCounts;
        pendingCounts = batch;
        if (previous) {
          const next = await readCounts(previous);
          await deliverIds();
          pendingIds = next;
        }
      } else {
        // Two batches in flight: the host encodes the next while the device runs this one.
        const previous = inFlight;
        inFlight = queue.onSubmittedWorkDone();
        const w0 = performance.now();
        await previous;
        this.#hostMs.wait += performance.now() - w0;
      }
      await this.#profiler?.flush(1);
    }
    if (pendingCounts) {
      const next = await readCounts(pendingCounts);
      await deliverIds();
      pendingIds = next;
      await deliverIds();
    }
    // The failure words' copy runs after every batch, so reading them back is the run's end, and the last
    // batches' timestamps come back beside it: one round trip to the device where an onSubmittedWorkDone
    // and a timestamp read first made three.
    const P = this.plan.populations.length;
    const [failure] = await Promise.all([this.#read(this.#spikeCounts, 4 * P * 4, 8), this.#profiler?.flush()]);
    const [failStep, failNeuron] = new Uint32Array(failure);
    this.#wallMs += performance.now() - t0;
    if (failStep !== 0xffffffff) throw numericalFailure(this.plan, failStep as number, failNeuron as number);
  }

  /** Copies a range back through gpu-runtime's reused staging buffers. */
  #read(buffer: GPUBuffer, offset: number, size: number): Promise<ArrayBuffer> {
    return readBuffer(this.#gpu, buffer, offset, size);
  }

  async readState(population: number, variable: string): Promise<Float32Array> {
    const pop = this.plan.populations[population]!;
    const layout = this.#layouts[population] as StateLayout;
    const k = layout.variables.indexOf(variable);
    if (k < 0)
      throw new ValidationError(`unknown state variable '${variable}' of population '${pop.name}'`, {
        code: 'unknown-state',
        path: 'variable',
        hint: didYouMean(variable, layout.variables),
      });
    return new Float32Array(await this.#read(this.#state, (layout.base + k * pop.size) * 4, pop.size * 4));
  }

  /** Spikes of each population since the start (all neurons, recorded or not). */
  async spikeTotals(): Promise<Float64Array> {
    const P = this.plan.populations.length;
    const words = new Uint32Array(await this.#read(this.#spikeCounts, 2 * P * 4, P * 8));
    return Float64Array.from(this.plan.populations, (_, p) => (words[2 * p] as number) + (words[2 * p + 1] as number) * 2 ** 32);
  }

  async readProjection(projection: number): Promise<Record<string, Float32Array>> {
    return this.#plastic ? this.#plastic.readProjection(this.plan, projection, (buffer, offset, size) => this.#read(buffer, offset, size)) : {};
  }

  /** GPU time per phase when profiling with timestamps, else the wall-clock time of `run` (GPU-synchronised). */
  profile(): PhaseProfile {
    if (this.#profiler)
      return {
        source: 'gpu-timestamps',
        totalsMs: Object.fromEntries(this.#profiler.phases().map((p) => [p.phase, p.totalNs / 1e6])) as PhaseProfile['totalsMs'],
        steps: this.step,
      };
    return { source: 'wall-clock', totalsMs: { total: this.#wallMs, encode: this.#hostMs.encode, wait: this.#hostMs.wait }, steps: this.step };
  }

  async snapshot(): Promise<EngineSnapshot> {
    const stateLengthValue = stateLength(this.plan);
    const [state, ring, totals] = await Promise.all([
      this.#read(this.#state, 0, stateLengthValue * 4),
      this.#read(this.#ring, 0, this.plan.ringDepth * this.plan.ringStride * 4),
      this.spikeTotals(),
    ]);
    const projections: Record<string, Record<string, Float32Array>> = {};
    for (const slot of this.#plastic?.slots ?? []) projections[slot.projection.name] = await this.readProjection(slot.projection.index);
    return { step: this.step, state: new Float32Array(state), inputRing: new Int32Array(ring), spikeTotals: totals, projections };
  }

  async restore(snapshot: EngineSnapshot): Promise<void> {
    checkSnapshot(this.plan, snapshot, stateLength(this.plan), this.plan.ringDepth * this.plan.ringStride);
    const queue = this.#device.queue;
    queue.writeBuffer(this.#state, 0, snapshot.state.buffer, snapshot.state.byteOffset, snapshot.state.byteLength);
    if (snapshot.inputRing.length) queue.writeBuffer(this.#ring, 0, snapshot.inputRing.buffer, snapshot.inputRing.byteOffset, snapshot.inputRing.byteLength);
    const totals = new Uint32Array(2 * this.plan.populations.length);
    snapshot.spikeTotals.forEach((t, p) => {
      totals[2 * p] = t % 2 ** 32;
      totals[2 * p + 1] = Math.floor(t / 2 ** 32);
    });
    // Both parities' counters are zero between runs (each step's bookkeeping clears the next step's).
    const counters = counterOffsets(this.plan.populations.length);
    const counts = new Uint32Array(counters.words);
    counts.set(totals, 2 * this.plan.populations.length);
    counts.fill(0xffffffff, counters.failure, counters.failure + 2);
    queue.writeBuffer(this.#spikeCounts, 0, counts);
    if (this.#plastic && snapshot.projections) this.#plastic.restore(this.plan, queue, snapshot.projections);
    await queue.onSubmittedWorkDone();
    this.step = snapshot.step;
  }

  get stepsPerSubmit(): number {
    return this.#stepsPerSubmit;
  }

  get gpu(): GpuContext {
    return this.#gpu;
  }

  destroy(): void {
    this.#profiler?.destroy();
    for (const b of [...this.#buffers, ...this.#idStaging]) b.destroy();
    this.#buffers.length = 0;
  }
}
