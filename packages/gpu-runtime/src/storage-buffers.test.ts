import { CapacityError, ValidationError } from '@spikegpu/core';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { readBuffer } from './readback.js';
import { createSplitStorageBuffers, createStorageBuffer, createUniformBuffer, planBufferSplit } from './storage-buffers.js';
import { acquireTestGpu, NO_GPU } from './test-support.js';

const gpu = await acquireTestGpu();

describe('planBufferSplit', () => {
  it('cuts an array into aligned pieces of whole elements that cover it exactly', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 100_000 }),
        fc.constantFrom(1, 2, 4, 8, 12),
        fc.integer({ min: 3072, max: 50_000 }),
        (elements, elementBytes, maxChunkBytes) => {
          const chunks = planBufferSplit(elements * elementBytes, elementBytes, maxChunkBytes);
          let next = 0;
          for (const [index, chunk] of chunks.entries()) {
            expect(chunk.index).toBe(index);
            expect(chunk.byteOffset).toBe(next * elementBytes);
            expect(chunk.firstElement).toBe(next);
            expect(chunk.byteLength).toBe(chunk.elementCount * elementBytes);
            expect(chunk.byteLength).toBeLessThanOrEqual(maxChunkBytes);
            expect(chunk.byteOffset % 256).toBe(0);
            next += chunk.elementCount;
          }
          expect(next).toBe(elements);
        },
      ),
    );
  });

  it('rejects a length that is not whole elements', () => {
    expect(() => planBufferSplit(10, 4, 4096)).toThrow(ValidationError);
    expect(() => planBufferSplit(16, 4, 100)).toThrow(/maxChunkBytes/);
  });
});

describe.skipIf(!gpu)('storage buffers (WebGPU)', () => {
  afterAll(() => gpu?.destroy());

  it('round-trips typed arrays through the GPU', async () => {
    const values = new Float32Array([-65, -70.5, 1e-3, Number.POSITIVE_INFINITY, -0]);
    const buffer = createStorageBuffer(gpu!, values, { label: 'v' });
    expect(new Float32Array(await readBuffer(gpu!, buffer))).toEqual(values);
    const ids = new Uint32Array(100_000).map((_, i) => (i * 2654435761) >>> 0);
    const idBuffer = createStorageBuffer(gpu!, ids);
    expect(new Uint32Array(await readBuffer(gpu!, idBuffer))).toEqual(ids);
    // A sub-range, and an odd-sized byte array padded to 4 bytes.
    expect(new Uint32Array(await readBuffer(gpu!, idBuffer, 400, 40))).toEqual(ids.subarray(100, 110));
    const bytes = createStorageBuffer(gpu!, new Uint8Array([1, 2, 3, 4, 5]));
    expect(bytes.size).toBe(8);
    expect(Array.from(new Uint8Array(await readBuffer(gpu!, bytes)))).toEqual([1, 2, 3, 4, 5, 0, 0, 0]);
    for (const b of [buffer, idBuffer, bytes]) b.destroy();
  });

  it('refuses an array larger than one binding may be, with the numbers', () => {
    const limit = gpu!.limits.maxStorageBufferBindingSize!;
    let error: unknown;
    try {
      createStorageBuffer(gpu!, limit + 4, { label: 'weights' });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(CapacityError);
    expect((error as CapacityError).message).toContain(String(limit + 4));
    expect((error as CapacityError).message).toContain(String(limit));
    expect((error as CapacityError).message).toContain("'weights'");
  });

  it('splits an array across buffers and keeps every element', async () => {
    const data = new Float32Array(10_000).map((_, i) => i * 0.5);
    const { buffers, chunks } = createSplitStorageBuffers(gpu!, data, { maxChunkBytes: 16_384, label: 'w' });
    expect(buffers.length).toBe(3);
    const joined = new Float32Array(data.length);
    for (const [i, chunk] of chunks.entries()) {
      joined.set(new Float32Array(await readBuffer(gpu!, buffers[i]!)), chunk.firstElement);
    }
    expect(joined).toEqual(data);
    for (const b of buffers) b.destroy();
  });

  it('pads uniform buffers to 16 bytes', async () => {
    const uniform = createUniformBuffer(gpu!, new Uint32Array([0, 5]));
    expect(uniform.size).toBe(16);
    uniform.destroy();
  });

  it('rejects a readback range that is not 4-byte aligned or runs past the buffer', async () => {
    const buffer = createStorageBuffer(gpu!, new Uint32Array(4));
    await expect(readBuffer(gpu!, buffer, 2, 4)).rejects.toThrow(ValidationError);
    await expect(readBuffer(gpu!, buffer, 0, 32)).rejects.toThrow(/at most 16/);
    buffer.destroy();
  });
});

if (!gpu) it.skip(`storage buffers: ${NO_GPU}`, () => {});
