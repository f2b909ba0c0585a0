/**
 * @spikegpu/models — neuron models as data (state, parameters, equations, threshold, reset,
 * integrator), compiled to WGSL and to CPU code with identical f32 arithmetic.
 * @packageDocumentation
 */
export { defineNeuronModel, contentHash, RESERVED_NAMES } from './neuron-model.js';
export type { NeuronModel, NeuronModelDefinition, IntegratorName, IntegratorSpec } from './neuron-model.js';
export { ModelRegistry } from './model-registry.js';
export {
  izhikevich2003,
  izhikevich2007,
  lif,
  adex,
  hodgkinHuxley1952,
  hodgkinHuxleyExtended,
  hodgkinHuxleyModel,
  hodgkinHuxleyRates,
  builtinNeuronModels,
} from './neurons/index.js';
export type { HodgkinHuxleyOptions } from './neurons/index.js';
export {
  NEURON_PRESETS,
  neuronPreset,
  presetParams,
  findPreset,
  stimulusAt,
  izhikevich2003Presets,
  izhikevich2007Presets,
  hodgkinHuxleyPresets,
  adexPresets,
} from './presets/index.js';
export type { NeuronPreset, PresetStimulus, PresetTable, PresetPopulationFields } from './presets/index.js';
export { generateStepCode, checkModelExpressions } from './model-codegen.js';
export type { StepCode, StepCodeContext, TargetLanguage } from './model-codegen.js';
export {
  parseExpression,
  typeOf,
  expectType,
  freeIdentifiers,
  foldConstants,
  emitWgsl,
  emitJs,
  wgslF32Literal,
  jsF32Literal,
  ExpressionError,
  EXPRESSION_HELPERS,
  EXPRESSION_FUNCTIONS,
  BUILTIN_CONSTANTS,
  MAX_EXPANDED_POWER,
} from './expression/index.js';
export type {
  Expr,
  ExpressionType,
  ExpressionLocation,
  Span,
  SymbolTable,
  SymbolEntry,
  SymbolKind,
  ExpressionErrorCode,
  FunctionName,
} from './expression/index.js';
