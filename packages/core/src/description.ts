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

type Vector3 = readonly [number, number, number];

/** The shapes neurons can be placed in (µm); see {@link PositionSpec}. */
export type PositionLayout =
  /** Uniform in the box [origin, origin + size). */
  | { layout: 'box'; sizeUm: Vector3; originUm?: Vector3 }
  /** Uniform in the ball of the given radius. */
  | { layout: 'sphere'; radiusUm: number; centerUm?: Vector3 }
  /**
   * On a regular lattice, x fastest, then y, then z: `shape` points per axis (default: the smallest
   * cube holding every neuron), `spacingUm` apart.
   */
  | { layout: 'grid'; spacingUm: number; shape?: Vector3; originUm?: Vector3 }
  /**
   * Stacked horizontal layers, as a cortical column: layer l holds `fraction` of the neurons (in index
   * order: the first neurons in the first layer) uniform in x, y ∈ [0, widthUm) and depth z between
   * `topUm` and `bottomUm` (depth grows downwards from the pia at 0).
   */
  | { layout: 'layers'; widthUm: number; layers: ReadonlyArray<{ name?: string; topUm: number; bottomUm: number; fraction: number }> };

/**
 * Where a population's neurons sit in space (µm). Positions feed the spatial connectivity rules
 * (`distance-dependent`, 3D `watts-strogatz`) and distance-dependent delays; neuron i's position is a
 * pure function of (seed, population, i). `order: 'morton'` renumbers the placed neurons along the
 * Z-order curve, so that neighbours in space are neighbours in memory (for `layers`, layer membership
 * then no longer follows index order).
 *
 * @example
 * ```ts
 * const population = { name: 'exc', size: 8000, model: 'lif', positions: { layout: 'box', sizeUm: [400, 400, 400] } };
 * ```
 */
export type PositionSpec = PositionLayout & { order?: 'index' | 'morton' };

/**
 * Dale's law for a population: every synapse it makes excites (`excitatory`) or inhibits
 * (`inhibitory`) its target. Checked on each projection from it: through a `delta` or `current`
 * receptor its weights must be ≥ 0 (excitatory) or ≤ 0 (inhibitory); through a `conductance` receptor
 * (weights are always ≥ 0) the receptor's reversal potential must lie above (excitatory) or at or below
 * (inhibitory) {@link INHIBITORY_REVERSAL_MAX_MV}.
 */
export type SynapseSign = 'excitatory' | 'inhibitory';

/**
 * The dividing line (mV) between excitatory and inhibitory conductance receptors: inhibitory
 * receptors reverse at or below it (GABA_A about −70 to −80 mV, GABA_B about −90 mV; shunting
 * inhibition near rest), excitatory ones above it (AMPA, NMDA about 0 mV).
 */
export const INHIBITORY_REVERSAL_MAX_MV = -50;

/**
 * An axonal delay that grows with the distance between the two neurons of a synapse:
 * `offsetMs + distance / velocityUmPerMs` (then rounded to whole steps, at least one). Both populations
 * need `positions`.
 */
export interface DistanceDelaySpec {
  dist: 'distance';
  /** Conduction velocity, µm/ms (1 m/s = 1000 µm/ms), positive. */
  velocityUmPerMs: number;
  /** Delay at distance 0 (the synaptic delay), ms; default 0. */
  offsetMs?: number;
}

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
  /** Where the neurons sit (µm); needed by spatial rules and distance-dependent delays. Default: no positions. */
  positions?: PositionSpec;
  /** Dale's law: the sign of every synapse this population makes (see {@link SynapseSign}). Default: unchecked. */
  sign?: SynapseSign;
  /** A rule that drives each neuron's rate toward a target (see {@link HomeostasisSpec}). Default: none. */
  homeostasis?: HomeostasisSpec;
}

/**
 * A plasticity rule on a projection, as data: the registered rule's name, then its parameters and
 * options by name; omitted ones take the rule's defaults. `@spikegpu/plasticity` defines the built-in
 * rules (`tsodyks-markram`, `stdp`) and checks the fields, e.g.
 * `{ rule: 'stdp', aPlus: 0.01, aMinus: 0.0105, tauPlusMs: 20, tauMinusMs: 20, wMin: 0, wMax: 1 }`.
 */
export interface PlasticitySpec {
  rule: string;
  [field: string]: string | number;
}

/**
 * A homeostatic rule on a population, as data like {@link PlasticitySpec}, e.g.
 * `{ rule: 'adaptive-threshold', param: 'vThresh', targetRateHz: 5 }` (see `@spikegpu/plasticity`).
 */
export interface HomeostasisSpec {
  rule: string;
  [field: string]: string | number;
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
  /**
   * Axonal delay in ms, rounded to whole steps; at least one step. A value or distribution, or
   * `{ dist: 'distance', velocityUmPerMs, offsetMs }` for delays from the neurons' positions. Default: one step.
   */
  delayMs?: ValueSpec | DistanceDelaySpec;
  /**
   * Plasticity rules, applied in order: at most one that changes the weights (e.g. `stdp`) and any
   * that scale what a spike delivers (e.g. `tsodyks-markram`). Default: none (static weights).
   */
  plasticity?: PlasticitySpec[];
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
