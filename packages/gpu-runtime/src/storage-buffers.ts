import { CapacityError, invalid } from '@spikegpu/core';
import type { GpuContext } from './acquire-gpu.js';

/** Options of {@link createStorageBuffer} and {@link createSplitStorageBuffers}. */
export interface StorageBufferOptions {
  label?: string;
  /** Usage flags added to the default `STORAGE | COPY_SRC | COPY_DST`. */
  usage?: GPUBufferUsageFlags;
}

/** Bytes of `data`, or `data` itself when it is a length. */
function byteLengthOf(data: ArrayBufferView | number): number {
  return typeof data === 'number' ? data : data.byteLength;
}

/** Rounds a byte length up to WebGPU's 4-byte granularity (and to at least 4). */
export function alignTo4(byteLength: number): number {
  return Math.max(4, Math.ceil(byteLength / 4) * 4);
}

function formatBytes(bytes: number): string {
  if (bytes >= 2 ** 30) return `${(bytes / 2 ** 30).toFixed(2)} GiB`;
  if (bytes >= 2 ** 20) return `${(bytes / 2 ** 20).toFixed(1)} MiB`;
  return `${bytes} B`;
}

/**
 * Throws a `CapacityError` naming both numbers when `byteLength` exceeds the device's
 * `maxStorageBufferBindingSize` or `maxBufferSize`.
 */
export function assertStorageBufferFits(gpu: GpuContext, byteLength: number, what = 'storage buffer'): void {
  const bindingLimit = gpu.limits.maxStorageBufferBindingSize ?? Number.POSITIVE_INFINITY;
  const bufferLimit = gpu.limits.maxBufferSize ?? Number.POSITIVE_INFINITY;
  const limit = Math.min(bindingLimit, bufferLimit);
  if (byteLength > limit) {
    const which = bindingLimit <= bufferLimit ? 'maxStorageBufferBindingSize' : 'maxBufferSize';
    throw new CapacityError(`${what} of ${byteLength} bytes (${formatBytes(byteLength)}) exceeds the device's ${which}`, {
      code: 'buffer-too-large',
      expected: `at most ${limit} bytes (${formatBytes(limit)})`,
      received: byteLength,
      hint: 'split the array with createSplitStorageBuffers / planBufferSplit, or use a device with larger limits',
    });
  }
}

/**
 * Creates a storage buffer holding `data` (or `data` zero bytes when it is a number), uploaded at
 * creation. Usage is `STORAGE | COPY_SRC | COPY_DST` plus `options.usage`. Throws a `CapacityError`
 * with the numbers when the array is larger than one binding may be.
 * @example
 * const voltages = createStorageBuffer(gpu, new Float32Array([-65, -65, -70]), { label: 'v' });
 */
export function createStorageBuffer(gpu: GpuContext, data: ArrayBufferView | number, options: StorageBufferOptions = {}): GPUBuffer {
  const byteLength = byteLengthOf(data);
  if (!Number.isInteger(byteLength) || byteLength < 0) throw invalid('data', 'a typed array or a non-negative integer byte length', data);
  assertStorageBufferFits(gpu, alignTo4(byteLength), options.label ? `storage buffer '${options.label}'` : 'storage buffer');
  const isUpload = typeof data !== 'number' && byteLength > 0;
  const buffer = gpu.device.createBuffer({
    label: options.label,
    size: alignTo4(byteLength),
    usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST | (options.usage ?? 0),
    mappedAtCreation: isUpload,
  });
  if (isUpload) {
    const view = data as ArrayBufferView;
    new Uint8Array(buffer.getMappedRange(0, alignTo4(byteLength))).set(new Uint8Array(view.buffer, view.byteOffset, byteLength));
    buffer.unmap();
  }
  return buffer;
}

/**
 * Creates a uniform buffer holding `data` (`UNIFORM | COPY_DST`), padded to 16 bytes.
 * @example
 * const params = createUniformBuffer(gpu, new Uint32Array([0, count, 0, 0])); // zero, count, …
 */
export function createUniformBuffer(gpu: GpuContext, data: ArrayBufferView, label?: string): GPUBuffer {
  const size = Math.max(16, Math.ceil(data.byteLength / 16) * 16);
  const buffer = gpu.device.createBuffer({ label, size, usage: GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST, mappedAtCreation: true });
  new Uint8Array(buffer.getMappedRange()).set(new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
  buffer.unmap();
  return buffer;
}

/** One piece of an array split across several buffers by {@link planBufferSplit}. */
export interface BufferChunk {
  /** Position of the piece among the buffers. */
  index: number;
  /** Where the piece starts in the whole array, in bytes. */
  byteOffset: number;
  byteLength: number;
  /** Where the piece starts in the whole array, in elements. */
  firstElement: number;
  elementCount: number;
}

/**
 * Splits an array of `byteLength` bytes into pieces of at most `maxChunkBytes`, each a whole number
 * of `elementBytes`-sized elements and of 256-byte blocks (except the last), so each piece can be a
 * buffer of its own or a binding at an aligned offset. Element `i` lives in the piece with
 * `firstElement <= i < firstElement + elementCount`.
 * @example planBufferSplit(10_000, 4, 4096).map((c) => c.elementCount) // [1024, 1024, 452]
 */
export function planBufferSplit(byteLength: number, elementBytes: number, maxChunkBytes: number): BufferChunk[] {
  if (!Number.isInteger(elementBytes) || elementBytes <= 0) throw invalid('elementBytes', 'a positive integer', elementBytes);
  if (!Number.isInteger(byteLength) || byteLength < 0 || byteLength % elementBytes !== 0) {
    throw invalid('byteLength', `a non-negative multiple of elementBytes (${elementBytes})`, byteLength);
  }
  // Each piece: a multiple of both the element size and the 256-byte offset alignment.
  const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));
  const unit = (elementBytes * 256) / gcd(elementBytes, 256);
  const chunkBytes = Math.floor(maxChunkBytes / unit) * unit;
  if (chunkBytes <= 0) throw invalid('maxChunkBytes', `at least ${unit} bytes (one element and 256-byte alignment)`, maxChunkBytes);
  const chunks: BufferChunk[] = [];
  for (let offset = 0, index = 0; offset < byteLength; offset += chunkBytes, index++) {
    const length = Math.min(chunkBytes, byteLength - offset);
    chunks.push({ index, byteOffset: offset, byteLength: length, firstElement: offset / elementBytes, elementCount: length / elementBytes });
  }
  return chunks;
}

/** The buffers and their layout made by {@link createSplitStorageBuffers}. */
export interface SplitStorageBuffers {
  buffers: GPUBuffer[];
  chunks: BufferChunk[];
}

/**
 * Uploads an array that may exceed `maxStorageBufferBindingSize` into as many storage buffers as it
 * needs (see {@link planBufferSplit}). `maxChunkBytes` defaults to the device's binding limit.
 * @example
 * const { buffers, chunks } = createSplitStorageBuffers(gpu, synapseTargets);
 */
export function createSplitStorageBuffers(
  gpu: GpuContext,
  data: ArrayBufferView,
  options: StorageBufferOptions & { maxChunkBytes?: number } = {},
): SplitStorageBuffers {
  const elementBytes = (data as ArrayBufferView & { BYTES_PER_ELEMENT?: number }).BYTES_PER_ELEMENT ?? 1;
  const limit = Math.min(gpu.limits.maxStorageBufferBindingSize ?? 2 ** 27, gpu.limits.maxBufferSize ?? 2 ** 28);
  const chunks = planBufferSplit(data.byteLength, elementBytes, Math.min(options.maxChunkBytes ?? limit, limit));
  const buffers = chunks.map((chunk) =>
    createStorageBuffer(gpu, new Uint8Array(data.buffer, data.byteOffset + chunk.byteOffset, chunk.byteLength), {
      ...options,
      label: `${options.label ?? 'split'}[${chunk.index}]`,
    }),
  );
  return { buffers, chunks };
}
