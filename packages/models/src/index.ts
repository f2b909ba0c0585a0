/**
 * @spikegpu/models — neuron models as data (state, parameters, equations, threshold, reset,
 * integrator), compiled to WGSL and to CPU code with identical f32 arithmetic.
 * @packageDocumentation
 */

export type {
  Expr,
  ExpressionErrorCode,
  ExpressionLocation,
  ExpressionType,
  FunctionName,
  Span,
  SymbolEntry,
  SymbolKind,
  SymbolTable,
} from './expression/index.js';
export {
  BUILTIN_CONSTANTS,
  EXPRESSION_FUNCTIONS,
  EXPRESSION_HELPERS,
  ExpressionError,
  emitJs,
  emitWgsl,
  expectType,
  foldConstants,
  freeIdentifiers,
  jsF32Literal,
  MAX_EXPANDED_POWER,
  parseExpression,
  typeOf,
  wgslF32Literal,
} from './expression/index.js';
export type { StepCode, StepCodeContext, TargetLanguage } from './model-codegen.js';
export { checkModelExpressions, generateStepCode } from './model-codegen.js';
export { ModelRegistry } from './model-registry.js';
export type { IntegratorName, IntegratorSpec, NeuronModel, NeuronModelDefinition } from './neuron-model.js';
export { contentHash, defineNeuronModel, RESERVED_NAMES } from './neuron-model.js';
export type { HodgkinHuxleyOptions } from './neurons/index.js';
export {
  adex,
  builtinNeuronModels,
  hodgkinHuxley1952,
  hodgkinHuxleyExtended,
  hodgkinHuxleyModel,
  hodgkinHuxleyRates,
  izhikevich2003,
  izhikevich2007,
  lif,
} from './neurons/index.js';
export type { NeuronPreset, PresetPopulationFields, PresetStimulus, PresetTable } from './presets/index.js';
export {
  adexPresets,
  findPreset,
  hodgkinHuxleyPresets,
  izhikevich2003Presets,
  izhikevich2007Presets,
  NEURON_PRESETS,
  neuronPreset,
  presetParams,
  stimulusAt,
} from './presets/index.js';
