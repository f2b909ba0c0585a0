import type { SynapseSign } from '@spikegpu/core';

/** The neuron model families a profile can be built with (see {@link MODEL_KITS}). */
export type ModelFamily = 'izhikevich-2003' | 'izhikevich-2007' | 'hodgkin-huxley' | 'adex' | 'lif';

/** One population of a profile: a cell class with a share of the network's neurons. */
export interface ProfilePopulation {
  /** Name of the population in the built network. */
  name: string;
  /** Excitatory or inhibitory (Dale's law, checked by the network validator). */
  sign: SynapseSign;
  /** Share of the network's neurons; shares are normalised over the profile. */
  fraction: number;
  /**
   * The cell per model family, by preset name in `@spikegpu/models` (`izhikevich-2007: 'TC'`); a family
   * not listed uses its kit's cell for the sign. For `hodgkin-huxley` the default is the profile's
   * `hhPreset`.
   */
  cells?: Partial<Record<ModelFamily, string>>;
  /** Depth band (µm below the pia) of a layered profile; default: the profile's box. */
  layer?: { topUm: number; bottomUm: number };
  /** Multiplies this population's background drive (default 1). */
  driveScale?: number;
}

/** A connectivity rule of neural-simulator's motifs: each `source` neuron picks round(k·kFraction) distinct `target` neurons. */
export interface MotifRule {
  source: string;
  target: string;
  kFraction: number;
  /** Multiplies the weights, U(0.05, 1)·weightScale. */
  weightScale: number;
}

/** Pairs of `source` and `target` neurons connect independently with probability p. */
export interface ProbabilityRule {
  source: string;
  target: string;
  p: number;
  /** Multiplies the weights (default 1). */
  weightScale?: number;
}

/**
 * Pairs of `source` and `target` neurons connect with probability p0·exp(−d²/2σ²) (`gaussian`, the
 * default) or p0·exp(−d/λ) (`exponential`) of their distance d, none beyond `cutoffUm` (default 3σ or 5λ).
 */
export interface DistanceRule {
  source: string;
  target: string;
  p0: number;
  /** σ or λ, µm. */
  scaleUm: number;
  profile?: 'gaussian' | 'exponential';
  cutoffUm?: number;
  /** Multiplies the weights (default 1). */
  weightScale?: number;
}

/**
 * How a profile wires its populations.
 * - `motif`: neural-simulator's `CONNECTIVITY_MOTIFS`: fixed out-degree per rule, round(k·kFraction)
 *   targets drawn without replacement (no self-connections).
 * - `small-world`: what neural-simulator's Watts–Strogatz (on by default, but truncated and unused in
 *   the seed) meant: each neuron's k links spread over the populations in proportion to their size —
 *   a Watts & Strogatz (1998) ring with rewiring probability `rewireP` within each population, fixed
 *   out-degree between populations.
 * - `probability`: a population × population table of connection probabilities (the cortical column).
 * - `distance`: connection probability falling with distance, per population pair (3D spatial networks).
 */
export type ProfileWiring =
  | { kind: 'motif'; rules: MotifRule[] }
  | { kind: 'small-world' }
  | { kind: 'probability'; rules: ProbabilityRule[] }
  | { kind: 'distance'; rules: DistanceRule[] };

/**
 * A named, data-only network: populations (cell classes with shares of the neurons), how they are
 * wired, and the settings neural-simulator kept as `default_core_overrides` — applied here.
 *
 * @example
 * ```ts
 * const mine: StructureProfile = {
 *   name: 'my-e-i', label: 'E/I pair', description: '80/20 with a motif', cite: 'mine',
 *   populations: [{ name: 'e', sign: 'excitatory', fraction: 0.8 }, { name: 'i', sign: 'inhibitory', fraction: 0.2 }],
 *   wiring: { kind: 'motif', rules: [{ source: 'e', target: 'i', kFraction: 1, weightScale: 1 }] },
 * };
 * const net = buildProfileNetwork(mine, { size: 500, seed: 1 });
 * ```
 */
export interface StructureProfile {
  /** Registry name, kebab-case: `cortex-l23`. */
  name: string;
  /** neural-simulator's key for the same profile (`CORTEX_L23_RS_FS`), accepted as a name too. */
  sourceName?: string;
  label: string;
  description: string;
  /** Where the structure comes from. */
  cite: string;
  populations: ProfilePopulation[];
  wiring: ProfileWiring;
  /** Links per neuron (neural-simulator's `connectivity_k`); default 10. */
  k?: number;
  /** Watts–Strogatz rewiring probability for `small-world` wiring (`connectivity_p_rewire`); default 0.1. */
  rewireP?: number;
  /** Decay of the excitatory conductance (`syn_tau_g_e`), ms; default 5. */
  excitatoryTauMs?: number;
  /** Decay of the inhibitory conductance (`syn_tau_g_i`), ms; default 10. */
  inhibitoryTauMs?: number;
  /**
   * Inhibitory weights relative to excitatory ones; default 3 (neural-simulator's
   * `inhibitory_propagation_strength` 0.15 over `propagation_strength` 0.05).
   */
  inhibitoryGain?: number;
  /** Hodgkin–Huxley preset for the `hodgkin-huxley` family (`default_hh_neuron_type`); default `L5-pyramidal`. */
  hhPreset?: string;
  /**
   * Neurons per mm³, which sets the size of the box (or the width of a layered column) the neurons
   * are placed in; default {@link PROFILE_DEFAULTS}.densityPerMm3.
   */
  densityPerMm3?: number;
  /**
   * Constant delays (ms) by the sign of the presynaptic population. Default: from distance,
   * {@link PROFILE_DEFAULTS}.synapticDelayMs + distance / conductionVelocityUmPerMs.
   */
  delayMs?: { excitatory: number; inhibitory: number };
}

/** neural-simulator's defaults (`CoreSimConfig`, seeds-deep §1.3) for the settings a profile may override. */
export const PROFILE_DEFAULTS = {
  k: 10,
  rewireP: 0.1,
  excitatoryTauMs: 5,
  inhibitoryTauMs: 10,
  inhibitoryGain: 3,
  hhPreset: 'L5-pyramidal',
  /** Neurons per mm³ when a profile places its populations in a box (about that of rodent neocortex). */
  densityPerMm3: 100_000,
  /** Axonal conduction velocity, µm/ms (0.3 m/s: thin unmyelinated local axons). */
  conductionVelocityUmPerMs: 300,
  /** Delay at distance 0, ms. */
  synapticDelayMs: 0.5,
} as const;
