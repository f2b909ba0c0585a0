import { CapacityError, ValidationError } from '@spikegpu/core';
import { afterAll, describe, expect, it } from 'vitest';
import { BufferPool } from './buffer-pool.js';
import { readBuffer } from './readback.js';
import { acquireTestGpu, NO_GPU } from './test-support.js';

const gpu = await acquireTestGpu();

describe.skipIf(!gpu)('BufferPool', () => {
  afterAll(() => gpu?.destroy());
  const usage = () => GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST;

  it('counts bytes allocated and in use, and reuses released buffers', () => {
    const pool = new BufferPool(gpu!);
    const a = pool.acquire(1000, usage());
    const b = pool.acquire(4096, usage());
    expect(a.size).toBe(1024); // rounded up to 256-byte granules
    expect(pool.stats).toEqual({ bytesAllocated: 1024 + 4096, bytesInUse: 1024 + 4096, buffersAllocated: 2, buffersInUse: 2, reuseCount: 0 });
    pool.release(a);
    expect(pool.stats.bytesInUse).toBe(4096);
    expect(pool.stats.bytesAllocated).toBe(1024 + 4096);
    const again = pool.acquire(1024, usage());
    expect(again).toBe(a);
    expect(pool.stats.reuseCount).toBe(1);
    // Another usage is another buffer.
    const uniform = pool.acquire(1024, GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST);
    expect(uniform).not.toBe(a);
    pool.release(again);
    pool.release(b);
    pool.release(uniform);
    expect(pool.stats).toMatchObject({ bytesInUse: 0, buffersInUse: 0, buffersAllocated: 3 });
    expect(pool.trim()).toBe(1024 + 4096 + 1024);
    expect(pool.stats).toMatchObject({ bytesAllocated: 0, buffersAllocated: 0 });
    pool.destroy();
  });

  it('uploads data into pooled buffers', async () => {
    const pool = new BufferPool(gpu!);
    const data = new Int32Array([3, -1, 4, -1, 5]);
    const buffer = pool.acquireWith(data, usage());
    expect(new Int32Array(await readBuffer(gpu!, buffer, 0, data.byteLength))).toEqual(data);
    pool.destroy();
  });

  it('rejects releasing a buffer twice or one it did not give out', () => {
    const pool = new BufferPool(gpu!);
    const buffer = pool.acquire(256, usage());
    pool.release(buffer);
    expect(() => pool.release(buffer)).toThrow(ValidationError);
    const stranger = gpu!.device.createBuffer({ size: 256, usage: usage() });
    expect(() => pool.release(stranger)).toThrow(/not in use from this pool/);
    stranger.destroy();
    pool.destroy();
  });

  it('refuses a buffer larger than maxBufferSize with the numbers', () => {
    const pool = new BufferPool(gpu!);
    expect(() => pool.acquire(gpu!.limits.maxBufferSize! + 1, usage())).toThrow(CapacityError);
    pool.destroy();
  });
});

if (!gpu) it.skip(`BufferPool: ${NO_GPU}`, () => {});
