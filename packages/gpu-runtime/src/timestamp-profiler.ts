import { CapacityError, invalid } from '@spikegpu/core';
import type { GpuContext } from './acquire-gpu.js';

/** Accumulated GPU time of one named phase. */
export interface PhaseTiming {
  phase: string;
  /** Sum of (end − begin) timestamps of every pass of the phase, in nanoseconds. */
  totalNs: number;
  passCount: number;
  meanNs: number;
}

/** Options of a {@link TimestampProfiler}. */
export interface TimestampProfilerOptions {
  /** Passes that can be timed between two `resolve()` calls (at most 2048). Default 512. */
  maxPassesPerResolve?: number;
}

interface Batch {
  phases: string[];
  staging: GPUBuffer;
  state: 'encoded' | 'mapping';
  mapped?: Promise<void>;
}

/**
 * Per-phase GPU time from `timestamp-query`: each timed compute pass gets a begin and an end
 * timestamp (`timestampWrites`), many passes per submit; `resolve(encoder)` resolves them into a
 * buffer and copies it to a staging buffer, which is read asynchronously after the submit.
 *
 * Without `timestamp-query` (`isAvailable` false, `unavailableReason` says why) the profiler is a
 * no-op: `passDescriptor` returns the plain descriptor and `phases()` is empty; time the work on the
 * host around `device.queue.onSubmittedWorkDone()` instead.
 *
 * Timestamps of some implementations are quantised (Dawn rounds them unless its
 * `timestamp_quantization` toggle is off), so single short passes may read as 0 ns; totals over many
 * passes are still meaningful.
 * @example
 * const profiler = new TimestampProfiler(gpu);
 * const encoder = gpu.device.createCommandEncoder();
 * const pass = encoder.beginComputePass(profiler.passDescriptor('update'));
 * // … dispatch …
 * pass.end();
 * profiler.resolve(encoder);
 * gpu.device.queue.submit([encoder.finish()]);
 * profiler.submitted();
 * await profiler.flush();
 * console.log(profiler.phases()); // [{ phase: 'update', totalNs, passCount: 1, meanNs }]
 */
export class TimestampProfiler {
  /** True when passes are timed on the GPU. */
  readonly isAvailable: boolean;
  /** Why timing is unavailable, when it is. */
  readonly unavailableReason: string | undefined;
  private readonly gpu: GpuContext;
  private readonly maxPasses: number;
  private readonly querySet: GPUQuerySet | undefined;
  private readonly resolveBuffer: GPUBuffer | undefined;
  private readonly freeStaging: GPUBuffer[] = [];
  private readonly batches: Batch[] = [];
  private openPhases: string[] = [];
  private readonly totals = new Map<string, { totalNs: number; passCount: number }>();

  constructor(gpu: GpuContext, options: TimestampProfilerOptions = {}) {
    const maxPasses = options.maxPassesPerResolve ?? 512;
    if (!Number.isInteger(maxPasses) || maxPasses < 1 || maxPasses > 2048) {
      throw invalid('maxPassesPerResolve', 'an integer in [1, 2048]', maxPasses);
    }
    this.gpu = gpu;
    this.maxPasses = maxPasses;
    this.isAvailable = gpu.hasTimestampQuery;
    if (!this.isAvailable) {
      this.unavailableReason = "the device has no 'timestamp-query' feature";
      return;
    }
    this.querySet = gpu.device.createQuerySet({ label: 'timestamp-profiler', type: 'timestamp', count: 2 * maxPasses });
    this.resolveBuffer = gpu.device.createBuffer({
      label: 'timestamp-profiler:resolve',
      size: 16 * maxPasses,
      usage: GPUBufferUsage.QUERY_RESOLVE | GPUBufferUsage.COPY_SRC,
    });
  }

  /**
   * A compute pass descriptor whose pass is timed under `phase` (when available), built on `descriptor`.
   * Throws a `CapacityError` after `maxPassesPerResolve` passes without a `resolve()`.
   */
  passDescriptor(phase: string, descriptor: GPUComputePassDescriptor = {}): GPUComputePassDescriptor {
    if (!this.querySet) return { label: phase, ...descriptor };
    if (this.openPhases.length >= this.maxPasses) {
      throw new CapacityError(`more than ${this.maxPasses} timed passes before resolve()`, {
        code: 'too-many-timed-passes',
        hint: 'call profiler.resolve(encoder) once per command encoder, or raise maxPassesPerResolve',
      });
    }
    const slot = this.openPhases.length;
    this.openPhases.push(phase);
    return {
      label: phase,
      ...descriptor,
      timestampWrites: { querySet: this.querySet, beginningOfPassWriteIndex: 2 * slot, endOfPassWriteIndex: 2 * slot + 1 },
    };
  }

  /** Resolves the timestamps of the passes described since the last call, on `encoder` (encoded after those passes). */
  resolve(encoder: GPUCommandEncoder): void {
    if (!this.querySet || !this.resolveBuffer || this.openPhases.length === 0) return;
    const count = 2 * this.openPhases.length;
    const staging =
      this.freeStaging.pop() ??
      this.gpu.device.createBuffer({
        label: 'timestamp-profiler:staging',
        size: 16 * this.maxPasses,
        usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST,
      });
    encoder.resolveQuerySet(this.querySet, 0, count, this.resolveBuffer, 0);
    encoder.copyBufferToBuffer(this.resolveBuffer, 0, staging, 0, 8 * count);
    this.batches.push({ phases: this.openPhases, staging, state: 'encoded' });
    this.openPhases = [];
  }

  /** Starts reading the resolved timestamps; call after the `queue.submit` that holds the `resolve()`. */
  submitted(): void {
    for (const batch of this.batches) {
      if (batch.state !== 'encoded') continue;
      batch.state = 'mapping';
      batch.mapped = batch.staging.mapAsync(GPUMapMode.READ, 0, 16 * batch.phases.length);
    }
  }

  /**
   * Waits for every submitted batch and adds its pass times to the per-phase totals; with `keep`, all
   * but the last `keep` resolved batches, so that a caller with work still running on the device reads
   * what is done without waiting for the rest.
   */
  async flush(keep = 0): Promise<void> {
    this.submitted();
    while (this.batches.length > keep) {
      const batch = this.batches.shift() as Batch;
      await batch.mapped;
      const stamps = new BigUint64Array(batch.staging.getMappedRange(0, 16 * batch.phases.length));
      batch.phases.forEach((phase, i) => {
        const begin = stamps[2 * i] as bigint;
        const end = stamps[2 * i + 1] as bigint;
        // Some GPUs' clocks are not monotonic across passes; a negative span counts as 0.
        const spanNs = end > begin ? Number(end - begin) : 0;
        const total = this.totals.get(phase) ?? { totalNs: 0, passCount: 0 };
        total.totalNs += spanNs;
        total.passCount += 1;
        this.totals.set(phase, total);
      });
      batch.staging.unmap();
      this.freeStaging.push(batch.staging);
    }
  }

  /** Accumulated time per phase, in the order phases were first seen. Empty when unavailable. */
  phases(): PhaseTiming[] {
    return [...this.totals].map(([phase, { totalNs, passCount }]) => ({ phase, totalNs, passCount, meanNs: passCount ? totalNs / passCount : 0 }));
  }

  /** Clears the accumulated totals (pending batches still count when flushed). */
  reset(): void {
    this.totals.clear();
  }

  /** Destroys the query set and buffers. */
  destroy(): void {
    this.querySet?.destroy();
    this.resolveBuffer?.destroy();
    for (const buffer of this.freeStaging) buffer.destroy();
    for (const batch of this.batches) batch.staging.destroy();
    this.freeStaging.length = 0;
    this.batches.length = 0;
  }
}
