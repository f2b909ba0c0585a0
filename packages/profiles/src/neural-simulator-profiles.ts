import type { MotifRule, ProfilePopulation, StructureProfile } from './structure-profile.js';

const NS = 'neural-simulator (danthi123) NEURAL_STRUCTURE_PROFILES and CONNECTIVITY_MOTIFS, seeds-deep §1.4–1.5';

const excitatory = (name: string, fraction: number, cells?: ProfilePopulation['cells']): ProfilePopulation => ({
  name,
  sign: 'excitatory',
  fraction,
  ...(cells ? { cells } : {}),
});
const inhibitory = (name: string, fraction: number, cells?: ProfilePopulation['cells']): ProfilePopulation => ({
  name,
  sign: 'inhibitory',
  fraction,
  ...(cells ? { cells } : {}),
});
/** A motif rule as neural-simulator writes it: source → target, k_fraction, weight_scale. */
const rule = (source: string, target: string, kFraction: number, weightScale: number): MotifRule => ({ source, target, kFraction, weightScale });

/**
 * GENERIC_UNSTRUCTURED. neural-simulator drew five traits at random and made trait 1 inhibitory
 * (`inhibitory_trait_index` 1), so one neuron in five inhibits; its Watts–Strogatz wiring was on by
 * default but never ran (seeds-deep §5.1). Here: the same 80/20 split, wired as the small world it asked for.
 */
export const generic: StructureProfile = {
  name: 'generic',
  sourceName: 'GENERIC_UNSTRUCTURED',
  label: 'Generic unstructured',
  description: 'One excitatory and one inhibitory population (80/20) in a small world: k = 10, rewiring p = 0.1.',
  cite: NS,
  populations: [excitatory('exc', 0.8), inhibitory('inh', 0.2)],
  wiring: { kind: 'small-world' },
  k: 10,
  rewireP: 0.1,
};

/** CORTEX_L23_RS_FS: regular-spiking pyramidal cells and fast-spiking interneurons of layer 2/3. */
export const cortexL23: StructureProfile = {
  name: 'cortex-l23',
  sourceName: 'CORTEX_L23_RS_FS',
  label: 'Cortex layer 2/3 (RS/FS)',
  description: 'Pyramidal (RS) and fast-spiking (FS) cells, 80/20, with the L2/3 motif.',
  cite: NS,
  populations: [excitatory('exc', 0.8), inhibitory('inh', 0.2)],
  wiring: { kind: 'motif', rules: [rule('exc', 'exc', 0.6, 1), rule('exc', 'inh', 0.4, 1), rule('inh', 'exc', 0.8, 1), rule('inh', 'inh', 0.2, 0.8)] },
  k: 10,
  rewireP: 0.1,
  hhPreset: 'L5-pyramidal',
};

/** HIPPOCAMPUS_CA1_RS_FS. */
export const hippocampusCa1: StructureProfile = {
  name: 'hippocampus-ca1',
  sourceName: 'HIPPOCAMPUS_CA1_RS_FS',
  label: 'Hippocampus CA1 (RS/FS)',
  description: 'CA1 pyramidal cells and interneurons, 70/30, in a small world: k = 8, rewiring p = 0.15.',
  cite: NS,
  populations: [excitatory('exc', 0.7), inhibitory('inh', 0.3)],
  wiring: { kind: 'small-world' },
  k: 8,
  rewireP: 0.15,
  hhPreset: 'CA1-pyramidal',
};

/** CEREBELLAR_CORTEX_SIMPLE, with its faster synapses (τe 2 ms, τi 8 ms). */
export const cerebellarCortex: StructureProfile = {
  name: 'cerebellar-cortex',
  sourceName: 'CEREBELLAR_CORTEX_SIMPLE',
  label: 'Cerebellar cortex (simple)',
  description: 'Excitatory and inhibitory cells, 75/25, in a sparse small world (k = 6, p = 0.05) with fast synapses (τe 2 ms, τi 8 ms).',
  cite: NS,
  populations: [excitatory('exc', 0.75), inhibitory('inh', 0.25)],
  wiring: { kind: 'small-world' },
  k: 6,
  rewireP: 0.05,
  excitatoryTauMs: 2,
  inhibitoryTauMs: 8,
  hhPreset: 'L5-pyramidal',
};

/** SPINAL_CORD_SEGMENT. */
export const spinalSegment: StructureProfile = {
  name: 'spinal-segment',
  sourceName: 'SPINAL_CORD_SEGMENT',
  label: 'Spinal cord segment',
  description: 'Excitatory and inhibitory interneurons, 60/40, in a small world: k = 12, rewiring p = 0.05.',
  cite: NS,
  populations: [excitatory('exc', 0.6), inhibitory('inh', 0.4)],
  wiring: { kind: 'small-world' },
  k: 12,
  rewireP: 0.05,
  hhPreset: 'L5-pyramidal',
};

/**
 * BASAL_GANGLIA_STRIATUM: medium spiny neurons (inhibitory, regular-spiking cells in neural-simulator)
 * and fast-spiking interneurons; every neuron inhibits (`inhibitory_trait_index` 0 and 1).
 */
export const striatum: StructureProfile = {
  name: 'striatum',
  sourceName: 'BASAL_GANGLIA_STRIATUM',
  label: 'Basal ganglia: striatum',
  description: 'Medium spiny neurons (95 %) and fast-spiking interneurons (5 %), all inhibitory, in a small world: k = 20, rewiring p = 0.2.',
  cite: NS,
  populations: [inhibitory('msn', 0.95, { 'izhikevich-2003': 'RS', 'izhikevich-2007': 'RS', adex: 'RS' }), inhibitory('fs', 0.05)],
  wiring: { kind: 'small-world' },
  k: 20,
  rewireP: 0.2,
  hhPreset: 'striatal-MSN',
};

/** THALAMUS_TC_TRN: thalamocortical relay cells and the reticular nucleus. */
export const thalamusTcTrn: StructureProfile = {
  name: 'thalamus-tc-trn',
  sourceName: 'THALAMUS_TC_TRN',
  label: 'Thalamus (TC–TRN)',
  description: 'Thalamocortical relay cells (60 %) and reticular-nucleus cells (40 %) with the TC–TRN motif.',
  cite: NS,
  populations: [
    excitatory('tc', 0.6, { 'izhikevich-2003': 'TC', 'izhikevich-2007': 'TC', 'hodgkin-huxley': 'thalamic-relay' }),
    inhibitory('trn', 0.4, { 'izhikevich-2003': 'LTS', 'izhikevich-2007': 'RTN', 'hodgkin-huxley': 'TRN' }),
  ],
  wiring: { kind: 'motif', rules: [rule('tc', 'trn', 0.7, 1), rule('tc', 'tc', 0.3, 0.7), rule('trn', 'tc', 0.7, 1), rule('trn', 'trn', 0.3, 0.7)] },
  k: 8,
  rewireP: 0.1,
  hhPreset: 'thalamic-relay',
};

/** HIPPOCAMPUS_CA3_RECURRENT: the recurrent excitatory collaterals of CA3. */
export const hippocampusCa3: StructureProfile = {
  name: 'hippocampus-ca3',
  sourceName: 'HIPPOCAMPUS_CA3_RECURRENT',
  label: 'Hippocampus CA3 (recurrent)',
  description: 'CA3 pyramidal cells and interneurons, 70/30, with the recurrent CA3 motif.',
  cite: NS,
  populations: [excitatory('exc', 0.7), inhibitory('inh', 0.3)],
  wiring: { kind: 'motif', rules: [rule('exc', 'exc', 0.7, 1), rule('exc', 'inh', 0.3, 0.8), rule('inh', 'exc', 0.8, 1), rule('inh', 'inh', 0.2, 0.7)] },
  k: 10,
  rewireP: 0.15,
  hhPreset: 'CA3-pyramidal',
};

/** CORTEX_L4_INPUT_LAYER. */
export const cortexL4: StructureProfile = {
  name: 'cortex-l4',
  sourceName: 'CORTEX_L4_INPUT_LAYER',
  label: 'Cortex layer 4 (input layer)',
  description: 'Spiny stellate/pyramidal (RS) and fast-spiking cells, 80/20, with the L4 motif.',
  cite: NS,
  populations: [excitatory('exc', 0.8), inhibitory('inh', 0.2)],
  wiring: { kind: 'motif', rules: [rule('exc', 'exc', 0.5, 1), rule('exc', 'inh', 0.5, 1), rule('inh', 'exc', 0.8, 1), rule('inh', 'inh', 0.2, 0.8)] },
  k: 10,
  rewireP: 0.1,
  hhPreset: 'L5-pyramidal',
};

/** BASAL_GANGLIA_STN_GPE: the subthalamic nucleus – globus pallidus externus loop. */
export const stnGpe: StructureProfile = {
  name: 'stn-gpe',
  sourceName: 'BASAL_GANGLIA_STN_GPE',
  label: 'Basal ganglia: STN–GPe',
  description: 'Subthalamic (excitatory, 30 %) and pallidal (inhibitory, 70 %) cells with the STN–GPe loop motif.',
  cite: NS,
  populations: [excitatory('stn', 0.3, { 'hodgkin-huxley': 'STN' }), inhibitory('gpe', 0.7, { 'hodgkin-huxley': 'GPe' })],
  wiring: { kind: 'motif', rules: [rule('stn', 'gpe', 0.9, 1), rule('stn', 'stn', 0.1, 0.7), rule('gpe', 'stn', 0.6, 1), rule('gpe', 'gpe', 0.4, 0.8)] },
  k: 14,
  rewireP: 0.15,
  hhPreset: 'STN',
};

/** neural-simulator's ten profiles, in its order. */
export const NEURAL_SIMULATOR_PROFILES: readonly StructureProfile[] = [
  generic,
  cortexL23,
  hippocampusCa1,
  cerebellarCortex,
  spinalSegment,
  striatum,
  thalamusTcTrn,
  hippocampusCa3,
  cortexL4,
  stnGpe,
];
