import { DeviceError } from '@spikegpu/core';
import { afterAll, describe, expect, it } from 'vitest';
import { acquireGpu, isSoftwareAdapter } from './acquire-gpu.js';
import { acquireTestGpu } from './test-support.js';

const gpu = await acquireTestGpu();

describe('isSoftwareAdapter', () => {
  it('recognises SwiftShader, llvmpipe, WARP and fallback adapters, and not a real GPU', () => {
    const base = { vendor: '', architecture: '', device: '', description: '' };
    expect(isSoftwareAdapter({ ...base, vendor: 'google', architecture: 'swiftshader' })).toBe(true);
    expect(isSoftwareAdapter({ ...base, description: 'llvmpipe (LLVM 15.0.7, 256 bits)' })).toBe(true);
    expect(isSoftwareAdapter({ ...base, description: 'Microsoft Basic Render Driver' })).toBe(true);
    expect(isSoftwareAdapter({ ...base, isFallbackAdapter: true })).toBe(true);
    expect(isSoftwareAdapter({ ...base, vendor: 'nvidia', architecture: 'hopper', description: 'NVIDIA H100 80GB HBM3' })).toBe(false);
  });
});

describe.skipIf(!gpu)('acquireGpu (WebGPU)', () => {
  afterAll(() => gpu?.destroy());

  it("gets a device with the adapter's limits, not the defaults", () => {
    const ctx = gpu!;
    expect(ctx.platform).toBe('node');
    for (const key of [
      'maxStorageBufferBindingSize',
      'maxBufferSize',
      'maxStorageBuffersPerShaderStage',
      'maxComputeWorkgroupsPerDimension',
      'maxComputeInvocationsPerWorkgroup',
    ]) {
      expect(ctx.limits[key]).toBe((ctx.adapter.limits as unknown as Record<string, number>)[key]);
    }
    // WebGPU's default binding limit is 128 MiB; every adapter we run on offers more.
    expect(ctx.limits.maxStorageBufferBindingSize).toBeGreaterThan(2 ** 27);
    expect(ctx.device.limits.maxStorageBufferBindingSize).toBe(ctx.limits.maxStorageBufferBindingSize);
  });

  it('requests timestamp-query when the adapter has it and describes the adapter', () => {
    const ctx = gpu!;
    const offered = new Set(ctx.adapter.features as unknown as Iterable<string>);
    expect(ctx.hasTimestampQuery).toBe(offered.has('timestamp-query'));
    expect(ctx.features.has('timestamp-query')).toBe(ctx.hasTimestampQuery);
    expect(typeof ctx.adapterInfo.vendor).toBe('string');
    if (/swiftshader/i.test(ctx.adapterInfo.architecture + ctx.adapterInfo.description)) expect(ctx.isSoftware).toBe(true);
    expect(ctx.isLost).toBe(false);
  });

  it('installs the WebGPU globals in Node', () => {
    expect(typeof GPUBufferUsage.STORAGE).toBe('number');
    expect(typeof GPUMapMode.READ).toBe('number');
  });

  it('reports uncaptured WebGPU errors as DeviceError through onError', async () => {
    const errors: DeviceError[] = [];
    const ctx = (await acquireGpu({ onError: (error) => errors.push(error) }))!;
    ctx.device.createBuffer({ size: 4, usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.STORAGE }); // invalid combination
    await ctx.device.queue.onSubmittedWorkDone();
    for (let i = 0; i < 50 && errors.length === 0; i++) await new Promise((resolve) => setTimeout(resolve, 10));
    expect(errors.length).toBeGreaterThan(0);
    expect(errors[0]).toBeInstanceOf(DeviceError);
    expect(errors[0]!.code).toBe('webgpu-error');
    ctx.destroy();
    const lost = await ctx.lost;
    expect(lost.code).toBe('device-destroyed');
    expect(ctx.isLost).toBe(true);
    expect(errors.every((error) => error.code !== 'device-lost')).toBe(true);
  });

  it('lets go of the Node webgpu instance only once its device is gone', async () => {
    const ctx = (await acquireGpu())!;
    const internals = ctx as unknown as { holdsGpuInstance: boolean };
    expect(internals.holdsGpuInstance).toBe(true);
    ctx.destroy();
    await ctx.lost;
    expect(internals.holdsGpuInstance).toBe(false);
  });

  it('can leave timestamp-query out when asked', async () => {
    const ctx = (await acquireGpu({ timestampQuery: false }))!;
    expect(ctx.hasTimestampQuery).toBe(false);
    ctx.destroy();
  });

  it('fails with a DeviceError naming a missing required feature', async () => {
    const feature = 'texture-compression-bc-sliced-3d-imaginary' as GPUFeatureName;
    await expect(acquireGpu({ required: true, requiredFeatures: [feature] })).rejects.toThrow(DeviceError);
    const notices: string[] = [];
    expect(await acquireGpu({ requiredFeatures: [feature], log: (m) => notices.push(m) })).toBeNull();
    expect(notices.join()).toContain(feature);
  });
});

describe('acquireGpu without an adapter', () => {
  it('returns null, or throws a DeviceError with a hint when required', async () => {
    // Asking Dawn for an adapter that does not exist is what a machine without a GPU looks like.
    const notices: string[] = [];
    const none = await acquireGpu({ nodeOptions: ['adapter=no-such-adapter'], log: (message) => notices.push(message) });
    expect(none).toBeNull();
    expect(notices.join('\n')).toMatch(/no WebGPU adapter available/);
    const error = await acquireGpu({ nodeOptions: ['adapter=no-such-adapter'], required: true }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(DeviceError);
    expect((error as DeviceError).hint).toMatch(/webgpu|VK_ICD_FILENAMES/);
  });
});
