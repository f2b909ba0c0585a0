import type { NetworkPlan } from './network-plan.js';

/** Named phases of a step, for profiles. */
/**
 * `fused`: the whole step in one kernel (update, propagation and bookkeeping), when the engine fuses
 * them; `plastic`: the plastic projections' row and column passes.
 */
export type Phase = 'update' | 'bookkeeping' | 'propagate' | 'plastic' | 'fused' | 'total' | 'encode' | 'wait';

/** Receives each step's recorded spikes: global neuron ids in ascending order. */
export type SpikeSink = (step: number, ids: Uint32Array) => void;

/** Per-phase time spent so far, ms, and how it was measured. */
export interface PhaseProfile {
  source: 'gpu-timestamps' | 'wall-clock';
  totalsMs: Partial<Record<Phase, number>>;
  steps: number;
}

/**
 * Everything that changes while a network runs, besides the plan (which the description determines):
 * a checkpoint is this plus the description. The RNG keeps no state beyond the step.
 */
export interface EngineSnapshot {
  /** Steps completed. */
  step: number;
  /** The engine's state array (every population's model, receptor, OU and refractory variables; see `stateLayout`). */
  state: Float32Array;
  /** The input ring: fixed-point synaptic input already on its way (slot × receptor block × neuron). */
  inputRing: Int32Array;
  /** Spikes per population since the start. */
  spikeTotals: Float64Array;
  /**
   * Plasticity state of each plastic projection, by projection name, then array name: `weights` (f32,
   * CSR order, the receptor's unit) when a rule changes them, STP state per presynaptic neuron (`u`,
   * `x`), traces per neuron (`xPre`, `yPost`; the value after the neuron's last spike). Absent or empty
   * for a static network.
   */
  projections?: Record<string, Record<string, Float32Array>>;
}

/**
 * What a backend does with a plan. The CPU engine is the reference; the WebGPU engine must give the
 * same spikes for the same plan (tests hold it to that).
 */
export interface Engine {
  readonly backend: 'cpu' | 'webgpu';
  readonly plan: NetworkPlan;
  /** Steps completed. */
  readonly step: number;
  /** Advances `steps` steps, handing recorded spikes to `sink` in step order. */
  run(steps: number, sink: SpikeSink): Promise<void>;
  /** Current values of one state variable of one population (model or engine state such as `syn_exc`). */
  readState(population: number, variable: string): Promise<Float32Array>;
  /** Spikes of each population since the start, recorded or not. */
  spikeTotals(): Promise<Float64Array>;
  /** The plasticity state of one projection (see {@link EngineSnapshot.projections}); empty for a static one. */
  readProjection(projection: number): Promise<Record<string, Float32Array>>;
  profile(): PhaseProfile;
  /** Copies all running state out (waits for the device). */
  snapshot(): Promise<EngineSnapshot>;
  /** Replaces all running state; the snapshot must come from an engine with the same plan layout. */
  restore(snapshot: EngineSnapshot): Promise<void>;
  destroy(): void;
}
