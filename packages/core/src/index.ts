/**
 * @spikegpu/core — the network description, units, counter-based RNG, validation and errors.
 * No GPU code runs here.
 * @packageDocumentation
 */
export {
  SpikegpuError,
  ValidationError,
  DeviceError,
  CapacityError,
  NumericalError,
  FileFormatError,
  invalid,
} from './errors.js';
export type { ErrorKind, SpikegpuErrorDetails } from './errors.js';
export type { ValueSpec, Distribution } from './value-spec.js';
export { isConstantValue, constantOf } from './value-spec.js';
export type { ConnectivitySpec, ConnectivityRuleName } from './connectivity-spec.js';
export type {
  NetworkDescription,
  PopulationSpec,
  ProjectionSpec,
  ReceptorSpec,
  InputSpec,
  RecordingSpec,
  NeuronSelection,
} from './description.js';
export { validateNetwork, validateValueSpec, receptorsOf, resolveReceptor, didYouMean, editDistance } from './validate-network.js';
export type { ModelCatalog } from './validate-network.js';
// Deterministic f32 math and the counter-based RNG, each with its WGSL twin (det-math.ts, rng.ts).
export {
  detMathWgsl,
  fastMathWgsl,
  dmExp,
  dmExpm1,
  dmLog,
  dmSqrt,
  dmRecip,
  dmDiv,
  dmSin,
  dmCos,
  dmTanh,
  dmPow,
  dmLdexp,
  dmPin,
  f32,
  f32Add,
  f32Sub,
  f32Mul,
  f32ToBits,
  bitsToF32,
} from './det-math.js';
export {
  rngWgsl,
  philox4x32,
  philox4x32Into,
  mulHigh32,
  randomU32x4,
  randomU32x4Into,
  uniform01,
  normalPair,
  standardNormal,
  Rng,
  RNG_KEY_TAG,
  RNG_SEQUENCE_KEY_TAG,
} from './rng.js';
export type { U32x4 } from './rng.js';
