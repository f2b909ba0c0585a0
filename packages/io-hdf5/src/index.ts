/**
 * @spikegpu/io-hdf5 — checkpoints (`.simstate.h5`) that continue a simulation bit for bit, spike and
 * state recordings (`.simrec.h5`) streamed or buffered, and playback of recordings without loading
 * them whole. HDF5 through h5wasm, in Node and in the browser; every file opens in h5py.
 * @packageDocumentation
 */
export { writeCheckpoint } from './checkpoint-writer.js';
export type { WriteCheckpointOptions } from './checkpoint-writer.js';
export { readCheckpoint, applyCheckpoint, restoreCheckpoint } from './checkpoint-reader.js';
export type { Checkpoint, CheckpointPopulation, RestoreCheckpointOptions } from './checkpoint-reader.js';
export { FORMATS, SPIKEGPU_VERSION } from './file-format.js';
export type { Provenance } from './file-format.js';
export { SpikeRecordingWriter, recordSimulation } from './recording-writer.js';
export type { RecordingOptions, RecordableSimulation } from './recording-writer.js';
export type { StateSampling } from './state-sampling.js';
export type { SpikeTimeFormat } from './recording-layout.js';
export { openRecording, Recording } from './recording-reader.js';
export type { RecordedPopulation, SpikeWindow, Frame, StateFrame } from './recording-reader.js';
export { writeSonataSpikes, exportSonataSpikes, readSonataSpikes } from './sonata-spikes.js';
export { inspectFile, formatFileSummary } from './inspect-file.js';
export type { FileSummary } from './inspect-file.js';
