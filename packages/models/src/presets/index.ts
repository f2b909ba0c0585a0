import { didYouMean, ValidationError } from '@spikegpu/core';
import { adexPresets } from './adex-presets.js';
import { hodgkinHuxleyPresets } from './hodgkin-huxley-presets.js';
import { izhikevich2003Presets, izhikevich2007Presets } from './izhikevich-presets.js';
import type { NeuronPreset, PresetTable } from './neuron-preset.js';

export type { NeuronPreset, PresetStimulus, PresetTable } from './neuron-preset.js';
export { stimulusAt } from './neuron-preset.js';
export { adexPresets, hodgkinHuxleyPresets, izhikevich2003Presets, izhikevich2007Presets };

/** Every preset table, by the family name `neuronPreset` takes. */
export const NEURON_PRESETS: Readonly<Record<string, PresetTable>> = {
  'izhikevich-2003': izhikevich2003Presets,
  'izhikevich-2007': izhikevich2007Presets,
  'hodgkin-huxley': hodgkinHuxleyPresets,
  adex: adexPresets,
};

/** The fields of a population that a preset fills: spread it into a `PopulationSpec`. */
export interface PresetPopulationFields {
  model: string;
  params: Record<string, number>;
  init?: Record<string, number>;
}

/**
 * A preset as the fields of a population (`model`, `params`, `init`), to spread into a description;
 * override single values after it, or replace one by a distribution for per-neuron jitter.
 *
 * @example
 * const ch = neuronPreset('izhikevich-2003', 'CH');
 * const population = { name: 'ch', size: 100, ...ch, params: { ...ch.params, d: { dist: 'normal', mean: 2, sd: 0.2 } } };
 * @throws {ValidationError} naming the family or preset, with a suggestion.
 */
export function neuronPreset(family: string, name: string): PresetPopulationFields {
  const preset = findPreset(family, name);
  return { model: preset.model, params: { ...preset.params }, ...(preset.init ? { init: { ...preset.init } } : {}) };
}

/** Only the parameters of a preset (see {@link neuronPreset}). */
export function presetParams(family: string, name: string): Record<string, number> {
  return { ...findPreset(family, name).params };
}

/** The preset entry itself, with its citation and stimulus. */
export function findPreset(family: string, name: string): NeuronPreset {
  const table = NEURON_PRESETS[family];
  if (!table)
    throw new ValidationError(`unknown preset family '${family}'`, {
      code: 'unknown-preset-family',
      path: 'family',
      expected: `one of ${Object.keys(NEURON_PRESETS).join(', ')}`,
      hint: didYouMean(family, Object.keys(NEURON_PRESETS)),
    });
  const preset = table[name];
  if (!preset)
    throw new ValidationError(`unknown preset '${name}' of '${family}'`, {
      code: 'unknown-preset',
      path: 'name',
      expected: `one of ${Object.keys(table).join(', ')}`,
      hint: didYouMean(name, Object.keys(table)),
    });
  return preset;
}
