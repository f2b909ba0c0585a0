import type { NetworkDescription } from '@spikegpu/core';
import { hodgkinHuxley1952 } from '@spikegpu/models';
import { cobaNetwork, izhikevich2003Network } from '@spikegpu/simulator';
import { type RandomEiModel, randomEiNetwork } from '../networks/random-ei-network.js';

/** A network whose step is timed. */
export interface NetworkCase {
  kind: 'network';
  name: string;
  /** Model and inputs per neuron, for reading the results (the network says the rest). */
  model: string;
  synapsesPerNeuron: number | null;
  network: () => NetworkDescription;
  math?: 'exact' | 'fast';
  steps: number;
  quickSteps: number;
  /** In the `--quick` subset. */
  isQuick: boolean;
  /** Skipped on the CPU backend above this many neurons (too slow to be useful there). */
  maxCpuNeurons: number;
  neurons: number;
}

/** Batch mode: independent neurons integrated in one dispatch loop (`runBatch`). */
export interface BatchCase {
  kind: 'batch';
  name: string;
  model: string;
  neurons: number;
  dtMs: number;
  durationMs: number;
  math: 'exact' | 'fast';
  /** Best of this many runs. */
  runs: number;
  isQuick: boolean;
  maxCpuNeurons: number;
}

export type BenchCase = NetworkCase | BatchCase;

const SIZES: Array<[string, number]> = [
  ['1k', 1000],
  ['10k', 10_000],
  ['100k', 100_000],
  ['1m', 1_000_000],
];

/** Neurons each model runs on the CPU backend at most (HH's RK4 in det-math costs ~15 µs per neuron-step in JS). */
const CPU_NEURONS: Record<RandomEiModel, number> = { lif: 10_000, adex: 10_000, hh: 1000 };

/**
 * The random E/I networks of each built-in model (LIF, AdEx, HH): 1K, 10K, 100K neurons and, on a GPU,
 * 1M; 100 and 1000 synapses per neuron. The quick subset keeps 10K × 100, 10K × 1000 and 100K × 1000.
 */
function modelSweep(): NetworkCase[] {
  const cases: NetworkCase[] = [];
  for (const model of ['lif', 'adex', 'hh'] as const)
    for (const [label, neurons] of SIZES)
      for (const k of [100, 1000]) {
        const isQuick = neurons === 10_000 || (neurons === 100_000 && k === 1000);
        cases.push({
          kind: 'network',
          name: `${model}-${label}-k${k}`,
          model: model === 'hh' ? 'hodgkin-huxley-1952' : model,
          synapsesPerNeuron: k,
          neurons,
          network: () => randomEiNetwork({ model, neurons, synapsesPerNeuron: k, seed: 1 }),
          steps: 2000,
          quickSteps: 200,
          isQuick,
          // 1M is for GPUs only.
          maxCpuNeurons: neurons >= 1_000_000 ? 0 : CPU_NEURONS[model],
        });
      }
  return cases;
}

/**
 * Plasticity on against the same networks' static cases: LIF E/I networks of 10K and 100K neurons ×
 * 1000 synapses with pair-based STDP, or Tsodyks–Markram STP, on the E→E projection (64 % of the synapses).
 */
function plasticitySweep(): NetworkCase[] {
  const rules = {
    stdp: { rule: 'stdp', aPlus: 0.005, aMinus: 0.006, tauPlusMs: 20, tauMinusMs: 20, wMin: 0, wMax: 2 },
    stp: { rule: 'tsodyks-markram', U: 0.2, tauDMs: 200, tauFMs: 50 },
  };
  const cases: NetworkCase[] = [];
  for (const [label, neurons] of SIZES.filter(([, n]) => n === 10_000 || n === 100_000))
    for (const [rule, spec] of Object.entries(rules))
      cases.push({
        kind: 'network',
        name: `lif-${label}-k1000-${rule}`,
        model: 'lif',
        synapsesPerNeuron: 1000,
        neurons,
        network: () => {
          const net = randomEiNetwork({ model: 'lif', neurons, synapsesPerNeuron: 1000, seed: 1 });
          const [ee, ...others] = net.projections ?? [];
          return { ...net, projections: [{ ...(ee as NonNullable<typeof ee>), name: 'ee', plasticity: [spec] }, ...others] } as NetworkDescription;
        },
        steps: 2000,
        quickSteps: 200,
        isQuick: false,
        maxCpuNeurons: CPU_NEURONS.lif,
      });
  return cases;
}

/** The suite, in the order it runs. */
export const BENCH_CASES: readonly BenchCase[] = [
  {
    kind: 'network',
    name: 'izhikevich-2003-1k',
    model: 'izhikevich-2003',
    synapsesPerNeuron: 1000,
    neurons: 1000,
    network: () => izhikevich2003Network(),
    steps: 2000,
    quickSteps: 300,
    isQuick: true,
    maxCpuNeurons: 1000,
  },
  {
    kind: 'network',
    name: 'izhikevich-10k-indegree-1000',
    model: 'izhikevich-2003',
    synapsesPerNeuron: 1000,
    neurons: 10_000,
    network: () => izhikevich2003Network({ excitatory: 8000, inhibitory: 2000, inDegree: 1000 }),
    steps: 2000,
    quickSteps: 200,
    isQuick: true,
    maxCpuNeurons: 10_000,
  },
  {
    kind: 'network',
    name: 'izhikevich-100k-indegree-1000',
    model: 'izhikevich-2003',
    synapsesPerNeuron: 1000,
    neurons: 100_000,
    network: () => izhikevich2003Network({ excitatory: 80000, inhibitory: 20000, inDegree: 1000 }),
    steps: 2000,
    quickSteps: 200,
    isQuick: true,
    maxCpuNeurons: 0,
  },
  {
    kind: 'network',
    name: 'izhikevich-100k-indegree-1000-stdp',
    model: 'izhikevich-2003',
    synapsesPerNeuron: 1000,
    neurons: 100_000,
    // Pair-based STDP on the E→E projection (64M plastic synapses); the plasticity issue's target is at
    // most twice the static step.
    network: () => {
      const net = izhikevich2003Network({ excitatory: 80000, inhibitory: 20000, inDegree: 1000 });
      const [ee, ...others] = net.projections ?? [];
      return {
        ...net,
        projections: [
          {
            ...(ee as NonNullable<typeof ee>),
            name: 'ee',
            plasticity: [{ rule: 'stdp', aPlus: 0.0005, aMinus: 0.0006, tauPlusMs: 20, tauMinusMs: 20, wMin: 0, wMax: 0.5 }],
          },
          ...others,
        ],
      } as NetworkDescription;
    },
    steps: 2000,
    quickSteps: 200,
    isQuick: false,
    maxCpuNeurons: 0,
  },
  {
    kind: 'network',
    name: 'izhikevich-100k-indegree-1000-fast-math',
    model: 'izhikevich-2003',
    synapsesPerNeuron: 1000,
    neurons: 100_000,
    network: () => izhikevich2003Network({ excitatory: 80000, inhibitory: 20000, inDegree: 1000 }),
    math: 'fast',
    steps: 2000,
    quickSteps: 200,
    isQuick: false,
    maxCpuNeurons: 0,
  },
  {
    kind: 'network',
    name: 'coba-4000',
    model: 'lif',
    synapsesPerNeuron: 80,
    neurons: 4000,
    network: () => cobaNetwork(),
    steps: 10000,
    quickSteps: 1000,
    isQuick: true,
    maxCpuNeurons: 4000,
  },
  {
    kind: 'network',
    name: 'coba-4000-fast-math',
    model: 'lif',
    synapsesPerNeuron: 80,
    neurons: 4000,
    network: () => cobaNetwork(),
    math: 'fast',
    steps: 10000,
    quickSteps: 1000,
    isQuick: false,
    maxCpuNeurons: 0,
  },
  ...modelSweep(),
  ...plasticitySweep(),
  // Hodgkin–Huxley batch mode: the HH batch simulators' protocol (seeds-deep §3), 50 ms at dt 0.01 ms.
  ...(['exact', 'fast'] as const).map(
    (math): BatchCase => ({
      kind: 'batch',
      name: `hh-batch-10k${math === 'fast' ? '-fast-math' : ''}`,
      model: hodgkinHuxley1952.name,
      neurons: 10_000,
      dtMs: 0.01,
      durationMs: 50,
      math,
      runs: 3,
      isQuick: true,
      // The CPU integrates 10,000 HH neurons × 5,000 RK4 steps in minutes: GPU only.
      maxCpuNeurons: 0,
    }),
  ),
];
