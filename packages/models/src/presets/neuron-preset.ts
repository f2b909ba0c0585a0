/**
 * A named parameter set of a model, as its source gives it: the values, where they come from, and
 * (when the source shows the cell under a stimulus) that stimulus, so a test or a demo can replay it.
 */
export interface NeuronPreset {
  /** Registry name of the model the values are for, e.g. `'izhikevich-2003'`. */
  model: string;
  /** What the cell is, in the source's words. */
  label: string;
  /** Parameter values; the model's defaults fill the rest. */
  params: Readonly<Record<string, number>>;
  /** Initial state, when the source gives one. */
  init?: Readonly<Record<string, number>>;
  /** Where the values come from (author, year, figure or table). */
  cite: string;
  /** The stimulus of the source's figure, in the model's current unit. */
  stimulus?: PresetStimulus;
}

/**
 * A current clamp protocol: `base` outside the window, `amplitude` from `startMs` for `durationMs`
 * (to the end when omitted); a `ramp` rises by `slopePerMs` from `startMs` on, starting at `base`.
 */
export type PresetStimulus =
  | { kind: 'step'; base?: number; amplitude: number; startMs: number; durationMs?: number; totalMs: number }
  | { kind: 'ramp'; base: number; slopePerMs: number; startMs: number; totalMs: number };

/** A model's presets by name. */
export type PresetTable = Readonly<Record<string, NeuronPreset>>;

/** The current of a preset's stimulus at time t (ms). */
export function stimulusAt(stimulus: PresetStimulus, tMs: number): number {
  if (stimulus.kind === 'ramp') return tMs >= stimulus.startMs ? stimulus.base + stimulus.slopePerMs * (tMs - stimulus.startMs) : stimulus.base;
  const isOn = tMs >= stimulus.startMs && (stimulus.durationMs === undefined || tMs < stimulus.startMs + stimulus.durationMs);
  return isOn ? stimulus.amplitude : (stimulus.base ?? 0);
}
