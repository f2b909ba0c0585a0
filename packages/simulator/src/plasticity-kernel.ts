import { f32 } from '@spikegpu/core';
import { type TargetLanguage, wgslF32Literal } from '@spikegpu/models';
import { emitAssignments, emitRuleExpression, type NameBinding } from '@spikegpu/plasticity';
import type { NetworkPlan, PopulationPlan } from './network-plan.js';
import { homeostasisVariable, type PlasticArray, SCALING_RATE, SPIKE_AGE } from './plasticity-plan.js';

/**
 * The holes plasticity and homeostasis fill in a population's update kernel (see neuron-kernel.ts),
 * in WGSL or JS with the same f32 operations. Generated only for populations a rule touches, so a
 * static network's kernels are unchanged.
 *
 * At every step, for each trace kept of this population's neurons: its value now (from its value
 * after the neuron's last spike, decayed in closed form over the steps since) is written where the
 * partner neurons' walks read it. At a spike: traces jump, presynaptic state (Tsodyks–Markram u, x)
 * advances by its exact recursion and the spike's efficacy is stored for the propagation that
 * follows. Homeostasis shifts a parameter or adds a current before the model, and updates its
 * per-neuron state at the end of the step.
 */
export interface NeuronPlasticityCode {
  /** After inputs, before the model: traces now, the homeostatic shift or current. */
  before: string[];
  /** Inside `if (spiked)`, after the reset. */
  onSpike: string[];
  /** After the spike, before the state is stored. */
  after: string[];
  /** Model parameters that homeostasis shifts: the code reading the shifted value. */
  shiftedParams: Record<string, NameBinding>;
  /** A local holding a current to add to `I`, or null. */
  current: string | null;
}

/** The f32 literal of `x` in either language. */
function literal(lang: TargetLanguage, x: number): string {
  return lang === 'wgsl' ? wgslF32Literal(x) : String(f32(x));
}

function pin(lang: TargetLanguage, expr: string): string {
  return lang === 'wgsl' ? `dm_pin(${expr})` : `f(${expr})`;
}

/** exp(−steps·dt/τ) for the steps since the last spike, or 0 when τ is 0 (an instantaneous relaxation). */
function decaySince(lang: TargetLanguage, dt: number, tauMs: number): string {
  if (tauMs === 0) return literal(lang, 0);
  return `${lang === 'wgsl' ? 'dm_exp' : 'dmExp'}(${pin(lang, `s_${SPIKE_AGE} * ${literal(lang, -dt / tauMs)}`)})`;
}

/** The code of every hole for one population, or null when no rule touches it. */
export function neuronPlasticityCode(
  lang: TargetLanguage,
  plan: NetworkPlan,
  pop: PopulationPlan,
  /** The code reading a model parameter (a literal or a per-neuron load), in `lang`. */
  paramCode: (name: string) => string,
): NeuronPlasticityCode | null {
  const isWgsl = lang === 'wgsl';
  const hasAge = pop.extraState.includes(SPIKE_AGE);
  if (!hasAge && !pop.homeostasis) return null;
  const code: NeuronPlasticityCode = { before: [], onSpike: [], after: [], shiftedParams: {}, current: null };
  const at = (a: PlasticArray) => `plasticState[${isWgsl ? `${a.offset}u` : a.offset} + i]`;
  const decl = isWgsl ? 'let' : 'const';
  const mut = isWgsl ? 'var' : 'let';
  // One exp per time constant and step, shared by every trace that decays with it (an E→E STDP rule
  // with τ+ = τ− needs one for both of a neuron's traces): the same expression, so the same bits.
  const stepDecays = new Map<number, string>();
  const stepDecay = (tauMs: number): string => {
    let name = stepDecays.get(tauMs);
    if (!name) {
      name = `decay_${stepDecays.size}`;
      stepDecays.set(tauMs, name);
      code.before.push(`${decl} ${name} = ${decaySince(lang, plan.dt, tauMs)};`);
    }
    return name;
  };

  for (const proj of plan.projections) {
    const arrays = plan.plasticState?.projections.get(proj.index);
    if (!proj.plasticity || !arrays) continue;
    const efficacies: string[] = [];
    for (const use of proj.plasticity.rules) {
      const { rule, fields } = use;
      const prefix = `p${proj.index}_`;
      // Traces of this population's neurons, as they are at the start of the step.
      for (const [name, trace] of Object.entries(rule.traces ?? {})) {
        const isOurs = trace.of === 'pre' ? proj.source === pop : proj.target === pop;
        if (!isOurs) continue;
        const local = `${prefix}${name}`;
        const tau = fields.params[trace.tauMs] as number;
        code.before.push(`${decl} ${local} = ${pin(lang, `${at(arrays.get(name) as PlasticArray)} * ${stepDecay(tau)}`)};`);
        code.before.push(`${at(arrays.get(`${name}Now`) as PlasticArray)} = ${local};`);
        const jump = emitRuleExpression(trace.onSpike, lang, { rule: rule.name, field: `traces.${name}.onSpike` }, fields.constants, {
          [name]: { wgsl: local, js: local },
        });
        code.onSpike.push(`${at(arrays.get(name) as PlasticArray)} = ${jump};`);
      }
      // Synaptic scaling's own rate estimate of the target neurons: a spike adds 1000/τ Hz to it, decayed in closed form.
      const rate = arrays.get(SCALING_RATE);
      if (rule.scaling && rate && proj.target === pop) {
        const tau = fields.params[rule.scaling.rateTauMs] as number;
        code.onSpike.push(`${at(rate)} = ${pin(lang, `${pin(lang, `${at(rate)} * ${decaySince(lang, plan.dt, tau)}`)} + ${literal(lang, 1000 / tau)}`)};`);
      }
      // Presynaptic state: advanced by the rule's recursion at each spike of the source neuron.
      const pre = rule.presynaptic;
      if (!pre || proj.source !== pop) continue;
      const names: Record<string, NameBinding> = {};
      code.onSpike.push('{');
      for (const [name, tau] of Object.entries(pre.decays ?? {})) {
        code.onSpike.push(`  ${decl} ${prefix}${name} = ${decaySince(lang, plan.dt, fields.params[tau] as number)};`);
        names[name] = { wgsl: `${prefix}${name}`, js: `${prefix}${name}` };
      }
      for (const name of Object.keys(pre.state)) {
        code.onSpike.push(`  ${mut} ${prefix}${name} = ${at(arrays.get(name) as PlasticArray)};`);
        names[name] = { wgsl: `${prefix}${name}`, js: `${prefix}${name}` };
      }
      const steps = emitAssignments(pre.onSpike, lang, { rule: rule.name, field: 'presynaptic.onSpike' }, fields.constants, names, prefix);
      code.onSpike.push(...steps.code.map((line) => `  ${line}`));
      for (const name of Object.keys(pre.state)) code.onSpike.push(`  ${at(arrays.get(name) as PlasticArray)} = ${prefix}${name};`);
      if (pre.efficacy !== undefined) {
        const value = emitRuleExpression(pre.efficacy, lang, { rule: rule.name, field: 'presynaptic.efficacy' }, fields.constants, steps.names);
        code.onSpike.push(
          `  ${at(arrays.get('efficacy') as PlasticArray)} = ${efficacies.length ? pin(lang, `${at(arrays.get('efficacy') as PlasticArray)} * ${value}`) : value};`,
        );
        efficacies.push(rule.name);
      }
      code.onSpike.push('}');
    }
  }
  if (hasAge) {
    code.onSpike.push(`s_${SPIKE_AGE} = ${literal(lang, 0)};`);
    // Counts exactly up to 2^24 steps, then stays there (f32 addition rounds 2^24 + 1 to 2^24).
    code.after.push(`s_${SPIKE_AGE} = ${pin(lang, `s_${SPIKE_AGE} + ${literal(lang, 1)}`)};`);
  }

  const homeostasis = pop.homeostasis;
  if (homeostasis) {
    const { rule, fields } = homeostasis;
    const state: Record<string, NameBinding> = {};
    for (const name of Object.keys(rule.state)) state[name] = { wgsl: `s_${homeostasisVariable(name)}`, js: `s_${homeostasisVariable(name)}` };
    if ('shiftsParam' in rule.acts) {
      const shift = emitRuleExpression(rule.acts.shiftsParam, lang, { rule: rule.name, field: 'acts.shiftsParam' }, fields.constants, state);
      code.before.push(`${decl} homeostasis_shift = ${shift};`);
      const param = homeostasis.param as string;
      const shifted = pin(lang, `${paramCode(param)} + homeostasis_shift`);
      code.shiftedParams[param] = { wgsl: shifted, js: shifted };
    } else {
      const current = emitRuleExpression(rule.acts.addsCurrent, lang, { rule: rule.name, field: 'acts.addsCurrent' }, fields.constants, state);
      code.before.push(`${decl} homeostasis_current = ${current};`);
      code.current = 'homeostasis_current';
    }
    code.after.push(`${decl} homeostasis_spiked = ${isWgsl ? 'select(0.0f, 1.0f, spiked)' : '(spiked ? 1 : 0)'};`);
    const names = { ...state, spiked: { wgsl: 'homeostasis_spiked', js: 'homeostasis_spiked' } };
    code.after.push(...emitAssignments(rule.everyStep, lang, { rule: rule.name, field: 'everyStep' }, fields.constants, names, 'homeostasis_').code);
  }
  return code;
}
