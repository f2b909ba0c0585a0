import { didYouMean, type NetworkDescription, ValidationError, validateNetwork } from '@spikegpu/core';
import { chooseBackend, type GpuContext } from '@spikegpu/gpu-runtime';
import { builtinNeuronModels, ModelRegistry, type NeuronModel } from '@spikegpu/models';
import { type HomeostasisRule, PlasticityRegistry, type PlasticityRule } from '@spikegpu/plasticity';
import { CpuEngine } from './cpu-engine.js';
import type { Engine, EngineSnapshot, PhaseProfile } from './engine.js';
import { type NetworkPlan, planNetwork } from './network-plan.js';
import { SpikeRecord } from './spike-record.js';
import { WebGpuEngine, type WebGpuEngineOptions } from './webgpu-engine.js';

export interface SimulationOptions extends WebGpuEngineOptions {
  /** `auto` (default): WebGPU when an adapter exists, else the CPU with a notice. `webgpu`: fail without one. */
  backend?: 'auto' | 'webgpu' | 'cpu';
  /** Models besides the built-in ones that populations may name. */
  models?: readonly NeuronModel[];
  /** Plasticity and homeostasis rules besides the built-in ones that projections and populations may name. */
  rules?: ReadonlyArray<PlasticityRule | HomeostasisRule>;
  /** A device to share (e.g. with a renderer); by default one is acquired. */
  gpu?: GpuContext;
  /** Where notices go (the CPU fallback, for example). Default `console.warn`. */
  log?: (message: string) => void;
  /**
   * Keep recorded spikes in {@link Simulation.spikes} (default true). Turn off when a listener (e.g. a
   * streaming file writer, see {@link Simulation.onSpikes}) takes them, so memory stays bounded.
   */
  keepSpikesInMemory?: boolean;
  /**
   * Threads that build the network's synapses (see `planNetwork`). Default: every core in Node
   * (`os.availableParallelism()`), 1 in browsers. The network is the same whatever the count.
   */
  threads?: number;
}

/** Spikes of one population: times (ms, the start of the step that crossed threshold) and local ids. */
export interface PopulationSpikes {
  population: string;
  times: Float64Array;
  ids: Uint32Array;
}

/** A projection's synapses with their current weights: CSR, row = presynaptic neuron. */
export interface ProjectionWeights {
  projection: string;
  rowOffsets: Uint32Array;
  /** Postsynaptic neuron (target-population index) of each synapse. */
  targets: Uint32Array;
  /** Weight of each synapse in the receptor's unit (f32; for a static projection, the fixed-point value the engine adds, converted back). */
  weights: Float32Array;
}

/** What a run produced, per population. */
export interface PopulationSummary {
  name: string;
  size: number;
  spikes: number;
  rateHz: number;
}

/**
 * A network description made runnable on one backend.
 *
 * @example
 * ```ts
 * const sim = await Simulation.create(izhikevichNetwork(), { backend: 'auto' });
 * await sim.run(1000);
 * console.table(await sim.summary());
 * ```
 */
export class Simulation {
  readonly plan: NetworkPlan;
  readonly engine: Engine;
  readonly spikes = new SpikeRecord();
  #ownsGpu: GpuContext | null;
  readonly #listeners = new Set<(step: number, ids: Uint32Array) => void>();
  readonly #keepSpikes: boolean;

  private constructor(plan: NetworkPlan, engine: Engine, ownsGpu: GpuContext | null, keepSpikes: boolean) {
    this.plan = plan;
    this.engine = engine;
    this.#ownsGpu = ownsGpu;
    this.#keepSpikes = keepSpikes;
  }

  /**
   * Calls `listener` with each step's recorded spikes (global ids, ascending) as they come back from
   * the device, in step order. Returns a function that removes it.
   */
  onSpikes(listener: (step: number, ids: Uint32Array) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  static async create(description: NetworkDescription, options: SimulationOptions = {}): Promise<Simulation> {
    const registry = new ModelRegistry([...builtinNeuronModels, ...(options.models ?? [])]);
    const rules = new PlasticityRegistry();
    for (const rule of options.rules ?? []) rules.register(rule);
    const log = options.log ?? ((m: string) => console.warn(m));
    const preference = options.backend ?? 'auto';
    if (!['auto', 'webgpu', 'cpu'].includes(preference))
      throw new ValidationError('', { code: 'invalid-backend', path: 'backend', expected: "'auto', 'webgpu' or 'cpu'", received: preference });
    // Validate (and so fail on bad input) before a device is acquired or anything is allocated.
    validateNetwork(description, registry, rules);
    let gpu = options.gpu ?? null;
    let ownsGpu: GpuContext | null = null;
    if (!gpu && preference !== 'cpu') {
      const choice = await chooseBackend(preference, log);
      if (choice.kind === 'webgpu') {
        gpu = choice.gpu;
        ownsGpu = gpu;
      }
    }
    const limits = gpu ? { maxBindingBytes: gpu.device.limits.maxStorageBufferBindingSize } : undefined;
    const plan = planNetwork(description, registry, limits, rules, { threads: options.threads });
    const engine = gpu ? new WebGpuEngine(gpu, plan, options) : new CpuEngine(plan);
    // The step pipeline compiles while the synapses upload; a shader error surfaces here.
    if (engine instanceof WebGpuEngine) await engine.ready();
    return new Simulation(plan, engine, ownsGpu, options.keepSpikesInMemory ?? true);
  }

  /** Backend in use. */
  get backend(): 'cpu' | 'webgpu' {
    return this.engine.backend;
  }

  get step(): number {
    return this.engine.step;
  }

  get timeMs(): number {
    return this.engine.step * this.plan.dt;
  }

  /** Advances by `durationMs` (rounded to whole steps); recorded spikes accumulate in {@link spikes}. */
  async run(durationMs: number): Promise<void> {
    if (!(Number.isFinite(durationMs) && durationMs >= 0))
      throw new ValidationError('', { code: 'invalid-duration', path: 'durationMs', expected: 'a number ≥ 0', received: durationMs });
    const steps = Math.round(durationMs / this.plan.dt);
    await this.engine.run(steps, (step, ids) => {
      if (this.#keepSpikes) this.spikes.append(step, ids);
      for (const listener of this.#listeners) listener(step, ids);
    });
  }

  #population(name: string) {
    const pop = this.plan.populations.find((p) => p.name === name);
    if (!pop)
      throw new ValidationError(`unknown population '${name}'`, {
        code: 'unknown-population',
        path: 'population',
        hint: didYouMean(
          name,
          this.plan.populations.map((p) => p.name),
        ),
      });
    return pop;
  }

  /** Recorded spikes of one population. */
  spikesOf(population: string): PopulationSpikes {
    const pop = this.#population(population);
    const { steps, ids } = this.spikes;
    const chosen: number[] = [];
    for (let k = 0; k < ids.length; k++) {
      const id = ids[k] as number;
      if (id >= pop.offset && id < pop.offset + pop.size) chosen.push(k);
    }
    return {
      population,
      times: Float64Array.from(chosen, (k) => (steps[k] as number) * this.plan.dt),
      ids: Uint32Array.from(chosen, (k) => (ids[k] as number) - pop.offset),
    };
  }

  /** Current values of a state variable of a population. */
  async readState(population: string, variable: string): Promise<Float32Array> {
    return this.engine.readState(this.#population(population).index, variable);
  }

  #projection(name: string) {
    const projection = this.plan.projections.find((p) => p.name === name);
    if (!projection)
      throw new ValidationError(`unknown projection '${name}'`, {
        code: 'unknown-projection',
        path: 'projection',
        hint: didYouMean(
          name,
          this.plan.projections.map((p) => p.name),
        ),
      });
    return projection;
  }

  /**
   * A projection's synapses and their current weights, as CSR. Plastic weights are read from the
   * engine (waiting for the device); a static projection's are the fixed weights of the plan.
   *
   * @example
   * ```ts
   * const { rowOffsets, targets, weights } = await sim.readWeights('exc->exc');
   * ```
   */
  async readWeights(projection: string): Promise<ProjectionWeights> {
    const proj = this.#projection(projection);
    const plastic = proj.plasticity?.weightRule || proj.plasticity?.scalingRule ? (await this.engine.readProjection(proj.index)).weights : undefined;
    const scale = 2 ** -proj.receptor.scaleExp;
    return {
      projection: proj.name,
      rowOffsets: proj.csr.rowOffsets,
      targets: proj.csr.targets,
      weights: plastic ?? Float32Array.from(proj.weightsFixed, (w) => w * scale),
    };
  }

  /**
   * A plastic projection's state besides the weights, by name: STP state per presynaptic neuron
   * (`u`, `x`: as just after each neuron's last spike), traces per neuron (`xPre`, `yPost`: the value
   * just after the neuron's last spike; decay it by exp(−Δt/τ) for later times). Empty for a static projection.
   */
  async readPlasticity(projection: string): Promise<Record<string, Float32Array>> {
    const { weights: _weights, ...rest } = await this.engine.readProjection(this.#projection(projection).index);
    return rest;
  }

  /** Spike counts and mean rates per population since the start (all neurons, recorded or not). */
  async summary(): Promise<PopulationSummary[]> {
    const totals = await this.engine.spikeTotals();
    const seconds = this.timeMs / 1000;
    return this.plan.populations.map((p, k) => ({
      name: p.name,
      size: p.size,
      spikes: totals[k] as number,
      rateHz: seconds > 0 ? (totals[k] as number) / p.size / seconds : 0,
    }));
  }

  profile(): PhaseProfile {
    return this.engine.profile();
  }

  /** All running state (with {@link plan} and the description, everything a checkpoint needs). */
  async snapshot(): Promise<EngineSnapshot> {
    return this.engine.snapshot();
  }

  /**
   * Continues from a snapshot: spikes that follow are bit-identical to those of a run that never
   * stopped. Recorded spikes before the snapshot are not part of it (they belong to the recording).
   */
  async restore(snapshot: EngineSnapshot): Promise<void> {
    await this.engine.restore(snapshot);
  }

  /** Frees device memory (and the device, when this simulation acquired it). */
  destroy(): void {
    this.engine.destroy();
    this.#ownsGpu?.destroy();
    this.#ownsGpu = null;
  }
}
