import { CapacityError, detMathWgsl, fastMathWgsl } from '@spikegpu/core';
import type { NetworkPlan } from './network-plan.js';
import type { StateLayout } from './neuron-kernel.js';
import {
  generatePlasticColumnsWgsl,
  generatePlasticRowsWgsl,
  generateScalingWgsl,
  type PlasticProjectionSlot,
  plasticProjectionSlots,
} from './plastic-propagation.js';
import { initialPlasticState, isScalingStep, savedProjectionArrays, scalingIntervalSteps } from './plasticity-plan.js';

/** Buffers the plastic passes share with the rest of the engine. */
export interface SharedBuffers {
  stepInfo: GPUBuffer;
  spikeCounts: GPUBuffer;
  spikeIds: GPUBuffer;
  inputRing: GPUBuffer;
  /** The neurons' state (synaptic scaling reads rates and spike ages from it). */
  neuronState: GPUBuffer;
  layouts: readonly StateLayout[];
}

/** How the engine makes buffers (so they are counted, checked against the binding limit and freed with it). */
export interface BufferMaker {
  create(label: string, size: number, usage: number): GPUBuffer;
  upload(label: string, data: ArrayBufferView): GPUBuffer;
}

/**
 * The GPU side of plastic projections: the per-neuron plasticity state (bound to the update kernel
 * too), each plastic projection's synapses with f32 weights, the column index, and the row and column
 * passes (see plastic-propagation.ts). Only made for networks with plasticity.
 */
export class PlasticPasses {
  /** Per-neuron plasticity state; the neuron update binds it at binding 7. */
  readonly state: GPUBuffer;
  readonly slots: PlasticProjectionSlot[];
  readonly #weights: GPUBuffer;
  readonly #rows: { pipeline: GPUComputePipeline; bindGroup: GPUBindGroup; groups: number };
  readonly #columns: { pipeline: GPUComputePipeline; bindGroup: GPUBindGroup; groups: number } | null;
  /** One scaling pipeline per projection with synaptic scaling, dispatched only in the steps that end its interval. */
  readonly #scalings: Array<{ pipeline: GPUComputePipeline; bindGroup: GPUBindGroup; groups: number; interval: number }> = [];

  constructor(device: GPUDevice, plan: NetworkPlan, shared: SharedBuffers, buffers: BufferMaker, options: { grid: number; math: 'exact' | 'fast' }) {
    const layout = plan.plasticState;
    if (!layout) throw new Error('internal: PlasticPasses for a network without plasticity');
    const maxGroups = device.limits.maxComputeWorkgroupsPerDimension - 1;
    const plastic = plan.projections.filter((j) => j.plasticity);
    const totalRows = plastic.reduce((n, j) => n + Math.min(j.source.size, options.grid), 0);
    const totalColumns = plastic.reduce((n, j) => n + (j.plasticity?.columns ? Math.min(j.target.size, options.grid) : 0), 0);
    const scale = Math.min(1, maxGroups / Math.max(1, totalRows, totalColumns));
    this.slots = plasticProjectionSlots(plan, (j, pass) =>
      Math.max(1, Math.floor(Math.min(pass === 'row' ? j.source.size : j.target.size, options.grid) * scale)),
    );
    this.state = buffers.upload('plasticState', initialPlasticState(layout));

    const synapses = plastic.reduce((n, j) => n + j.csr.targets.length, 0);
    const rowOffsets = new Uint32Array(
      Math.max(
        1,
        plastic.reduce((n, j) => n + j.source.size + 1, 0),
      ),
    );
    const targets = new Uint32Array(Math.max(1, synapses));
    const weights = new Float32Array(Math.max(1, synapses));
    const columnCount = this.slots.reduce((n, s) => n + (s.columnGroups > 0 ? s.projection.target.size + 1 : 0), 0);
    const columnEntries = this.slots.reduce((n, s) => n + (s.columnGroups > 0 ? s.projection.csr.targets.length : 0), 0);
    const colOffsets = new Uint32Array(Math.max(1, columnCount));
    const columns = new Uint32Array(Math.max(2, 2 * columnEntries));
    let meanRow = 1;
    let meanColumn = 1;
    for (const slot of this.slots) {
      const proj = slot.projection;
      const csr = proj.csr;
      for (let k = 0; k <= proj.source.size; k++) rowOffsets[slot.rowBase + k] = (csr.rowOffsets[k] as number) + slot.synapseBase;
      const targetBits = Math.max(1, Math.ceil(Math.log2(proj.target.size)));
      if (proj.delaySteps) {
        const delays = proj.delaySteps;
        if (targetBits + Math.ceil(Math.log2(proj.maxDelaySteps + 1)) > 32)
          throw new CapacityError('', {
            code: 'delay-range',
            path: `projections[${proj.index}].delayMs`,
            expected: `delays below ${2 ** (32 - targetBits)} steps for a target population of ${proj.target.size}`,
            received: `${proj.maxDelaySteps} steps`,
          });
        for (let k = 0; k < csr.targets.length; k++) targets[slot.synapseBase + k] = ((csr.targets[k] as number) | ((delays[k] as number) << targetBits)) >>> 0;
      } else targets.set(csr.targets, slot.synapseBase);
      weights.set(proj.plasticity?.weights as Float32Array, slot.synapseBase);
      meanRow = Math.max(meanRow, csr.targets.length / Math.max(1, proj.source.size));
      const transposed = proj.plasticity?.columns;
      if (transposed && slot.columnGroups > 0) {
        for (let k = 0; k <= proj.target.size; k++) colOffsets[slot.columnBase + k] = (transposed.colOffsets[k] as number) + slot.columnEntryBase;
        for (let e = 0; e < transposed.sources.length; e++) {
          columns[2 * (slot.columnEntryBase + e)] = transposed.sources[e] as number;
          columns[2 * (slot.columnEntryBase + e) + 1] = slot.synapseBase + (transposed.synapseIndex[e] as number);
        }
        meanColumn = Math.max(meanColumn, csr.targets.length / Math.max(1, proj.target.size));
      }
    }
    this.#weights = buffers.upload('plasticWeights', weights);
    const rowsBuffer = buffers.upload('plasticRowOffsets', rowOffsets);
    const targetsBuffer = buffers.upload('plasticTargets', targets);

    const prelude = `${options.math === 'fast' ? fastMathWgsl : detMathWgsl}\n`;
    const groupSize = (mean: number) => Math.min(256, Math.max(32, 2 ** Math.ceil(Math.log2(mean))));
    const layoutOf = (label: string, kinds: Array<'uniform' | 'storage' | 'read-only-storage'>) =>
      device.createBindGroupLayout({
        label,
        entries: kinds.map((type, binding) => ({
          binding,
          visibility: GPUShaderStage.COMPUTE,
          buffer: type === 'uniform' ? { type, hasDynamicOffset: true, minBindingSize: 32 } : { type },
        })),
      });
    const entries = (list: GPUBuffer[]): GPUBindGroupEntry[] =>
      list.map((buffer, binding) => ({ binding, resource: binding === 0 ? { buffer, size: 32 } : { buffer } }));
    const pipeline = (label: string, layout: GPUBindGroupLayout, code: string) =>
      device.createComputePipeline({
        label,
        layout: device.createPipelineLayout({ bindGroupLayouts: [layout] }),
        compute: { module: device.createShaderModule({ label, code: prelude + code }), entryPoint: 'main' },
      });

    const rowsLayout = layoutOf('plastic rows', [
      'uniform',
      'read-only-storage',
      'read-only-storage',
      'read-only-storage',
      'read-only-storage',
      'storage',
      'storage',
      'read-only-storage',
    ]);
    this.#rows = {
      pipeline: pipeline('plastic rows', rowsLayout, generatePlasticRowsWgsl(plan, this.slots, groupSize(meanRow))),
      bindGroup: device.createBindGroup({
        layout: rowsLayout,
        entries: entries([shared.stepInfo, shared.spikeCounts, shared.spikeIds, rowsBuffer, targetsBuffer, this.#weights, shared.inputRing, this.state]),
      }),
      groups: this.slots.reduce((n, s) => n + s.groups, 0),
    };
    if (columnEntries > 0) {
      const columnsLayout = layoutOf('plastic columns', [
        'uniform',
        'read-only-storage',
        'read-only-storage',
        'read-only-storage',
        'read-only-storage',
        'storage',
        'read-only-storage',
      ]);
      const colOffsetsBuffer = buffers.upload('plasticColumnOffsets', colOffsets);
      const columnsBuffer = buffers.upload('plasticColumns', columns);
      this.#columns = {
        pipeline: pipeline('plastic columns', columnsLayout, generatePlasticColumnsWgsl(plan, this.slots, groupSize(meanColumn))),
        bindGroup: device.createBindGroup({
          layout: columnsLayout,
          entries: entries([shared.stepInfo, shared.spikeCounts, shared.spikeIds, colOffsetsBuffer, columnsBuffer, this.#weights, this.state]),
        }),
        groups: this.slots.reduce((n, s) => n + s.columnGroups, 0),
      };
    } else this.#columns = null;

    // Synaptic scaling: its own column index (entries hold the synapse's index in the weight array).
    const scaled = this.slots.filter((slot) => slot.projection.plasticity?.scalingColumns);
    if (scaled.length > 0) {
      const scaleOffsets = new Uint32Array(scaled.reduce((n, slot) => n + slot.projection.target.size + 1, 0));
      const scaleSynapses = new Uint32Array(
        Math.max(
          1,
          scaled.reduce((n, slot) => n + slot.projection.csr.targets.length, 0),
        ),
      );
      const bases: number[] = [];
      let columnBase = 0;
      let entryBase = 0;
      for (const slot of scaled) {
        const transposed = slot.projection.plasticity?.scalingColumns as NonNullable<
          NonNullable<PlasticProjectionSlot['projection']['plasticity']>['scalingColumns']
        >;
        bases.push(columnBase);
        for (let k = 0; k <= slot.projection.target.size; k++) scaleOffsets[columnBase + k] = (transposed.colOffsets[k] as number) + entryBase;
        for (let e = 0; e < transposed.synapseIndex.length; e++) scaleSynapses[entryBase + e] = slot.synapseBase + (transposed.synapseIndex[e] as number);
        columnBase += slot.projection.target.size + 1;
        entryBase += transposed.synapseIndex.length;
      }
      const scaleLayout = layoutOf('synaptic scaling', [
        'uniform',
        'read-only-storage',
        'read-only-storage',
        'storage',
        'read-only-storage',
        'read-only-storage',
      ]);
      const bindGroup = device.createBindGroup({
        layout: scaleLayout,
        entries: entries([
          shared.stepInfo,
          buffers.upload('scalingColumnOffsets', scaleOffsets),
          buffers.upload('scalingSynapses', scaleSynapses),
          this.#weights,
          this.state,
          shared.neuronState,
        ]),
      });
      scaled.forEach((slot, n) => {
        const proj = slot.projection;
        const groups = Math.max(1, Math.min(proj.target.size, options.grid, maxGroups));
        const size = groupSize(proj.csr.targets.length / Math.max(1, proj.target.size));
        const code = generateScalingWgsl(plan, proj, shared.layouts, { columnBase: bases[n] as number, groups }, size);
        this.#scalings.push({
          pipeline: pipeline(`synaptic scaling ${proj.name}`, scaleLayout, code),
          bindGroup,
          groups,
          interval: scalingIntervalSteps(proj, plan.dt),
        });
      });
    }
  }

  /** Adds the step's row pass and (when a rule acts at postsynaptic spikes) column pass, after the update. */
  encode(pass: GPUComputePassEncoder, stepInfoOffset: number[], step: number): void {
    pass.setPipeline(this.#rows.pipeline);
    pass.setBindGroup(0, this.#rows.bindGroup, stepInfoOffset);
    pass.dispatchWorkgroups(this.#rows.groups);
    if (this.#columns) {
      pass.setPipeline(this.#columns.pipeline);
      pass.setBindGroup(0, this.#columns.bindGroup, stepInfoOffset);
      pass.dispatchWorkgroups(this.#columns.groups);
    }
    for (const scaling of this.#scalings) {
      if (!isScalingStep(scaling.interval, step)) continue;
      pass.setPipeline(scaling.pipeline);
      pass.setBindGroup(0, scaling.bindGroup, stepInfoOffset);
      pass.dispatchWorkgroups(scaling.groups);
    }
  }

  /** Reads one projection's saved state (`weights` and per-neuron arrays) with `read(buffer, byteOffset, byteLength)`. */
  async readProjection(
    plan: NetworkPlan,
    projection: number,
    read: (buffer: GPUBuffer, offset: number, size: number) => Promise<ArrayBuffer>,
  ): Promise<Record<string, Float32Array>> {
    const saved = savedProjectionArrays(plan).get(projection);
    const slot = this.slots.find((s) => s.projection.index === projection);
    if (!saved || !slot) return {};
    const arrays: Record<string, Float32Array> = {};
    const count = slot.projection.csr.targets.length;
    if (saved.hasWeights) arrays.weights = new Float32Array(await read(this.#weights, slot.synapseBase * 4, count * 4));
    for (const a of saved.arrays) arrays[a.name] = new Float32Array(await read(this.state, a.offset * 4, a.length * 4));
    return arrays;
  }

  /** Writes every plastic projection's saved state from a snapshot (already checked against the plan). */
  restore(plan: NetworkPlan, queue: GPUQueue, projections: Record<string, Record<string, Float32Array>>): void {
    for (const [index, { hasWeights, arrays }] of savedProjectionArrays(plan)) {
      const slot = this.slots.find((s) => s.projection.index === index) as PlasticProjectionSlot;
      const stored = projections[slot.projection.name] as Record<string, Float32Array>;
      const write = (buffer: GPUBuffer, offset: number, data: Float32Array) =>
        queue.writeBuffer(buffer, offset * 4, data.buffer, data.byteOffset, data.byteLength);
      if (hasWeights) write(this.#weights, slot.synapseBase, stored.weights as Float32Array);
      for (const a of arrays) write(this.state, a.offset, stored[a.name] as Float32Array);
    }
  }
}
