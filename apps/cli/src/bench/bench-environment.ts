import { createRequire } from 'node:module';
import { cpus, release, totalmem } from 'node:os';
import type { GpuContext } from '@spikegpu/gpu-runtime';
import { CLI_VERSION } from '../cli-version.js';

/** Where a benchmark ran: the numbers mean nothing without it. */
export interface BenchEnvironment {
  spikegpu: string;
  node: string;
  v8: string;
  os: string;
  cpu: string;
  memoryGiB: number;
  /** Version of the `webgpu` package (Dawn) that provided WebGPU, when it was used. */
  webgpuPackage: string | null;
  /** The adapter's own words; Dawn puts the driver version in `description` (e.g. "NVIDIA: 580.159.04"). */
  adapter: Record<string, string | boolean> | null;
  /** Limits that bound the benchmark's networks, bytes. */
  limits: { maxStorageBufferBindingSize: number; maxBufferSize: number } | null;
  hasTimestampQuery: boolean | null;
}

function webgpuPackageVersion(): string | null {
  try {
    return (createRequire(import.meta.url)('webgpu/package.json') as { version: string }).version;
  } catch {
    return null;
  }
}

/** The machine, runtime and adapter of this process (`gpu` null on the CPU backend). */
export function benchEnvironment(gpu: GpuContext | null): BenchEnvironment {
  const cores = cpus();
  return {
    spikegpu: CLI_VERSION,
    node: process.version,
    v8: process.versions.v8,
    os: `${process.platform} ${release()} ${process.arch}`,
    cpu: `${cores[0]?.model.trim() ?? 'unknown'} × ${cores.length}`,
    memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    webgpuPackage: gpu?.platform === 'node' ? webgpuPackageVersion() : null,
    adapter: gpu ? ({ ...gpu.adapterInfo } as Record<string, string | boolean>) : null,
    limits: gpu ? { maxStorageBufferBindingSize: gpu.limits.maxStorageBufferBindingSize ?? 0, maxBufferSize: gpu.limits.maxBufferSize ?? 0 } : null,
    hasTimestampQuery: gpu ? gpu.hasTimestampQuery : null,
  };
}
