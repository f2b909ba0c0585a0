import { CapacityError, ValidationError } from '@spikegpu/core';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { dispatchItems, workgroupGrid } from './dispatch.js';
import { readBuffer } from './readback.js';
import { createStorageBuffer, createUniformBuffer } from './storage-buffers.js';
import { acquireTestGpu, NO_GPU } from './test-support.js';

const gpu = await acquireTestGpu();

describe('workgroupGrid', () => {
  it('stays one-dimensional while the groups fit', () => {
    expect(workgroupGrid(0)).toEqual({ x: 0, y: 1, z: 1, threadsPerRow: 0 });
    expect(workgroupGrid(1000, 64)).toEqual({ x: 16, y: 1, z: 1, threadsPerRow: 1024 });
    expect(workgroupGrid(65535 * 64, 64)).toEqual({ x: 65535, y: 1, z: 1, threadsPerRow: 65535 * 64 });
  });

  it('splits into two dimensions when N/64 exceeds 65535', () => {
    expect(workgroupGrid(65535 * 64 + 1, 64)).toEqual({ x: 32768, y: 2, z: 1, threadsPerRow: 32768 * 64 });
    expect(workgroupGrid(10_000_000, 64)).toEqual({ x: 52084, y: 3, z: 1, threadsPerRow: 3333376 });
  });

  it('always covers every item without exceeding the per-dimension limit', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 40 }), fc.constantFrom(1, 32, 64, 256), fc.integer({ min: 1, max: 65535 }), (n, size, max) => {
        let grid: ReturnType<typeof workgroupGrid>;
        try {
          grid = workgroupGrid(n, size, max);
        } catch (error) {
          expect(error).toBeInstanceOf(CapacityError);
          expect(n).toBeGreaterThan(max ** 3 * size);
          return;
        }
        for (const d of [grid.x, grid.y, grid.z]) expect(d).toBeLessThanOrEqual(max);
        expect(grid.x * grid.y * grid.z * size).toBeGreaterThanOrEqual(n);
        expect(grid.threadsPerRow).toBe(grid.x * size);
      }),
    );
  });

  it('rejects a negative or fractional item count', () => {
    expect(() => workgroupGrid(-1)).toThrow(ValidationError);
    expect(() => workgroupGrid(1.5)).toThrow(ValidationError);
  });
});

describe.skipIf(!gpu)('dispatchItems (WebGPU)', () => {
  afterAll(() => gpu?.destroy());

  /** Marks every item once through the documented index formula; returns the marks. */
  async function markItems(itemCount: number, maxPerDimension: number): Promise<Uint32Array> {
    const ctx = gpu!;
    const code = `
struct Params { count: u32, threadsPerRow: u32, rowsPerLayer: u32, unused: u32 }
@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read_write> marks: array<atomic<u32>>;
@compute @workgroup_size(64) fn main(@builtin(global_invocation_id) id: vec3u) {
  let i = id.x + (id.y + id.z * params.rowsPerLayer) * params.threadsPerRow;
  if (i >= params.count) { return; }
  atomicAdd(&marks[i], 1u);
}`;
    const pipeline = ctx.device.createComputePipeline({ layout: 'auto', compute: { module: ctx.device.createShaderModule({ code }), entryPoint: 'main' } });
    const grid = workgroupGrid(itemCount, 64, maxPerDimension);
    const params = createUniformBuffer(ctx, new Uint32Array([itemCount, grid.threadsPerRow, grid.y, 0]));
    const marks = createStorageBuffer(ctx, itemCount * 4);
    const encoder = ctx.device.createCommandEncoder();
    const pass = encoder.beginComputePass();
    pass.setPipeline(pipeline);
    pass.setBindGroup(
      0,
      ctx.device.createBindGroup({
        layout: pipeline.getBindGroupLayout(0),
        entries: [params, marks].map((buffer, binding) => ({ binding, resource: { buffer } })),
      }),
    );
    expect(dispatchItems(pass, itemCount, 64, maxPerDimension)).toEqual(grid);
    pass.end();
    ctx.device.queue.submit([encoder.finish()]);
    const result = new Uint32Array(await readBuffer(ctx, marks));
    params.destroy();
    marks.destroy();
    return result;
  }

  it('reaches every item exactly once on a 2-D grid (device limit) and a 3-D grid (small limit)', async () => {
    const big = await markItems(65535 * 64 + 777, gpu!.limits.maxComputeWorkgroupsPerDimension!);
    expect(big.every((mark) => mark === 1)).toBe(true);
    const cube = await markItems(50_001, 10);
    expect(workgroupGrid(50_001, 64, 10).z).toBeGreaterThan(1);
    expect(cube.every((mark) => mark === 1)).toBe(true);
  });
});

if (!gpu) it.skip(`dispatchItems: ${NO_GPU}`, () => {});
