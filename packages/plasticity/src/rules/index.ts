import type { HomeostasisRule } from '../homeostasis-rule.js';
import type { PlasticityRule } from '../plasticity-rule.js';
import { adaptiveThreshold, intrinsicCurrent } from './homeostasis.js';
import { stdp } from './stdp.js';
import { tsodyksMarkram } from './tsodyks-markram.js';

export { adaptiveThreshold, intrinsicCurrent, stdp, tsodyksMarkram };

/** Every built-in plasticity rule, as the default registry holds them. */
export const builtinPlasticityRules: readonly PlasticityRule[] = [tsodyksMarkram, stdp];

/** Every built-in homeostasis rule. */
export const builtinHomeostasisRules: readonly HomeostasisRule[] = [adaptiveThreshold, intrinsicCurrent];
