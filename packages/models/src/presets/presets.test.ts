import { ValidationError } from '@spikegpu/core';
import { describe, expect, it } from 'vitest';
import { builtinNeuronModels } from '../neurons/index.js';
import { findPreset, NEURON_PRESETS, neuronPreset, presetParams } from './index.js';

describe('neuron presets', () => {
  it('name only parameters and state variables their model has, and cite a source', () => {
    const models = new Map(builtinNeuronModels.map((m) => [m.name, m]));
    for (const [family, table] of Object.entries(NEURON_PRESETS))
      for (const [name, preset] of Object.entries(table)) {
        const model = models.get(preset.model);
        expect(model, `${family}/${name}`).toBeDefined();
        for (const p of Object.keys(preset.params)) expect(model!.paramNames, `${family}/${name}.params.${p}`).toContain(p);
        for (const v of Object.keys(preset.init ?? {})) expect(model!.stateNames, `${family}/${name}.init.${v}`).toContain(v);
        expect(preset.cite.length).toBeGreaterThan(10);
      }
  });

  it('spread into a population: model, params and init', () => {
    expect(neuronPreset('izhikevich-2003', 'CH')).toEqual({ model: 'izhikevich-2003', params: { a: 0.02, b: 0.2, c: -50, d: 2 }, init: { v: -65, u: -13 } });
    expect(presetParams('izhikevich-2007', 'FS')).toMatchObject({ C: 20, d: 0, bCubic: 0.025, vb: -55 });
  });

  it('reject an unknown name with a suggestion', () => {
    expect(() => findPreset('izhikevich-2003', 'CHH')).toThrow(ValidationError);
    expect(() => findPreset('izhikevich-2003', 'CHH')).toThrow(/did you mean 'CH'/);
    expect(() => findPreset('izhikevich', 'CH')).toThrow(/unknown preset family/);
  });
});
