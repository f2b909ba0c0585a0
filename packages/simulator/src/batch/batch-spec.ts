import { didYouMean, invalid, ValidationError } from '@spikegpu/core';
import type { NeuronModel } from '@spikegpu/models';

/**
 * Batch mode: B unconnected neurons of one model, each with its own stimulus, recorded in full —
 * what the Hodgkin–Huxley batch simulators offer (seeds-deep §3), for any model. Units are the
 * model's: the stimulus is in its current unit (µA/cm² for Hodgkin–Huxley, pA for AdEx, LIF and the
 * 2007 Izhikevich model), times in ms.
 */

/** A value for every neuron of the batch: one number, or one per neuron (length B). */
export type PerNeuron = number | ArrayLike<number>;

/**
 * Stimulus currents; a list is summed. Amplitudes may differ per neuron.
 * - `constant`: `amplitude` throughout.
 * - `step`: `amplitude` for startMs ≤ t < stopMs (stopMs default: to the end).
 * - `pulse-train`: `count` pulses (default: unlimited) of `amplitude` lasting `pulseMs`, one every `periodMs`, from `startMs`.
 * - `ramp`: linear from `from` at startMs to `to` at stopMs (held at `from` before, `to` after).
 * - `noise`: Gaussian white noise, a fresh draw `mean + sd·z` each step (the counter-based RNG of the simulator,
 *   so CPU and GPU draw the same numbers).
 * - `array`: explicit values, step-major: `values[step·B + i]` (steps × B) or `values[step]` (one column for all).
 * Time t of step k is k·dt, the start of the step; the current is held over the step (all RK stages).
 */
export type BatchStimulus =
  | { kind: 'constant'; amplitude: PerNeuron }
  | { kind: 'step'; amplitude: PerNeuron; startMs: number; stopMs?: number }
  | { kind: 'pulse-train'; amplitude: PerNeuron; pulseMs: number; periodMs: number; startMs?: number; count?: number }
  | { kind: 'ramp'; from: PerNeuron; to: PerNeuron; startMs: number; stopMs: number }
  | { kind: 'noise'; mean: PerNeuron; sd: PerNeuron }
  | { kind: 'array'; values: Float32Array };

/** What to run. */
export interface BatchSpec {
  model: NeuronModel;
  /** Number of independent neurons, B. */
  size: number;
  dtMs: number;
  durationMs: number;
  /** Parameter values: the model's default, a number for all, or one per neuron. */
  params?: Record<string, PerNeuron>;
  /** Initial state: the model's initial values, a number for all, or one per neuron. */
  init?: Record<string, PerNeuron>;
  stimulus?: BatchStimulus | BatchStimulus[];
  /** Seed of the noise stimulus (unsigned 32-bit). Default 1. */
  seed?: number;
  /** State traces to keep. Default none. */
  record?: {
    /** Variable names, or `'all'` for every state variable. */
    variables: string[] | 'all';
    /** Which neurons (default all). */
    neurons?: number[];
    /** Keep one sample every this many steps (default 1). Sample s is the state at t = s·every·dt; sample 0 is the initial state. */
    everySteps?: number;
  };
  /**
   * Spike times are refined by linear interpolation of `variable` across `level` between the start and the
   * end (before reset) of the step that spiked. Default: `v` across the model's `vThresh` or `vPeak`
   * parameter (per neuron when it varies), else no interpolation (the step's start time).
   */
  interpolate?: { variable: string; level: number } | false;
  /** Spike times kept per neuron (default: one per ms of the run, at least 16); more are counted, not timed. */
  maxSpikesPerNeuron?: number;
  /**
   * Return every neuron's state at the end (`result.finalState`; default true). `false` when only spikes
   * matter: on the GPU the state is then not copied back (16 MB for a million HH neurons).
   */
  finalState?: boolean;
}

/** The spec checked and resolved into plain numbers. */
export interface ResolvedBatch {
  spec: BatchSpec;
  steps: number;
  stimuli: BatchStimulus[];
  recordVariables: string[];
  recordNeurons: Uint32Array | null;
  recordCount: number;
  everySteps: number;
  samples: number;
  spikeCapacity: number;
  interpolation: { variable: string; level: PerNeuron } | null;
  seed: number;
}

const isArray = (x: PerNeuron): x is ArrayLike<number> => typeof x !== 'number';

function checkPerNeuron(value: PerNeuron, size: number, path: string): void {
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw invalid(path, 'a finite number', value);
    return;
  }
  if (!value || typeof value.length !== 'number' || value.length !== size) throw invalid(path, `a number or ${size} numbers (one per neuron)`, value?.length);
  for (let k = 0; k < value.length; k++) if (!Number.isFinite(value[k])) throw invalid(`${path}[${k}]`, 'a finite number', value[k]);
}

/** Validates a batch spec at the boundary, with field paths and suggestions. */
export function resolveBatch(spec: BatchSpec): ResolvedBatch {
  const { model, size } = spec;
  if (!Number.isInteger(size) || size < 1) throw invalid('size', 'a positive integer', size);
  if (!(Number.isFinite(spec.dtMs) && spec.dtMs > 0)) throw invalid('dtMs', 'a number > 0', spec.dtMs);
  if (!(Number.isFinite(spec.durationMs) && spec.durationMs >= 0)) throw invalid('durationMs', 'a number ≥ 0', spec.durationMs);
  const steps = Math.round(spec.durationMs / spec.dtMs);
  for (const [name, value] of Object.entries(spec.params ?? {})) {
    if (!model.paramNames.includes(name))
      throw new ValidationError(`unknown parameter '${name}' of model '${model.name}'`, {
        code: 'unknown-param',
        path: `params.${name}`,
        hint: didYouMean(name, model.paramNames),
      });
    checkPerNeuron(value, size, `params.${name}`);
  }
  for (const [name, value] of Object.entries(spec.init ?? {})) {
    if (!model.stateNames.includes(name))
      throw new ValidationError(`unknown state variable '${name}' of model '${model.name}'`, {
        code: 'unknown-state',
        path: `init.${name}`,
        hint: didYouMean(name, model.stateNames),
      });
    checkPerNeuron(value, size, `init.${name}`);
  }
  const stimuli = spec.stimulus === undefined ? [] : Array.isArray(spec.stimulus) ? spec.stimulus : [spec.stimulus];
  let arrays = 0;
  stimuli.forEach((s, k) => {
    const path = `stimulus[${k}]`;
    switch (s.kind) {
      case 'constant':
      case 'step':
      case 'pulse-train':
        checkPerNeuron(s.amplitude, size, `${path}.amplitude`);
        if (s.kind === 'pulse-train' && !(s.pulseMs > 0 && s.periodMs >= s.pulseMs))
          throw invalid(`${path}.periodMs`, 'pulseMs > 0 and periodMs ≥ pulseMs', s.periodMs);
        break;
      case 'ramp':
        checkPerNeuron(s.from, size, `${path}.from`);
        checkPerNeuron(s.to, size, `${path}.to`);
        if (!(s.stopMs > s.startMs)) throw invalid(`${path}.stopMs`, `a time after startMs (${s.startMs})`, s.stopMs);
        break;
      case 'noise':
        checkPerNeuron(s.mean, size, `${path}.mean`);
        checkPerNeuron(s.sd, size, `${path}.sd`);
        break;
      case 'array':
        arrays++;
        if (!(s.values instanceof Float32Array) || (s.values.length !== steps && s.values.length !== steps * size))
          throw invalid(`${path}.values`, `a Float32Array of ${steps} (steps) or ${steps * size} (steps × B) values`, s.values?.length);
        break;
      default:
        throw invalid(`${path}.kind`, "'constant', 'step', 'pulse-train', 'ramp', 'noise' or 'array'", (s as { kind: unknown }).kind);
    }
  });
  if (arrays > 1) throw invalid('stimulus', 'at most one array stimulus', arrays);
  const record = spec.record;
  const recordVariables = record ? (record.variables === 'all' ? [...model.stateNames] : record.variables) : [];
  for (const v of recordVariables)
    if (!model.stateNames.includes(v))
      throw new ValidationError(`unknown state variable '${v}' of model '${model.name}'`, {
        code: 'unknown-state',
        path: 'record.variables',
        hint: didYouMean(v, model.stateNames),
      });
  const recordNeurons = record?.neurons ? Uint32Array.from(record.neurons) : null;
  if (recordNeurons) for (const n of recordNeurons) if (n >= size) throw invalid('record.neurons', `indices below ${size}`, n);
  const everySteps = record?.everySteps ?? 1;
  if (!Number.isInteger(everySteps) || everySteps < 1) throw invalid('record.everySteps', 'a positive integer', everySteps);
  const spikeCapacity = spec.maxSpikesPerNeuron ?? Math.max(16, Math.ceil(spec.durationMs));
  if (!Number.isInteger(spikeCapacity) || spikeCapacity < 0) throw invalid('maxSpikesPerNeuron', 'an integer ≥ 0', spikeCapacity);
  let interpolation: ResolvedBatch['interpolation'] = null;
  if (spec.interpolate) {
    if (!model.stateNames.includes(spec.interpolate.variable))
      throw invalid('interpolate.variable', `a state variable of '${model.name}'`, spec.interpolate.variable);
    interpolation = spec.interpolate;
  } else if (spec.interpolate === undefined && model.stateNames.includes('v')) {
    const levelParam = ['vThresh', 'vPeak'].find((p) => model.paramNames.includes(p));
    if (levelParam) interpolation = { variable: 'v', level: spec.params?.[levelParam] ?? (model.params as Record<string, number>)[levelParam]! };
  }
  const seed = spec.seed ?? 1;
  if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) throw invalid('seed', 'an unsigned 32-bit integer', seed);
  if (spec.finalState !== undefined && typeof spec.finalState !== 'boolean') throw invalid('finalState', 'true or false', spec.finalState);
  return {
    spec,
    steps,
    stimuli,
    recordVariables,
    recordNeurons,
    recordCount: recordVariables.length ? (recordNeurons?.length ?? size) : 0,
    everySteps,
    samples: recordVariables.length ? Math.floor(steps / everySteps) + 1 : 0,
    spikeCapacity,
    interpolation,
    seed,
  };
}

export { isArray };
