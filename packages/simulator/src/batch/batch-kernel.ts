import { f32 } from '@spikegpu/core';
import { generateStepCode, type StepCodeContext, type TargetLanguage, wgslF32Literal } from '@spikegpu/models';
import { isArray, type PerNeuron, type ResolvedBatch } from './batch-spec.js';

/**
 * The batch skeleton (one per neuron, looping over the steps itself): load state → for each step:
 * stimulus → the model's integration → refractoriness → threshold, interpolated spike time, reset →
 * non-finite check → trace sample → store. Emitted as a WGSL compute shader and as a JS function with
 * the same f32 operations, so both backends give the same bits.
 */

/**
 * The per-neuron failure word holds the first non-finite step + 1, and 0 for "no failure", so that
 * a zero-filled buffer (which the GPU gets without an upload) means no failures yet.
 */
export const NO_FAILURE = 0;
/** RNG stream of the k-th noise stimulus (distinct from the network engine's streams). */
const noiseStream = (k: number) => 0x400000 + k;

export interface BatchProgram {
  /** Per-neuron values (parameters, stimulus amplitudes, record slots), packed B at a time. */
  params: Float32Array;
  /** JS source of `function(state, params, stimulus, spikeCounts, spikeTimes, traces, failures, firstStep, stepCount, seed)`. */
  js: string;
  /** WGSL compute shader (det-math and RNG to be prepended). */
  wgsl: string;
  /** True when a `noise` stimulus needs the RNG. */
  usesRng: boolean;
  /**
   * True when every initial value is one number for all neurons: the WGSL then starts from constants
   * in its first chunk (`firstStep` 0) and the state buffer needs no upload.
   */
  hasInitialStateInKernel: boolean;
}

export function generateBatchProgram(batch: ResolvedBatch): BatchProgram {
  const B = batch.spec.size;
  const packed: number[][] = [];
  const perNeuron = (values: ArrayLike<number>) => {
    packed.push(Array.from(values, (x) => Math.fround(x)));
    return (packed.length - 1) * B;
  };
  // Host-side values shared by both languages; per-neuron ones get a slot in `params`.
  const slots = new Map<PerNeuron, number>();
  const slotOf = (values: ArrayLike<number>) => {
    let offset = slots.get(values as PerNeuron);
    if (offset === undefined) slots.set(values as PerNeuron, (offset = perNeuron(values)));
    return offset;
  };
  const model = batch.spec.model;
  const paramValues: Record<string, PerNeuron> = {};
  for (const p of model.paramNames) paramValues[p] = batch.spec.params?.[p] ?? (model.params as Record<string, number>)[p]!;
  // Ramp slopes per step, computed once in f64 and rounded to f32 here.
  const rampSlopes = batch.stimuli.map((s) => {
    if (s.kind !== 'ramp') return null;
    const n = Math.round(s.stopMs / batch.spec.dtMs) - Math.round(s.startMs / batch.spec.dtMs);
    const slope = (from: number, to: number) => (to - from) / Math.max(1, n);
    if (!isArray(s.from) && !isArray(s.to)) return slope(s.from, s.to);
    return Float32Array.from({ length: B }, (_, i) => slope(isArray(s.from) ? s.from[i]! : (s.from as number), isArray(s.to) ? s.to[i]! : (s.to as number)));
  });
  const slotParams = batch.recordNeurons
    ? (() => {
        const map = new Float32Array(B).fill(-1);
        batch.recordNeurons!.forEach((n, k) => (map[n] = k));
        return slotOf(map);
      })()
    : null;
  const build = (lang: TargetLanguage) => generateBody(lang, batch, paramValues, rampSlopes, slotOf, slotParams);
  const js = build('js');
  const wgsl = build('wgsl');
  const params = new Float32Array(Math.max(1, packed.length * B));
  packed.forEach((values, k) => params.set(values, k * B));
  return { params, js, wgsl, usesRng: batch.stimuli.some((s) => s.kind === 'noise'), hasInitialStateInKernel: uniformInitialState(batch) !== null };
}

/** The initial value of every state variable (the refractory countdown last), when none varies per neuron. */
function uniformInitialState(batch: ResolvedBatch): number[] | null {
  const model = batch.spec.model;
  const values = model.stateNames.map((v) => batch.spec.init?.[v] ?? (model.state as Record<string, number>)[v]!);
  if (values.some(isArray)) return null;
  return [...(values as number[]), ...(model.refractory ? [0] : [])];
}

function generateBody(
  lang: TargetLanguage,
  batch: ResolvedBatch,
  paramValues: Record<string, PerNeuron>,
  rampSlopes: Array<PerNeuron | null>,
  slotOf: (values: ArrayLike<number>) => number,
  slotParams: number | null,
): string {
  const isWgsl = lang === 'wgsl';
  const B = batch.spec.size;
  const dt = batch.spec.dtMs;
  const model = batch.spec.model;
  const decl = isWgsl ? 'let' : 'const';
  const mut = isWgsl ? 'var' : 'let';
  const L = (x: number) => (isWgsl ? wgslF32Literal(x) : String(f32(x)));
  const U = (x: number) => (isWgsl ? `${x >>> 0}u` : String(x >>> 0));
  const pin = (e: string) => (isWgsl ? `dm_pin(${e})` : `f(${e})`);
  const stepF = isWgsl ? 'f32(step)' : 'step';
  const load = (offset: number) => (isWgsl ? `params[${offset}u + i]` : `params[${offset} + i]`);
  const value = (x: PerNeuron) => (isArray(x) ? load(slotOf(x)) : L(x));
  const toStep = (ms: number) => Math.round(ms / dt);
  const out: string[] = [];
  const emit = (line: string) => out.push(line);

  // Stimulus.
  emit(`${mut} I_ext = ${L(0)};`);
  batch.stimuli.forEach((s, k) => {
    const add = (e: string) => emit(`I_ext = ${pin(`I_ext + ${e}`)};`);
    switch (s.kind) {
      case 'constant':
        add(value(s.amplitude));
        break;
      case 'step': {
        const conds = [`step >= ${U(toStep(s.startMs))}`];
        if (s.stopMs !== undefined) conds.push(`step < ${U(toStep(s.stopMs))}`);
        emit(`if (${conds.join(' && ')}) {`);
        add(value(s.amplitude));
        emit('}');
        break;
      }
      case 'pulse-train': {
        const start = toStep(s.startMs ?? 0);
        const period = Math.max(1, toStep(s.periodMs));
        const width = Math.max(1, toStep(s.pulseMs));
        const since = `(step - ${U(start)})`;
        const conds = [`step >= ${U(start)}`, `${since} % ${U(period)} < ${U(width)}`];
        if (s.count !== undefined) conds.push(`${isWgsl ? since : `Math.floor(${since} / ${period})`}${isWgsl ? ` / ${U(period)}` : ''} < ${U(s.count)}`);
        emit(`if (${conds.join(' && ')}) {`);
        add(value(s.amplitude));
        emit('}');
        break;
      }
      case 'ramp': {
        const start = toStep(s.startMs);
        const stop = toStep(s.stopMs);
        emit(`if (step < ${U(start)}) {`);
        add(value(s.from));
        emit(`} else if (step >= ${U(stop)}) {`);
        add(value(s.to));
        emit('} else {');
        add(pin(`${value(s.from)} + ${pin(`${value(rampSlopes[k] as PerNeuron)} * ${isWgsl ? `f32(step - ${U(start)})` : `(step - ${start})`}`)}`));
        emit('}');
        break;
      }
      case 'noise': {
        const r = `r${k}`;
        emit(`${decl} ${r} = ${isWgsl ? `rng_u32x4(seed, ${U(noiseStream(k))}, step, i, 0u)` : `randomU32x4(seed, ${noiseStream(k)}, step, i, 0)`};`);
        const z = isWgsl ? `rng_normal2(${r}.x, ${r}.y).x` : `normalPair(${r}[0], ${r}[1])[0]`;
        add(pin(`${value(s.mean)} + ${pin(`${value(s.sd)} * ${z}`)}`));
        break;
      }
      case 'array': {
        const index = s.values.length === batch.steps ? 'step' : isWgsl ? `step * ${U(B)} + i` : `step * ${B} + i`;
        add(`stimulus[${index}]`);
        break;
      }
    }
  });

  // The model.
  const params: StepCodeContext['params'] = {};
  for (const [name, v] of Object.entries(paramValues)) params[name] = isArray(v) ? { wgsl: load(slotOf(v)), js: load(slotOf(v)) } : { constant: v };
  const code = generateStepCode(model, lang, {
    dtMs: dt,
    params,
    externals: { I_ext: { wgsl: 'I_ext', js: 'I_ext' }, t: { wgsl: 't_ms', js: 't_ms' } },
    currentExpression: 'I_ext',
    // Parameters are fixed for the whole run: what depends on them alone is computed once, before the step loop.
    separateSetup: true,
  });
  emit(`${decl} t_ms = ${pin(`${stepF} * ${L(dt)}`)};`);
  const interp = batch.interpolation;
  if (interp) emit(`${decl} start_${interp.variable} = s_${interp.variable};`);
  const refractory = model.refractory;
  if (refractory) {
    emit(`${decl} isRefractory = s_refractory > ${L(0)};`);
    for (const v of refractory.hold ?? []) emit(`${decl} held_${v} = s_${v};`);
  }
  emit(code.integrate);
  if (refractory) {
    emit('if (isRefractory) {');
    for (const v of refractory.hold ?? []) emit(`  s_${v} = held_${v};`);
    emit(`  s_refractory = ${pin(`s_refractory - ${L(1)}`)};`);
    emit('}');
  }
  emit(`if (${refractory ? '!isRefractory && ' : ''}(${code.threshold})) {`);
  if (interp) {
    // Linear interpolation of the crossing within the step: frac = (level − start)/(end − start), in [0, 1].
    const x = `s_${interp.variable}`;
    emit(`  ${decl} rise = ${pin(`${x} - start_${interp.variable}`)};`);
    const quotient = isWgsl
      ? `dm_div(${pin(`${value(interp.level)} - start_${interp.variable}`)}, rise)`
      : `dmDiv(${pin(`${value(interp.level)} - start_${interp.variable}`)}, rise)`;
    emit(`  ${decl} q = ${isWgsl ? `select(${L(0)}, ${quotient}, rise > ${L(0)})` : `rise > 0 ? ${quotient} : 0`};`);
    emit(`  ${decl} frac = ${isWgsl ? `min(max(q, ${L(0)}), ${L(1)})` : 'Math.min(Math.max(q, 0), 1)'};`);
    emit(`  ${decl} spikeTime = ${pin(`${pin(`${stepF} + frac`)} * ${L(dt)}`)};`);
  } else emit(`  ${decl} spikeTime = t_ms;`);
  emit(`  if (spikeCount < ${U(batch.spikeCapacity)}) { spikeTimes[i * ${U(batch.spikeCapacity)} + spikeCount] = spikeTime; }`);
  emit('  spikeCount += 1;');
  emit(code.reset.replace(/^/gm, '  '));
  if (refractory) {
    const period = refractory.periodMs;
    const steps =
      typeof period === 'number' ? L(Math.round(period / dt)) : isArray(paramValues[period]!) ? null : L(Math.round((paramValues[period] as number) / dt));
    emit(
      `  s_refractory = ${steps ?? `${isWgsl ? 'round' : 'roundHalfEven'}(${pin(`${load(slotOf(paramValues[period as string] as ArrayLike<number>))} * ${L(1 / dt)}`)})`};`,
    );
  }
  emit('}');
  // Non-finite state: remember the first step (bits, since WGSL compilers may assume finite floats).
  // The sum of the variables is non-finite whenever one of them is, so one test per step usually
  // decides; the per-variable test (the sum can also overflow) runs only when it fails.
  const finiteTest = (x: string) => (isWgsl ? `(bitcast<u32>(${x}) & 0x7f800000u) != 0x7f800000u` : `Number.isFinite(${x})`);
  const finite = model.stateNames.map((v) => finiteTest(`s_${v}`)).join(' && ');
  const sum = model.stateNames.map((v) => `s_${v}`).join(' + ');
  emit(`if (failStep == ${U(NO_FAILURE)} && !(${finiteTest(model.stateNames.length > 1 ? `(${sum})` : sum)}) && !(${finite})) { failStep = step + ${U(1)}; }`);
  // Trace sample s = (step + 1)/every, the state at t = s·every·dt (sample 0, the initial state, comes from the host).
  if (batch.recordCount > 0) {
    const V = batch.recordVariables.length;
    const R = batch.recordCount;
    emit(`if ((step + ${U(1)}) % ${U(batch.everySteps)} == ${U(0)}${slotParams === null ? '' : ' && slot >= 0'}) {`);
    emit(`  ${decl} sample = ${isWgsl ? `(step + 1u) / ${U(batch.everySteps)}` : `(step + 1) / ${batch.everySteps}`};`);
    const slotCode = slotParams === null ? 'i' : isWgsl ? 'u32(slot)' : 'slot';
    batch.recordVariables.forEach((v, k) => emit(`  traces[(sample * ${U(V)} + ${U(k)}) * ${U(R)} + ${slotCode}] = s_${v};`));
    emit('}');
  }
  const body = out.join('\n');

  const variables = [...model.stateNames, ...(refractory ? ['refractory'] : [])];
  const stateIndex = (k: number) => (isWgsl ? `${k * B}u + i` : `${k * B} + i`);
  const initial = isWgsl ? uniformInitialState(batch) : null;
  const loads = variables
    .map((v, k) => `${mut} s_${v} = ${initial ? `select(state[${stateIndex(k)}], ${L(initial[k]!)}, info.firstStep == 0u)` : `state[${stateIndex(k)}]`};`)
    .join('\n');
  const stores = variables.map((v, k) => `state[${stateIndex(k)}] = s_${v};`).join('\n');
  // Per-neuron values that do not change over the steps: the trace slot and the model's setup.
  const slotLoad = slotParams === null ? '' : `${decl} slot = ${isWgsl ? `i32(${load(slotParams)})` : load(slotParams)};`;
  const prologue = [slotLoad, code.setup].filter(Boolean).join('\n');
  const indent = (text: string, n: number) => text.replace(/^/gm, ' '.repeat(n));
  if (!isWgsl)
    return `return function batchSteps(state, params, stimulus, spikeCounts, spikeTimes, traces, failures, firstStep, stepCount, seed) {
  for (let i = 0; i < ${B}; i++) {
${indent(loads, 4)}
${indent(prologue, 4)}
    let spikeCount = spikeCounts[i];
    let failStep = failures[i];
    for (let step = firstStep; step < firstStep + stepCount; step++) {
${indent(body, 6)}
    }
${indent(stores, 4)}
    spikeCounts[i] = spikeCount;
    failures[i] = failStep;
  }
};`;
  return `
struct BatchInfo { zero: u32, firstStep: u32, stepCount: u32, seed: u32 }
@group(0) @binding(0) var<uniform> info: BatchInfo;
@group(0) @binding(1) var<storage, read_write> state: array<f32>;
@group(0) @binding(2) var<storage, read> params: array<f32>;
@group(0) @binding(3) var<storage, read> stimulus: array<f32>;
@group(0) @binding(4) var<storage, read_write> spikeCounts: array<u32>;
@group(0) @binding(5) var<storage, read_write> spikeTimes: array<f32>;
@group(0) @binding(6) var<storage, read_write> traces: array<f32>;
@group(0) @binding(7) var<storage, read_write> failures: array<u32>;
@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) groups: vec3u) {
  dm_zero = info.zero;
  let i = gid.x + (gid.y + gid.z * groups.y) * groups.x * 64u;
  if (i >= ${U(B)}) { return; }
  let seed = info.seed;
${indent(loads, 2)}
${indent(prologue, 2)}
  var spikeCount = spikeCounts[i];
  var failStep = failures[i];
  for (var step = info.firstStep; step < info.firstStep + info.stepCount; step++) {
${indent(body, 4)}
  }
${indent(stores, 2)}
  spikeCounts[i] = spikeCount;
  failures[i] = failStep;
}
`;
}
