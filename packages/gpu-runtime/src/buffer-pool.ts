import { CapacityError, ValidationError } from '@spikegpu/core';
import type { GpuContext } from './acquire-gpu.js';

/** Counters of a {@link BufferPool}. */
export interface BufferPoolStats {
  /** Bytes of every buffer the pool holds (in use or free). */
  bytesAllocated: number;
  /** Bytes of the buffers handed out and not yet released. */
  bytesInUse: number;
  buffersAllocated: number;
  buffersInUse: number;
  /** How many `acquire` calls were served by a released buffer instead of a new one. */
  reuseCount: number;
}

/** Pool sizes are rounded up to this many bytes, so buffers of nearly equal size are shared. */
const SIZE_GRANULE = 256;

/**
 * Buffers by size and usage, reused after release instead of created again, with counters of bytes
 * allocated and in use (the pattern of tfjs's buffer manager).
 * @example
 * const pool = new BufferPool(gpu);
 * const scratch = pool.acquire(4096, GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC);
 * // … use it …
 * pool.release(scratch);
 * console.log(pool.stats.bytesInUse); // 0
 */
export class BufferPool {
  private readonly gpu: GpuContext;
  private readonly label: string;
  private readonly free = new Map<string, GPUBuffer[]>();
  private readonly inUse = new Set<GPUBuffer>();
  private readonly owned = new Set<GPUBuffer>();
  private counters: BufferPoolStats = { bytesAllocated: 0, bytesInUse: 0, buffersAllocated: 0, buffersInUse: 0, reuseCount: 0 };

  constructor(gpu: GpuContext, label = 'pool') {
    this.gpu = gpu;
    this.label = label;
  }

  /** A buffer of at least `byteLength` bytes with exactly `usage`; reused when one was released. */
  acquire(byteLength: number, usage: GPUBufferUsageFlags, label?: string): GPUBuffer {
    const size = Math.max(SIZE_GRANULE, Math.ceil(byteLength / SIZE_GRANULE) * SIZE_GRANULE);
    const limit = this.gpu.limits.maxBufferSize ?? Number.POSITIVE_INFINITY;
    if (size > limit) {
      throw new CapacityError(`buffer of ${byteLength} bytes exceeds the device's maxBufferSize`, {
        code: 'buffer-too-large',
        expected: `at most ${limit} bytes`,
        received: byteLength,
        hint: 'split the data across several buffers',
      });
    }
    const key = `${usage}:${size}`;
    let buffer = this.free.get(key)?.pop();
    if (buffer) {
      this.counters.reuseCount++;
    } else {
      buffer = this.gpu.device.createBuffer({ label: label ?? `${this.label}:${size}`, size, usage });
      this.owned.add(buffer);
      this.counters.bytesAllocated += size;
      this.counters.buffersAllocated++;
    }
    this.inUse.add(buffer);
    this.counters.bytesInUse += size;
    this.counters.buffersInUse++;
    return buffer;
  }

  /** {@link acquire} plus an upload of `data` (`COPY_DST` is added to `usage`). */
  acquireWith(data: ArrayBufferView, usage: GPUBufferUsageFlags, label?: string): GPUBuffer {
    const buffer = this.acquire(data.byteLength, usage | GPUBufferUsage.COPY_DST, label);
    const padded = Math.ceil(data.byteLength / 4) * 4;
    if (padded === data.byteLength) this.gpu.device.queue.writeBuffer(buffer, 0, data.buffer, data.byteOffset, data.byteLength);
    else {
      const copy = new Uint8Array(padded);
      copy.set(new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
      this.gpu.device.queue.writeBuffer(buffer, 0, copy);
    }
    return buffer;
  }

  /** Gives a buffer back for reuse. Its contents are kept (not cleared). */
  release(buffer: GPUBuffer): void {
    if (!this.inUse.delete(buffer)) {
      throw new ValidationError('buffer is not in use from this pool', {
        code: 'not-pooled',
        path: 'buffer',
        hint: 'release each buffer once, to the pool that gave it',
      });
    }
    this.counters.bytesInUse -= buffer.size;
    this.counters.buffersInUse--;
    const key = `${buffer.usage}:${buffer.size}`;
    const list = this.free.get(key);
    if (list) list.push(buffer);
    else this.free.set(key, [buffer]);
  }

  /** The pool's counters (a copy). */
  get stats(): BufferPoolStats {
    return { ...this.counters };
  }

  /** Destroys the free buffers; returns the bytes given back. */
  trim(): number {
    let freed = 0;
    for (const list of this.free.values()) {
      for (const buffer of list) {
        freed += buffer.size;
        this.owned.delete(buffer);
        buffer.destroy();
      }
    }
    this.free.clear();
    this.counters.bytesAllocated -= freed;
    this.counters.buffersAllocated = this.owned.size;
    return freed;
  }

  /** Destroys every buffer of the pool, in use or not. */
  destroy(): void {
    for (const buffer of this.owned) buffer.destroy();
    this.owned.clear();
    this.inUse.clear();
    this.free.clear();
    this.counters = { bytesAllocated: 0, bytesInUse: 0, buffersAllocated: 0, buffersInUse: 0, reuseCount: this.counters.reuseCount };
  }
}
