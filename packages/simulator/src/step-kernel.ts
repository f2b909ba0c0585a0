import { wgslF32Literal } from '@spikegpu/models';
import fusedStepWgsl from './fused-step.wgsl';
import type { NetworkPlan } from './network-plan.js';
import { carriedPoissonInputs, generateNeuronUpdate, type KernelConstants, maskFunction, poissonDrawsWgsl, type StateLayout } from './neuron-kernel.js';
import ringStorageWgsl from './ring-storage.wgsl';
import ringWorkgroupWgsl from './ring-workgroup.wgsl';
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

/** How the fused kernel holds a network in one workgroup (see {@link fusedLayout}). */
export interface FusedLayout {
  workgroupSize: number;
  /** Neurons each thread keeps in registers: lid, lid + WG, … */
  neuronsPerThread: number;
  /** Whether the input ring sits in workgroup memory (else in its storage buffer). */
  ringInWorkgroup: boolean;
  /** Entries of each of the two Poisson draw lists (0: no draw phase; every neuron draws in its update). */
  drawCapacity: number;
  /** Workgroup memory the kernel declares. */
  workgroupBytes: number;
}

/** Most neurons one thread of the fused kernel keeps in registers. */
export const FUSED_MAX_NEURONS_PER_THREAD = 8;

/** Fewest entries a draw list is worth having. */
const MIN_DRAW_CAPACITY = 32;

/**
 * Whether a network fits the fused kernel with `workgroupSize` threads and `workgroupStorage` bytes of
 * workgroup memory (the adapter's maxComputeWorkgroupStorageSize), and how: its spike list always in
 * workgroup memory, the input ring too where it fits, and the Poisson draw lists in what is left (up
 * to half the neurons each). Null where it does not fit.
 */
export function fusedLayout(plan: NetworkPlan, workgroupSize: number, workgroupStorage: number, ring: 'auto' | 'storage' = 'auto'): FusedLayout | null {
  const neuronsPerThread = Math.ceil(plan.totalNeurons / workgroupSize);
  // Spike list (16-bit ids, two a word), its counts by parity, the recorded count, the two lists' counts, a few words spare.
  const base = 4 * (Math.ceil(plan.totalNeurons / 2) + 2 * plan.populations.length + 3) + 64;
  if (neuronsPerThread > FUSED_MAX_NEURONS_PER_THREAD || plan.totalNeurons > 2 ** 16 || base > workgroupStorage) return null;
  const ringBytes = 4 * (plan.ringDepth - 1) * plan.ringStride;
  const ringInWorkgroup = ring === 'auto' && plan.ringDepth > 1 && base + ringBytes <= workgroupStorage;
  const used = base + (ringInWorkgroup ? ringBytes : 0);
  // Two lists (this step's, the next step's) of (input and neuron, q) word pairs.
  const carried = Math.max(0, ...plan.populations.map((pop) => carriedPoissonInputs(plan, pop).length));
  const fits = Math.min(Math.floor((workgroupStorage - used) / 16), Math.floor((plan.totalNeurons * carried) / 2));
  const drawCapacity = fits >= MIN_DRAW_CAPACITY ? fits : 0;
  return { workgroupSize, neuronsPerThread, ringInWorkgroup, drawCapacity, workgroupBytes: used + 16 * drawCapacity };
}

/**
 * WGSL of a step kernel: every population's update as a function of (neuron, step, slot, seed,
 * parity), the static projections as constant tables, the shared delivery, and the entry point:
 * `split` (an update dispatch and a delivery dispatch per step, any network) or, given a
 * {@link FusedLayout}, `fused` (all steps of a batch in one workgroup, state in registers). The
 * det-math and RNG preludes are prepended by the caller.
 */
export function generateStepKernelWgsl(
  kind: 'split' | 'fused',
  plan: NetworkPlan,
  layouts: StateLayout[],
  k: KernelConstants,
  projections: ProjectionLayout[],
  synapses: { chunk: number; chunkCount: number } = { chunk: 2 ** 32 - 1, chunkCount: 1 },
  fused: FusedLayout | null = null,
): string {
  if (kind === 'fused' && !fused) throw new Error('the fused kernel needs its layout');
  const isFused = kind === 'fused';
  fused = isFused ? fused : null;
  const functions: string[] = [];
  const routes: string[] = [];
  const regs = isFused ? ', regs: ptr<private, NeuronRegs>' : '';
  for (const pop of plan.populations) {
    const body = generateNeuronUpdate('wgsl', plan, pop, layouts[pop.index] as StateLayout, {
      ...k,
      registers: isFused,
      drawPhase: (fused?.drawCapacity ?? 0) > 0,
    });
    for (const input of pop.inputs) if (input.neurons) functions.push(maskFunction(`inputMask${input.index}`, input.neurons, pop.size));
    if (pop.recordSpikes instanceof Uint32Array) functions.push(maskFunction(`recordMask${pop.index}`, pop.recordSpikes, pop.size));
    functions.push(`// ${pop.name}: ${pop.size} × ${pop.model.name}
fn update_${pop.index}(i: u32, step: u32, slot: u32, seed: u32, parity: u32${regs}) {
${body.replace(/^/gm, '  ')}
}`);
    routes.push(
      `  if (g < ${pop.offset + pop.size}u) { update_${pop.index}(g - ${pop.offset}u, step, slot, seed, parity${isFused ? ', regs' : ''}); return; }`,
    );
  }
  const J = Math.max(1, projections.length);
  const counters = counterOffsets(plan.populations.length);
  return `const TOTAL_NEURONS: u32 = ${plan.totalNeurons}u;
const POP_COUNT: u32 = ${plan.populations.length}u;
const PROJECTION_COUNT: u32 = ${projections.length}u;
const PROJECTION_SLOTS: u32 = ${J}u;
const PROJECTION_TABLE_ROWS: u32 = ${2 * J}u;
const STEPS_PROPAGATED: u32 = ${counters.stepsPropagated}u;
const STEPS_UPDATED: u32 = ${counters.stepsUpdated}u;
${plan.plasticState ? '@group(0) @binding(10) var<storage, read_write> plasticState: array<f32>;\n' : ''}
${synapseAccess(synapses.chunk, synapses.chunkCount)}
${functions.join('\n\n')}

fn update_neuron(g: u32, step: u32, slot: u32, seed: u32, parity: u32${regs}) {
${routes.join('\n')}
}
${deliverAllWgsl(projections)}
${fused ? fusedRegisters(plan, layouts, fused) : ''}
${commonWgsl}
${fused?.ringInWorkgroup ? ringWorkgroupWgsl : ringStorageWgsl}
${isFused ? fusedStepWgsl : splitStepWgsl}`;
}

/** A projection's fields in the order of step-kernel-common.wgsl's `Projection` (after its index). */
function projectionFields(p: ProjectionLayout): number[] {
  return [p.sourcePopulation, p.sourceBase, p.rowBase, p.targetBits, p.targetMask, p.constantDelay, p.ringBase];
}

/** Most projections whose delivery is unrolled with literal tables; past it, a loop reads the uniform table. */
const UNROLLED_PROJECTIONS = 64;

/**
 * deliverAll(me, slots, slot, parity, lane): every projection's spikes this step (see deliverProjection
 * in step-kernel-common.wgsl), each projection's row of the table as literals.
 */
function deliverAllWgsl(projections: ProjectionLayout[]): string {
  const literal = (p: ProjectionLayout, j: number) => `Projection(${[j, ...projectionFields(p)].map((x) => `${x >>> 0}u`).join(', ')})`;
  if (projections.length <= UNROLLED_PROJECTIONS)
    return `
fn deliverAll(me: u32, slots: u32, slot: u32, parity: u32, lane: u32) {
  var base = 0u;
${projections.map((p, j) => `  base = deliverProjection(${literal(p, j)}, base, me, slots, slot, parity, lane);`).join('\n')}
}`;
  return `
fn deliverAll(me: u32, slots: u32, slot: u32, parity: u32, lane: u32) {
  var base = 0u;
  for (var j = 0u; j < PROJECTION_COUNT; j++) {
    base = deliverProjection(projectionAt(j), base, me, slots, slot, parity, lane);
  }
}`;
}

/**
 * The projection table as the step kernel's uniform holds it after the batch's four words (see
 * projectionAt in step-kernel-common.wgsl): two vec4u rows per projection.
 */
export function projectionTable(projections: ProjectionLayout[]): Uint32Array {
  const table = new Uint32Array(8 * Math.max(1, projections.length));
  // Two vec4u rows each; the eighth word stays 0. Uint32Array stores each field modulo 2^32.
  projections.forEach((p, j) => table.set(projectionFields(p), 8 * j));
  return table;
}

/**
 * The fused kernel's registers: a NeuronRegs (x0, x1, … the population's state variables in layout
 * order) per neuron a thread keeps, as private variables so that the compiler can keep them in
 * registers (each is a whole variable, its fields fixed), and the unrolled load, update and store of a
 * thread's neurons.
 */
function fusedRegisters(plan: NetworkPlan, layouts: StateLayout[], fused: FusedLayout): string {
  const width = Math.max(1, ...layouts.map((l) => l.variables.length));
  const carried = plan.populations.map((pop) => carriedPoissonInputs(plan, pop));
  const draws = Math.max(0, ...carried.map((c) => c.length));
  const threads = Array.from({ length: fused.neuronsPerThread }, (_, n) => n);
  /** A function of (g, regs) doing `body(pop)` with i, the neuron's index in its population. */
  const perNeuron = (name: string, body: (pop: NetworkPlan['populations'][number]) => string[]) => `fn ${name}(g: u32, regs: ptr<private, NeuronRegs>) {
${plan.populations
  .map(
    (pop) =>
      `  if (g < ${pop.offset + pop.size}u) {\n    let i = g - ${pop.offset}u;\n${body(pop)
        .map((line) => `    ${line}`)
        .join('\n')}\n    return;\n  }`,
  )
  .join('\n')}
}`;
  const stateCell = (pop: NetworkPlan['populations'][number], x: number) => `state[${(layouts[pop.index] as StateLayout).base + x * pop.size}u + i]`;
  const each = (call: (n: number) => string) => threads.map((n) => `  if (lid + ${n}u * WG < TOTAL_NEURONS) { ${call(n)} }`).join('\n');
  // The Poisson draw phase, for networks with carried Poisson inputs (input indices must fit 8 bits).
  const drawPhase = fused.drawCapacity > 0 && carried.every((c) => c.every((d) => d.input.index < 256));
  const xOf = (pop: NetworkPlan['populations'][number], name: string) => (layouts[pop.index] as StateLayout).variables.indexOf(name);
  return `
struct NeuronRegs { ${[...Array.from({ length: width }, (_, x) => `x${x}: f32`), ...Array.from({ length: draws }, (_, d) => `n${d}: u32`)].join(', ')} }
${threads.map((n) => `var<private> r${n}: NeuronRegs;`).join('\n')}
const SPIKE_WORDS: u32 = ${Math.ceil(plan.totalNeurons / 2)}u;
${fused.ringInWorkgroup ? `const WG_RING_CELLS: u32 = ${(plan.ringDepth - 1) * plan.ringStride}u;` : ''}

${perNeuron('loadRegs', (pop) => (layouts[pop.index] as StateLayout).variables.map((_, x) => `(*regs).x${x} = ${stateCell(pop, x)};`))}

${perNeuron('storeRegs', (pop) => (layouts[pop.index] as StateLayout).variables.map((_, x) => `${stateCell(pop, x)} = (*regs).x${x};`))}

fn loadNeurons(lid: u32) {
${each((n) => `loadRegs(lid + ${n}u * WG, &r${n});`)}
}

fn updateNeurons(lid: u32, step: u32, slot: u32, seed: u32, parity: u32) {
${each((n) => `update_neuron(lid + ${n}u * WG, step, slot, seed, parity, &r${n});`)}
}

fn storeNeurons(lid: u32) {
${each((n) => `storeRegs(lid + ${n}u * WG, &r${n});`)}
}
${drawPhase ? fusedDrawPhase(plan, fused.drawCapacity, carried, xOf, perNeuron, each) : '\nfn drawPrologue(lid: u32, step: u32, seed: u32) {}\nfn drawNext(lid: u32, list: u32, step: u32, seed: u32) {}\nfn resetDraws(list: u32) {}\n'}`;
}

/**
 * The fused kernel's Poisson draw phase. A carried input draws at its arrivals only (a few % of
 * neurons a step), but a warp whose neurons draw at all pays for a whole Philox call: with one thread
 * per neuron nearly every warp did, every step. So each neuron's update queues the next step's draws
 * (queueDraw: its input, index and q, into the next step's list; n<k> = entry + 1 in its registers),
 * the lists' draws run spread over all threads while the step's spikes are delivered (drawNext), and
 * the next update takes the counts and final q from the list. The same loop and counters as the
 * update's own (poissonDraws), which still draws for neurons past a list's capacity and at a batch's
 * first step, whose draws the prologue makes (drawPrologue).
 */
function fusedDrawPhase(
  plan: NetworkPlan,
  capacity: number,
  carried: Array<ReturnType<typeof carriedPoissonInputs>>,
  xOf: (pop: NetworkPlan['populations'][number], name: string) => number,
  perNeuron: (name: string, body: (pop: NetworkPlan['populations'][number]) => string[]) => string,
  each: (call: (n: number) => string) => string,
): string {
  const queue = perNeuron('queueFirstDraws', (pop) =>
    (carried[pop.index] ?? []).flatMap((c, d) => {
      const q = `(*regs).x${xOf(pop, c.state)}`;
      const member = c.input.neurons ? `inputMask${c.input.index}(i) && ` : '';
      return [
        `(*regs).n${d} = 0u;`,
        `if (${member}${q} > ${wgslF32Literal(c.limit)}) { (*regs).n${d} = queueDraw(batch.first & 1u, ${c.input.index}u, i, ${q}); }`,
      ];
    }),
  );
  return `
const DRAW_CAPACITY: u32 = ${capacity}u;
// Two lists by step parity, each DRAW_CAPACITY entries of (input << 24 | neuron, q) → (count, final q).
var<workgroup> drawLists: array<u32, ${4 * capacity}u>;
var<workgroup> drawQueued: array<atomic<u32>, 2>;

${poissonDrawsWgsl(plan)}

// Queues a draw into list \`list\`; its entry + 1, or 0 when the list is full (the update then draws).
fn queueDraw(list: u32, input: u32, i: u32, q: f32) -> u32 {
  let k = atomicAdd(&drawQueued[list], 1u);
  if (k >= DRAW_CAPACITY) {
    return 0u;
  }
  let at = 2u * (list * DRAW_CAPACITY + k);
  drawLists[at] = (input << 24u) | i;
  drawLists[at + 1u] = bitcast<u32>(q);
  return k + 1u;
}

// List \`list\` is taken (every update of its step is past a barrier): empty it for the step after next.
fn resetDraws(list: u32) {
  atomicStore(&drawQueued[list], 0u);
}

// The queued draws of list \`list\` for \`step\`, on the last threads first (the first take delivery).
fn drawNext(lid: u32, list: u32, step: u32, seed: u32) {
  let queued = min(atomicLoad(&drawQueued[list]), DRAW_CAPACITY);
  for (var k = WG - 1u - lid; k < queued; k += WG) {
    let at = 2u * (list * DRAW_CAPACITY + k);
    let entry = drawLists[at];
    let drawn = poissonDraws(entry >> 24u, entry & 0xffffffu, bitcast<f32>(drawLists[at + 1u]), step, seed);
    drawLists[at] = drawn.x;
    drawLists[at + 1u] = drawn.y;
  }
}

${queue}

// A batch's first step: its draws are queued and made here (the lists do not outlive a dispatch).
fn drawPrologue(lid: u32, step: u32, seed: u32) {
${each((n) => `queueFirstDraws(lid + ${n}u * WG, &r${n});`)}
  workgroupBarrier();
  drawNext(lid, step & 1u, step, seed);
  workgroupBarrier();
}
`;
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
