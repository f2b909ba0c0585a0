import { type Csr, estimateSynapseCount, placeNeurons, sampleValues } from '@spikegpu/connectivity';
import {
  CapacityError,
  constantOf,
  type InputSpec,
  isConstantValue,
  type NetworkDescription,
  type NeuronSelection,
  type ReceptorSpec,
  receptorsOf,
  resolveReceptor,
  type ValueSpec,
  validateNetwork,
} from '@spikegpu/core';
import type { ModelRegistry, NeuronModel } from '@spikegpu/models';
import { PlasticityRegistry } from '@spikegpu/plasticity';
import { addPoissonState } from './neuron-kernel.js';
import { planProjections } from './plan-projections.js';
import { addPlasticNeuronState, type HomeostasisRuleUse, type PlasticStateLayout, type ProjectionPlasticity, plasticStateLayout } from './plasticity-plan.js';

/** RNG stream numbers: each random consumer of a run has its own, so adding one never shifts another. */
export const STREAMS = {
  connectivity: (projection: number) => 0x1000 + projection * 4,
  weights: (projection: number) => 0x1000 + projection * 4 + 1,
  delays: (projection: number) => 0x1000 + projection * 4 + 2,
  param: (population: number, param: number) => 0x100000 + population * 1024 + param,
  init: (population: number, variable: number) => 0x200000 + population * 1024 + variable,
  input: (input: number) => 0x300000 + input,
  positions: (population: number) => 0x400000 + population,
} as const;

/** Where a population's neurons sit (x, y, z per neuron, µm), or null when its description gives no `positions`. */
function placePopulation(net: NetworkDescription, index: number): Float32Array | null {
  const spec = net.populations[index]!;
  if (spec.positions === undefined) return null;
  return placeNeurons(spec.positions, spec.size, { seed: net.seed >>> 0, stream: STREAMS.positions(index), path: `populations[${index}].positions` });
}

/** A parameter is baked into the generated code when constant, else read per neuron. */
export type ParamPlan = { kind: 'constant'; value: number } | { kind: 'per-neuron'; values: Float32Array; offset: number };

export interface ReceptorPlan {
  name: string;
  spec: ReceptorSpec;
  /** Index of this receptor's block in the input ring (one i32 per neuron per block per slot). */
  ringOffset: number;
  /** Fixed-point exponent: ring value = round(weight · 2^scaleExp). */
  scaleExp: number;
  /** f32 decay factor per step, exp(−dt/τ), computed once on the host for both backends. */
  decay: number;
}

export interface InputPlan {
  index: number;
  spec: InputSpec;
  stream: number;
  /** Population-local neurons it reaches; null for all. */
  neurons: Uint32Array | null;
  /** For `current` inputs: per-neuron amplitude when not constant. */
  amplitude: ParamPlan | null;
  receptor: ReceptorPlan | null;
}

export interface PopulationPlan {
  index: number;
  name: string;
  size: number;
  /** First global neuron index. */
  offset: number;
  model: NeuronModel;
  params: Record<string, ParamPlan>;
  /** Initial state, one array per state variable. */
  init: Record<string, Float32Array>;
  receptors: ReceptorPlan[];
  inputs: InputPlan[];
  /** Extra per-neuron state the engine keeps besides the model's: receptor states, OU currents, refractory counter. */
  extraState: string[];
  /** Per-neuron parameter arrays are packed into one array; this population's slice starts here. */
  recordSpikes: 'all' | 'none' | Uint32Array;
  /** x, y, z of each neuron (µm) at `[3i, 3i + 1, 3i + 2]`, placed from the seed; null without `positions`. */
  positions: Float32Array | null;
  /** The population's homeostasis rule, resolved; null without one. */
  homeostasis: HomeostasisRuleUse | null;
}

export interface ProjectionPlan {
  index: number;
  name: string;
  source: PopulationPlan;
  target: PopulationPlan;
  receptor: ReceptorPlan;
  /**
   * Connectivity. Built on several threads, a static projection's arrays (`csr.rowOffsets`,
   * `csr.targets`, `weightsFixed`, `delaySteps`) stay in the shared memory the threads wrote them to
   * (a `SharedArrayBuffer`); they are read like any typed array.
   */
  csr: Csr;
  /** Fixed-point weights (receptor's scale), one per synapse in CSR order. */
  weightsFixed: Int32Array;
  /** Delay in steps per synapse, or null when all synapses share `constantDelaySteps`. */
  delaySteps: Uint16Array | null;
  constantDelaySteps: number;
  maxDelaySteps: number;
  buildMs: number;
  /** Plasticity rules and the float weight store; null for a static projection (the fixed-point path). */
  plasticity: ProjectionPlasticity | null;
}

export interface NetworkPlan {
  description: NetworkDescription;
  dt: number;
  seed: number;
  populations: PopulationPlan[];
  projections: ProjectionPlan[];
  totalNeurons: number;
  /** Slots in the input ring: the longest delay plus one. */
  ringDepth: number;
  /** i32 per slot: Σ over populations of size × receptor count. */
  ringStride: number;
  /** All per-neuron parameter values, packed. */
  paramValues: Float32Array;
  totalSynapses: number;
  buildMs: number;
  /**
   * Where `buildMs` went, by phase (ms, wall clock): `validate`, `populations`, `workers` (starting and
   * stopping build threads), `connectivity`, `weights`, `delays`, `inDegree`, `plasticity`,
   * `fixedPoint`, `rest`.
   */
  buildPhasesMs: Record<string, number>;
  /** Where plastic projections keep per-neuron state (traces, STP u and x); null for a static network. */
  plasticState: PlasticStateLayout | null;
}

function selectionArray(sel: NeuronSelection | undefined): Uint32Array | null {
  return sel === undefined || sel === 'all' ? null : Uint32Array.from(sel);
}

function planValue(spec: ValueSpec, count: number, seed: number, stream: number, path: string): ParamPlan {
  if (isConstantValue(spec)) return { kind: 'constant', value: Math.fround(constantOf(spec)) };
  return { kind: 'per-neuron', values: sampleValues(spec, count, { seed, stream, path }), offset: -1 };
}

/** Bytes the device will hold for a plan: the number the capacity check compares with the limits. */
export function estimateDeviceBytes(
  plan: Pick<NetworkPlan, 'populations' | 'projections' | 'ringDepth' | 'ringStride' | 'paramValues' | 'totalNeurons'>,
): number {
  let bytes = plan.ringDepth * plan.ringStride * 4 + plan.paramValues.byteLength + plan.totalNeurons * 4 * 2;
  for (const p of plan.populations) bytes += p.size * 4 * (p.model.stateNames.length + p.extraState.length);
  for (const j of plan.projections) bytes += j.csr.rowOffsets.byteLength + j.csr.targets.byteLength + j.weightsFixed.byteLength;
  // A plastic projection adds its column index (8 bytes per synapse) and per-neuron state.
  for (const j of plan.projections) if (j.plasticity?.columns) bytes += j.plasticity.columns.colOffsets.byteLength + j.csr.targets.length * 8;
  bytes += (plasticStateLayout(plan)?.length ?? 0) * 4;
  return bytes;
}

/**
 * Turns a description into everything both backends need: neuron layout, parameters, initial state,
 * receptors with fixed-point scales, the CSR of every projection with fixed-point weights and delays.
 * All random draws come from the counter-based RNG, so the plan is a pure function of the description
 * (and the same over any number of `options.threads`).
 */
export function planNetwork(
  description: NetworkDescription,
  registry: ModelRegistry,
  limits?: DeviceLimits,
  rules: PlasticityRegistry = new PlasticityRegistry(),
  options: PlanOptions = {},
): NetworkPlan {
  const started = performance.now();
  const net = validateNetwork(description, registry, rules);
  if (limits) checkCapacity(net, registry, limits);
  const validatedAt = performance.now();
  const dt = net.dt;
  const seed = net.seed >>> 0;
  let offset = 0;
  let ringOffset = 0;
  const recording = net.recording?.spikes ?? true;
  const populations: PopulationPlan[] = net.populations.map((spec, index) => {
    const model = registry.get(spec.model);
    const params: Record<string, ParamPlan> = {};
    model.paramNames.forEach((name, k) => {
      const value = spec.params?.[name] ?? (model.params as Record<string, number>)[name];
      params[name] = planValue(value as ValueSpec, spec.size, seed, STREAMS.param(index, k), `populations[${index}].params.${name}`);
    });
    const init: Record<string, Float32Array> = {};
    model.stateNames.forEach((name, k) => {
      const value = (spec.init?.[name] ?? (model.state as Record<string, number>)[name]) as ValueSpec;
      init[name] = isConstantValue(value)
        ? new Float32Array(spec.size).fill(constantOf(value))
        : sampleValues(value, spec.size, { seed, stream: STREAMS.init(index, k), path: `populations[${index}].init.${name}` });
    });
    const receptors: ReceptorPlan[] = Object.entries(receptorsOf(spec)).map(([name, r]) => {
      const plan: ReceptorPlan = { name, spec: r, ringOffset, scaleExp: 0, decay: r.kind === 'delta' ? 0 : Math.fround(Math.exp(-dt / r.tauMs)) };
      ringOffset += spec.size;
      return plan;
    });
    const recordSpikes: PopulationPlan['recordSpikes'] =
      recording === true
        ? 'all'
        : recording === false
          ? 'none'
          : (() => {
              const chosen = recording.filter((r) => r.population === spec.name);
              if (chosen.length === 0) return 'none';
              if (chosen.some((c) => c.neurons === undefined || c.neurons === 'all')) return 'all';
              return Uint32Array.from(new Set(chosen.flatMap((c) => c.neurons as number[]))).sort();
            })();
    const pop: PopulationPlan = {
      index,
      name: spec.name,
      size: spec.size,
      offset,
      model,
      params,
      init,
      receptors,
      inputs: [],
      extraState: [],
      recordSpikes,
      positions: placePopulation(net, index),
      homeostasis: spec.homeostasis
        ? rules.resolveHomeostasis(spec.homeostasis, `populations[${index}].homeostasis`, { population: spec, model: registry.lookup(spec.model), dt })
        : null,
    };
    offset += spec.size;
    return pop;
  });
  const byName = new Map(populations.map((p) => [p.name, p]));

  (net.inputs ?? []).forEach((spec, index) => {
    const target = byName.get(spec.target) as PopulationPlan;
    const receptorName = spec.kind === 'poisson' ? resolveReceptor(net.populations[target.index]!, spec.receptor, `inputs[${index}].receptor`) : null;
    target.inputs.push({
      index,
      spec,
      stream: STREAMS.input(index),
      neurons: selectionArray(spec.neurons),
      amplitude: spec.kind === 'current' ? planValue(spec.amplitude, target.size, seed, STREAMS.input(index), `inputs[${index}].amplitude`) : null,
      receptor: receptorName === null ? null : (target.receptors.find((r) => r.name === receptorName) as ReceptorPlan),
    });
  });

  const buildPhasesMs: Record<string, number> = { validate: validatedAt - started, populations: performance.now() - validatedAt };
  const projections = planProjections(net, populations, rules, options.threads, buildPhasesMs);
  const projectionsDoneAt = performance.now();

  // Pack per-neuron parameters (and per-neuron input amplitudes) into one array.
  let paramLength = 0;
  const perNeuron: ParamPlan[] = [];
  for (const pop of populations) {
    for (const p of [...Object.values(pop.params), ...pop.inputs.map((i) => i.amplitude)]) {
      if (p && p.kind === 'per-neuron') {
        p.offset = paramLength;
        paramLength += p.values.length;
        perNeuron.push(p);
      }
    }
    const spec = net.populations[pop.index]!;
    for (const r of pop.receptors) {
      if (r.spec.kind === 'delta') continue;
      const name = `syn_${r.name}`;
      pop.extraState.push(name);
      const value = spec.init?.[name];
      if (value !== undefined)
        pop.init[name] = isConstantValue(value)
          ? new Float32Array(pop.size).fill(constantOf(value))
          : sampleValues(value, pop.size, {
              seed,
              stream: STREAMS.init(pop.index, 512 + pop.receptors.indexOf(r)),
              path: `populations[${pop.index}].init.${name}`,
            });
    }
    for (const i of pop.inputs) if (i.spec.kind === 'ou') pop.extraState.push(`ou_${i.index}`);
    addPoissonState(pop, dt, seed);
    if (pop.model.refractory) pop.extraState.push('refractory');
  }
  addPlasticNeuronState(populations, projections);
  const paramValues = new Float32Array(Math.max(1, paramLength));
  for (const p of perNeuron) if (p.kind === 'per-neuron') paramValues.set(p.values, p.offset);

  const ringDepth = Math.max(1, ...projections.map((p) => p.maxDelaySteps)) + 1;
  buildPhasesMs.rest = performance.now() - projectionsDoneAt;
  const plan: NetworkPlan = {
    description: net,
    dt,
    seed,
    populations,
    projections,
    totalNeurons: offset,
    ringDepth,
    ringStride: ringOffset,
    paramValues,
    totalSynapses: projections.reduce((s, p) => s + p.csr.targets.length, 0),
    buildMs: performance.now() - started,
    buildPhasesMs,
    plasticState: plasticStateLayout({ projections }),
  };
  if (limits?.maxBytes !== undefined) {
    // The estimate before building used expected synapse counts; this is the exact figure.
    const bytes = estimateDeviceBytes(plan);
    if (bytes > limits.maxBytes)
      throw new CapacityError('network does not fit the device', {
        code: 'out-of-memory',
        path: 'populations',
        expected: `at most ${(limits.maxBytes / 2 ** 20).toFixed(0)} MiB of device memory`,
        received: `${(bytes / 2 ** 20).toFixed(0)} MiB`,
        hint: 'use fewer neurons or synapses, or the CPU backend',
      });
  }
  return plan;
}

/** How a plan is built. */
export interface PlanOptions {
  /**
   * Threads that build the projections (connectivity, weights, delays, fixed point). Default: every
   * core in Node (`os.availableParallelism()`), 1 in browsers. Networks under 2 × 10⁶ synapses are
   * built on one thread. The plan is the same whatever the count.
   */
  threads?: number;
}

/** What the device can hold: total bytes, and bytes in one storage binding. */
export interface DeviceLimits {
  maxBytes?: number;
  maxBindingBytes?: number;
}

/**
 * Fails with the numbers when a network cannot fit the device, from the description alone: called
 * before any array is allocated or any synapse is built.
 */
export function checkCapacity(net: NetworkDescription, registry: ModelRegistry, limits: DeviceLimits): void {
  const mib = (b: number) => `${(b / 2 ** 20).toFixed(1)} MiB`;
  const sizes = new Map(net.populations.map((p) => [p.name, p.size]));
  const positionsOf = new Map<string, Float32Array | undefined>();
  const positions = (name: string) => {
    if (!positionsOf.has(name))
      positionsOf.set(
        name,
        placePopulation(
          net,
          net.populations.findIndex((p) => p.name === name),
        ) ?? undefined,
      );
    return positionsOf.get(name);
  };
  const neurons = net.populations.reduce((n, p) => n + p.size, 0);
  let stateBytes = 0;
  for (const p of net.populations) {
    const model = registry.get(p.model);
    stateBytes += p.size * 4 * (model.stateNames.length + Object.keys(p.receptors ?? {}).length + 1);
  }
  const bindings: Array<[string, number]> = [
    ['populations (spike lists: 8 bytes per neuron)', neurons * 8],
    ['populations (state)', stateBytes],
  ];
  let total = stateBytes + neurons * 8;
  (net.projections ?? []).forEach((j, k) => {
    const synapses = estimateSynapseCount(j.connectivity, {
      sourceSize: sizes.get(j.source) ?? 0,
      targetSize: sizes.get(j.target) ?? 0,
      isSamePopulation: j.source === j.target,
      ...(j.connectivity.rule === 'distance-dependent' || j.connectivity.rule === 'watts-strogatz'
        ? { sourcePositions: positions(j.source), targetPositions: positions(j.target) }
        : {}),
    });
    // A static projection's synapses may span several bindings (the WebGPU engine splits them); a
    // plastic one's passes bind its arrays whole.
    if (j.plasticity?.length) bindings.push([`projections[${k}] (targets: 4 bytes per synapse)`, synapses * 4]);
    total += synapses * 8 + ((sizes.get(j.source) ?? 0) + 1) * 4;
  });
  if (limits.maxBindingBytes !== undefined)
    for (const [what, bytes] of bindings)
      if (bytes > limits.maxBindingBytes)
        throw new CapacityError('', {
          code: 'binding-too-large',
          path: what.startsWith('projections') ? what.slice(0, what.indexOf(' ')) : 'populations',
          expected: `at most ${mib(limits.maxBindingBytes)} in one storage binding (the adapter's maxStorageBufferBindingSize) for ${what}`,
          received: mib(bytes),
          hint: 'split the population or projection, or use the CPU backend',
        });
  if (limits.maxBytes !== undefined && total > limits.maxBytes)
    throw new CapacityError('', {
      code: 'out-of-memory',
      path: 'populations',
      expected: `at most ${mib(limits.maxBytes)} of device memory`,
      received: `about ${mib(total)}`,
      hint: 'use fewer neurons or synapses, or the CPU backend',
    });
}
