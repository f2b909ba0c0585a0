export type { BatchSpec, BatchStimulus, PerNeuron } from './batch-spec.js';
export type { BatchResult, BatchRunOptions } from './run-batch.js';
export { runBatch } from './run-batch.js';
