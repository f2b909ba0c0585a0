import type { GpuAdapterSummary } from '@spikegpu/gpu-runtime';

/** One line naming an adapter: vendor, architecture and device or driver description. */
export function describeAdapter(info: GpuAdapterSummary | null | undefined): string {
  if (!info) return 'cpu (JavaScript)';
  const words = [info.vendor, info.architecture, info.description || info.device].filter(Boolean).join(' ');
  return words || 'WebGPU adapter';
}
