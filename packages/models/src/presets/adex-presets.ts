import type { NeuronPreset, PresetTable } from './neuron-preset.js';

const NAUD = 'Naud, Marcille, Clopath & Gerstner 2008, Biol Cybern 99:335, Table 1';

/** Naud et al. (2008) cut spikes at 0 mV; the step current is each row's I. */
const naud = (
  label: string,
  C: number,
  gL: number,
  EL: number,
  VT: number,
  DeltaT: number,
  a: number,
  tauW: number,
  b: number,
  Vr: number,
  current: number,
): NeuronPreset => ({
  model: 'adex',
  label,
  params: { C, gL, EL, VT, DeltaT, a, tauW, b, Vr, vPeak: 0 },
  init: { v: EL, w: 0 },
  cite: NAUD,
  stimulus: { kind: 'step', amplitude: current, startMs: 20, totalMs: 520 },
});

/**
 * AdEx presets: the eight firing patterns of Naud et al. (2008, Table 1; pA, nS, pF, mV, ms) with the
 * table's step current, and the regular-spiking cell of Brette & Gerstner (2005) that neural-simulator
 * uses for every AdEx neuron (it detects spikes at −40 mV; the paper cuts at 20 mV, as here).
 */
export const adexPresets: PresetTable = {
  tonic: naud('tonic spiking (Fig. 4a)', 200, 10, -70, -50, 2, 2, 30, 0, -58, 500),
  adapting: naud('spike-frequency adaptation (Fig. 4b)', 200, 12, -70, -50, 2, 2, 300, 60, -58, 500),
  'initial-burst': naud('initial burst (Fig. 4c)', 130, 18, -58, -50, 2, 4, 150, 120, -50, 400),
  'regular-bursting': naud('regular bursting (Fig. 4d)', 200, 10, -58, -50, 2, 2, 120, 100, -46, 210),
  delayed: naud('delayed accelerating (Fig. 4e)', 200, 12, -70, -50, 2, -10, 300, 0, -58, 300),
  'delayed-bursting': naud('delayed regular bursting (Fig. 4f)', 100, 10, -65, -50, 2, -10, 90, 30, -47, 110),
  transient: naud('transient spiking (Fig. 4g)', 100, 10, -65, -50, 2, 10, 90, 100, -47, 180),
  irregular: naud('irregular spiking (Fig. 4h)', 100, 12, -60, -50, 2, -11, 130, 30, -48, 160),
  RS: {
    model: 'adex',
    label: 'regular spiking pyramidal cell (neural-simulator’s AdEx_RS)',
    params: { C: 281, gL: 30, EL: -70.6, VT: -50.4, DeltaT: 2, a: 4, tauW: 144, b: 80.5, Vr: -70.6, vPeak: 20 },
    init: { v: -70.6, w: 0 },
    cite: 'Brette & Gerstner 2005, J Neurophysiol 94:3637; neural-simulator defaults, seeds-deep §1.2',
    stimulus: { kind: 'step', amplitude: 800, startMs: 20, totalMs: 520 },
  },
};
