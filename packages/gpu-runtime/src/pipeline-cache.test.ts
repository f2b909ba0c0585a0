import { DeviceError, ValidationError } from '@spikegpu/core';
import { afterAll, describe, expect, it } from 'vitest';
import { PipelineCache } from './pipeline-cache.js';
import { acquireTestGpu, NO_GPU } from './test-support.js';

const gpu = await acquireTestGpu();

const KERNEL = `
override SCALE: f32 = 1.0;
@group(0) @binding(0) var<storage, read_write> values: array<f32>;
@compute @workgroup_size(64) fn main(@builtin(global_invocation_id) id: vec3u) { values[id.x] = values[id.x] * SCALE; }
@compute @workgroup_size(64) fn twice(@builtin(global_invocation_id) id: vec3u) { values[id.x] = values[id.x] * 2.0; }`;

describe.skipIf(!gpu)('PipelineCache', () => {
  afterAll(() => gpu?.destroy());

  it('gives the same pipeline object for equal code, and another when anything that defines it differs', async () => {
    const cache = new PipelineCache(gpu!);
    const first = await cache.getComputePipelineAsync({ code: KERNEL });
    // A copy of the source (another string object with the same text) hits the cache.
    const copy = KERNEL.split('').join('');
    expect(await cache.getComputePipelineAsync({ code: copy })).toBe(first);
    expect(cache.getComputePipeline({ code: copy, entryPoint: 'main' })).toBe(first);
    expect(cache.getComputePipeline({ code: KERNEL, entryPoint: 'twice' })).not.toBe(first);
    const scaled = cache.getComputePipeline({ code: KERNEL, constants: { SCALE: 3 } });
    expect(scaled).not.toBe(first);
    expect(cache.getComputePipeline({ code: KERNEL, constants: { SCALE: 3 } })).toBe(scaled);
    expect(cache.stats).toEqual({ pipelines: 3, shaderModules: 1, hits: 3, misses: 3 });
  });

  it('shares one compilation between concurrent requests', async () => {
    const cache = new PipelineCache(gpu!);
    const [a, b] = await Promise.all([cache.getComputePipelineAsync({ code: KERNEL }), cache.getComputePipelineAsync({ code: KERNEL })]);
    expect(a).toBe(b);
    expect(cache.stats.misses).toBe(1);
  });

  it('keys explicit layouts by a layout key', () => {
    const device = gpu!.device;
    const cache = new PipelineCache(gpu!);
    const bindGroupLayout = device.createBindGroupLayout({ entries: [{ binding: 0, visibility: GPUShaderStage.COMPUTE, buffer: { type: 'storage' } }] });
    const layout = device.createPipelineLayout({ bindGroupLayouts: [bindGroupLayout] });
    expect(() => cache.getComputePipeline({ code: KERNEL, layout })).toThrow(ValidationError);
    const explicit = cache.getComputePipeline({ code: KERNEL, layout, layoutKey: 'storage' });
    expect(cache.getComputePipeline({ code: KERNEL, layout, layoutKey: 'storage' })).toBe(explicit);
    expect(cache.keyOf({ code: KERNEL, layout, layoutKey: 'storage' })).not.toBe(cache.keyOf({ code: KERNEL }));
  });

  it('rejects WGSL that does not compile with a DeviceError quoting the compiler', async () => {
    const cache = new PipelineCache(gpu!);
    const broken = cache.getComputePipelineAsync({ code: '@compute @workgroup_size(1) fn main() { let x: f32 = undefined_thing; }', label: 'broken' });
    await expect(broken).rejects.toThrow(DeviceError);
    await expect(broken).rejects.toThrow(/undefined_thing/);
    expect(cache.stats.pipelines).toBe(0);
  });
});

if (!gpu) it.skip(`PipelineCache: ${NO_GPU}`, () => {});
