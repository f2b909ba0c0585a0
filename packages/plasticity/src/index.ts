/**
 * @spikegpu/plasticity — plasticity and homeostasis rules as data: Tsodyks–Markram short-term
 * plasticity, pair-based STDP, synaptic scaling, adaptive threshold and intrinsic current; the registry that checks
 * their use in a network description; the code emitters the engines build WGSL and JS with.
 * @packageDocumentation
 */

export type { HomeostasisRule, HomeostasisRuleDefinition, HomeostaticAction } from './homeostasis-rule.js';
export { defineHomeostasisRule } from './homeostasis-rule.js';
export type { PlasticityRule, PlasticityRuleDefinition, PresynapticState, SynapticScaling, TraceDefinition, WeightUpdate } from './plasticity-rule.js';
export { definePlasticityRule, RULE_RESERVED_NAMES } from './plasticity-rule.js';
export type { NameBinding, RuleLocation } from './rule-code.js';
export { emitAssignments, emitRuleExpression } from './rule-code.js';
export type { ParamLimit, ParamRelation, ResolvedFields, RuleFields, RuleOption } from './rule-fields.js';
export { describeLimit, resolveRuleFields } from './rule-fields.js';
export type { HomeostasisRuleUse, ModelNames, PlasticityRuleUse } from './rule-registry.js';
export { PlasticityRegistry } from './rule-registry.js';
export { adaptiveThreshold, builtinHomeostasisRules, builtinPlasticityRules, intrinsicCurrent, stdp, synapticScaling, tsodyksMarkram } from './rules/index.js';
export type { StpPreset } from './stp-presets.js';
export { stpPresets } from './stp-presets.js';
