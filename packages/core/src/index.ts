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
