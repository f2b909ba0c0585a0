/**
 * @spikegpu/simulator — composes a network description into buffers and kernels and runs it on
 * WebGPU or the CPU.
 * @packageDocumentation
 */

export type { BatchResult, BatchRunOptions, BatchSpec, BatchStimulus, PerNeuron } from './batch/index.js';
export { runBatch } from './batch/index.js';
export { CpuEngine } from './cpu-engine.js';
export type { Engine, EngineSnapshot, Phase, PhaseProfile, SpikeSink } from './engine.js';
export type { DeviceLimits, InputPlan, NetworkPlan, ParamPlan, PlanOptions, PopulationPlan, ProjectionPlan, ReceptorPlan } from './network-plan.js';
export { checkCapacity, estimateDeviceBytes, planNetwork, STREAMS } from './network-plan.js';
export { cobaNetwork, izhikevich2003Network } from './networks/index.js';
export type { StateLayout } from './neuron-kernel.js';
export { generateNeuronUpdate, stateLayout } from './neuron-kernel.js';
export type { PlasticArray, PlasticStateLayout, ProjectionPlasticity } from './plasticity-plan.js';
export { homeostasisVariable, plasticStateLayout, SPIKE_AGE } from './plasticity-plan.js';
export type { PopulationSpikes, PopulationSummary, ProjectionWeights, SimulationOptions } from './simulation.js';
export { Simulation } from './simulation.js';
export { SpikeRecord } from './spike-record.js';
export type { WebGpuEngineOptions } from './webgpu-engine.js';
export { WebGpuEngine } from './webgpu-engine.js';
