import type { PlasticitySpec } from '@spikegpu/core';

/** A published Tsodyks–Markram parameter set, ready to put in a projection's `plasticity` list. */
export interface StpPreset {
  name: string;
  cite: string;
  spec: PlasticitySpec & { rule: 'tsodyks-markram'; U: number; tauDMs: number; tauFMs: number };
}

const preset = (name: string, cite: string, U: number, tauDMs: number, tauFMs: number): StpPreset => ({
  name,
  cite,
  spec: { rule: 'tsodyks-markram', U, tauDMs, tauFMs },
});

const LSM = 'Maass, Natschläger & Markram 2002, Neural Comput 14:2531 (means from Markram et al. 1998 and Gupta et al. 2000)';

/** Short-term plasticity parameter sets from the papers, each with its citation. */
export const stpPresets = {
  /** Depressing pyramidal → pyramidal synapse of the original model. */
  depressing: preset('depressing', 'Tsodyks & Markram 1997, PNAS 94:719 (U = 0.5, τ_rec = 800 ms, no facilitation)', 0.5, 800, 0),
  /** Facilitating synapse of the network paper. */
  facilitating: preset('facilitating', 'Tsodyks, Pawelzik & Markram 1998, Neural Comput 10:821 (U = 0.03, τ_rec = 130 ms, τ_facil = 530 ms)', 0.03, 130, 530),
  /** Excitatory → excitatory: depressing. */
  excitatoryToExcitatory: preset('excitatory-to-excitatory', LSM, 0.5, 1100, 50),
  /** Excitatory → inhibitory: facilitating. */
  excitatoryToInhibitory: preset('excitatory-to-inhibitory', LSM, 0.05, 125, 1200),
  /** Inhibitory → excitatory: depressing. */
  inhibitoryToExcitatory: preset('inhibitory-to-excitatory', LSM, 0.25, 700, 20),
  /** Inhibitory → inhibitory: depressing with some facilitation. */
  inhibitoryToInhibitory: preset('inhibitory-to-inhibitory', LSM, 0.32, 144, 60),
} as const satisfies Record<string, StpPreset>;
