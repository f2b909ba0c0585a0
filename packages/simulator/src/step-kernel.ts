import fusedStepWgsl from './fused-step.wgsl';
import type { NetworkPlan } from './network-plan.js';
import { generateNeuronUpdate, type KernelConstants, maskFunction, type StateLayout } from './neuron-kernel.js';
import splitStepWgsl from './split-step.wgsl';
import commonWgsl from './step-kernel-common.wgsl';

/** How a static projection's synapses sit in the engine's shared CSR buffers. */
export interface ProjectionLayout {
  sourcePopulation: number;
  /** First global neuron index of the source population. */
  sourceBase: number;
  /** Offset of its row offsets in the shared rowOffsets buffer. */
  rowBase: number;
  /** Per-synapse delays: the low `targetBits` bits of a target word are the index (0 with a constant delay). */
  targetBits: number;
  targetMask: number;
  /** 0: delay in the high bits; else this many steps for every synapse. */
  constantDelay: number;
  /** First ring cell of the target receptor block. */
  ringBase: number;
}

/** Word offsets in the spike-count buffer after the counts and totals (see step-kernel-common.wgsl). */
export function counterOffsets(populations: number) {
  return { failure: 4 * populations, stepsPropagated: 4 * populations + 2, stepsUpdated: 4 * populations + 3, words: 4 * populations + 4 };
}

/**
 * WGSL of a step kernel: every population's update as a function of (neuron, step, slot, seed,
 * parity), the static projections as constant tables, the shared delivery and bookkeeping, and the
 * entry point: `split` (an update dispatch and a delivery dispatch per step, any network) or `fused`
 * (all steps of a batch in one workgroup). The det-math and RNG preludes are prepended by the caller.
 */
export function generateStepKernelWgsl(
  kind: 'split' | 'fused',
  plan: NetworkPlan,
  layouts: StateLayout[],
  k: KernelConstants,
  projections: ProjectionLayout[],
  synapses: { chunk: number; chunkCount: number } = { chunk: 2 ** 32 - 1, chunkCount: 1 },
): string {
  const functions: string[] = [];
  const routes: string[] = [];
  for (const pop of plan.populations) {
    const body = generateNeuronUpdate('wgsl', plan, pop, layouts[pop.index] as StateLayout, k);
    for (const input of pop.inputs) if (input.neurons) functions.push(maskFunction(`inputMask${input.index}`, input.neurons, pop.size));
    if (pop.recordSpikes instanceof Uint32Array) functions.push(maskFunction(`recordMask${pop.index}`, pop.recordSpikes, pop.size));
    functions.push(`// ${pop.name}: ${pop.size} × ${pop.model.name}
fn update_${pop.index}(i: u32, step: u32, slot: u32, seed: u32, parity: u32) {
${body.replace(/^/gm, '  ')}
}`);
    routes.push(`  if (g < ${pop.offset + pop.size}u) { update_${pop.index}(g - ${pop.offset}u, step, slot, seed, parity); return; }`);
  }
  const J = Math.max(1, projections.length);
  const table = (name: string, pick: (p: ProjectionLayout) => number) =>
    `const ${name} = array<u32, ${J}>(${(projections.length ? projections.map((p) => `${pick(p) >>> 0}u`) : ['0u']).join(', ')});`;
  const counters = counterOffsets(plan.populations.length);
  return `const TOTAL_NEURONS: u32 = ${plan.totalNeurons}u;
const POP_COUNT: u32 = ${plan.populations.length}u;
const PROJECTION_COUNT: u32 = ${projections.length}u;
const PROJECTION_SLOTS: u32 = ${J}u;
const STEPS_PROPAGATED: u32 = ${counters.stepsPropagated}u;
const STEPS_UPDATED: u32 = ${counters.stepsUpdated}u;
${table('PROJ_SOURCE_POP', (p) => p.sourcePopulation)}
${table('PROJ_SOURCE_BASE', (p) => p.sourceBase)}
${table('PROJ_ROW_BASE', (p) => p.rowBase)}
${table('PROJ_TARGET_BITS', (p) => p.targetBits)}
${table('PROJ_TARGET_MASK', (p) => p.targetMask)}
${table('PROJ_CONSTANT_DELAY', (p) => p.constantDelay)}
${table('PROJ_RING_BASE', (p) => p.ringBase)}
${plan.plasticState ? '@group(0) @binding(10) var<storage, read_write> plasticState: array<f32>;\n' : ''}
${synapseAccess(synapses.chunk, synapses.chunkCount)}
${functions.join('\n\n')}

fn update_neuron(g: u32, step: u32, slot: u32, seed: u32, parity: u32) {
${routes.join('\n')}
}

${commonWgsl}
${kind === 'fused' ? fusedStepWgsl : splitStepWgsl}`;
}

/**
 * Reads of synapse k's target word and weight. Past one storage binding the arrays are split into
 * chunks of `chunk` synapses (bindings 8, 9 for the first, then 11 + 2c, 12 + 2c).
 */
function synapseAccess(chunk: number, chunkCount: number): string {
  const declarations: string[] = [];
  const target: string[] = [];
  const weight: string[] = [];
  for (let c = 1; c < chunkCount; c++) {
    declarations.push(`@group(0) @binding(${11 + 2 * (c - 1)}) var<storage, read> targets${c}: array<u32>;`);
    declarations.push(`@group(0) @binding(${12 + 2 * (c - 1)}) var<storage, read> weights${c}: array<i32>;`);
  }
  for (let c = chunkCount - 1; c >= 1; c--) {
    target.push(`  if (k >= ${c * chunk}u) { return targets${c}[k - ${c * chunk}u]; }`);
    weight.push(`  if (k >= ${c * chunk}u) { return weights${c}[k - ${c * chunk}u]; }`);
  }
  return `${declarations.join('\n')}
fn synapseTarget(k: u32) -> u32 {
${target.join('\n')}${target.length ? '\n' : ''}  return targets[k];
}
fn synapseWeight(k: u32) -> i32 {
${weight.join('\n')}${weight.length ? '\n' : ''}  return weights[k];
}`;
}

/** Calls that cost tens to hundreds of operations each in a neuron update (det-math routines, Gaussian draws). */
const HEAVY_CALLS: Array<[RegExp, number]> = [
  [/\bdm_(exp|expm1|log|div|recip|pow|sin|cos|tanh|sqrt)\(/g, 1],
  [/\brng_normal2\(/g, 4],
];

/**
 * A rough per-neuron cost of a population's update: its heavy calls, weighted. What `auto` reads to
 * decide whether one workgroup can step the network faster than the split kernel (a fused step runs
 * the updates a few to a thread on one of the GPU's cores, so only cheap updates pay).
 */
export function updateCost(updateWgsl: string): number {
  let cost = 0;
  for (const [pattern, weight] of HEAVY_CALLS) cost += (updateWgsl.match(pattern)?.length ?? 0) * weight;
  return cost;
}
