/**
 * Test-only: a WebGPU device for this package's tests. Not exported, not published.
 * @internal
 */
import { existsSync } from 'node:fs';
import { acquireGpu, type GpuContext } from './acquire-gpu.js';
import { dispatchItems } from './dispatch.js';
import type { PipelineCache } from './pipeline-cache.js';
import { readBuffer } from './readback.js';
import { createStorageBuffer, createUniformBuffer } from './storage-buffers.js';

/** SwiftShader's Vulkan ICD where Chromium packages put it. */
const SWIFTSHADER_ICDS = [
  '/usr/lib/chromium/vk_swiftshader_icd.json',
  '/usr/lib/chromium-browser/vk_swiftshader_icd.json',
  '/opt/google/chrome/vk_swiftshader_icd.json',
];

/**
 * A device for GPU tests: points Vulkan at SwiftShader when VK_ICD_FILENAMES is unset and SwiftShader
 * is installed, then acquires. Returns null (after saying so) when there is no adapter, unless
 * SPIKEGPU_REQUIRE_GPU is set, in which case it throws.
 */
export async function acquireTestGpu(): Promise<GpuContext | null> {
  if (!process.env.VK_ICD_FILENAMES) {
    const icd = SWIFTSHADER_ICDS.find((path) => existsSync(path));
    if (icd) process.env.VK_ICD_FILENAMES = icd;
  }
  const notices: string[] = [];
  const gpu = await acquireGpu({ log: (message) => notices.push(message), required: Boolean(process.env.SPIKEGPU_REQUIRE_GPU) });
  if (!gpu) {
    console.warn(`[gpu-runtime tests] GPU tests SKIPPED: no WebGPU adapter could be acquired (${notices.join('; ')}).`);
  }
  return gpu;
}

/** Skip message for describe.skipIf titles. */
export const NO_GPU = 'no WebGPU adapter (see the warning above)';

/**
 * Runs `code`'s `main` over `count` items: binding 0 is a uniform `{ zero: u32, count: u32 }` (zero
 * holds 0 for `dm_zero`), bindings 1… are `inputs` (read-only storage), the last binding is the
 * output of `outputWordsPerItem` u32 per item. Uses the runtime's own buffers, cache and readback.
 */
export async function runKernel(
  gpu: GpuContext,
  cache: PipelineCache,
  code: string,
  count: number,
  inputs: Uint32Array[],
  outputWordsPerItem: number,
  constants?: Record<string, number>,
): Promise<Uint32Array> {
  const pipeline = await cache.getComputePipelineAsync({ code, constants, label: 'test-kernel' });
  const uniform = createUniformBuffer(gpu, new Uint32Array([0, count, 0, 0]));
  const inputBuffers = inputs.map((data) => createStorageBuffer(gpu, data));
  const output = createStorageBuffer(gpu, count * outputWordsPerItem * 4);
  const bindGroup = gpu.device.createBindGroup({
    layout: pipeline.getBindGroupLayout(0),
    entries: [uniform, ...inputBuffers, output].map((buffer, binding) => ({ binding, resource: { buffer } })),
  });
  const encoder = gpu.device.createCommandEncoder();
  const pass = encoder.beginComputePass();
  pass.setPipeline(pipeline);
  pass.setBindGroup(0, bindGroup);
  dispatchItems(pass, count, 64, gpu.limits.maxComputeWorkgroupsPerDimension);
  pass.end();
  gpu.device.queue.submit([encoder.finish()]);
  const result = new Uint32Array(await readBuffer(gpu, output));
  for (const buffer of [uniform, output, ...inputBuffers]) buffer.destroy();
  return result;
}

/** Header of a test kernel: the params uniform and the item index `i` from a 2-D grid of 64-wide workgroups. */
export const TEST_KERNEL_PARAMS = 'struct Params { zero: u32, count: u32, unused0: u32, unused1: u32 }\n@group(0) @binding(0) var<uniform> params: Params;\n';
