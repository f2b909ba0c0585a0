import type { ConnectivitySpec } from './connectivity-spec.js';
import type { ValueSpec } from './value-spec.js';

/**
 * Units throughout: time ms, voltage mV, conductance nS, current pA, capacitance pF, rate Hz,
 * distance µm. A model may use its own units for its state (the Izhikevich 2003 model is
 * dimensionless in its current); its definition says so.
 */

/**
 * How synaptic input reaches a neuron. A population names its receptors; a projection picks one.
 * - `delta`: the summed weight is added to the model's input current `I` for the one step in which it arrives
 *   (Izhikevich 2003's `I += sum(S(:, fired))`).
 * - `current`: an exponentially decaying current `I_syn`, jumping by the weight (pA) at each spike.
 * - `conductance`: an exponentially decaying conductance `g` (nS), jumping by the weight; it contributes
 *   `g·(reversalMv − v)` to `I`. Weights must be ≥ 0.
 */
export type ReceptorSpec = { kind: 'delta' } | { kind: 'current'; tauMs: number } | { kind: 'conductance'; tauMs: number; reversalMv: number };

export interface PopulationSpec {
  /** Unique name, used by projections, inputs and recordings. */
  name: string;
  /** Number of neurons. */
  size: number;
  /** Name of a registered neuron model, e.g. `'izhikevich-2003'`, `'lif'`. */
  model: string;
  /** Parameter overrides: a constant or a per-neuron distribution. Others take the model's defaults. */
  params?: Record<string, ValueSpec>;
  /** Initial values of state variables; others take the model's initial values. */
  init?: Record<string, ValueSpec>;
  /** Receptors by name. Default: one `delta` receptor called `input`. */
  receptors?: Record<string, ReceptorSpec>;
}

export interface ProjectionSpec {
  /** Unique name; defaults to `source->target` (with a suffix when that repeats). */
  name?: string;
  source: string;
  target: string;
  connectivity: ConnectivitySpec;
  /** Receptor of the target population; may be omitted when the target has exactly one. */
  receptor?: string;
  /** Synaptic weight: in the receptor's unit (pA for current, nS for conductance, the model's `I` for delta). */
  weight: ValueSpec;
  /** Axonal delay in ms, rounded to whole steps; at least one step. Default: one step. */
  delayMs?: ValueSpec;
}

/** Which neurons an input or a recording covers: all, or population-local indices. */
export type NeuronSelection = 'all' | number[];

export type InputSpec =
  /** A constant current (pA, or the model's `I` unit), per neuron, optionally switched on and off. */
  | { kind: 'current'; target: string; amplitude: ValueSpec; startMs?: number; stopMs?: number; neurons?: NeuronSelection }
  /**
   * Gaussian white-noise current: each step an independent draw with mean `mean` and standard deviation `sd`
   * (NEST `noise_generator` semantics: the sd of the current held over one step).
   */
  | { kind: 'noise'; target: string; mean: number; sd: number; neurons?: NeuronSelection }
  /** Ornstein–Uhlenbeck current with stationary mean, stationary sd and correlation time, integrated exactly. */
  | { kind: 'ou'; target: string; mean: number; sd: number; tauMs: number; neurons?: NeuronSelection }
  /**
   * Independent Poisson spike trains: each neuron receives `sources` trains of `rateHz` each, through
   * `receptor` with weight `weight`.
   */
  | {
      kind: 'poisson';
      target: string;
      rateHz: number;
      weight: number;
      sources?: number;
      receptor?: string;
      neurons?: NeuronSelection;
    };

export interface RecordingSpec {
  /** Spikes of every population (`true`, the default), none (`false`), or chosen populations and neurons. */
  spikes?: boolean | Array<{ population: string; neurons?: NeuronSelection }>;
  /** State variables of chosen neurons, sampled every `intervalMs` (default every step). */
  state?: Array<{ population: string; variables: string[]; neurons?: NeuronSelection; intervalMs?: number }>;
}

/** A whole network: plain JSON-serialisable data, validated by {@link validateNetwork}. */
export interface NetworkDescription {
  /** Optional name, shown in summaries and stored in files. */
  name?: string;
  /** Integration step in ms. */
  dt: number;
  /** Seed of every random number in the run (unsigned 32-bit integer). */
  seed: number;
  populations: PopulationSpec[];
  projections?: ProjectionSpec[];
  inputs?: InputSpec[];
  recording?: RecordingSpec;
}
