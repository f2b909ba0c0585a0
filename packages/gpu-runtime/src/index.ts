/**
 * @spikegpu/gpu-runtime — a WebGPU device in the browser and in Node (Dawn), storage buffers, large
 * uploads through reused staging buffers, a buffer pool, readback (one-off and a double-buffered ring), a content-keyed pipeline cache, GPU
 * timestamps per phase, and workgroup-grid arithmetic. Nothing in it knows about neurons.
 * @packageDocumentation
 */

export type { AcquireGpuOptions, GpuAdapterSummary, GpuContext, GpuPlatform } from './acquire-gpu.js';
export { acquireGpu, isSoftwareAdapter } from './acquire-gpu.js';
export type { BufferPoolStats } from './buffer-pool.js';
export { BufferPool } from './buffer-pool.js';
export type { BackendChoice, BackendPreference } from './choose-backend.js';
export { chooseBackend } from './choose-backend.js';
export { contentHash, fnv1a64 } from './content-hash.js';
export type { WorkgroupGrid } from './dispatch.js';
export { dispatchItems, workgroupGrid } from './dispatch.js';
export type { ComputePipelineRequest, PipelineCacheStats } from './pipeline-cache.js';
export { PipelineCache } from './pipeline-cache.js';
export { readBuffer } from './readback.js';
export type { ReadbackResult, ReadbackRingOptions } from './readback-ring.js';
export { ReadbackRing } from './readback-ring.js';
export type { StagingUploadOptions } from './staging-upload.js';
export { StagingUpload } from './staging-upload.js';
export type { BufferChunk, SplitStorageBuffers, StorageBufferOptions } from './storage-buffers.js';
export {
  alignTo4,
  assertStorageBufferFits,
  createSplitStorageBuffers,
  createStorageBuffer,
  createUniformBuffer,
  planBufferSplit,
} from './storage-buffers.js';
export type { PhaseTiming, TimestampProfilerOptions } from './timestamp-profiler.js';
export { TimestampProfiler } from './timestamp-profiler.js';
