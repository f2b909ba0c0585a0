import { type PlasticitySpec, type ProjectionSpec, type ReceptorSpec, ValidationError } from '@spikegpu/core';
import { describe, expect, it } from 'vitest';
import { PlasticityRegistry } from './rule-registry.js';
import { stpPresets } from './stp-presets.js';

const registry = new PlasticityRegistry();
const projection = (weight: ProjectionSpec['weight'] = 0.5): ProjectionSpec => ({ source: 'a', target: 'b', connectivity: { rule: 'one-to-one' }, weight });
const delta: ReceptorSpec = { kind: 'delta' };
const check = (rules: PlasticitySpec[], weight?: ProjectionSpec['weight'], receptor: ReceptorSpec = delta) =>
  registry.resolvePlasticity(rules, 'projections[0].plasticity', { projection: projection(weight), receptor, dt: 0.1 });

describe('bad rule fields get a typed error naming the field', () => {
  const cases: Array<[string, PlasticitySpec[], RegExp]> = [
    ['a negative τ_d', [{ rule: 'tsodyks-markram', tauDMs: -5 }], /projections\[0\]\.plasticity\[0\]\.tauDMs: expected a number ≥ 0, got -5/],
    ['U above 1', [{ rule: 'tsodyks-markram', U: 1.5 }], /plasticity\[0\]\.U: expected a number in \(0, 1\], got 1.5/],
    ['U of 0', [{ rule: 'tsodyks-markram', U: 0 }], /plasticity\[0\]\.U: expected a number in \(0, 1\], got 0/],
    ['a negative τ+', [{ rule: 'stdp', tauPlusMs: -20 }], /plasticity\[0\]\.tauPlusMs: expected a number > 0, got -20/],
    ['wMin > wMax', [{ rule: 'stdp', wMin: 2, wMax: 1 }], /plasticity\[0\]\.wMax: expected a number > wMin \(2\), got 1/],
    [
      'an unknown field',
      [{ rule: 'stdp', tauPlussMs: 20 }],
      /plasticity\[0\]\.tauPlussMs: unknown field 'tauPlussMs' for rule 'stdp'.*did you mean 'tauPlusMs'/,
    ],
    ['an unknown rule', [{ rule: 'stpd' }], /plasticity\[0\]\.rule: unknown plasticity rule 'stpd'.*did you mean 'stdp'/],
    [
      'an unknown option value',
      [{ rule: 'stdp', pairing: 'nearest' }],
      /plasticity\[0\]\.pairing: expected one of 'all-to-all', 'nearest-spike', got "nearest"/,
    ],
    ['a string where a number belongs', [{ rule: 'stdp', aPlus: 'big' }], /plasticity\[0\]\.aPlus: expected a number ≥ 0, got "big"/],
    ['a negative scaling eta', [{ rule: 'synaptic-scaling', eta: -0.1 }], /plasticity\[0\]\.eta: expected a number ≥ 0, got -0.1/],
    ['a negative scaling interval', [{ rule: 'synaptic-scaling', intervalMs: -100 }], /plasticity\[0\]\.intervalMs: expected a number > 0, got -100/],
    ['a scaling target of 0', [{ rule: 'synaptic-scaling', targetRateHz: 0 }], /plasticity\[0\]\.targetRateHz: expected a number > 0, got 0/],
    ['scaling wMin > wMax', [{ rule: 'synaptic-scaling', wMin: 2, wMax: 1 }], /plasticity\[0\]\.wMax: expected a number > wMin \(2\), got 1/],
    ['the same rule twice', [{ rule: 'stdp' }, { rule: 'stdp' }], /plasticity\[1\]\.rule: expected a rule not already on this projection/],
  ];
  for (const [what, rules, message] of cases)
    it(`rejects ${what}`, () => {
      expect(() => check(rules)).toThrow(ValidationError);
      expect(() => check(rules)).toThrow(message);
    });

  it('rejects initial weights outside the bounds', () => {
    expect(() => check([{ rule: 'stdp', wMax: 0.4 }], { dist: 'uniform', low: 0, high: 0.5 })).toThrow(
      /projections\[0\]\.weight\.high: expected initial weights within the bounds of 'stdp' \[0, 0\.4\]/,
    );
  });

  it('rejects a negative lower bound on a conductance', () => {
    expect(() => check([{ rule: 'stdp', wMin: -1 }], 0.5, { kind: 'conductance', tauMs: 5, reversalMv: 0 })).toThrow(
      /plasticity\[0\]\.wMin: expected a number ≥ 0/,
    );
  });

  it('names the model parameter a homeostasis rule shifts', () => {
    const population = { name: 'exc', size: 10, model: 'lif' };
    const model = { params: ['C', 'gL', 'EL', 'vThresh', 'vReset', 'tRef'], state: ['v'] };
    const resolve = (spec: Record<string, string | number>) =>
      registry.resolveHomeostasis({ rule: 'adaptive-threshold', ...spec }, 'populations[0].homeostasis', { population, model, dt: 0.1 });
    expect(() => resolve({})).toThrow(/populations\[0\]\.homeostasis\.param: expected the model parameter 'adaptive-threshold' shifts/);
    expect(() => resolve({ param: 'vthresh' })).toThrow(/unknown parameter 'vthresh' for model 'lif'.*did you mean 'vThresh'/);
    expect(() => resolve({ param: 'vThresh', rateTauMs: 0 })).toThrow(/homeostasis\.rateTauMs: expected a number > 0, got 0/);
    expect(resolve({ param: 'vThresh', targetRateHz: 8 }).fields.params.targetRateHz).toBe(8);
  });
});

describe('rule uses', () => {
  it('fill in defaults and the chosen options’ constants', () => {
    const [use] = check([{ rule: 'stdp', aPlus: 0.005, form: 'multiplicative', pairing: 'nearest-spike' }]);
    expect(use?.fields.params).toMatchObject({ aPlus: 0.005, aMinus: 0.0105, tauPlusMs: 20, wMax: 1 });
    expect(use?.fields.constants).toMatchObject({ softPotentiation: 1, softDepression: 1, nearestSpike: 1, dt: 0.1 });
  });

  it('accept every STP preset with STDP on the same projection', () => {
    for (const preset of Object.values(stpPresets)) expect(check([preset.spec, { rule: 'stdp' }])).toHaveLength(2);
  });
});
