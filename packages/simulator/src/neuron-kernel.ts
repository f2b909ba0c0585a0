import { f32, type InputSpec, Rng } from '@spikegpu/core';
import { generateStepCode, type StepCodeContext, type TargetLanguage, wgslF32Literal } from '@spikegpu/models';
import type { NetworkPlan, ParamPlan, PopulationPlan } from './network-plan.js';
import { neuronPlasticityCode } from './plasticity-kernel.js';

/**
 * The one skeleton every population's update kernel is cut from (GeNN's neuron-update skeleton):
 * load state → take this step's ring slot into the receptors → add external inputs → the model's
 * integration → threshold, reset, refractoriness → record the spike → decay receptors → store.
 * The same skeleton is emitted as WGSL for the GPU and as JS for the CPU backend, with identical
 * f32 arithmetic, so both produce the same spikes.
 */

/** Where a population's state lives in the engine's one state array. */
export interface StateLayout {
  /** Offset of the population's first variable; variable k of neuron i is at base + k·size + i. */
  base: number;
  /** Model state variables first, then the engine's extra state (receptors, OU, refractory). */
  variables: string[];
}

export function stateLayout(plan: NetworkPlan): StateLayout[] {
  let base = 0;
  return plan.populations.map((pop) => {
    const variables = [...pop.model.stateNames, ...pop.extraState];
    const layout = { base, variables };
    base += variables.length * pop.size;
    return layout;
  });
}

export function stateLength(plan: NetworkPlan): number {
  return plan.populations.reduce((n, p) => n + p.size * (p.model.stateNames.length + p.extraState.length), 0);
}

/** Mean number of arrivals per step of a Poisson input (all its sources together). */
export function poissonMeanPerStep(spec: Extract<InputSpec, { kind: 'poisson' }>, dtMs: number): number {
  return (spec.rateHz * (spec.sources ?? 1) * dtMs) / 1000;
}

/**
 * How a Poisson input draws its count each step, from its mean count per step m:
 * - `carried` (m ≤ 30): Knuth's product of uniforms, carried from step to step. Arrival times of a
 *   Poisson process are sums of exponential gaps, −ln(U)/m, so q = e^(−m·τ), with τ the steps from
 *   the start of the step to the next arrival, falls by a factor U at each arrival and grows by e^m
 *   each step: the next arrival falls in this step while q > e^(−m). q is per-neuron state
 *   (`poisson_<input>`; initially uniform in (0, 1), as e^(−m·τ) is for an exponential τ), and a step
 *   draws once per arrival, so most steps of a weak drive draw nothing. As with a per-step product,
 *   f32 limits the accuracy at tiny means (relative rate error about 2^−24/m);
 * - `normal` (m > 30): a rounded normal, whose error is below 1 % there.
 */
export function poissonMethod(spec: Extract<InputSpec, { kind: 'poisson' }>, dtMs: number): 'none' | 'carried' | 'normal' {
  const mean = poissonMeanPerStep(spec, dtMs);
  if (mean <= 0) return 'none';
  return mean <= 30 ? 'carried' : 'normal';
}

/** The state variable of a `carried` Poisson input: e^(−m·τ), τ the steps to its next arrival. */
export const poissonStateName = (input: number): string => `poisson_${input}`;

/**
 * Adds the state of each `carried` Poisson input to a population (its extra state and initial values:
 * uniform in (0, 1), from the input's stream of {@link Rng} sequences, which never meet per-step draws).
 */
export function addPoissonState(pop: PopulationPlan, dtMs: number, seed: number): void {
  for (const input of pop.inputs) {
    if (input.spec.kind !== 'poisson' || poissonMethod(input.spec, dtMs) !== 'carried') continue;
    const name = poissonStateName(input.index);
    const rng = new Rng(seed, input.stream);
    const initial = new Float32Array(pop.size);
    for (let n = 0; n < pop.size; n++) initial[n] = rng.nextUniform();
    pop.extraState.push(name);
    pop.init[name] = initial;
  }
}

/** Number the expression emitters accept as an exact f32 literal. */
const lit = (x: number) => f32(x);

function paramCode(lang: TargetLanguage, p: ParamPlan): string {
  if (p.kind === 'constant') return lang === 'wgsl' ? wgslF32Literal(p.value) : String(lit(p.value));
  return `params[${p.offset} + i]`;
}

/** Everything the generated code needs besides the population: emitted as constants. */
export interface KernelConstants {
  ringStride: number;
  recordCapacity: number;
  /** Where recorded ids start in the record buffer (after the count and the per-step ends). */
  recordIdsOffset: number;
  /** Where in the spike-count buffer the first non-finite step and neuron are noted (atomicMin). */
  failureOffset: number;
  /** Steps at which a `current` input switches on and off, per input index. */
  inputWindows: Map<number, { startStep: number; stopStep: number }>;
  /**
   * WGSL for the fused kernel (fused-step.wgsl): the state lives in the caller's registers (`regs`, a
   * `NeuronRegs` whose fields x0, x1, … are the layout's variables) and a spike goes to the workgroup's
   * spike list. Otherwise state and spikes are in storage buffers (split kernel).
   */
  registers?: boolean;
  /** With `registers`: the fused kernel shares Poisson draws out (its drawLists, queueDraw). */
  drawPhase?: boolean;
}

/** Builds the expression for `I` and the externals it reads, shared by both languages. */
function inputCurrent(pop: PopulationPlan): { expression: string; externals: string[] } {
  const terms: string[] = [];
  const externals: string[] = [];
  for (const r of pop.receptors) {
    if (r.spec.kind === 'delta') {
      terms.push(`arr_${r.name}`);
      externals.push(`arr_${r.name}`);
    } else if (r.spec.kind === 'current') {
      terms.push(`syn_${r.name}`);
      externals.push(`syn_${r.name}`);
    } else {
      terms.push(`syn_${r.name}*(${lit(r.spec.reversalMv)} - v)`);
      externals.push(`syn_${r.name}`);
    }
  }
  if (pop.inputs.some((i) => i.spec.kind !== 'poisson')) {
    terms.push('I_ext');
    externals.push('I_ext');
  }
  return { expression: terms.length ? terms.join(' + ') : '0', externals };
}

/**
 * Generates the update for one population. In WGSL: a complete compute shader (with det-math and the
 * RNG prepended by the caller). In JS: the body of a function over typed arrays.
 */
export function generateNeuronUpdate(lang: TargetLanguage, plan: NetworkPlan, pop: PopulationPlan, layout: StateLayout, k: KernelConstants): string {
  if (!pop.model.stateNames.includes('v') && pop.receptors.some((r) => r.spec.kind === 'conductance'))
    throw new Error(`model '${pop.model.name}' has no state variable 'v' for conductance receptors`);
  const isWgsl = lang === 'wgsl';
  const decl = isWgsl ? 'let' : 'const';
  const mut = isWgsl ? 'var' : 'let';
  const L = (x: number) => (isWgsl ? wgslF32Literal(x) : String(lit(x)));
  const u = (x: number) => (isWgsl ? `${x >>> 0}u` : String(x >>> 0));
  const stateIndex = (name: string) => `${layout.base + layout.variables.indexOf(name) * pop.size} + i`;
  const out: string[] = [];
  const emit = (line: string) => out.push(line);

  // Load state.
  const inRegisters = isWgsl && k.registers === true;
  layout.variables.forEach((v, x) => emit(`${mut} s_${v} = ${inRegisters ? `(*regs).x${x}` : `state[${stateIndex(v)}]`};`));

  // This step's ring slot: fixed-point sums → f32 (a power-of-two scale, so the product is exact).
  for (const r of pop.receptors) {
    const cell = `cell_${r.name}`;
    emit(`${decl} ${cell} = slot * ${u(k.ringStride)} + ${u(r.ringOffset)} + i;`);
    const inv = L(2 ** -r.scaleExp);
    if (isWgsl) {
      // Read and clear in one operation (ringTake: the step kernel's ring, in storage or workgroup memory).
      emit(`${mut} arr_${r.name} = f32(ringTake(${cell})) * ${inv};`);
    } else {
      emit(`let arr_${r.name} = f(ring[${cell}] * ${inv});`);
      emit(`ring[${cell}] = 0;`);
    }
  }

  // External inputs.
  const rngCall = (stream: number, draw: string) =>
    isWgsl ? `rng_u32x4(seed, ${u(stream)}, step, i, ${draw})` : `(randomU32x4Into(rngWords, seed, ${stream}, step, i, ${draw}), rngWords)`;
  const hasExt = pop.inputs.some((i) => i.spec.kind !== 'poisson');
  if (hasExt) emit(`${mut} I_ext = ${L(0)};`);
  // The fused kernel's draw registers (n0, n1, …) follow the population's carried Poisson inputs.
  const carried = inRegisters ? carriedPoissonInputs(plan, pop) : [];
  for (const input of pop.inputs) {
    const spec = input.spec;
    const guardOpen = (() => {
      const conds: string[] = [];
      if (input.neurons) {
        const set = `isInput${input.index}`;
        conds.push(isWgsl ? `inputMask${input.index}(i)` : `${set}[i] === 1`);
      }
      if (spec.kind === 'current') {
        const w = k.inputWindows.get(input.index);
        if (w && w.startStep > 0) conds.push(`step >= ${u(w.startStep)}`);
        if (w && w.stopStep < 0xffffffff) conds.push(`step < ${u(w.stopStep)}`);
      }
      return conds.length ? `if (${conds.join(' && ')}) {` : '{';
    })();
    emit(guardOpen);
    switch (spec.kind) {
      case 'current':
        emit(`  I_ext = ${pin(lang, `I_ext + ${paramCode(lang, input.amplitude as ParamPlan)}`)};`);
        break;
      case 'noise': {
        emit(`  ${decl} r${input.index} = ${rngCall(input.stream, isWgsl ? '0u' : '0')};`);
        emit(
          `  ${decl} z${input.index} = ${isWgsl ? `rng_normal2(r${input.index}.x, r${input.index}.y).x` : `normalPair(r${input.index}[0], r${input.index}[1])[0]`};`,
        );
        emit(`  I_ext = ${pin(lang, `I_ext + ${pin(lang, `${L(spec.mean)} + ${pin(lang, `${L(spec.sd)} * z${input.index}`)}`)}`)};`);
        break;
      }
      case 'ou': {
        // Exact OU update (Gillespie 1996): x ← μ + (x − μ)·e^{−dt/τ} + σ·sqrt(1 − e^{−2dt/τ})·z.
        const decay = lit(Math.exp(-plan.dt / spec.tauMs));
        const kick = lit(spec.sd * Math.sqrt(1 - Math.exp((-2 * plan.dt) / spec.tauMs)));
        const x = `s_ou_${input.index}`;
        emit(`  I_ext = ${pin(lang, `I_ext + ${x}`)};`);
        emit(`  ${decl} r${input.index} = ${rngCall(input.stream, isWgsl ? '0u' : '0')};`);
        emit(
          `  ${decl} z${input.index} = ${isWgsl ? `rng_normal2(r${input.index}.x, r${input.index}.y).x` : `normalPair(r${input.index}[0], r${input.index}[1])[0]`};`,
        );
        emit(
          `  ${x} = ${pin(lang, `${pin(lang, `${L(spec.mean)} + ${pin(lang, `${pin(lang, `${x} - ${L(spec.mean)}`)} * ${L(decay)}`)}`)} + ${pin(lang, `${L(kick)} * z${input.index}`)}`)};`,
        );
        break;
      }
      case 'poisson': {
        const target = `arr_${input.receptor?.name}`;
        const method = poissonMethod(spec, plan.dt);
        if (method === 'none') break;
        const mean = poissonMeanPerStep(spec, plan.dt);
        if (method === 'carried') {
          // q = e^(−m·τ) of the next arrival (see poissonMethod): count arrivals while it falls in this step.
          const q = `q${input.index}`;
          const limit = L(Math.exp(-mean));
          emit(`  ${mut} ${q} = s_${poissonStateName(input.index)};`);
          const ordinal = carried.findIndex((c) => c.input === input);
          if (inRegisters && k.drawPhase) {
            // Drawn during the last step's delivery where the queue had room (n = entry + 1 in this
            // step's list; the count and final q are there); else here.
            emit(`  ${mut} count${input.index} = 0u;`);
            emit(`  let drawn${input.index} = (*regs).n${ordinal};`);
            emit(`  if (drawn${input.index} != 0u) {`);
            emit(`    let at = 2u * (parity * DRAW_CAPACITY + drawn${input.index} - 1u);`);
            emit(`    count${input.index} = drawLists[at];`);
            emit(`    ${q} = bitcast<f32>(drawLists[at + 1u]);`);
            emit(`  } else if (${q} > ${limit}) {`);
          } else {
            emit(`  ${mut} count${input.index} = 0${isWgsl ? 'u' : ''};`);
            emit(`  if (${q} > ${limit}) {`);
          }
          for (const line of poissonArrivals(lang, q, `count${input.index}`, input.stream, Math.exp(-mean))) emit(`    ${line}`);
          emit('  }');
          // The next step's q, once final below: queue its draws, made during this step's delivery.
          const next = `s_${poissonStateName(input.index)}`;
          const queueNext =
            inRegisters && k.drawPhase
              ? [`  (*regs).n${ordinal} = 0u;`, `  if (${next} > ${limit}) { (*regs).n${ordinal} = queueDraw(1u - parity, ${u(input.index)}, i, ${next}); }`]
              : [];
          // The next step starts one step later: τ − 1.
          emit(`  s_${poissonStateName(input.index)} = ${neverSubnormalProduct(lang, `${q} * ${L(Math.exp(mean))}`)};`);
          for (const line of queueNext) emit(line);
        } else {
          emit(`  ${decl} r${input.index} = ${rngCall(input.stream, isWgsl ? '0u' : '0')};`);
          emit(
            `  ${decl} z${input.index} = ${isWgsl ? `rng_normal2(r${input.index}.x, r${input.index}.y).x` : `normalPair(r${input.index}[0], r${input.index}[1])[0]`};`,
          );
          emit(
            `  ${decl} count${input.index} = max(${L(0)}, floor(${pin(lang, `${L(mean + 0.5)} + ${pin(lang, `${L(Math.sqrt(mean))} * z${input.index}`)}`)}));`
              .replace('max(', isWgsl ? 'max(' : 'Math.max(')
              .replace('floor(', isWgsl ? 'floor(' : 'Math.floor('),
          );
        }
        const countTimesWeight = `${isWgsl ? `f32(count${input.index})` : `count${input.index}`} * ${L(spec.weight)}`;
        // A count (< 2^11) times a weight of ≤ 13 significant bits is exact: contracted into the add
        // or not, the sum rounds the same, and it is never subnormal, so it needs no pin.
        const exactProduct = method === 'carried' && significantBits(spec.weight) <= 13 && (spec.weight === 0 || Math.abs(spec.weight) >= 2 ** -126);
        emit(`  ${target} = ${pin(lang, `${target} + ${exactProduct ? neverSubnormalProduct(lang, countTimesWeight) : pin(lang, countTimesWeight)}`)};`);
        break;
      }
    }
    emit('}');
  }
  // Spikes arriving this step jump the receptor states.
  for (const r of pop.receptors) if (r.spec.kind !== 'delta') emit(`s_syn_${r.name} = ${pin(lang, `s_syn_${r.name} + arr_${r.name}`)};`);

  // Plasticity and homeostasis (only where a rule touches this population): traces, shifted parameters.
  const plastic = neuronPlasticityCode(lang, plan, pop, (name) => paramCode(lang, pop.params[name] as ParamPlan));
  for (const line of plastic?.before ?? []) emit(line);

  // The model.
  const params: StepCodeContext['params'] = {};
  for (const [name, p] of Object.entries(pop.params))
    params[name] =
      plastic?.shiftedParams[name] ?? (p.kind === 'constant' ? { constant: p.value } : { wgsl: `params[${p.offset}u + i]`, js: `params[${p.offset} + i]` });
  const current = inputCurrent(pop);
  if (plastic?.current) {
    current.expression = current.expression === '0' ? 'I_homeostasis' : `${current.expression} + I_homeostasis`;
    current.externals.push('I_homeostasis');
  }
  const externals: StepCodeContext['externals'] = { t: { wgsl: 't_ms', js: 't_ms' } };
  emit(`${decl} t_ms = ${pin(lang, `${isWgsl ? 'f32(step)' : 'step'} * ${L(plan.dt)}`)};`);
  for (const e of current.externals) {
    const name = e.startsWith('syn_') ? `s_${e}` : e === 'I_homeostasis' ? (plastic?.current as string) : e;
    externals[e] = { wgsl: name, js: name };
  }
  const step = generateStepCode(pop.model, lang, { dtMs: plan.dt, params, externals, currentExpression: current.expression });
  const refractory = pop.model.refractory;
  const held = refractory?.hold ?? [];
  if (refractory) {
    emit(`${decl} isRefractory = s_refractory > ${L(0)};`);
    for (const v of held) emit(`${decl} held_${v} = s_${v};`);
  }
  emit(step.integrate);
  if (refractory) {
    emit('if (isRefractory) {');
    for (const v of held) emit(`  s_${v} = held_${v};`);
    // A count of whole steps (or a user's value): minus one it is never subnormal, and no product meets
    // it, so the pin (~0.09 µs of the fused COBA step on an H100) can change nothing.
    emit(`  s_refractory = ${isWgsl ? `s_refractory - ${L(1)}` : pin(lang, `s_refractory - ${L(1)}`)};`);
    emit('}');
  }
  // Checked before threshold and reset, which could hide it. A blown-up integration (NaN or ±∞ in a model variable) is caught where it happens: the first step
  // and a neuron are noted, and the run stops with a NumericalError naming them.
  const finite = (v: string) => (isWgsl ? `((bitcast<u32>(s_${v}) & 0x7f800000u) != 0x7f800000u)` : `Number.isFinite(s_${v})`);
  emit(`if (!(${pop.model.stateNames.map(finite).join(' && ')})) {`);
  if (isWgsl) {
    emit(`  atomicMin(&spikeCounts[${u(k.failureOffset)}], step);`);
    emit(`  atomicMin(&spikeCounts[${u(k.failureOffset + 1)}], ${u(pop.offset)} + i);`);
  } else {
    emit(`  fail(step, ${pop.offset} + i);`);
  }
  emit('}');
  emit(`${decl} spiked = ${refractory ? '!isRefractory && ' : ''}(${step.threshold});`);
  emit('if (spiked) {');
  emit(step.reset.replace(/^/gm, '  '));
  if (refractory) {
    const period = typeof refractory.periodMs === 'number' ? L(Math.round(refractory.periodMs / plan.dt)) : null;
    if (period) emit(`  s_refractory = ${period};`);
    else {
      const p = pop.params[refractory.periodMs as string] as ParamPlan;
      if (p.kind === 'constant') emit(`  s_refractory = ${L(Math.round(p.value / plan.dt))};`);
      else emit(`  s_refractory = ${isWgsl ? 'round' : 'roundHalfEven'}(${pin(lang, `${paramCode(lang, p)} * ${L(1 / plan.dt)}`)});`);
    }
  }
  if (inRegisters) {
    // The fused kernel's list of this step's spikes, and its count of recorded ones (fused-step.wgsl).
    emit(`  ${decl} position = atomicAdd(&stepSpikeCounts[parity * ${u(plan.populations.length)} + ${u(pop.index)}], 1u);`);
    emit(`  spikeListPut(${u(pop.offset)} + position, i);`);
    if (pop.recordSpikes !== 'none') {
      emit(`  if (${pop.recordSpikes === 'all' ? 'true' : `recordMask${pop.index}(i)`}) {`);
      emit('    let entry = atomicAdd(&recordedCount, 1u);');
      emit(`    if (entry < ${u(k.recordCapacity)}) { atomicStore(&record[${u(k.recordIdsOffset)} + entry], ${u(pop.offset)} + i); }`);
      emit('  }');
    }
  } else if (isWgsl) {
    emit(`  ${decl} position = atomicAdd(&spikeCounts[parity * ${u(plan.populations.length)} + ${u(pop.index)}], 1u);`);
    emit(`  spikeIds[parity * ${u(plan.totalNeurons)} + ${u(pop.offset)} + position] = i;`);
    if (pop.recordSpikes !== 'none') {
      emit(`  if (${pop.recordSpikes === 'all' ? 'true' : `recordMask${pop.index}(i)`}) {`);
      emit('    let entry = atomicAdd(&record[0], 1u);');
      emit(`    if (entry < ${u(k.recordCapacity)}) { atomicStore(&record[${u(k.recordIdsOffset)} + entry], ${u(pop.offset)} + i); }`);
      emit('  }');
    }
  } else {
    emit('  spikes[spikeCount++] = i;');
  }
  for (const line of plastic?.onSpike ?? []) emit(`  ${line}`);
  emit('}');
  for (const line of plastic?.after ?? []) emit(line);
  for (const r of pop.receptors) if (r.spec.kind !== 'delta') emit(`s_syn_${r.name} = ${pin(lang, `s_syn_${r.name} * ${L(r.decay)}`)};`);

  layout.variables.forEach((v, x) => emit(`${inRegisters ? `(*regs).x${x}` : `state[${stateIndex(v)}]`} = s_${v};`));
  return out.join('\n');
}

/**
 * Knuth's loop of a `carried` Poisson input (see poissonMethod): while `q` (e^(−m·τ) of the next
 * arrival) falls in this step, one arrival: count it and multiply q by a uniform. The uniforms are
 * draws 0, 1, … of (seed, stream, step, i), four to a Philox call.
 */
function poissonArrivals(lang: TargetLanguage, q: string, count: string, stream: number | string, limitValue: number | string): string[] {
  const isWgsl = lang === 'wgsl';
  const limit = typeof limitValue === 'string' ? limitValue : isWgsl ? wgslF32Literal(limitValue) : String(lit(limitValue));
  const streamWord = typeof stream === 'string' ? stream : isWgsl ? `${stream >>> 0}u` : String(stream);
  const lines = [
    `for (${isWgsl ? 'var' : 'let'} draw = 0${isWgsl ? 'u' : ''}; draw < ${isWgsl ? '256u' : '256'}; draw++) {`,
    `  ${isWgsl ? 'let' : 'const'} r = ${isWgsl ? `rng_u32x4(seed, ${streamWord}, step, i, draw)` : `(randomU32x4Into(rngWords, seed, ${streamWord}, step, i, draw), rngWords)`};`,
  ];
  for (const c of isWgsl ? ['x', 'y', 'z', 'w'] : ['0', '1', '2', '3']) {
    lines.push(`  ${count} += 1${isWgsl ? 'u' : ''};`);
    lines.push(`  ${q} = ${neverSubnormalProduct(lang, `${q} * ${isWgsl ? `rng_uniform01(r.${c})` : `uniform01(r[${c}])`}`)};`);
    lines.push(`  if (${q} <= ${limit}) { break; }`);
  }
  lines.push('}');
  return lines;
}

/** A population's `carried` Poisson inputs, in order, with what drawing them needs. */
export function carriedPoissonInputs(plan: NetworkPlan, pop: PopulationPlan) {
  return pop.inputs.flatMap((input) => {
    const spec = input.spec;
    if (spec.kind !== 'poisson' || poissonMethod(spec, plan.dt) !== 'carried') return [];
    return [{ input, stream: input.stream, limit: Math.exp(-poissonMeanPerStep(spec, plan.dt)), state: poissonStateName(input.index) }];
  });
}

/**
 * WGSL of `poissonDraws(input, i, q, step, seed) -> vec2u`: the arrivals (count) and final q
 * (bits) of carried input `input` for neuron i, the same loop as the update's, for the fused kernel's
 * draw phase, where the threads share out the few neurons that draw this step.
 */
export function poissonDrawsWgsl(plan: NetworkPlan): string {
  // One loop with the input's stream and limit picked first: a warp's entries mix inputs (each
  // population has its own), and a loop per input would run each warp through every input's Philox.
  const cases = plan.populations.flatMap((pop) =>
    carriedPoissonInputs(plan, pop).map((c) => `    case ${c.input.index}u: { stream = ${c.stream >>> 0}u; limit = ${wgslF32Literal(c.limit)}; }`),
  );
  return `fn poissonDraws(input: u32, i: u32, q0: f32, step: u32, seed: u32) -> vec2u {
  var q = q0;
  var count = 0u;
  var stream = 0u;
  var limit = 2.0f;
  switch input {
${cases.join('\n')}
    default: {}
  }
  if (q > limit) {
${poissonArrivals('wgsl', 'q', 'count', 'stream', 'limit')
  .map((line) => `    ${line}`)
  .join('\n')}
  }
  return vec2u(count, bitcast<u32>(q));
}`;
}

/** A WGSL function answering whether neuron i is in a set, from a bitmask baked into the shader. */
export function maskFunction(name: string, members: Uint32Array, size: number): string {
  const words = new Uint32Array(Math.ceil(size / 32));
  for (const m of members) words[m >>> 5]! |= 1 << (m & 31);
  return `const ${name}Bits = array<u32, ${words.length}>(${Array.from(words, (w) => `${w}u`).join(', ')});
fn ${name}(i: u32) -> bool { return ((${name}Bits[i >> 5u] >> (i & 31u)) & 1u) == 1u; }`;
}

/**
 * An f32 product the GPU may leave unpinned: the carried Poisson q (≥ e^−30 · 2^−24 once drawn, as
 * poissonMethod carries only means ≤ 30, and at most 1 before) times a uniform or e^m, or a small
 * count times a short weight. Its result is never subnormal, so no flush can change it, and what
 * consumes it either only multiplies or compares it or takes it exactly, so a contraction changes
 * nothing either: the GPU's own rounding gives the CPU's bits. Each pin left out is ~0.09 µs of the
 * fused COBA step on an H100. JS still rounds to f32.
 */
function neverSubnormalProduct(lang: TargetLanguage, expr: string): string {
  return lang === 'wgsl' ? `(${expr})` : `f(${expr})`;
}

/** Significant bits of a finite number's f32 value (0 for 0). */
function significantBits(x: number): number {
  let m = Math.abs(Math.fround(x));
  if (m === 0) return 0;
  while (m >= 2 ** 24) m /= 2;
  while (m < 2 ** 23) m *= 2;
  let bits = 24;
  while (bits > 1 && m % 2 === 0) {
    m /= 2;
    bits--;
  }
  return bits;
}

/** One f32 operation, pinned against contraction (WGSL) or rounded to f32 (JS). */
function pin(lang: TargetLanguage, expr: string): string {
  return lang === 'wgsl' ? `dm_pin(${expr})` : `f(${expr})`;
}
