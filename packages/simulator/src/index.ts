/**
 * @spikegpu/simulator — composes a network description into buffers and kernels and runs it on
 * WebGPU or the CPU.
 * @packageDocumentation
 */
export { Simulation } from './simulation.js';
export type { SimulationOptions, PopulationSpikes, PopulationSummary } from './simulation.js';
export { SpikeRecord } from './spike-record.js';
export { planNetwork, estimateDeviceBytes, checkCapacity, STREAMS } from './network-plan.js';
export type { DeviceLimits } from './network-plan.js';
export type { NetworkPlan, PopulationPlan, ProjectionPlan, ReceptorPlan, InputPlan, ParamPlan } from './network-plan.js';
export { CpuEngine } from './cpu-engine.js';
export { WebGpuEngine } from './webgpu-engine.js';
export type { WebGpuEngineOptions } from './webgpu-engine.js';
export type { Engine, EngineSnapshot, SpikeSink, PhaseProfile, Phase } from './engine.js';
export { stateLayout } from './neuron-kernel.js';
export type { StateLayout } from './neuron-kernel.js';
export { generateNeuronUpdate } from './neuron-kernel.js';
export { izhikevich2003Network, cobaNetwork } from './networks/index.js';
export { runBatch } from './batch/index.js';
export type { BatchResult, BatchRunOptions, BatchSpec, BatchStimulus, PerNeuron } from './batch/index.js';
