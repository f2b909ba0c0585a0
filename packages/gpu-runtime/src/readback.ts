import { invalid } from '@spikegpu/core';
import type { GpuContext } from './acquire-gpu.js';

/** Staging buffers kept for reuse, per device and per power-of-two size. */
const stagingByDevice = new WeakMap<GPUDevice, Map<number, GPUBuffer[]>>();
/** Free staging buffers kept per size class; more are destroyed after use. */
const MAX_FREE_PER_SIZE = 4;

function stagingSizeClass(byteLength: number): number {
  return Math.max(256, 2 ** Math.ceil(Math.log2(byteLength)));
}

function takeStaging(device: GPUDevice, byteLength: number): GPUBuffer {
  const size = stagingSizeClass(byteLength);
  const free = stagingByDevice.get(device)?.get(size);
  return free?.pop() ?? device.createBuffer({ label: `readback-staging:${size}`, size, usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST });
}

function returnStaging(device: GPUDevice, buffer: GPUBuffer): void {
  let bySize = stagingByDevice.get(device);
  if (!bySize) {
    bySize = new Map();
    stagingByDevice.set(device, bySize);
  }
  const list = bySize.get(buffer.size) ?? [];
  if (list.length >= MAX_FREE_PER_SIZE) {
    buffer.destroy();
    return;
  }
  list.push(buffer);
  bySize.set(buffer.size, list);
}

/** Checks an (offset, size) range of a buffer for a copy: multiples of 4 inside the buffer. */
export function assertCopyRange(buffer: GPUBuffer, offset: number, size: number): void {
  if (!Number.isInteger(offset) || offset < 0 || offset % 4 !== 0) invalidRange('offset', 'a non-negative multiple of 4', offset);
  if (!Number.isInteger(size) || size < 0 || size % 4 !== 0) invalidRange('size', 'a non-negative multiple of 4', size);
  if (offset + size > buffer.size) invalidRange('size', `at most ${buffer.size - offset} (the buffer holds ${buffer.size} bytes)`, size);
  if ((buffer.usage & GPUBufferUsage.COPY_SRC) === 0) {
    throw invalid('buffer', 'a buffer with COPY_SRC usage', buffer.label || 'buffer without COPY_SRC', 'add GPUBufferUsage.COPY_SRC when creating it');
  }
}

function invalidRange(path: string, expected: string, received: number): never {
  throw invalid(path, expected, received);
}

/**
 * Copies `size` bytes of `buffer` from `offset` into a staging buffer, waits for the GPU and returns
 * them. Staging buffers are reused between calls. The buffer needs `COPY_SRC` usage.
 * @example
 * const voltages = new Float32Array(await readBuffer(gpu, stateBuffer));
 */
export async function readBuffer(gpu: GpuContext, buffer: GPUBuffer, offset = 0, size = buffer.size - offset): Promise<ArrayBuffer> {
  assertCopyRange(buffer, offset, size);
  if (size === 0) return new ArrayBuffer(0);
  const device = gpu.device;
  const staging = takeStaging(device, size);
  const encoder = device.createCommandEncoder({ label: 'readBuffer' });
  encoder.copyBufferToBuffer(buffer, offset, staging, 0, size);
  device.queue.submit([encoder.finish()]);
  try {
    await staging.mapAsync(GPUMapMode.READ, 0, size);
  } catch (error) {
    staging.destroy();
    throw error;
  }
  const data = staging.getMappedRange(0, size).slice(0);
  staging.unmap();
  returnStaging(device, staging);
  return data;
}
