import * as core from '@spikegpu/core';
import type { CompiledUpdate } from './cpu-wasm/compile-update.js';
import { KernelArena } from './cpu-wasm/kernel-arena.js';
import type { Engine, EngineSnapshot, PhaseProfile, SpikeSink } from './engine.js';
import type { NetworkPlan } from './network-plan.js';
import { generateNeuronUpdate, type StateLayout, stateLayout, stateLength } from './neuron-kernel.js';
import { compilePlasticWalks, type PlasticWalks } from './plastic-propagation.js';
import { initialPlasticState, isScalingStep, savedProjectionArrays, scalingIntervalSteps } from './plasticity-plan.js';
import { checkSnapshot } from './snapshot-check.js';

type UpdateFunction = (
  step: number,
  slot: number,
  seed: number,
  state: Float32Array,
  params: Float32Array,
  ring: Int32Array,
  spikes: Uint32Array,
  masks: Record<string, Uint8Array>,
  fail: (step: number, neuron: number) => void,
  plasticState: Float32Array,
) => number;

/** Round half to even, as WGSL's `round` does. */
export function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/**
 * The functions generated CPU code may call: det-math, the RNG, and f32 rounding. `f` is core's `f32`
 * (round to f32, flush subnormals to zero), the twin of WGSL's `dm_pin`.
 */
const runtime: Record<string, unknown> = { ...core, f: core.f32, roundHalfEven };

/** Options of {@link CpuEngine}. */
export interface CpuEngineOptions {
  /**
   * How neuron updates run: `wasm` (the default) compiles each population's generated JS to
   * WebAssembly where it can (see cpu-wasm/compile-update.ts), four neurons at a time in SIMD lanes,
   * and runs the JS elsewhere; `wasm-scalar` does without SIMD; `js` always runs the JS. All give the
   * same bits.
   */
  kernels?: 'wasm' | 'wasm-scalar' | 'js';
}

/** A population's update, compiled to WebAssembly or run as JS. */
type PopulationUpdate = { wasm: CompiledUpdate } | { js: UpdateFunction };

/**
 * The reference backend: the same generated update as the GPU, compiled to JS (and from that to
 * WebAssembly), and a plain loop for propagation, summing the same fixed-point integers into the same
 * input ring. Every array the updates touch lives in one WebAssembly memory.
 */
export class CpuEngine implements Engine {
  readonly backend = 'cpu' as const;
  readonly plan: NetworkPlan;
  step = 0;
  readonly #layouts: StateLayout[];
  readonly #state: Float32Array;
  readonly #params: Float32Array;
  readonly #ring: Int32Array;
  readonly #updates: PopulationUpdate[];
  readonly #spikes: Uint32Array[];
  readonly #spikeCounts: Uint32Array;
  readonly #masks: Record<string, Uint8Array>[];
  readonly #recordMasks: Array<Uint8Array | null>;
  readonly #totals = { update: 0, propagate: 0 };
  readonly #spikeTotals: Float64Array;
  /** Per-neuron plasticity state (traces, STP u and x; see plasticStateLayout). */
  readonly #plasticState: Float32Array;
  /** Float weights and compiled walks of each plastic projection, by projection index. */
  readonly #plastic = new Map<number, { weights: Float32Array; walks: PlasticWalks; scalingInterval: number }>();

  constructor(plan: NetworkPlan, options: CpuEngineOptions = {}) {
    this.plan = plan;
    this.#layouts = stateLayout(plan);
    const arena = new KernelArena(options.kernels !== 'js');
    arena.add('state', 'f32', stateLength(plan));
    arena.add('params', 'f32', plan.paramValues.length);
    arena.add('ring', 'i32', plan.ringDepth * plan.ringStride);
    arena.add('plasticState', 'f32', plan.plasticState ? Math.max(1, plan.plasticState.length) : 1);
    for (const pop of plan.populations) {
      arena.add(`spikes${pop.index}`, 'u32', pop.size);
      for (const input of pop.inputs) if (input.neurons) arena.add(`isInput${input.index}`, 'u8', pop.size);
    }
    arena.allocate();
    this.#state = arena.view('state') as Float32Array;
    this.#params = arena.view('params') as Float32Array;
    this.#params.set(plan.paramValues);
    this.#ring = arena.view('ring') as Int32Array;
    this.#plasticState = arena.view('plasticState') as Float32Array;
    if (plan.plasticState) this.#plasticState.set(initialPlasticState(plan.plasticState));
    this.#spikes = plan.populations.map((p) => arena.view(`spikes${p.index}`) as Uint32Array);
    this.#masks = plan.populations.map((pop) => {
      const masks: Record<string, Uint8Array> = {};
      for (const input of pop.inputs) {
        if (!input.neurons) continue;
        const m = arena.view(`isInput${input.index}`) as Uint8Array;
        for (const n of input.neurons) m[n] = 1;
        masks[`isInput${input.index}`] = m;
      }
      return masks;
    });
    this.#spikeCounts = new Uint32Array(plan.populations.length);
    this.#spikeTotals = new Float64Array(plan.populations.length);
    const windows = inputWindows(plan);
    this.#updates = plan.populations.map((pop, index) => {
      const layout = this.#layouts[index] as StateLayout;
      for (const [v, values] of Object.entries(pop.init)) this.#state.set(values, layout.base + layout.variables.indexOf(v) * pop.size);
      const body = generateNeuronUpdate('js', plan, pop, layout, {
        ringStride: plan.ringStride,
        recordCapacity: 0,
        recordIdsOffset: 0,
        failureOffset: 0,
        inputWindows: windows,
      });
      const compiled = arena.compile(body, pop, { ...runtime, fail: this.#fail }, options.kernels === 'wasm-scalar' ? 1 : 4);
      if (compiled) return { wasm: compiled };
      const names = Object.keys(runtime).filter((n) => /^[A-Za-z_$][\w$]*$/.test(n));
      const maskNames = pop.inputs.filter((i) => i.neurons).map((i) => `isInput${i.index}`);
      // rngWords: scratch for the four words of each draw (no allocation per neuron and step).
      const source = `const { ${names.join(', ')} } = rt;
const rngWords = new Uint32Array(4);
return function update_${pop.name.replace(/\W/g, '_')}(step, slot, seed, state, params, ring, spikes, masks, fail, plasticState) {
  const { ${maskNames.join(', ')} } = masks;
  let spikeCount = 0;
  for (let i = 0; i < ${pop.size}; i++) {
${body.replace(/^/gm, '    ')}
  }
  return spikeCount;
};`;
      return { js: new Function('rt', source)(runtime) as UpdateFunction };
    });
    for (const proj of plan.projections)
      if (proj.plasticity)
        this.#plastic.set(proj.index, {
          weights: proj.plasticity.weights.slice(),
          walks: compilePlasticWalks(plan, proj, runtime, this.#layouts),
          scalingInterval: scalingIntervalSteps(proj, plan.dt),
        });
    this.#recordMasks = plan.populations.map((pop) => {
      if (pop.recordSpikes === 'all' || pop.recordSpikes === 'none') return null;
      const m = new Uint8Array(pop.size);
      for (const n of pop.recordSpikes) m[n] = 1;
      return m;
    });
  }

  /**
   * How each population's update runs, by population index: `wasm-simd` (WebAssembly, four neurons
   * at a time), `wasm` (one at a time) or `js`.
   */
  get kernels(): Array<'wasm-simd' | 'wasm' | 'js'> {
    return this.#updates.map((u) => ('wasm' in u ? (u.wasm.lanes === 4 ? 'wasm-simd' : 'wasm') : 'js'));
  }

  async run(steps: number, sink: SpikeSink): Promise<void> {
    const { plan } = this;
    const ring = this.#ring;
    const stride = plan.ringStride;
    const depth = plan.ringDepth;
    for (let n = 0; n < steps; n++) {
      const step = this.step;
      const slot = step % depth;
      const t0 = performance.now();
      for (let p = 0; p < plan.populations.length; p++) {
        const update = this.#updates[p] as PopulationUpdate;
        const count =
          'wasm' in update
            ? update.wasm(step, slot, plan.seed)
            : update.js(
                step,
                slot,
                plan.seed,
                this.#state,
                this.#params,
                ring,
                this.#spikes[p] as Uint32Array,
                this.#masks[p] as Record<string, Uint8Array>,
                this.#fail,
                this.#plasticState,
              );
        this.#spikeCounts[p] = count;
        this.#spikeTotals[p]! += count;
      }
      const t1 = performance.now();
      for (const proj of plan.projections) {
        if (proj.plasticity) continue;
        const spikes = this.#spikes[proj.source.index] as Uint32Array;
        const count = this.#spikeCounts[proj.source.index] as number;
        const { rowOffsets, targets } = proj.csr;
        const weights = proj.weightsFixed;
        const base = proj.receptor.ringOffset;
        const delays = proj.delaySteps;
        for (let s = 0; s < count; s++) {
          const pre = spikes[s] as number;
          const end = rowOffsets[pre + 1] as number;
          if (delays === null) {
            let cellSlot = slot + proj.constantDelaySteps;
            if (cellSlot >= depth) cellSlot -= depth;
            const offset = cellSlot * stride + base;
            for (let k = rowOffsets[pre] as number; k < end; k++) {
              const cell = offset + (targets[k] as number);
              ring[cell] = ((ring[cell] as number) + (weights[k] as number)) | 0;
            }
          } else {
            for (let k = rowOffsets[pre] as number; k < end; k++) {
              let cellSlot = slot + (delays[k] as number);
              if (cellSlot >= depth) cellSlot -= depth;
              const cell = cellSlot * stride + base + (targets[k] as number);
              ring[cell] = ((ring[cell] as number) + (weights[k] as number)) | 0;
            }
          }
        }
      }
      // Plastic projections: every row pass, then every column pass, as the GPU's two dispatches do.
      for (const [index, { weights, walks }] of this.#plastic) {
        const source = (plan.projections[index] as NetworkPlan['projections'][number]).source.index;
        walks.rows(this.#spikes[source] as Uint32Array, this.#spikeCounts[source] as number, slot, ring, weights, this.#plasticState);
      }
      for (const [index, { weights, walks }] of this.#plastic) {
        const target = (plan.projections[index] as NetworkPlan['projections'][number]).target.index;
        walks.columns?.(this.#spikes[target] as Uint32Array, this.#spikeCounts[target] as number, weights, this.#plasticState);
      }
      // Synaptic scaling, only in the steps that end an interval (after the step's spike-driven updates).
      for (const { weights, walks, scalingInterval } of this.#plastic.values())
        if (isScalingStep(scalingInterval, step)) walks.scale?.(weights, this.#plasticState, this.#state);
      const t2 = performance.now();
      this.#totals.update += t1 - t0;
      this.#totals.propagate += t2 - t1;
      sink(step, this.#recorded());
      this.step++;
      if (this.#failure) throw numericalFailure(this.plan, this.#failure.step, this.#failure.neuron);
    }
  }

  #failure: { step: number; neuron: number } | null = null;
  readonly #fail = (step: number, neuron: number) => {
    if (!this.#failure) this.#failure = { step, neuron };
  };

  #recorded(): Uint32Array {
    let total = 0;
    const { populations } = this.plan;
    for (let p = 0; p < populations.length; p++) if (populations[p]?.recordSpikes !== 'none') total += this.#spikeCounts[p] as number;
    const ids = new Uint32Array(total);
    let k = 0;
    for (let p = 0; p < populations.length; p++) {
      const pop = populations[p]!;
      if (pop.recordSpikes === 'none') continue;
      const spikes = this.#spikes[p] as Uint32Array;
      const mask = this.#recordMasks[p];
      for (let s = 0; s < (this.#spikeCounts[p] as number); s++) {
        const id = spikes[s] as number;
        if (!mask || mask[id]) ids[k++] = pop.offset + id;
      }
    }
    return k === total ? ids : ids.subarray(0, k);
  }

  async readState(population: number, variable: string): Promise<Float32Array> {
    const pop = this.plan.populations[population]!;
    const layout = this.#layouts[population] as StateLayout;
    const k = layout.variables.indexOf(variable);
    if (k < 0)
      throw new core.ValidationError(`unknown state variable '${variable}' of population '${pop.name}'`, {
        code: 'unknown-state',
        path: 'variable',
        hint: core.didYouMean(variable, layout.variables),
      });
    return this.#state.slice(layout.base + k * pop.size, layout.base + (k + 1) * pop.size);
  }

  async spikeTotals(): Promise<Float64Array> {
    return this.#spikeTotals.slice();
  }

  profile(): PhaseProfile {
    return { source: 'wall-clock', totalsMs: { ...this.#totals }, steps: this.step };
  }

  async readProjection(projection: number): Promise<Record<string, Float32Array>> {
    const saved = savedProjectionArrays(this.plan).get(projection);
    const plastic = this.#plastic.get(projection);
    if (!saved || !plastic) return {};
    const arrays: Record<string, Float32Array> = saved.hasWeights ? { weights: plastic.weights.slice() } : {};
    for (const a of saved.arrays) arrays[a.name] = this.#plasticState.slice(a.offset, a.offset + a.length);
    return arrays;
  }

  async snapshot(): Promise<EngineSnapshot> {
    const projections: Record<string, Record<string, Float32Array>> = {};
    for (const index of this.#plastic.keys()) projections[(this.plan.projections[index] as { name: string }).name] = await this.readProjection(index);
    return { step: this.step, state: this.#state.slice(), inputRing: this.#ring.slice(), spikeTotals: this.#spikeTotals.slice(), projections };
  }

  async restore(snapshot: EngineSnapshot): Promise<void> {
    checkSnapshot(this.plan, snapshot, this.#state.length, this.#ring.length);
    this.#state.set(snapshot.state);
    this.#ring.set(snapshot.inputRing);
    this.#spikeTotals.set(snapshot.spikeTotals);
    for (const [index, { hasWeights, arrays }] of savedProjectionArrays(this.plan)) {
      const stored = snapshot.projections?.[(this.plan.projections[index] as { name: string }).name] as Record<string, Float32Array>;
      if (hasWeights) this.#plastic.get(index)?.weights.set(stored.weights as Float32Array);
      for (const a of arrays) this.#plasticState.set(stored[a.name] as Float32Array, a.offset);
    }
    this.step = snapshot.step;
  }

  destroy(): void {}
}

/** Steps at which each `current` input starts and stops, the same for both backends. */
export function inputWindows(plan: NetworkPlan): Map<number, { startStep: number; stopStep: number }> {
  const windows = new Map<number, { startStep: number; stopStep: number }>();
  for (const pop of plan.populations)
    for (const input of pop.inputs)
      if (input.spec.kind === 'current')
        windows.set(input.index, {
          startStep: Math.round((input.spec.startMs ?? 0) / plan.dt),
          stopStep: input.spec.stopMs === undefined ? 0xffffffff : Math.round(input.spec.stopMs / plan.dt),
        });
  return windows;
}

/** The error for a model variable that became NaN or infinite. */
export function numericalFailure(plan: NetworkPlan, step: number, neuron: number): core.NumericalError {
  const pop = plan.populations.find((p) => neuron >= p.offset && neuron < p.offset + p.size);
  const where = pop ? `population '${pop.name}' (model '${pop.model.name}'), neuron ${neuron - pop.offset}` : `neuron ${neuron}`;
  return new core.NumericalError(`integration produced NaN or infinity in ${where} at step ${step} (t = ${(step * plan.dt).toFixed(3)} ms)`, {
    code: 'non-finite-state',
    path: pop ? `populations[${pop.index}]` : 'populations',
    hint: `use a smaller dt (now ${plan.dt} ms), more integrator sub-steps, or RK4/exponential Euler; check parameters and input currents for values that drive the model out of range`,
  });
}
