import { f32 } from '@spikegpu/core';
import { freeIdentifiers, parseExpression, type TargetLanguage, wgslF32Literal } from '@spikegpu/models';
import { emitRuleExpression, type NameBinding } from '@spikegpu/plasticity';
import type { NetworkPlan, ProjectionPlan } from './network-plan.js';
import type { StateLayout } from './neuron-kernel.js';
import { homeostasisVariable, type PlasticArray, type PlasticityRuleUse, SCALING_RATE, SPIKE_AGE, scalingRateSource } from './plasticity-plan.js';

/**
 * Propagation of plastic projections, generated per network (one function per projection, the
 * rules' constants baked in), in WGSL and in JS with the same f32 operations:
 *
 * - the **row pass** walks the row of every presynaptic neuron that spiked this step: it adds
 *   round(w · efficacy · 2^scale) (fixed point, so sums stay order-independent) into the ring, then
 *   applies the weight rule's `onPre` (e.g. STDP depression by the postsynaptic trace);
 * - the **column pass** (a later dispatch, so no synapse is written by both at once) walks the column
 *   of every postsynaptic neuron that spiked, through the transposed index, and applies `onPost`.
 *
 * Each synapse is written by one thread per pass, so the result does not depend on scheduling.
 * Static projections keep the fixed-point delivery of step-kernel-common.wgsl.
 */

/** The per-step uniform every plastic pass reads (the engine's slot per step, by dynamic offset). */
const STEP_INFO_WGSL = `struct StepInfo { step: u32, parity: u32, zero: u32, slot: u32, stepInBatch: u32, seed: u32 }
@group(0) @binding(0) var<uniform> info: StepInfo;
`;

/** Where one plastic projection sits in the plastic synapse arrays and which workgroups serve it. */
export interface PlasticProjectionSlot {
  projection: ProjectionPlan;
  /** Index of its first synapse in the plastic synapse arrays (targets, weights). */
  synapseBase: number;
  /** Index of its first row offset (source size + 1 entries each). */
  rowBase: number;
  /** Index of its first column offset (target size + 1 entries each), or −1 without a column pass. */
  columnBase: number;
  /** Index of its first entry in the column index (one per synapse), or −1 without a column pass. */
  columnEntryBase: number;
  /** Workgroups [firstGroup, firstGroup + groups) of the row pass. */
  firstGroup: number;
  groups: number;
  /** Workgroups of the column pass; groups 0 without one. */
  firstColumnGroup: number;
  columnGroups: number;
}

/** Lays out the plastic projections: synapse, row and column bases, and workgroup ranges of `groupsPer` each. */
export function plasticProjectionSlots(plan: NetworkPlan, groupsPer: (projection: ProjectionPlan, pass: 'row' | 'column') => number): PlasticProjectionSlot[] {
  const slots: PlasticProjectionSlot[] = [];
  let synapseBase = 0;
  let rowBase = 0;
  let columnBase = 0;
  let columnEntryBase = 0;
  let firstGroup = 0;
  let firstColumnGroup = 0;
  for (const projection of plan.projections) {
    if (!projection.plasticity) continue;
    const hasColumns = projection.plasticity.columns !== null;
    const groups = groupsPer(projection, 'row');
    const columnGroups = hasColumns ? groupsPer(projection, 'column') : 0;
    slots.push({
      projection,
      synapseBase,
      rowBase,
      columnBase: hasColumns ? columnBase : -1,
      columnEntryBase: hasColumns ? columnEntryBase : -1,
      firstGroup,
      groups,
      firstColumnGroup,
      columnGroups,
    });
    synapseBase += projection.csr.targets.length;
    rowBase += projection.source.size + 1;
    if (hasColumns) {
      columnBase += projection.target.size + 1;
      columnEntryBase += projection.csr.targets.length;
    }
    firstGroup += groups;
    firstColumnGroup += columnGroups;
  }
  return slots;
}

interface Dialect {
  lang: TargetLanguage;
  lit(x: number): string;
  u(x: number): string;
  pin(expr: string): string;
  decl: string;
  mut: string;
}

const WGSL: Dialect = {
  lang: 'wgsl',
  lit: wgslF32Literal,
  u: (x) => `${x >>> 0}u`,
  pin: (e) => `dm_pin(${e})`,
  decl: 'let',
  mut: 'var',
};
const JS: Dialect = { lang: 'js', lit: (x) => String(f32(x)), u: (x) => String(x >>> 0), pin: (e) => `f(${e})`, decl: 'const', mut: 'let' };

/** The weight rule's update at a pre (row) or post (column) spike, as statements over `w`, reading the traces it needs. */
function weightUpdate(
  d: Dialect,
  plan: NetworkPlan,
  proj: ProjectionPlan,
  use: PlasticityRuleUse,
  at: 'onPre' | 'onPost',
  pre: string,
  post: string,
): string[] {
  const weight = use.rule.weight;
  const source = weight?.[at];
  if (!weight || source === undefined) return [];
  const arrays = plan.plasticState?.projections.get(proj.index) as Map<string, PlasticArray>;
  const used = freeIdentifiers(parseExpression(source, { model: use.rule.name, field: `weight.${at}` }));
  const lines: string[] = [];
  const names: Record<string, NameBinding> = { w: { wgsl: 'w', js: 'w' } };
  for (const [name, trace] of Object.entries(use.rule.traces ?? {})) {
    if (!used.has(name)) continue;
    const now = arrays.get(`${name}Now`) as PlasticArray;
    // Prefixed, so no trace name can clash with the walk's own locals.
    const local = `trace_${name}`;
    lines.push(`${d.decl} ${local} = plasticState[${d.u(now.offset)} + ${trace.of === 'pre' ? pre : post}];`);
    names[name] = { wgsl: local, js: local };
  }
  const value = emitRuleExpression(source, d.lang, { rule: use.rule.name, field: `weight.${at}` }, use.fields.constants, names);
  const [low, high] = weight.bounds.map((b) => d.lit(use.fields.params[b] as number)) as [string, string];
  lines.push(d.lang === 'wgsl' ? `w = min(max(${value}, ${low}), ${high});` : `w = Math.min(Math.max(${value}, ${low}), ${high});`);
  return lines;
}

/** What one synapse of a spiking row does: deliver, then the `onPre` update. */
function rowBody(d: Dialect, plan: NetworkPlan, proj: ProjectionPlan, delay: string): string[] {
  const plasticity = proj.plasticity as NonNullable<ProjectionPlan['plasticity']>;
  const arrays = plan.plasticState?.projections.get(proj.index) as Map<string, PlasticArray>;
  const weightRule = plasticity.weightRule;
  const hasEfficacy = arrays.has('efficacy');
  const lines: string[] = [];
  lines.push(`${d.mut} slot = step_slot + ${delay};`);
  lines.push(`if (slot >= ${d.u(plan.ringDepth)}) { slot -= ${d.u(plan.ringDepth)}; }`);
  lines.push(`${weightRule?.rule.weight?.onPre ? d.mut : d.decl} w = weights[k];`);
  const delivered = d.pin(`${hasEfficacy ? d.pin('w * efficacy') : 'w'} * ${d.lit(2 ** proj.receptor.scaleExp)}`);
  const cell = `slot * ${d.u(plan.ringStride)} + ${d.u(proj.receptor.ringOffset)} + post`;
  if (d.lang === 'wgsl') lines.push(`atomicAdd(&inputRing[${cell}], i32(round(${delivered})));`);
  else lines.push(`ring[${cell}] = (ring[${cell}] + (roundHalfEven(${delivered}) | 0)) | 0;`);
  if (weightRule?.rule.weight?.onPre) {
    lines.push(...weightUpdate(d, plan, proj, weightRule, 'onPre', 'pre', 'post'));
    lines.push('weights[k] = w;');
  }
  return lines;
}

/** WGSL of the row pass over every plastic projection: one function per projection, routed by workgroup. */
export function generatePlasticRowsWgsl(plan: NetworkPlan, slots: readonly PlasticProjectionSlot[], workgroupSize: number): string {
  const d = WGSL;
  const P = plan.populations.length;
  const functions = slots.map((slot) => {
    const proj = slot.projection;
    const arrays = plan.plasticState?.projections.get(proj.index) as Map<string, PlasticArray>;
    const targetBits = Math.max(1, Math.ceil(Math.log2(proj.target.size)));
    const post = proj.delaySteps ? `packed & ${d.u(2 ** targetBits - 1)}` : 'packed';
    const delay = proj.delaySteps ? `(packed >> ${d.u(targetBits)})` : d.u(proj.constantDelaySteps);
    const efficacy = arrays.get('efficacy');
    return `// ${proj.name}: rows of spiking '${proj.source.name}' neurons
fn rows_${proj.index}(group: u32, lane: u32) {
  let step_slot = info.slot;
  let count = spikeCounts[info.parity * ${d.u(P)} + ${d.u(proj.source.index)}];
  for (var s = group; s < count; s += ${d.u(slot.groups)}) {
    let pre = spikeIds[info.parity * ${d.u(plan.totalNeurons)} + ${d.u(proj.source.offset)} + s];
${efficacy ? `    let efficacy = plasticState[${d.u(efficacy.offset)} + pre];\n` : ''}    let end = rowOffsets[${d.u(slot.rowBase)} + pre + 1u];
    for (var k = rowOffsets[${d.u(slot.rowBase)} + pre] + lane; k < end; k += ${d.u(workgroupSize)}) {
      let packed = targets[k];
      let post = ${post};
${rowBody(d, plan, proj, delay)
  .map((line) => `      ${line}`)
  .join('\n')}
    }
  }
}`;
  });
  const routes = slots.map(
    (slot) => `  if (wid.x < ${d.u(slot.firstGroup + slot.groups)}) { rows_${slot.projection.index}(wid.x - ${d.u(slot.firstGroup)}, lid.x); return; }`,
  );
  return `
${STEP_INFO_WGSL}@group(0) @binding(1) var<storage, read> spikeCounts: array<u32>;
@group(0) @binding(2) var<storage, read> spikeIds: array<u32>;
@group(0) @binding(3) var<storage, read> rowOffsets: array<u32>;
@group(0) @binding(4) var<storage, read> targets: array<u32>;
@group(0) @binding(5) var<storage, read_write> weights: array<f32>;
@group(0) @binding(6) var<storage, read_write> inputRing: array<atomic<i32>>;
@group(0) @binding(7) var<storage, read> plasticState: array<f32>;

${functions.join('\n\n')}

@compute @workgroup_size(${workgroupSize})
fn main(@builtin(workgroup_id) wid: vec3u, @builtin(local_invocation_id) lid: vec3u) {
  dm_zero = info.zero;
${routes.join('\n')}
}
`;
}

/** WGSL of the column pass over every projection whose weight rule acts at postsynaptic spikes. */
export function generatePlasticColumnsWgsl(plan: NetworkPlan, slots: readonly PlasticProjectionSlot[], workgroupSize: number): string {
  const d = WGSL;
  const P = plan.populations.length;
  const withColumns = slots.filter((slot) => slot.columnGroups > 0);
  const functions = withColumns.map((slot) => {
    const proj = slot.projection;
    const use = proj.plasticity?.weightRule as PlasticityRuleUse;
    return `// ${proj.name}: columns of spiking '${proj.target.name}' neurons
fn columns_${proj.index}(group: u32, lane: u32) {
  let count = spikeCounts[info.parity * ${d.u(P)} + ${d.u(proj.target.index)}];
  for (var s = group; s < count; s += ${d.u(slot.columnGroups)}) {
    let post = spikeIds[info.parity * ${d.u(plan.totalNeurons)} + ${d.u(proj.target.offset)} + s];
    let end = colOffsets[${d.u(slot.columnBase)} + post + 1u];
    for (var e = colOffsets[${d.u(slot.columnBase)} + post] + lane; e < end; e += ${d.u(workgroupSize)}) {
      let entry = columns[e];
      let pre = entry.x;
      let k = entry.y;
      var w = weights[k];
${weightUpdate(d, plan, proj, use, 'onPost', 'pre', 'post')
  .map((line) => `      ${line}`)
  .join('\n')}
      weights[k] = w;
    }
  }
}`;
  });
  const routes = withColumns.map(
    (slot) =>
      `  if (wid.x < ${d.u(slot.firstColumnGroup + slot.columnGroups)}) { columns_${slot.projection.index}(wid.x - ${d.u(slot.firstColumnGroup)}, lid.x); return; }`,
  );
  return `
${STEP_INFO_WGSL}@group(0) @binding(1) var<storage, read> spikeCounts: array<u32>;
@group(0) @binding(2) var<storage, read> spikeIds: array<u32>;
@group(0) @binding(3) var<storage, read> colOffsets: array<u32>;
@group(0) @binding(4) var<storage, read> columns: array<vec2u>;
@group(0) @binding(5) var<storage, read_write> weights: array<f32>;
@group(0) @binding(6) var<storage, read> plasticState: array<f32>;

${functions.join('\n\n')}

@compute @workgroup_size(${workgroupSize})
fn main(@builtin(workgroup_id) wid: vec3u, @builtin(local_invocation_id) lid: vec3u) {
  dm_zero = info.zero;
${routes.join('\n')}
}
`;
}

/**
 * Synaptic scaling of one postsynaptic neuron `post`: its rate estimate now (read from the population's
 * homeostasis state, or its own estimate decayed in closed form over the steps since its last spike),
 * the factor, and the update of each weight `w` of its column. Returns the per-neuron lines and the
 * per-synapse line.
 */
function scalingCode(d: Dialect, plan: NetworkPlan, proj: ProjectionPlan, layouts: readonly StateLayout[]): { neuron: string[]; synapse: string } {
  const use = proj.plasticity?.scalingRule as PlasticityRuleUse;
  const scaling = use.rule.scaling as NonNullable<PlasticityRuleUse['rule']['scaling']>;
  const pop = proj.target;
  const layout = layouts[pop.index] as StateLayout;
  const stateAt = (variable: string) => `neuronState[${d.u(layout.base + layout.variables.indexOf(variable) * pop.size)} + post]`;
  const neuron: string[] = [];
  if (scalingRateSource(proj) === 'homeostasis') neuron.push(`${d.decl} rateHz = ${stateAt(homeostasisVariable('rateHz'))};`);
  else {
    const rate = plan.plasticState?.projections.get(proj.index)?.get(SCALING_RATE) as PlasticArray;
    const tau = use.fields.params[scaling.rateTauMs] as number;
    const decay = `${d.lang === 'wgsl' ? 'dm_exp' : 'dmExp'}(${d.pin(`${stateAt(SPIKE_AGE)} * ${d.lit(-plan.dt / tau)}`)})`;
    neuron.push(`${d.decl} rateHz = ${d.pin(`plasticState[${d.u(rate.offset)} + post] * ${decay}`)};`);
  }
  const factor = emitRuleExpression(scaling.factor, d.lang, { rule: use.rule.name, field: 'scaling.factor' }, use.fields.constants, {
    rateHz: { wgsl: 'rateHz', js: 'rateHz' },
  });
  neuron.push(`${d.decl} factor = ${factor};`);
  const [low, high] = scaling.bounds.map((b) => d.lit(use.fields.params[b] as number)) as [string, string];
  const scaled = d.pin('w * factor');
  const synapse = d.lang === 'wgsl' ? `w = min(max(${scaled}, ${low}), ${high});` : `w = Math.min(Math.max(${scaled}, ${low}), ${high});`;
  return { neuron, synapse };
}

/**
 * WGSL of one projection's scaling pass: workgroups stride over its postsynaptic neurons, the lanes
 * of each over the neuron's column (entries give the synapse's index in the plastic weight array).
 * Dispatched only in the steps that end a scaling interval.
 */
export function generateScalingWgsl(
  plan: NetworkPlan,
  proj: ProjectionPlan,
  layouts: readonly StateLayout[],
  at: { columnBase: number; groups: number },
  workgroupSize: number,
): string {
  const d = WGSL;
  const { neuron, synapse } = scalingCode(d, plan, proj, layouts);
  return `
${STEP_INFO_WGSL}@group(0) @binding(1) var<storage, read> colOffsets: array<u32>;
@group(0) @binding(2) var<storage, read> synapses: array<u32>;
@group(0) @binding(3) var<storage, read_write> weights: array<f32>;
@group(0) @binding(4) var<storage, read> plasticState: array<f32>;
@group(0) @binding(5) var<storage, read> neuronState: array<f32>;

// ${proj.name}: synaptic scaling of every '${proj.target.name}' neuron's column
@compute @workgroup_size(${workgroupSize})
fn main(@builtin(workgroup_id) wid: vec3u, @builtin(local_invocation_id) lid: vec3u) {
  dm_zero = info.zero;
  for (var post = wid.x; post < ${d.u(proj.target.size)}; post += ${d.u(at.groups)}) {
${neuron.map((line) => `    ${line}`).join('\n')}
    let end = colOffsets[${d.u(at.columnBase)} + post + 1u];
    for (var e = colOffsets[${d.u(at.columnBase)} + post] + lid.x; e < end; e += ${d.u(workgroupSize)}) {
      let k = synapses[e];
      var w = weights[k];
      ${synapse}
      weights[k] = w;
    }
  }
}
`;
}

/** The CPU twins: one function per plastic projection for its rows and, if it has one, its columns. */
export interface PlasticWalks {
  rows(spikes: Uint32Array, count: number, slot: number, ring: Int32Array, weights: Float32Array, plasticState: Float32Array): void;
  columns: ((spikes: Uint32Array, count: number, weights: Float32Array, plasticState: Float32Array) => void) | null;
  /** Synaptic scaling of every column, run only in the steps that end a scaling interval; null without scaling. */
  scale: ((weights: Float32Array, plasticState: Float32Array, neuronState: Float32Array) => void) | null;
}

/** Compiles the JS row and column walks of one plastic projection (weights indexed by the projection's own synapse index). */
export function compilePlasticWalks(plan: NetworkPlan, proj: ProjectionPlan, runtime: Record<string, unknown>, layouts: readonly StateLayout[]): PlasticWalks {
  const d = JS;
  const plasticity = proj.plasticity as NonNullable<ProjectionPlan['plasticity']>;
  const arrays = plan.plasticState?.projections.get(proj.index) as Map<string, PlasticArray>;
  const efficacy = arrays.get('efficacy');
  const delay = proj.delaySteps ? 'delays[k]' : String(proj.constantDelaySteps);
  const rows = `return function rows_${proj.index}(spikes, count, step_slot, ring, weights, plasticState) {
  for (let s = 0; s < count; s++) {
    const pre = spikes[s];
${efficacy ? `    const efficacy = plasticState[${efficacy.offset} + pre];\n` : ''}    const end = rowOffsets[pre + 1];
    for (let k = rowOffsets[pre]; k < end; k++) {
      const post = targets[k];
${rowBody(d, plan, proj, delay)
  .map((line) => `      ${line}`)
  .join('\n')}
    }
  }
};`;
  const names = Object.keys(runtime).filter((n) => /^[A-Za-z_$][\w$]*$/.test(n));
  const scope = `const { ${names.join(', ')} } = rt;\nconst { rowOffsets, targets, delays, colOffsets, sources, synapseIndex, scaleOffsets, scaleSynapses } = arrays;\n`;
  const arraysOf = {
    rowOffsets: proj.csr.rowOffsets,
    targets: proj.csr.targets,
    delays: proj.delaySteps,
    colOffsets: plasticity.columns?.colOffsets,
    sources: plasticity.columns?.sources,
    synapseIndex: plasticity.columns?.synapseIndex,
    scaleOffsets: plasticity.scalingColumns?.colOffsets,
    scaleSynapses: plasticity.scalingColumns?.synapseIndex,
  };
  const compile = (body: string) => new Function('rt', 'arrays', scope + body)(runtime, arraysOf);
  let columns: PlasticWalks['columns'] = null;
  if (plasticity.columns && plasticity.weightRule) {
    const update = weightUpdate(d, plan, proj, plasticity.weightRule, 'onPost', 'pre', 'post');
    columns = compile(`return function columns_${proj.index}(spikes, count, weights, plasticState) {
  for (let s = 0; s < count; s++) {
    const post = spikes[s];
    const end = colOffsets[post + 1];
    for (let e = colOffsets[post]; e < end; e++) {
      const pre = sources[e];
      const k = synapseIndex[e];
      let w = weights[k];
${update.map((line) => `      ${line}`).join('\n')}
      weights[k] = w;
    }
  }
};`);
  }
  let scale: PlasticWalks['scale'] = null;
  if (plasticity.scalingRule) {
    const { neuron, synapse } = scalingCode(d, plan, proj, layouts);
    scale = compile(`return function scale_${proj.index}(weights, plasticState, neuronState) {
  for (let post = 0; post < ${proj.target.size}; post++) {
${neuron.map((line) => `    ${line}`).join('\n')}
    const end = scaleOffsets[post + 1];
    for (let e = scaleOffsets[post]; e < end; e++) {
      const k = scaleSynapses[e];
      let w = weights[k];
      ${synapse}
      weights[k] = w;
    }
  }
};`);
  }
  return { rows: compile(rows), columns, scale };
}
