import type { GpuAdapterSummary } from '@spikegpu/gpu-runtime';

/** One line naming an adapter: vendor, architecture and device or driver description. */
export function describeAdapter(info: GpuAdapterSummary | null | undefined): string {
  if (!info) return 'cpu (JavaScript)';
  const words = [info.vendor, info.architecture, info.description || info.device].filter(Boolean).join(' ');
  return words || 'WebGPU adapter';
}

/** How the CPU backend runs the neuron updates: each population's kernel (WebAssembly SIMD, WebAssembly, or JavaScript). */
export function describeCpuKernels(kernels: readonly string[] | undefined): string {
  const names: Record<string, string> = { 'wasm-simd': 'WebAssembly SIMD', wasm: 'WebAssembly', js: 'JavaScript' };
  const kinds = [...new Set(kernels ?? ['js'])].map((k) => names[k] ?? k);
  return kinds.join(' + ');
}
