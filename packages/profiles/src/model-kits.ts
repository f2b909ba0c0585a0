import type { ModelFamily } from './structure-profile.js';

/**
 * Background drive of one cell class: each neuron gets a constant current drawn uniformly from
 * [low, high] plus an Ornstein–Uhlenbeck current of standard deviation `sd` and correlation time
 * {@link DRIVE_TAU_MS}, in the model's current unit. The ranges straddle the cell's rheobase (noted
 * beside each, measured with 500 ms current steps on the CPU backend), so that alone most cells fire
 * irregularly at a few to a few tens of Hz — neural-simulator's "alive but not seizure-like" regime,
 * reached here by a documented drive rather than its OU noise of 100 pA on every model.
 */
export interface CellDrive {
  low: number;
  high: number;
  sd: number;
}

/** What building a profile with one model family needs to know. */
export interface ModelKit {
  family: ModelFamily;
  /** Integration step, ms. */
  dt: number;
  /** Unit of the drive and of `I`. */
  currentUnit: string;
  /** Cells for each sign unless a profile population names its own (preset names). */
  excitatory: string;
  inhibitory: string;
  /** Initial membrane potential, uniform in [low, high] mV. */
  restMv: [number, number];
  /** Drive per cell class (preset name). A cell without an entry gets the kit's cell of its sign's drive. */
  drive: Readonly<Record<string, CellDrive>>;
}

/** Correlation time of the background OU current: neural-simulator's `ou_tau_ms`. */
export const DRIVE_TAU_MS = 15;

/** Every family a profile can be built with. */
export const MODEL_FAMILIES = ['izhikevich-2003', 'izhikevich-2007', 'hodgkin-huxley', 'adex', 'lif'] as const satisfies readonly ModelFamily[];

/** The parameters of the `lif` cell, the COBA benchmark's (Vogels & Abbott 2005; Brette et al. 2007). */
export const LIF_COBA_CELL = { model: 'lif', params: { C: 200, gL: 10, EL: -60, vThresh: -50, vReset: -60, tRef: 5 } } as const;

/**
 * The built-in model families with their default cells and drives. Hodgkin–Huxley cells come from the
 * profile (its `hhPreset`, or a population's own), as in neural-simulator, which ran every neuron of an
 * HH network with the profile's preset; the drives below note which presets fire at all.
 */
export const MODEL_KITS: Readonly<Record<ModelFamily, ModelKit>> = {
  'izhikevich-2003': {
    family: 'izhikevich-2003',
    // Two Euler half-steps per step (the model's integrator), so 0.25 ms sub-steps.
    dt: 0.5,
    currentUnit: 'dimensionless',
    excitatory: 'RS',
    inhibitory: 'FS',
    restMv: [-70, -60],
    drive: {
      RS: { low: 2.5, high: 5, sd: 2 }, // rheobase ≈ 3.9
      IB: { low: 2.5, high: 5, sd: 2 }, // ≈ 3.9
      CH: { low: 2.5, high: 5, sd: 2 }, // ≈ 3.9
      FS: { low: 2.5, high: 5, sd: 2 }, // ≈ 3.9
      LTS: { low: 0.3, high: 1.5, sd: 1 }, // ≈ 0.8
      TC: { low: 0.3, high: 1.5, sd: 1 }, // ≈ 0.8
      RZ: { low: 0, high: 1, sd: 0.6 }, // ≈ 0.5
    },
  },
  'izhikevich-2007': {
    family: 'izhikevich-2007',
    dt: 0.1,
    currentUnit: 'pA',
    excitatory: 'RS',
    inhibitory: 'FS',
    restMv: [-65, -55],
    drive: {
      RS: { low: 50, high: 95, sd: 30 }, // rheobase ≈ 55 pA
      FS: { low: 40, high: 80, sd: 25 }, // ≈ 75
      LTS: { low: 80, high: 140, sd: 35 }, // ≈ 115
      TC: { low: 25, high: 60, sd: 20 }, // ≈ 45
      RTN: { low: 25, high: 60, sd: 20 }, // ≈ 45
      IB: { low: 250, high: 380, sd: 80 }, // ≈ 350
      CH: { low: 120, high: 200, sd: 50 }, // ≈ 170
    },
  },
  'hodgkin-huxley': {
    family: 'hodgkin-huxley',
    // Exponential Euler at 6.3 °C (the presets' temperature): 0.025 ms keeps the spike shape.
    dt: 0.025,
    currentUnit: 'µA/cm²',
    excitatory: 'L5-pyramidal',
    inhibitory: 'L5-pyramidal',
    restMv: [-70, -60],
    drive: {
      squid: { low: 4, high: 7, sd: 2 }, // rheobase ≈ 6.5, fires from ≈ 55 Hz (type II)
      'L5-pyramidal': { low: 0.5, high: 1.6, sd: 0.8 }, // ≈ 1.5, fires from ≈ 45 Hz
      TRN: { low: 0.5, high: 1.6, sd: 0.8 }, // ≈ 1.5
      'striatal-MSN': { low: 2.5, high: 4, sd: 1 }, // ≈ 3.7
      // Fires at ≈ 45 Hz with no input at all; silent below −0.25.
      'thalamic-relay': { low: -0.8, high: -0.2, sd: 0.3 },
      // Fires (≈ 70–110 Hz) only between ≈ −5.9 and +2 µA/cm²: above that, depolarisation block.
      'CA1-pyramidal': { low: -7, high: -6, sd: 0.5 },
      // Fires only between ≈ −8.3 and −6.8 µA/cm².
      'CA3-pyramidal': { low: -8.5, high: -7.3, sd: 0.4 },
      // Never fires for constant currents from −60 to +30 µA/cm² (persistent Na⁺ block): see the profiles README.
      STN: { low: 0, high: 0, sd: 0 },
      GPe: { low: 0, high: 0, sd: 0 },
    },
  },
  adex: {
    family: 'adex',
    dt: 0.1,
    currentUnit: 'pA',
    excitatory: 'RS',
    // The non-adapting cell of Naud et al. (2008), the nearest the AdEx table has to a fast-spiking interneuron.
    inhibitory: 'tonic',
    restMv: [-72, -62],
    drive: {
      RS: { low: 450, high: 750, sd: 200 }, // rheobase ≈ 630 pA
      tonic: { low: 160, high: 290, sd: 80 }, // ≈ 230
      adapting: { low: 180, high: 320, sd: 90 }, // ≈ 260
      'initial-burst': { low: 100, high: 200, sd: 60 }, // ≈ 150
    },
  },
  lif: {
    family: 'lif',
    dt: 0.1,
    currentUnit: 'pA',
    excitatory: 'COBA',
    inhibitory: 'COBA',
    restMv: [-60, -52],
    drive: {
      COBA: { low: 70, high: 115, sd: 40 }, // rheobase gL·(vThresh − EL) = 100 pA
    },
  },
};
