import { CapacityError, invalid, ValidationError } from '@spikegpu/core';
import type { GpuContext } from './acquire-gpu.js';
import { assertCopyRange } from './readback.js';

/** Options of a {@link ReadbackRing}. */
export interface ReadbackRingOptions {
  /** Bytes one slot can hold (a multiple of 4). */
  slotByteLength: number;
  /** Number of staging buffers; 2 gives double buffering. Default 2. */
  slots?: number;
  label?: string;
}

/** Data read back by a {@link ReadbackRing}, with the tag it was enqueued with. */
export interface ReadbackResult<T> {
  data: ArrayBuffer;
  tag: T;
}

type SlotState = 'free' | 'encoded' | 'mapping';

interface Slot<T> {
  buffer: GPUBuffer;
  state: SlotState;
  byteLength: number;
  tag: T | undefined;
  mapped: Promise<void> | undefined;
}

/**
 * Asynchronous readback through a ring of staging buffers: while the host waits for one slot to map,
 * the GPU copies into the next, so reading back never stalls the stream of submits (the
 * double-buffered `mapAsync` of webgpu-samples).
 *
 * Per chunk of work: encode the work, `enqueueCopy(encoder, …)`, `queue.submit`, then `submitted()`
 * (which starts mapping); read results in order with `readOldest()`. When no slot is free,
 * `readOldest()` first.
 * @example
 * const ring = new ReadbackRing<number>(gpu, { slotByteLength: 4096 });
 * const encoder = gpu.device.createCommandEncoder();
 * // … encode 100 steps …
 * ring.enqueueCopy(encoder, spikeBuffer, 0, 4096, firstStep);
 * gpu.device.queue.submit([encoder.finish()]);
 * ring.submitted();
 * const { data, tag } = (await ring.readOldest())!;
 */
export class ReadbackRing<T = undefined> {
  private readonly slots: Slot<T>[];
  /** Indices of slots in the order their copies were enqueued. */
  private readonly order: number[] = [];
  readonly slotByteLength: number;

  constructor(gpu: GpuContext, options: ReadbackRingOptions) {
    const { slotByteLength, slots = 2, label = 'readback-ring' } = options;
    if (!Number.isInteger(slotByteLength) || slotByteLength <= 0 || slotByteLength % 4 !== 0) {
      throw invalid('slotByteLength', 'a positive multiple of 4', slotByteLength);
    }
    if (!Number.isInteger(slots) || slots < 1) throw invalid('slots', 'a positive integer', slots);
    this.slotByteLength = slotByteLength;
    this.slots = Array.from({ length: slots }, (_, i) => ({
      buffer: gpu.device.createBuffer({ label: `${label}[${i}]`, size: slotByteLength, usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST }),
      state: 'free' as SlotState,
      byteLength: 0,
      tag: undefined,
      mapped: undefined,
    }));
  }

  /** Slots that can take a copy now. */
  get freeSlots(): number {
    return this.slots.filter((slot) => slot.state === 'free').length;
  }

  /** Copies enqueued and not yet read. */
  get pendingCount(): number {
    return this.order.length;
  }

  /**
   * Records a copy of `byteLength` bytes of `source` (from `sourceOffset`) into a free slot. Throws a
   * `CapacityError` when every slot is taken: read the oldest first.
   */
  enqueueCopy(encoder: GPUCommandEncoder, source: GPUBuffer, sourceOffset: number, byteLength: number, tag: T): void {
    assertCopyRange(source, sourceOffset, byteLength);
    if (byteLength > this.slotByteLength) {
      throw new CapacityError('copy larger than a readback slot', {
        code: 'slot-too-small',
        path: 'byteLength',
        expected: `at most ${this.slotByteLength} bytes`,
        received: byteLength,
      });
    }
    const index = this.slots.findIndex((slot) => slot.state === 'free');
    if (index < 0) {
      throw new CapacityError('every readback slot is in use', {
        code: 'ring-full',
        hint: 'await readOldest() before enqueueing another copy, or create the ring with more slots',
      });
    }
    const slot = this.slots[index] as Slot<T>;
    if (byteLength > 0) encoder.copyBufferToBuffer(source, sourceOffset, slot.buffer, 0, byteLength);
    slot.state = 'encoded';
    slot.byteLength = byteLength;
    slot.tag = tag;
    this.order.push(index);
  }

  /** Starts mapping every copy enqueued since the last call. Call it right after `queue.submit`. */
  submitted(): void {
    for (const index of this.order) {
      const slot = this.slots[index] as Slot<T>;
      if (slot.state !== 'encoded') continue;
      slot.state = 'mapping';
      slot.mapped = slot.byteLength > 0 ? slot.buffer.mapAsync(GPUMapMode.READ, 0, slot.byteLength) : Promise.resolve();
    }
  }

  /** Waits for the oldest copy, returns its bytes and tag, and frees its slot; `undefined` when none is pending. */
  async readOldest(): Promise<ReadbackResult<T> | undefined> {
    const index = this.order[0];
    if (index === undefined) return undefined;
    const slot = this.slots[index] as Slot<T>;
    if (slot.state !== 'mapping') {
      throw new ValidationError('the oldest copy has not been submitted', {
        code: 'not-submitted',
        hint: 'call queue.submit() with the encoder, then ring.submitted(), before reading',
      });
    }
    await slot.mapped;
    const data = slot.byteLength > 0 ? slot.buffer.getMappedRange(0, slot.byteLength).slice(0) : new ArrayBuffer(0);
    if (slot.byteLength > 0) slot.buffer.unmap();
    this.order.shift();
    const tag = slot.tag as T;
    slot.state = 'free';
    slot.tag = undefined;
    slot.mapped = undefined;
    return { data, tag };
  }

  /** Reads every submitted copy, oldest first. */
  async readAll(): Promise<ReadbackResult<T>[]> {
    const results: ReadbackResult<T>[] = [];
    while (this.order.length > 0) results.push((await this.readOldest()) as ReadbackResult<T>);
    return results;
  }

  /** Destroys the staging buffers. */
  destroy(): void {
    for (const slot of this.slots) slot.buffer.destroy();
    this.order.length = 0;
  }
}
