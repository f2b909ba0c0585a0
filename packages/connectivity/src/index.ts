/**
 * @spikegpu/connectivity — builds projections' synapses (CSR, row = presynaptic neuron) from
 * connectivity rules, and samples per-synapse or per-neuron values, reproducibly from the
 * counter-based RNG.
 * @packageDocumentation
 */
export { buildConnectivity, estimateSynapseCount, PARALLEL_MIN_SYNAPSES } from './build-connectivity.js';
export { buildConnectivityRows, ROW_INDEPENDENT_RULES } from './build-rows.js';
export { CONNECTIVITY_TASKS } from './connectivity-tasks.js';
export type { BuildContext, ConnectivityContext, Csr, TransposedCsr } from './csr.js';
export { MAX_SYNAPSES } from './csr.js';
export type { ConductionSpec } from './distance-delays.js';
export { distanceDelays } from './distance-delays.js';
export type { PlacementContext } from './place-neurons.js';
export { mortonOrder, placeNeurons } from './place-neurons.js';
export type { RowBlock } from './rules/fixed-probability.js';
export type { TraitAssignment } from './rules/trait-matrix.js';
export { traitScales } from './rules/trait-matrix.js';
export type { SampleContext } from './sample-values.js';
export { sampleValues } from './sample-values.js';
export { transposeCsr } from './transpose-csr.js';
export { CONNECTIVITY_RULES, validateConnectivity } from './validate-connectivity.js';
export type { LoopRunner, NumericArray, NumericArrayConstructor, WorkerPoolOptions, WorkerTask, WorkerTaskTable } from './worker-pool.js';
export { availableThreads, isShared, serveWorkerTasks, WorkerPool } from './worker-pool.js';
