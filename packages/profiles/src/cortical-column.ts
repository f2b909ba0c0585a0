import type { ProbabilityRule, ProfilePopulation, StructureProfile } from './structure-profile.js';

/** Potjans & Diesmann (2014) populations: name, sign, neurons under 1 mm² of cortex (Table 5). */
const POPULATIONS: Array<[string, 'excitatory' | 'inhibitory', number]> = [
  ['L23e', 'excitatory', 20683],
  ['L23i', 'inhibitory', 5834],
  ['L4e', 'excitatory', 21915],
  ['L4i', 'inhibitory', 5479],
  ['L5e', 'excitatory', 4850],
  ['L5i', 'inhibitory', 1065],
  ['L6e', 'excitatory', 14395],
  ['L6i', 'inhibitory', 2948],
];

/**
 * Depth bands (µm below the pia) for placing the populations: approximate layer boundaries of rodent
 * somatosensory cortex, for positions only (the 2014 model has no space; its delays are constant here).
 */
const LAYERS: Record<string, { topUm: number; bottomUm: number }> = {
  L23: { topUm: 130, bottomUm: 580 },
  L4: { topUm: 580, bottomUm: 880 },
  L5: { topUm: 880, bottomUm: 1380 },
  L6: { topUm: 1380, bottomUm: 1900 },
};

/**
 * Connection probabilities of Potjans & Diesmann (2014), Table 5: row = target, column = source, in
 * the order of {@link POPULATIONS}.
 */
const CONNECTION_PROBABILITIES = [
  [0.1009, 0.1689, 0.0437, 0.0818, 0.0323, 0.0, 0.0076, 0.0],
  [0.1346, 0.1371, 0.0316, 0.0515, 0.0755, 0.0, 0.0042, 0.0],
  [0.0077, 0.0059, 0.0497, 0.135, 0.0067, 0.0003, 0.0453, 0.0],
  [0.0691, 0.0029, 0.0794, 0.1597, 0.0033, 0.0, 0.1057, 0.0],
  [0.1004, 0.0622, 0.0505, 0.0057, 0.0831, 0.3726, 0.0204, 0.0],
  [0.0548, 0.0269, 0.0257, 0.0022, 0.06, 0.3158, 0.0086, 0.0],
  [0.0156, 0.0066, 0.0211, 0.0166, 0.0572, 0.0197, 0.0396, 0.2252],
  [0.0364, 0.001, 0.0034, 0.0005, 0.0277, 0.008, 0.0658, 0.1443],
];

const total = POPULATIONS.reduce((sum, [, , n]) => sum + n, 0);
const populations: ProfilePopulation[] = POPULATIONS.map(([name, sign, n]) => ({
  name,
  sign,
  fraction: n / total,
  layer: LAYERS[name.slice(0, -1)] as { topUm: number; bottomUm: number },
}));
const rules: ProbabilityRule[] = [];
CONNECTION_PROBABILITIES.forEach((row, target) =>
  row.forEach((p, source) => {
    if (p === 0) return;
    // The one exception to uniform weights in the model: L4e → L2/3e synapses are twice as strong.
    const weightScale = source === 2 && target === 0 ? 2 : 1;
    rules.push({ source: POPULATIONS[source]![0], target: POPULATIONS[target]![0], p, ...(weightScale === 1 ? {} : { weightScale }) });
  }),
);

/**
 * A layered cortical column: the microcircuit of Potjans & Diesmann (2014) — four layers with an
 * excitatory and an inhibitory population each, their shares of the neurons and the layer-to-layer
 * connection probabilities of the paper's Table 5, L4e → L2/3e doubled, inhibition 4× excitation
 * (g = −4), delays 1.5 ms (excitatory) and 0.75 ms (inhibitory). Neurons sit in their layer's depth
 * band under a square whose width keeps the paper's 77,169 neurons per mm² of surface. The paper's current-based
 * LIF neurons with 8 Hz Poisson background are replaced by the chosen model family's cells and drive;
 * its external in-degrees calibrate that particular model at full scale and are not carried over.
 */
export const corticalColumn: StructureProfile = {
  name: 'cortical-column',
  label: 'Layered cortical column (Potjans–Diesmann)',
  description: 'Layers 2/3, 4, 5 and 6, excitatory and inhibitory each, with the layer-to-layer connection probabilities of the cortical microcircuit.',
  cite: 'Potjans & Diesmann 2014, Cereb Cortex 24:785, Table 5',
  populations,
  wiring: { kind: 'probability', rules },
  inhibitoryGain: 4,
  delayMs: { excitatory: 1.5, inhibitory: 0.75 },
  // 77,169 neurons under 1 mm² of surface, spread over the depth of layers 2/3 to 6.
  densityPerMm3: total / ((LAYERS.L6!.bottomUm - LAYERS.L23!.topUm) / 1000),
};
