import type { HomeostasisRule } from '../homeostasis-rule.js';
import type { PlasticityRule } from '../plasticity-rule.js';
import { adaptiveThreshold, intrinsicCurrent } from './homeostasis.js';
import { stdp } from './stdp.js';
import { synapticScaling } from './synaptic-scaling.js';
import { tsodyksMarkram } from './tsodyks-markram.js';

export { adaptiveThreshold, intrinsicCurrent, stdp, synapticScaling, tsodyksMarkram };

/** Every built-in plasticity rule, as the default registry holds them. */
export const builtinPlasticityRules: readonly PlasticityRule[] = [tsodyksMarkram, stdp, synapticScaling];

/** Every built-in homeostasis rule. */
export const builtinHomeostasisRules: readonly HomeostasisRule[] = [adaptiveThreshold, intrinsicCurrent];
