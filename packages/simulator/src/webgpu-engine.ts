import { CapacityError, ValidationError, detMathWgsl, didYouMean, rngWgsl } from '@spikegpu/core';
import type { GpuContext } from '@spikegpu/gpu-runtime';
import { inputWindows } from './cpu-engine.js';
import type { Engine, EngineSnapshot, PhaseProfile, SpikeSink } from './engine.js';
import { checkSnapshot } from './snapshot-check.js';
import type { NetworkPlan } from './network-plan.js';
import { type StateLayout, generateNeuronUpdate, stateLayout, stateLength } from './neuron-kernel.js';
import propagationWgsl from './spike-propagation.wgsl';
import bookkeepingWgsl from './step-bookkeeping.wgsl';

const STEP_INFO_STRIDE = 256;
const WORKGROUP = 64;
/**
 * Propagation grid per projection (workgroups); see spike-propagation.wgsl for why it is fixed. About
 * one resident workgroup per slot of a large GPU (H100: 132 SMs × 8 workgroups of 256); software
 * adapters run every workgroup on the CPU, so they get a small grid. The result does not depend on it.
 */
const PROPAGATION_WORKGROUPS = { hardware: 1024, software: 16 } as const;

export interface WebGpuEngineOptions {
  /** Most steps encoded in one command buffer. The engine lowers it so a batch's spikes fit the record buffer. */
  maxStepsPerSubmit?: number;
  /** Entries per record buffer (three rotate). Default 4M (16 MiB each). */
  recordCapacity?: number;
  /** Workgroups each projection's propagation uses (default 1024, 16 on software adapters). */
  propagationWorkgroups?: number;
  /**
   * Time each phase with GPU timestamp queries (when the adapter has them): each phase of each step
   * then gets a compute pass of its own, which costs a little; off by default.
   */
  profilePhases?: boolean;
}

interface TimestampBuffers {
  querySet: GPUQuerySet;
  resolve: GPUBuffer;
  staging: GPUBuffer;
  capacity: number;
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
  readonly #stepInfo: GPUBuffer;
  readonly #stepInfoData: Uint32Array;
  readonly #state: GPUBuffer;
  readonly #ring: GPUBuffer;
  readonly #spikeCounts: GPUBuffer;
  readonly #spikeTotals: GPUBuffer;
  readonly #records: GPUBuffer[];
  readonly #stepEnds: GPUBuffer[];
  readonly #countStaging: GPUBuffer[];
  #idStaging: GPUBuffer[] = [];
  readonly #updatePipelines: GPUComputePipeline[];
  readonly #updateGroups: GPUBindGroup[][];
  readonly #bookkeepingPipeline: GPUComputePipeline;
  readonly #bookkeepingGroups: GPUBindGroup[];
  readonly #propagation: Array<{ pipeline: GPUComputePipeline; group: GPUBindGroup; workgroups: number }>;
  #stepsPerSubmit: number;
  readonly #recordCapacity: number;
  readonly #isRecording: boolean;
  #batchCount = 0;
  #wallMs = 0;
  /** Host time spent encoding batches and waiting for the device, ms (what the wall clock is made of). */
  readonly #hostMs = { encode: 0, wait: 0 };
  readonly #phaseNs = { update: 0, bookkeeping: 0, propagate: 0 };
  #timestamps: TimestampBuffers | null = null;

  constructor(gpu: GpuContext, plan: NetworkPlan, options: WebGpuEngineOptions = {}) {
    this.#gpu = gpu;
    this.plan = plan;
    const device = gpu.device;
    this.#device = device;
    const limits = device.limits;
    this.#layouts = stateLayout(plan);
    const P = plan.populations.length;
    const recorded = plan.populations.reduce((n, p) => n + (p.recordSpikes === 'none' ? 0 : p.recordSpikes === 'all' ? p.size : p.recordSpikes.length), 0);
    this.#isRecording = recorded > 0;
    this.#recordCapacity = Math.max(1024, options.recordCapacity ?? 4 * 2 ** 20);
    const maxSteps = Math.max(1, Math.min(options.maxStepsPerSubmit ?? 200, 1024));
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
    this.#spikeCounts = create('spikeCounts', 2 * P * 4, storage);
    this.#spikeTotals = create('spikeTotals', 2 * P * 4, storage);
    const spikeIds = create('spikeIds', 2 * plan.totalNeurons * 4, storage);
    this.#records = [0, 1, 2].map((k) => create(`record${k}`, (1 + this.#recordCapacity) * 4, storage));
    this.#stepEnds = [0, 1, 2].map((k) => create(`stepEnds${k}`, this.#stepsPerSubmit * 4, storage));
    this.#countStaging = [0, 1, 2].map((k) => create(`countStaging${k}`, (1 + this.#stepsPerSubmit) * 4, GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST));
    if (options.profilePhases && device.features.has('timestamp-query')) {
      const capacity = Math.min(4096, this.#stepsPerSubmit * 6);
      this.#timestamps = {
        querySet: device.createQuerySet({ type: 'timestamp', count: capacity }),
        resolve: create('timestamps', capacity * 8, GPUBufferUsage.QUERY_RESOLVE | GPUBufferUsage.COPY_SRC),
        staging: create('timestampStaging', capacity * 8, GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST),
        capacity,
      };
      this.#stepsPerSubmit = Math.min(this.#stepsPerSubmit, Math.floor(capacity / 6));
    }
    this.#stepInfo = create('stepInfo', this.#stepsPerSubmit * STEP_INFO_STRIDE, GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST);
    this.#stepInfoData = new Uint32Array((this.#stepsPerSubmit * STEP_INFO_STRIDE) / 4);

    const stepInfoEntry = (binding: number): GPUBindGroupLayoutEntry => ({
      binding,
      visibility: GPUShaderStage.COMPUTE,
      buffer: { type: 'uniform', hasDynamicOffset: true, minBindingSize: 32 },
    });
    const storageEntry = (binding: number, readOnly: boolean): GPUBindGroupLayoutEntry => ({
      binding,
      visibility: GPUShaderStage.COMPUTE,
      buffer: { type: readOnly ? 'read-only-storage' : 'storage' },
    });
    const entries = (buffers: GPUBuffer[]): GPUBindGroupEntry[] =>
      buffers.map((buffer, binding) => ({ binding, resource: binding === 0 ? { buffer, size: 32 } : { buffer } }));

    // Neuron updates.
    const updateLayout = device.createBindGroupLayout({
      label: 'neuron-update',
      entries: [stepInfoEntry(0), storageEntry(1, false), storageEntry(2, true), storageEntry(3, false), storageEntry(4, false), storageEntry(5, false), storageEntry(6, false)],
    });
    const windows = inputWindows(plan);
    const prelude = `${detMathWgsl}\n${rngWgsl}\n`;
    this.#updatePipelines = plan.populations.map((pop, p) =>
      device.createComputePipeline({
        label: `update ${pop.name}`,
        layout: device.createPipelineLayout({ bindGroupLayouts: [updateLayout] }),
        compute: {
          module: device.createShaderModule({
            label: `update ${pop.name}`,
            code: prelude + generateNeuronUpdate('wgsl', plan, pop, this.#layouts[p] as StateLayout, { ringStride: plan.ringStride, recordCapacity: this.#recordCapacity, inputWindows: windows }),
          }),
          entryPoint: 'main',
        },
      }),
    );
    this.#updateGroups = plan.populations.map(() =>
      this.#records.map((record) =>
        device.createBindGroup({ layout: updateLayout, entries: entries([this.#stepInfo, this.#state, params, ring, this.#spikeCounts, spikeIds, record]) }),
      ),
    );

    // Bookkeeping.
    const bookkeepingLayout = device.createBindGroupLayout({
      label: 'bookkeeping',
      entries: [stepInfoEntry(0), storageEntry(1, false), storageEntry(2, false), storageEntry(3, false), storageEntry(4, false)],
    });
    this.#bookkeepingPipeline = device.createComputePipeline({
      label: 'bookkeeping',
      layout: device.createPipelineLayout({ bindGroupLayouts: [bookkeepingLayout] }),
      compute: {
        module: device.createShaderModule({ label: 'bookkeeping', code: bookkeepingWgsl }),
        entryPoint: 'main',
        constants: { POP_COUNT: P, POP_STRIDE: P },
      },
    });
    this.#bookkeepingGroups = [0, 1, 2].map((k) =>
      device.createBindGroup({
        layout: bookkeepingLayout,
        entries: entries([this.#stepInfo, this.#spikeCounts, this.#records[k] as GPUBuffer, this.#stepEnds[k] as GPUBuffer, this.#spikeTotals]),
      }),
    );

    // Propagation: one pipeline per projection (its constants are pipeline overrides).
    const propagationLayout = device.createBindGroupLayout({
      label: 'propagation',
      entries: [stepInfoEntry(0), storageEntry(1, true), storageEntry(2, true), storageEntry(3, true), storageEntry(4, true), storageEntry(5, true), storageEntry(6, false)],
    });
    const propagationModule = device.createShaderModule({ label: 'spike-propagation', code: propagationWgsl });
    this.#propagation = plan.projections.map((proj) => {
      const targetBits = Math.max(1, Math.ceil(Math.log2(proj.target.size)));
      let packed = proj.csr.targets;
      if (proj.delaySteps) {
        const delayBits = Math.ceil(Math.log2(proj.maxDelaySteps + 1));
        if (targetBits + delayBits > 32)
          throw new CapacityError('', {
            code: 'delay-range',
            path: `projections[${proj.index}].delayMs`,
            expected: `delays below ${2 ** (32 - targetBits)} steps for a target population of ${proj.target.size}`,
            received: `${proj.maxDelaySteps} steps`,
          });
        packed = new Uint32Array(proj.csr.targets.length);
        const delays = proj.delaySteps;
        for (let k = 0; k < packed.length; k++) packed[k] = ((proj.csr.targets[k] as number) | ((delays[k] as number) << targetBits)) >>> 0;
      }
      const meanRow = proj.csr.targets.length / Math.max(1, proj.source.size);
      const wg = Math.min(256, Math.max(32, 2 ** Math.ceil(Math.log2(Math.max(1, meanRow)))));
      const pipeline = device.createComputePipeline({
        label: `propagate ${proj.name}`,
        layout: device.createPipelineLayout({ bindGroupLayouts: [propagationLayout] }),
        compute: {
          module: propagationModule,
          entryPoint: 'main',
          constants: {
            WG: wg,
            SRC_POP: proj.source.index,
            SRC_BASE: proj.source.offset,
            TOTAL_NEURONS: plan.totalNeurons,
            POP_STRIDE: P,
            TARGET_BITS: proj.delaySteps ? targetBits : 0,
            TARGET_MASK: proj.delaySteps ? 2 ** targetBits - 1 : 0xffffffff,
            CONST_DELAY: proj.delaySteps ? 0 : proj.constantDelaySteps,
            RING_DEPTH: plan.ringDepth,
            RING_STRIDE: plan.ringStride,
            RING_BASE: proj.receptor.ringOffset,
          },
        },
      });
      const group = device.createBindGroup({
        layout: propagationLayout,
        entries: entries([
          this.#stepInfo,
          this.#spikeCounts,
          spikeIds,
          upload(`rowOffsets ${proj.name}`, proj.csr.rowOffsets),
          upload(`targets ${proj.name}`, packed),
          upload(`weights ${proj.name}`, proj.weightsFixed),
          ring,
        ]),
      });
      // Enough workgroups for a typical step's spikes; more spikes are taken by grid-striding.
      const grid = options.propagationWorkgroups ?? (gpu.isSoftware ? PROPAGATION_WORKGROUPS.software : PROPAGATION_WORKGROUPS.hardware);
      return { pipeline, group, workgroups: Math.max(1, Math.min(proj.source.size, grid)) };
    });
  }

  #dispatchSize(size: number): [number, number] {
    const groups = Math.ceil(size / WORKGROUP);
    const max = this.#device.limits.maxComputeWorkgroupsPerDimension;
    if (groups <= max) return [groups, 1];
    const y = Math.ceil(groups / max);
    return [Math.ceil(groups / y), y];
  }

  #encodeBatch(batch: Batch): GPUCommandBuffer {
    const { plan } = this;
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
    this.#device.queue.writeBuffer(this.#stepInfo, 0, info.buffer, 0, batch.steps * STEP_INFO_STRIDE);
    const encoder = this.#device.createCommandEncoder({ label: `steps ${batch.first}…` });
    const record = this.#records[batch.record] as GPUBuffer;
    encoder.clearBuffer(record, 0, 4);
    const ts = this.#timestamps;
    let query = 0;
    // One pass for the whole batch, or (profiling) one pass per phase per step with timestamps around it.
    let pass = ts ? null : encoder.beginComputePass();
    const phase = () => {
      if (!ts) return pass as GPUComputePassEncoder;
      pass?.end();
      pass = encoder.beginComputePass({ timestampWrites: { querySet: ts.querySet, beginningOfPassWriteIndex: query, endOfPassWriteIndex: query + 1 } });
      query += 2;
      return pass;
    };
    for (let s = 0; s < batch.steps; s++) {
      const offset = [s * STEP_INFO_STRIDE];
      let p0 = phase();
      plan.populations.forEach((pop, p) => {
        p0.setPipeline(this.#updatePipelines[p] as GPUComputePipeline);
        p0.setBindGroup(0, (this.#updateGroups[p] as GPUBindGroup[])[batch.record] as GPUBindGroup, offset);
        const [x, y] = this.#dispatchSize(pop.size);
        p0.dispatchWorkgroups(x, y);
      });
      p0 = phase();
      p0.setPipeline(this.#bookkeepingPipeline);
      p0.setBindGroup(0, this.#bookkeepingGroups[batch.record] as GPUBindGroup, offset);
      p0.dispatchWorkgroups(1);
      p0 = phase();
      for (const { pipeline, group, workgroups } of this.#propagation) {
        p0.setPipeline(pipeline);
        p0.setBindGroup(0, group, offset);
        p0.dispatchWorkgroups(workgroups);
      }
    }
    (pass as GPUComputePassEncoder | null)?.end();
    if (ts && query > 0) {
      encoder.resolveQuerySet(ts.querySet, 0, query, ts.resolve, 0);
      encoder.copyBufferToBuffer(ts.resolve, 0, ts.staging, 0, query * 8);
    }
    if (this.#isRecording) {
      const staging = this.#countStaging[batch.record] as GPUBuffer;
      encoder.copyBufferToBuffer(record, 0, staging, 0, 4);
      encoder.copyBufferToBuffer(this.#stepEnds[batch.record] as GPUBuffer, 0, staging, 4, batch.steps * 4);
    }
    return encoder.finish();
  }

  async run(steps: number, sink: SpikeSink): Promise<void> {
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
      if (total > this.#recordCapacity) throw new CapacityError('spike record overflowed', { code: 'record-overflow', expected: `at most ${this.#recordCapacity} spikes per batch`, received: total });
      const ends = words.subarray(1);
      let staging2: GPUBuffer | null = null;
      if (total > 0) {
        // Batches alternate between two id staging buffers: the previous batch's may still await delivery.
        const slot = batch.index % 2;
        let ids = this.#idStaging[slot];
        if (!ids || ids.size < total * 4) {
          ids?.destroy();
          ids = this.#device.createBuffer({ label: `idStaging${slot}`, size: Math.max(total * 4, 1 << 16), usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST });
          this.#idStaging[slot] = ids;
        }
        const encoder = this.#device.createCommandEncoder();
        encoder.copyBufferToBuffer(this.#records[batch.record] as GPUBuffer, 4, ids, 0, total * 4);
        queue.submit([encoder.finish()]);
        staging2 = ids;
      }
      return { batch, ends, staging: staging2 };
    };

    let done = 0;
    while (done < steps) {
      const batch: Batch = { index: this.#batchCount, first: this.step, steps: Math.min(this.#stepsPerSubmit, steps - done), record: this.#batchCount % 3 };
      const e0 = performance.now();
      const commands = this.#encodeBatch(batch);
      queue.submit([commands]);
      this.#hostMs.encode += performance.now() - e0;
      this.#batchCount++;
      if (this.#timestamps) await this.#readTimestamps(batch.steps * 6);
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
        // Keep the queue from running far ahead of the host.
        const w0 = performance.now();
        await queue.onSubmittedWorkDone();
        this.#hostMs.wait += performance.now() - w0;
      }
    }
    if (pendingCounts) {
      const next = await readCounts(pendingCounts);
      await deliverIds();
      pendingIds = next;
      await deliverIds();
    }
    await queue.onSubmittedWorkDone();
    this.#wallMs += performance.now() - t0;
  }

  async #readTimestamps(count: number): Promise<void> {
    const ts = this.#timestamps as TimestampBuffers;
    await ts.staging.mapAsync(GPUMapMode.READ, 0, count * 8);
    const t = new BigUint64Array(ts.staging.getMappedRange(0, count * 8).slice(0));
    ts.staging.unmap();
    const phases = ['update', 'bookkeeping', 'propagate'] as const;
    for (let q = 0; q < count; q += 2) this.#phaseNs[phases[(q / 2) % 3] as (typeof phases)[number]] += Number((t[q + 1] as bigint) - (t[q] as bigint));
  }

  async #read(buffer: GPUBuffer, offset: number, size: number): Promise<ArrayBuffer> {
    const staging = this.#device.createBuffer({ size: Math.max(4, size), usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST });
    const encoder = this.#device.createCommandEncoder();
    encoder.copyBufferToBuffer(buffer, offset, staging, 0, size);
    this.#device.queue.submit([encoder.finish()]);
    await staging.mapAsync(GPUMapMode.READ);
    const data = staging.getMappedRange().slice(0, size);
    staging.destroy();
    return data;
  }

  async readState(population: number, variable: string): Promise<Float32Array> {
    const pop = this.plan.populations[population]!;
    const layout = this.#layouts[population] as StateLayout;
    const k = layout.variables.indexOf(variable);
    if (k < 0) throw new ValidationError(`unknown state variable '${variable}' of population '${pop.name}'`, { code: 'unknown-state', path: 'variable', hint: didYouMean(variable, layout.variables) });
    return new Float32Array(await this.#read(this.#state, (layout.base + k * pop.size) * 4, pop.size * 4));
  }

  /** Spikes of each population since the start (all neurons, recorded or not). */
  async spikeTotals(): Promise<Float64Array> {
    const words = new Uint32Array(await this.#read(this.#spikeTotals, 0, this.plan.populations.length * 8));
    return Float64Array.from(this.plan.populations, (_, p) => (words[2 * p] as number) + (words[2 * p + 1] as number) * 2 ** 32);
  }

  /** GPU time per phase when profiling with timestamps, else the wall-clock time of `run` (GPU-synchronised). */
  profile(): PhaseProfile {
    if (this.#timestamps)
      return {
        source: 'gpu-timestamps',
        totalsMs: { update: this.#phaseNs.update / 1e6, bookkeeping: this.#phaseNs.bookkeeping / 1e6, propagate: this.#phaseNs.propagate / 1e6 },
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
    return { step: this.step, state: new Float32Array(state), inputRing: new Int32Array(ring), spikeTotals: totals };
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
    queue.writeBuffer(this.#spikeTotals, 0, totals);
    // Both parities' counters are zero between runs (each step's bookkeeping clears the next step's).
    queue.writeBuffer(this.#spikeCounts, 0, new Uint32Array(2 * this.plan.populations.length));
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
    for (const b of [...this.#buffers, ...this.#idStaging]) b.destroy();
    this.#buffers.length = 0;
  }
}
