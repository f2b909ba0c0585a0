import type { NetworkPlan } from './network-plan.js';

/** Named phases of a step, for profiles. */
export type Phase = 'update' | 'bookkeeping' | 'propagate' | 'readback';

/** Receives each step's recorded spikes: global neuron ids in ascending order. */
export type SpikeSink = (step: number, ids: Uint32Array) => void;

/** Per-phase time spent so far, ms, and how it was measured. */
export interface PhaseProfile {
  source: 'gpu-timestamps' | 'wall-clock';
  totalsMs: Partial<Record<Phase, number>>;
  steps: number;
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
  profile(): PhaseProfile;
  destroy(): void;
}
