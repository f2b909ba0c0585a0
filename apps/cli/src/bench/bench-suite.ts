import { writeFile } from 'node:fs/promises';
import type { NetworkDescription } from '@spikegpu/core';
import { acquireGpu } from '@spikegpu/gpu-runtime';
import { cobaNetwork, izhikevich2003Network } from '@spikegpu/simulator';
import { benchNetwork, type EngineBenchResult } from './engine-bench.js';

interface BenchCase {
  name: string;
  /** Simulation options beyond the backend (e.g. fast math). */
  options?: { math?: 'exact' | 'fast' };
  network: () => NetworkDescription;
  steps: number;
  quickSteps: number;
  /** Skipped on the CPU backend (too slow to be useful there). */
  gpuOnly?: boolean;
}

/** The suite: each case a network and how many steps to time. */
export const BENCH_CASES: BenchCase[] = [
  { name: 'izhikevich-2003-1k', network: () => izhikevich2003Network(), steps: 2000, quickSteps: 300 },
  {
    name: 'izhikevich-10k-indegree-1000',
    network: () => izhikevich2003Network({ excitatory: 8000, inhibitory: 2000, inDegree: 1000 }),
    steps: 2000,
    quickSteps: 200,
  },
  {
    name: 'izhikevich-100k-indegree-1000',
    network: () => izhikevich2003Network({ excitatory: 80000, inhibitory: 20000, inDegree: 1000 }),
    steps: 2000,
    quickSteps: 200,
    gpuOnly: true,
  },
  {
    name: 'izhikevich-100k-indegree-1000-fast-math',
    network: () => izhikevich2003Network({ excitatory: 80000, inhibitory: 20000, inDegree: 1000 }),
    options: { math: 'fast' },
    steps: 2000,
    quickSteps: 200,
    gpuOnly: true,
  },
  { name: 'coba-4000', network: () => cobaNetwork(), steps: 10000, quickSteps: 1000 },
];

export interface BenchReport {
  date: string;
  node: string;
  adapter: Record<string, string> | null;
  results: EngineBenchResult[];
}

export async function runBench(options: {
  backend: 'auto' | 'webgpu' | 'cpu';
  quick: boolean;
  only?: string;
  json?: string;
  log: (m: string) => void;
}): Promise<BenchReport> {
  // One device for the whole suite: every case shares it.
  const gpu = options.backend === 'cpu' ? null : await acquireGpu({ required: options.backend === 'webgpu' });
  const adapter = gpu ? ({ ...gpu.adapterInfo } as unknown as Record<string, string>) : null;
  const backend = gpu ? 'webgpu' : 'cpu';
  const report: BenchReport = { date: new Date().toISOString(), node: process.version, adapter, results: [] };
  for (const c of BENCH_CASES) {
    if (options.only && !c.name.includes(options.only)) continue;
    if (c.gpuOnly && backend === 'cpu') continue;
    options.log(`bench ${c.name} (${backend})…`);
    const steps = options.quick ? c.quickSteps : c.steps;
    const result = await benchNetwork(c.name, c.network(), {
      backend,
      ...(gpu ? { gpu } : {}),
      steps,
      warmupSteps: Math.min(200, steps),
      chunkSteps: 100,
      profilePhases: backend === 'webgpu',
      log: options.log,
      ...(c.options ?? {}),
    });
    report.results.push(result);
    options.log(
      `  ${result.neurons} neurons, ${result.synapses} synapses: build ${(result.buildMs / 1000).toFixed(2)} s, step ${result.step.meanUs.toFixed(1)} µs (p50 ${result.step.p50Us.toFixed(1)}, p95 ${result.step.p95Us.toFixed(1)}), ${result.realTimeFactor.toFixed(1)}× real time, ${result.spikesPerStep.toFixed(0)} spikes/step, ${result.synapticEventsPerSecond.toExponential(2)} events/s${result.phasesUs ? `; phases µs/step ${JSON.stringify(Object.fromEntries(Object.entries(result.phasesUs).map(([k, v]) => [k, +v.toFixed(1)])))}` : ''}`,
    );
    if (options.json) await writeFile(options.json, `${JSON.stringify(report, null, 2)}\n`);
  }
  gpu?.destroy();
  return report;
}
