/**
 * @spikegpu/core — the network description, units, counter-based RNG, validation and errors.
 * No GPU code runs here.
 * @packageDocumentation
 */

export type { ConnectivityRuleName, ConnectivitySpec } from './connectivity-spec.js';
export type {
  DistanceDelaySpec,
  HomeostasisSpec,
  InputSpec,
  NetworkDescription,
  NeuronSelection,
  PlasticitySpec,
  PopulationSpec,
  PositionLayout,
  PositionSpec,
  ProjectionSpec,
  ReceptorSpec,
  RecordingSpec,
  SynapseSign,
} from './description.js';
export { INHIBITORY_REVERSAL_MAX_MV } from './description.js';
// Deterministic f32 math and the counter-based RNG, each with its WGSL twin (det-math.ts, rng.ts).
export {
  bitsToF32,
  detMathWgsl,
  dmCos,
  dmDiv,
  dmExp,
  dmExpm1,
  dmLdexp,
  dmLog,
  dmPin,
  dmPow,
  dmRecip,
  dmSin,
  dmSqrt,
  dmTanh,
  f32,
  f32Add,
  f32Mul,
  f32Sub,
  f32ToBits,
  fastMathWgsl,
} from './det-math.js';
export type { ErrorKind, SpikegpuErrorDetails } from './errors.js';
export {
  CapacityError,
  DeviceError,
  FileFormatError,
  invalid,
  NumericalError,
  SpikegpuError,
  ValidationError,
} from './errors.js';
export type { U32x4 } from './rng.js';
export {
  mulHigh32,
  normalPair,
  philox4x32,
  philox4x32Into,
  RNG_KEY_TAG,
  RNG_SEQUENCE_KEY_TAG,
  Rng,
  randomU32x4,
  randomU32x4Into,
  rngWgsl,
  standardNormal,
  uniform01,
} from './rng.js';
export type { ModelCatalog, RuleCatalog } from './validate-network.js';
export {
  closestName,
  didYouMean,
  editDistance,
  isDistanceDelay,
  receptorsOf,
  resolveReceptor,
  validateNetwork,
  validatePositionSpec,
  validateValueSpec,
} from './validate-network.js';
export type { Distribution, ValueSpec } from './value-spec.js';
export { constantOf, isConstantValue } from './value-spec.js';
