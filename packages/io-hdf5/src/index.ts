/**
 * @spikegpu/io-hdf5 — checkpoints (`.simstate.h5`) that continue a simulation bit for bit, spike and
 * state recordings (`.simrec.h5`) streamed or buffered, and playback of recordings without loading
 * them whole. HDF5 through h5wasm, in Node and in the browser; every file opens in h5py.
 * @packageDocumentation
 */

export type { Checkpoint, CheckpointPopulation, RestoreCheckpointOptions } from './checkpoint-reader.js';
export { applyCheckpoint, readCheckpoint, restoreCheckpoint } from './checkpoint-reader.js';
export type { WriteCheckpointOptions } from './checkpoint-writer.js';
export { writeCheckpoint } from './checkpoint-writer.js';
export { readFileBytes, writeFileBytes } from './file-bytes.js';
export type { Provenance } from './file-format.js';
export { FORMATS, SPIKEGPU_VERSION } from './file-format.js';
export type { FileSummary } from './inspect-file.js';
export { formatFileSummary, inspectFile } from './inspect-file.js';
export type { NeuralSimulatorCheckpoint, NeuralSimulatorConnections } from './neural-simulator-checkpoint.js';
export { applyNeuralSimulatorState, readNeuralSimulatorCheckpoint } from './neural-simulator-checkpoint.js';
export type { Migration, MigrationNote, MigrationReport, NeuralSimulatorMigrationOptions, NeuralSimulatorNetwork } from './neural-simulator-profile.js';
export { formatMigrationReport, NEURAL_SIMULATOR_HH_PRESETS, NEURAL_SIMULATOR_MODELS, readNeuralSimulatorProfile } from './neural-simulator-profile.js';
export type { NeuralSimulatorRecording, NeuralSimulatorRecordingOptions, NeuralSimulatorTrace } from './neural-simulator-recording.js';
export { NEURAL_SIMULATOR_RECORDING_VERSION, readNeuralSimulatorRecording } from './neural-simulator-recording.js';
export type { Profile, ProfileOptions } from './profile.js';
export { formatProfile, migrateProfile, PROFILE_FORMAT, PROFILE_VERSION, readProfile, writeProfile } from './profile.js';
export type { SpikeTimeFormat } from './recording-layout.js';
export type { Frame, RecordedPopulation, SpikeWindow, StateFrame } from './recording-reader.js';
export { openRecording, Recording } from './recording-reader.js';
export type { RecordableSimulation, RecordingOptions } from './recording-writer.js';
export { recordSimulation, SpikeRecordingWriter } from './recording-writer.js';
export type { SonataNetworkReport } from './sonata-network.js';
export { exportSonataNetwork, SONATA_NETWORK_FILES } from './sonata-network.js';
export { exportSonataSpikes, readSonataSpikes, writeSonataSpikes } from './sonata-spikes.js';
export type { StateSampling } from './state-sampling.js';
