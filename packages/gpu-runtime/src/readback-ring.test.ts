import { CapacityError, ValidationError } from '@spikegpu/core';
import { afterAll, describe, expect, it } from 'vitest';
import { ReadbackRing } from './readback-ring.js';
import { createStorageBuffer } from './storage-buffers.js';
import { acquireTestGpu, NO_GPU } from './test-support.js';

const gpu = await acquireTestGpu();

describe.skipIf(!gpu)('ReadbackRing', () => {
  afterAll(() => gpu?.destroy());

  it('copies into one slot while the other maps, and returns chunks in order with their tags', async () => {
    const ctx = gpu!;
    const source = createStorageBuffer(ctx, 4096);
    const ring = new ReadbackRing<number>(ctx, { slotByteLength: 4096 });
    const results: Array<{ tag: number; first: number }> = [];
    for (let chunk = 0; chunk < 10; chunk++) {
      if (ring.freeSlots === 0) {
        const done = (await ring.readOldest())!;
        results.push({ tag: done.tag, first: new Uint32Array(done.data)[0]! });
      }
      // "Work" of this chunk: write its number into the source, then copy it out.
      ctx.device.queue.writeBuffer(source, 0, new Uint32Array(1024).fill(chunk));
      const encoder = ctx.device.createCommandEncoder();
      ring.enqueueCopy(encoder, source, 0, 4096, chunk);
      ctx.device.queue.submit([encoder.finish()]);
      ring.submitted();
      if (chunk > 0) expect(ring.pendingCount).toBe(2); // one mapping, one just copied
    }
    for (const done of await ring.readAll()) results.push({ tag: done.tag, first: new Uint32Array(done.data)[0]! });
    expect(results).toEqual(Array.from({ length: 10 }, (_, chunk) => ({ tag: chunk, first: chunk })));
    expect(ring.freeSlots).toBe(2);
    expect(await ring.readOldest()).toBeUndefined();
    ring.destroy();
    source.destroy();
  });

  it('refuses a copy when every slot is taken, and a read before the submit', async () => {
    const ctx = gpu!;
    const source = createStorageBuffer(ctx, 256);
    const ring = new ReadbackRing<string>(ctx, { slotByteLength: 256, slots: 1 });
    const encoder = ctx.device.createCommandEncoder();
    ring.enqueueCopy(encoder, source, 0, 256, 'a');
    expect(() => ring.enqueueCopy(encoder, source, 0, 256, 'b')).toThrow(CapacityError);
    await expect(ring.readOldest()).rejects.toThrow(ValidationError);
    ctx.device.queue.submit([encoder.finish()]);
    ring.submitted();
    expect((await ring.readOldest())?.tag).toBe('a');
    expect(() => ring.enqueueCopy(ctx.device.createCommandEncoder(), source, 0, 512, 'c')).toThrow();
    ring.destroy();
    source.destroy();
  });
});

if (!gpu) it.skip(`ReadbackRing: ${NO_GPU}`, () => {});
