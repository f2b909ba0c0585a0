/**
 * @spikegpu/models — neuron models as data (state, parameters, equations, threshold, reset,
 * integrator), compiled to WGSL and to CPU code with identical f32 arithmetic.
 * @packageDocumentation
 */
export { defineNeuronModel, contentHash, RESERVED_NAMES } from './neuron-model.js';
export type { NeuronModel, NeuronModelDefinition, IntegratorName, IntegratorSpec } from './neuron-model.js';
export { ModelRegistry } from './model-registry.js';
export { izhikevich2003, lif, builtinNeuronModels } from './neurons/index.js';
export { generateStepCode, checkModelExpressions } from './model-codegen.js';
export type { StepCode, StepCodeContext, TargetLanguage } from './model-codegen.js';
