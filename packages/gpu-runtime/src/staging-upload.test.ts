import { ValidationError } from '@spikegpu/core';
import { afterAll, describe, expect, it } from 'vitest';
import { readBuffer } from './readback.js';
import { StagingUpload } from './staging-upload.js';
import { createStorageBuffer } from './storage-buffers.js';
import { acquireTestGpu, NO_GPU } from './test-support.js';

const gpu = await acquireTestGpu();

describe.skipIf(!gpu)('StagingUpload (WebGPU)', () => {
  afterAll(() => gpu?.destroy());

  it('puts every word where it was sent, across staging chunks and buffers, from shared and ordinary memory', async () => {
    const device = gpu!.device;
    const words = 50_003;
    const shared = new Uint32Array(new SharedArrayBuffer(4 * words)).map((_, i) => (i * 2654435761) >>> 0);
    const ordinary = Int32Array.from({ length: 7_777 }, (_, i) => -i);
    const first = createStorageBuffer(gpu!, 4 * words);
    const second = createStorageBuffer(gpu!, 4 * (ordinary.length + 2_000));
    // Small staging buffers that take turns many times; a chunk holds pieces of several writes.
    const upload = new StagingUpload(device, { chunkBytes: 4096, slots: 3 });
    upload.write(first, 0, shared.subarray(0, 30_000));
    upload.write(second, 4 * 2_000, ordinary);
    upload.write(first, 4 * 30_000, shared.subarray(30_000));
    upload.fill(second, 0, 2_000, (out, from) => {
      for (let k = 0; k < out.length; k++) out[k] = 1_000_000 + from + k;
    });
    await upload.finish();
    expect(Buffer.from(await readBuffer(gpu!, first)).equals(Buffer.from(shared.buffer))).toBe(true);
    const back = new Int32Array(await readBuffer(gpu!, second));
    expect(back.subarray(2_000)).toEqual(ordinary);
    expect(back.subarray(0, 2_000)).toEqual(Int32Array.from({ length: 2_000 }, (_, k) => 1_000_000 + k));
    for (const b of [first, second]) b.destroy();
  });

  it('finishes at once when nothing was sent, and refuses writes after finish or of partial words', async () => {
    const upload = new StagingUpload(gpu!.device, { totalBytes: 0 });
    const buffer = createStorageBuffer(gpu!, 16);
    expect(() => upload.write(buffer, 0, new Uint8Array(3))).toThrow(ValidationError);
    expect(() => upload.write(buffer, 2, new Uint32Array(1))).toThrow(/targetOffset/);
    await upload.finish();
    expect(() => upload.write(buffer, 0, new Uint32Array(1))).toThrow(/after finish/);
    buffer.destroy();
  });
});

if (!gpu) it.skip(`StagingUpload: ${NO_GPU}`, () => {});
