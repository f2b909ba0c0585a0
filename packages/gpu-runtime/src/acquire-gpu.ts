import { DeviceError } from '@spikegpu/core';

/** Where the WebGPU implementation came from. */
export type GpuPlatform = 'browser' | 'node';

/** What the adapter says about itself (fields the implementation leaves out are empty strings). */
export interface GpuAdapterSummary {
  vendor: string;
  architecture: string;
  device: string;
  description: string;
  /** The native backend (e.g. `vulkan`, `metal`) when the implementation reports it. */
  backend?: string;
  /** True when the adapter says it is a fallback (software) adapter. */
  isFallbackAdapter?: boolean;
}

/** Options of {@link acquireGpu}. */
export interface AcquireGpuOptions {
  /** Throw a `DeviceError` instead of returning `null` when no adapter or device can be had. Default false. */
  required?: boolean;
  /** Passed to `requestAdapter`. */
  powerPreference?: GPUPowerPreference;
  /** Where notices go (no adapter, a feature left out, device lost). Default: nothing. */
  log?: (message: string) => void;
  /** Features the device must have; their absence counts as "no usable GPU". */
  requiredFeatures?: GPUFeatureName[];
  /** Features requested when the adapter offers them. */
  optionalFeatures?: GPUFeatureName[];
  /** Request `timestamp-query` when the adapter offers it. Default true. */
  timestampQuery?: boolean;
  /**
   * Called with a `DeviceError` when the device is lost (other than through `destroy()`) or a WebGPU
   * call fails without an error scope around it. Default: the message goes to `log`.
   */
  onError?: (error: DeviceError) => void;
  /** Node only: options for the `webgpu` package's `create()`, e.g. `['backend=vulkan']`. */
  nodeOptions?: string[];
}

/** A WebGPU device with what spikegpu needs to know about it. Made by {@link acquireGpu}. */
export interface GpuContext {
  readonly device: GPUDevice;
  readonly adapter: GPUAdapter;
  readonly adapterInfo: GpuAdapterSummary;
  /** The device's limits (the adapter's, all of them requested), as a plain object. */
  readonly limits: Readonly<Record<string, number>>;
  /** The device's features. */
  readonly features: ReadonlySet<string>;
  /** True when the device has `timestamp-query`, so {@link TimestampProfiler} can time passes on the GPU. */
  readonly hasTimestampQuery: boolean;
  /** True for a software adapter (SwiftShader, llvmpipe, WARP, a fallback adapter): slow, but exact. */
  readonly isSoftware: boolean;
  readonly platform: GpuPlatform;
  /** Settles when the device is lost: `code` is `device-destroyed` after `destroy()`, else `device-lost`. */
  readonly lost: Promise<DeviceError>;
  /** True once the device is lost or destroyed. */
  readonly isLost: boolean;
  /**
   * Destroys the device. In Node, also lets go of the `webgpu` instance once the device is gone (while
   * it is held, Node does not exit).
   */
  destroy(): void;
}

/** Limits every spikegpu kernel relies on; requested first if asking for all of the adapter's limits fails. */
const ESSENTIAL_LIMITS = [
  'maxStorageBufferBindingSize',
  'maxBufferSize',
  'maxStorageBuffersPerShaderStage',
  'maxComputeWorkgroupsPerDimension',
  'maxComputeInvocationsPerWorkgroup',
  'maxComputeWorkgroupSizeX',
  'maxComputeWorkgroupStorageSize',
  'maxUniformBufferBindingSize',
  'maxBindGroups',
  'maxBindingsPerBindGroup',
];

const SOFTWARE_ADAPTER = /swiftshader|llvmpipe|lavapipe|softpipe|software|microsoft basic render|\bwarp\b/i;

const NO_ADAPTER_HINT_NODE =
  'install the `webgpu` package (npm i webgpu); without a GPU, use SwiftShader: set VK_ICD_FILENAMES to its ICD file, e.g. VK_ICD_FILENAMES=/usr/lib/chromium/vk_swiftshader_icd.json';
const NO_ADAPTER_HINT_BROWSER = 'use a browser with WebGPU enabled (Chrome/Edge 113+, Safari 26+, Firefox 141+ on Windows), served over https or localhost';

/** Whether adapter info describes a software rasteriser rather than a GPU. */
export function isSoftwareAdapter(info: GpuAdapterSummary): boolean {
  if (info.isFallbackAdapter) return true;
  return SOFTWARE_ADAPTER.test(`${info.vendor} ${info.architecture} ${info.device} ${info.description}`);
}

function summarizeAdapter(adapter: GPUAdapter): GpuAdapterSummary {
  const info = (adapter.info ?? {}) as GPUAdapterInfo & { backend?: string; backendType?: string; isFallbackAdapter?: boolean };
  const summary: GpuAdapterSummary = {
    vendor: info.vendor ?? '',
    architecture: info.architecture ?? '',
    device: info.device ?? '',
    description: info.description ?? '',
  };
  const backend = info.backend ?? info.backendType;
  if (typeof backend === 'string' && backend) summary.backend = backend;
  const isFallback = info.isFallbackAdapter ?? (adapter as GPUAdapter & { isFallbackAdapter?: boolean }).isFallbackAdapter;
  if (typeof isFallback === 'boolean') summary.isFallbackAdapter = isFallback;
  return summary;
}

function limitsRecord(limits: GPUSupportedLimits): Record<string, number> {
  const record: Record<string, number> = {};
  // Limits are accessors on the prototype; for…in walks them in browsers and in Dawn.
  for (const key in limits) {
    const value = (limits as unknown as Record<string, unknown>)[key];
    if (typeof value === 'number') record[key] = value;
  }
  return record;
}

interface LoadedGpu {
  gpu: GPU;
  platform: GpuPlatform;
}

/** The `webgpu` package's specifier, in a variable so that bundlers leave the import alone. */
const NODE_WEBGPU_MODULE = 'webgpu';

/**
 * One `webgpu` instance per process (per `create()` options), shared by every device and never let go.
 * Measured here: acquiring a device, destroying it and acquiring another through a second `create()`
 * aborts Node ("The futex facility returned an unexpected error code") once the first instance is
 * collected; with one held instance, devices come and go freely, and Node still exits once they are
 * destroyed.
 */
const nodeInstances = new Map<string, GPU>();

async function loadGpu(options: AcquireGpuOptions, log: (message: string) => void): Promise<LoadedGpu | null> {
  const navigatorGpu = (globalThis as { navigator?: { gpu?: GPU } }).navigator?.gpu;
  if (navigatorGpu) return { gpu: navigatorGpu, platform: 'browser' };
  const isNode = typeof process !== 'undefined' && typeof process.versions?.node === 'string';
  if (!isNode) return null;
  let module: { create: (options: string[]) => GPU; globals: Record<string, unknown> };
  try {
    module = await import(/* @vite-ignore */ /* webpackIgnore: true */ NODE_WEBGPU_MODULE);
  } catch (error) {
    log(`webgpu package not loadable: ${error instanceof Error ? error.message : String(error)}`);
    return null;
  }
  // GPUBufferUsage, GPUMapMode, … as globals, the way browsers have them.
  for (const [name, value] of Object.entries(module.globals)) {
    if (!(name in globalThis)) (globalThis as Record<string, unknown>)[name] = value;
  }
  const key = JSON.stringify(options.nodeOptions ?? []);
  let gpu = nodeInstances.get(key);
  if (!gpu) {
    gpu = module.create(options.nodeOptions ?? []);
    nodeInstances.set(key, gpu);
  }
  return { gpu, platform: 'node' };
}

async function requestDeviceWithLimits(adapter: GPUAdapter, features: GPUFeatureName[], log: (message: string) => void): Promise<GPUDevice> {
  const all = limitsRecord(adapter.limits);
  const essential = Object.fromEntries(ESSENTIAL_LIMITS.filter((key) => key in all).map((key) => [key, all[key] as number]));
  const attempts: Array<[string, Record<string, number>]> = [
    ['all adapter limits', all],
    ['essential limits', essential],
    ['default limits', {}],
  ];
  let lastError: unknown;
  for (const [what, requiredLimits] of attempts) {
    try {
      return await adapter.requestDevice({ requiredFeatures: features, requiredLimits });
    } catch (error) {
      lastError = error;
      log(`requestDevice with ${what} failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  throw lastError;
}

class GpuContextImpl implements GpuContext {
  readonly device: GPUDevice;
  readonly adapter: GPUAdapter;
  readonly adapterInfo: GpuAdapterSummary;
  readonly limits: Readonly<Record<string, number>>;
  readonly features: ReadonlySet<string>;
  readonly hasTimestampQuery: boolean;
  readonly isSoftware: boolean;
  readonly platform: GpuPlatform;
  readonly lost: Promise<DeviceError>;
  private lostFlag = false;
  private destroyRequested = false;
  /**
   * The object the `webgpu` package's `create()` returned. Dawn's event loop keeps a raw pointer to
   * it: if it were garbage-collected while a device made from it lives, later GPU waits crash or
   * hang. So the context holds it until the device is gone.
   */
  private gpu: GPU | null;

  constructor(gpu: GPU, platform: GpuPlatform, adapter: GPUAdapter, device: GPUDevice, onError: (error: DeviceError) => void) {
    this.gpu = gpu;
    this.platform = platform;
    this.adapter = adapter;
    this.device = device;
    this.adapterInfo = summarizeAdapter(adapter);
    this.limits = Object.freeze(limitsRecord(device.limits));
    this.features = new Set(device.features as unknown as Iterable<string>);
    this.hasTimestampQuery = this.features.has('timestamp-query');
    this.isSoftware = isSoftwareAdapter(this.adapterInfo);
    this.lost = device.lost.then((info) => {
      this.lostFlag = true;
      const destroyed = this.destroyRequested || info.reason === 'destroyed';
      const error = new DeviceError(destroyed ? 'device destroyed' : `GPU device lost: ${info.message || 'no reason given'}`, {
        code: destroyed ? 'device-destroyed' : 'device-lost',
        hint: destroyed ? undefined : 'acquire a new device; a lost device cannot be used again (a driver reset or a too-long dispatch can cause this)',
      });
      if (!destroyed) onError(error);
      // The device is gone: the webgpu instance may go now (a held instance keeps Node running).
      this.gpu = null;
      return error;
    });
    device.addEventListener('uncapturederror', (event) => {
      const gpuError = (event as GPUUncapturedErrorEvent).error;
      onError(
        new DeviceError(`uncaptured WebGPU error: ${gpuError.message}`, {
          code: 'webgpu-error',
          hint: 'wrap the failing call in device.pushErrorScope()/popErrorScope() to find it',
          cause: gpuError,
        }),
      );
    });
  }

  get isLost(): boolean {
    return this.lostFlag;
  }

  /** Whether the `webgpu` instance is still held (for tests of the lifetime rule). @internal */
  get holdsGpuInstance(): boolean {
    return this.gpu !== null;
  }

  destroy(): void {
    if (this.destroyRequested) return;
    this.destroyRequested = true;
    this.device.destroy();
  }
}

/**
 * Acquires a WebGPU device: `navigator.gpu` in a browser, the `webgpu` package (Dawn) in Node. The
 * device gets every limit the adapter offers and `timestamp-query` when available. Without an adapter
 * it returns `null` (and logs why), or throws a `DeviceError` with a hint when `required` is set.
 * @example
 * const gpu = await acquireGpu({ log: console.warn });
 * if (gpu) {
 *   console.log(gpu.adapterInfo.description, gpu.limits.maxStorageBufferBindingSize);
 *   gpu.destroy();
 * }
 */
export async function acquireGpu(options: AcquireGpuOptions & { required: true }): Promise<GpuContext>;
export async function acquireGpu(options?: AcquireGpuOptions): Promise<GpuContext | null>;
export async function acquireGpu(options: AcquireGpuOptions = {}): Promise<GpuContext | null> {
  const log = options.log ?? (() => {});
  const fail = (message: string, code: string, hint: string): null => {
    if (options.required) throw new DeviceError(message, { code, hint });
    log(`${message} (${hint})`);
    return null;
  };
  const loaded = await loadGpu(options, log);
  const isNode = typeof process !== 'undefined' && typeof process.versions?.node === 'string' && loaded?.platform !== 'browser';
  const hint = isNode ? NO_ADAPTER_HINT_NODE : NO_ADAPTER_HINT_BROWSER;
  if (!loaded) return fail('no WebGPU implementation found', 'no-webgpu', hint);
  let adapter: GPUAdapter | null = null;
  try {
    adapter = await loaded.gpu.requestAdapter(options.powerPreference ? { powerPreference: options.powerPreference } : undefined);
  } catch (error) {
    log(`requestAdapter failed: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (!adapter) return fail('no WebGPU adapter available', 'no-adapter', hint);

  const offered = new Set(adapter.features as unknown as Iterable<string>);
  const missing = (options.requiredFeatures ?? []).filter((feature) => !offered.has(feature));
  if (missing.length > 0) {
    return fail(`the WebGPU adapter lacks required features: ${missing.join(', ')}`, 'missing-feature', 'use another adapter or drop the requirement');
  }
  const features = new Set<GPUFeatureName>(options.requiredFeatures ?? []);
  for (const feature of options.optionalFeatures ?? []) if (offered.has(feature)) features.add(feature);
  if ((options.timestampQuery ?? true) && offered.has('timestamp-query')) features.add('timestamp-query');

  let device: GPUDevice;
  try {
    device = await requestDeviceWithLimits(adapter, [...features], log);
  } catch (error) {
    if (options.required) {
      throw new DeviceError('requestDevice failed', { code: 'no-device', hint: 'see the cause; another program may hold the GPU', cause: error });
    }
    log(`requestDevice failed: ${error instanceof Error ? error.message : String(error)}`);
    return null;
  }
  const onError = options.onError ?? ((error: DeviceError) => log(error.message));
  return new GpuContextImpl(loaded.gpu, loaded.platform, adapter, device, onError);
}
