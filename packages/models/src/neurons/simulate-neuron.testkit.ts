import * as core from '@spikegpu/core';
import { generateStepCode } from '../model-codegen.js';
import type { NeuronModel } from '../neuron-model.js';

/**
 * Test support (not exported): runs one neuron of a model with the generated JS step — the code the
 * CPU backend runs — under a stimulus given as a function of time. Spike times are the start of the
 * step that crossed threshold. Refractoriness follows the simulator's skeleton (hold, count down).
 */
export interface NeuronRun {
  spikes: number[];
  trace: Record<string, Float32Array>;
}

const runtime: Record<string, unknown> = { ...core, f: Math.fround };
const names = Object.keys(runtime).filter((n) => /^[A-Za-z_$][\w$]*$/.test(n));

export function simulateNeuron(
  model: NeuronModel,
  options: {
    dtMs: number;
    durationMs: number;
    current: (tMs: number) => number;
    params?: Record<string, number>;
    init?: Record<string, number>;
    record?: string[];
  },
): NeuronRun {
  const { dtMs } = options;
  const params = Object.fromEntries(model.paramNames.map((p) => [p, { constant: options.params?.[p] ?? (model.params as Record<string, number>)[p]! }]));
  for (const p of Object.keys(options.params ?? {})) if (!model.paramNames.includes(p)) throw new Error(`unknown parameter ${p}`);
  const code = generateStepCode(model, 'js', {
    dtMs,
    params,
    externals: { I_ext: { wgsl: 'I_ext', js: 'I_ext' }, t: { wgsl: 't_ms', js: 't_ms' } },
    currentExpression: 'I_ext',
  });
  const vars = model.stateNames;
  const refractory = model.refractory;
  const periodSteps = refractory
    ? Math.round((typeof refractory.periodMs === 'number' ? refractory.periodMs : (params[refractory.periodMs]!.constant as number)) / dtMs)
    : 0;
  const held = refractory?.hold ?? [];
  const body = `const { ${names.join(', ')} } = rt;
return function run(steps, state, current, record, traces, spikes) {
  ${vars.map((v, k) => `let s_${v} = state[${k}];`).join('\n  ')}
  let s_refractory = 0;
  for (let step = 0; step < steps; step++) {
    const t_ms = f(step * ${Math.fround(dtMs)});
    const I_ext = current[step];
    const isRefractory = s_refractory > 0;
    ${held.map((v) => `const held_${v} = s_${v};`).join('\n    ')}
${code.integrate.replace(/^/gm, '    ')}
    if (isRefractory) { ${held.map((v) => `s_${v} = held_${v};`).join(' ')} s_refractory -= 1; }
    if (!isRefractory && (${code.threshold})) {
${code.reset.replace(/^/gm, '      ')}
      s_refractory = ${periodSteps};
      spikes.push(step);
    }
    ${(options.record ?? []).map((v, k) => `traces[${k}][step] = s_${v};`).join('\n    ')}
  }
  ${vars.map((v, k) => `state[${k}] = s_${v};`).join('\n  ')}
};`;
  const run = new Function('rt', body)(runtime) as (...args: unknown[]) => void;
  const steps = Math.round(options.durationMs / dtMs);
  const current = new Float32Array(steps);
  for (let k = 0; k < steps; k++) current[k] = options.current(k * dtMs);
  const state = vars.map((v) => Math.fround(options.init?.[v] ?? (model.state as Record<string, number>)[v]!));
  const record = options.record ?? [];
  const traces = record.map(() => new Float32Array(steps));
  const spikeSteps: number[] = [];
  run(steps, state, current, record, traces, spikeSteps);
  return { spikes: spikeSteps.map((s) => s * dtMs), trace: Object.fromEntries(record.map((v, k) => [v, traces[k]!])) };
}

/** Inter-spike intervals, ms. */
export function intervals(spikes: readonly number[]): number[] {
  return spikes.slice(1).map((t, k) => t - spikes[k]!);
}
