import { DeviceError, invalid } from '@spikegpu/core';
import type { GpuContext } from './acquire-gpu.js';
import { contentHash } from './content-hash.js';

/** What a compute pipeline is made of; equal requests give the same pipeline object. */
export interface ComputePipelineRequest {
  /** The WGSL module's source. */
  code: string;
  /** Default `main`. */
  entryPoint?: string;
  /** `'auto'` (default) or an explicit layout, which then needs a `layoutKey`. */
  layout?: 'auto' | GPUPipelineLayout;
  /**
   * A string that describes the explicit layout (e.g. the binding types in order); part of the cache
   * key, since a layout object cannot be hashed.
   */
  layoutKey?: string;
  /** Values of WGSL `override` constants. */
  constants?: Record<string, number>;
  label?: string;
}

/** Counters of a {@link PipelineCache}. */
export interface PipelineCacheStats {
  pipelines: number;
  shaderModules: number;
  hits: number;
  misses: number;
}

/**
 * Compute pipelines and shader modules keyed by a hash of their content (WGSL text, entry point,
 * layout key, override constants): two populations with the same generated kernel share one
 * pipeline, whatever their names (GeNN merges models the same way).
 * @example
 * const cache = new PipelineCache(gpu);
 * const pipeline = await cache.getComputePipelineAsync({ code: kernelSource });
 * cache.getComputePipeline({ code: kernelSource }) === pipeline; // true
 */
export class PipelineCache {
  private readonly gpu: GpuContext;
  private readonly modules = new Map<string, GPUShaderModule>();
  private readonly pipelines = new Map<string, GPUComputePipeline>();
  private readonly pending = new Map<string, Promise<GPUComputePipeline>>();
  private hits = 0;
  private misses = 0;

  constructor(gpu: GpuContext) {
    this.gpu = gpu;
  }

  /** The cache key of a request: a content hash of everything that defines the pipeline. */
  keyOf(request: ComputePipelineRequest): string {
    const layout = request.layout ?? 'auto';
    if (layout !== 'auto' && !request.layoutKey) {
      throw invalid('layoutKey', 'a string describing the explicit pipeline layout', request.layoutKey, 'e.g. the binding types in order');
    }
    const constants = Object.entries(request.constants ?? {})
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([name, value]) => `${name}=${value}`)
      .join(',');
    return contentHash(request.code, request.entryPoint ?? 'main', layout === 'auto' ? 'auto' : `layout:${request.layoutKey}`, constants);
  }

  /** The shader module for `code`, compiled once per distinct source. */
  getShaderModule(code: string, label?: string): GPUShaderModule {
    const key = contentHash(code);
    let module = this.modules.get(key);
    if (!module) {
      module = this.gpu.device.createShaderModule({ code, label });
      this.modules.set(key, module);
    }
    return module;
  }

  private descriptor(request: ComputePipelineRequest): GPUComputePipelineDescriptor {
    return {
      label: request.label,
      layout: request.layout ?? 'auto',
      compute: { module: this.getShaderModule(request.code, request.label), entryPoint: request.entryPoint ?? 'main', constants: request.constants },
    };
  }

  /**
   * The pipeline for `request`, created synchronously on a miss (compile errors then surface as
   * uncaptured errors; prefer {@link getComputePipelineAsync} where an error should throw).
   */
  getComputePipeline(request: ComputePipelineRequest): GPUComputePipeline {
    const key = this.keyOf(request);
    const cached = this.pipelines.get(key);
    if (cached) {
      this.hits++;
      return cached;
    }
    this.misses++;
    const pipeline = this.gpu.device.createComputePipeline(this.descriptor(request));
    this.pipelines.set(key, pipeline);
    return pipeline;
  }

  /**
   * The pipeline for `request`, compiled asynchronously on a miss; concurrent requests for the same
   * key share one compilation. A WGSL or validation error rejects with a `DeviceError` whose message
   * holds the compiler's messages.
   */
  async getComputePipelineAsync(request: ComputePipelineRequest): Promise<GPUComputePipeline> {
    const key = this.keyOf(request);
    const cached = this.pipelines.get(key);
    if (cached) {
      this.hits++;
      return cached;
    }
    const inFlight = this.pending.get(key);
    if (inFlight) {
      this.hits++;
      return inFlight;
    }
    this.misses++;
    const promise = this.compile(request).then(
      (pipeline) => {
        this.pending.delete(key);
        this.pipelines.set(key, pipeline);
        return pipeline;
      },
      (error: unknown) => {
        this.pending.delete(key);
        throw error;
      },
    );
    this.pending.set(key, promise);
    return promise;
  }

  private async compile(request: ComputePipelineRequest): Promise<GPUComputePipeline> {
    const device = this.gpu.device;
    device.pushErrorScope('validation');
    const descriptor = this.descriptor(request);
    let pipeline: GPUComputePipeline | undefined;
    let creationError: unknown;
    try {
      pipeline = await device.createComputePipelineAsync(descriptor);
    } catch (error) {
      creationError = error;
    }
    const scopeError = await device.popErrorScope();
    if (pipeline && !scopeError) return pipeline;
    const module = descriptor.compute.module;
    const info = await module.getCompilationInfo();
    const messages = info.messages
      .filter((message) => message.type === 'error')
      .map((message) => `${message.lineNum}:${message.linePos} ${message.message}`)
      .join('\n');
    const detail = messages || (scopeError?.message ?? (creationError instanceof Error ? creationError.message : String(creationError)));
    // A module that does not compile must not stay cached.
    this.modules.delete(contentHash(request.code));
    throw new DeviceError(`compute pipeline${request.label ? ` '${request.label}'` : ''} failed to build:\n${detail}`, {
      code: 'pipeline-error',
      hint: 'the WGSL or the pipeline layout is invalid; the lines above come from the compiler',
      cause: creationError ?? scopeError,
    });
  }

  /** The cache's counters. */
  get stats(): PipelineCacheStats {
    return { pipelines: this.pipelines.size, shaderModules: this.modules.size, hits: this.hits, misses: this.misses };
  }

  /** Forgets every cached pipeline and module. */
  clear(): void {
    this.pipelines.clear();
    this.modules.clear();
    this.pending.clear();
  }
}
