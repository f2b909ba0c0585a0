import { ValidationError } from '@spikegpu/core';
import { describe, expect, it } from 'vitest';
import { definePlasticityRule, type PlasticityRuleDefinition } from './plasticity-rule.js';
import { PlasticityRegistry } from './rule-registry.js';
import { stdp } from './rules/index.js';

/** Abbott et al. (1997)'s depression-only synapse, written as a user would. */
const pureDepression: PlasticityRuleDefinition<'f' | 'tauDMs'> = {
  name: 'pure-depression',
  cite: 'Abbott, Varela, Sen & Nelson 1997, Science 275:220',
  params: { f: 0.5, tauDMs: 300 },
  limits: { f: { min: 0, max: 1 }, tauDMs: { min: 0 } },
  presynaptic: {
    state: { x: 1 },
    decays: { recovery: 'tauDMs' },
    onSpike: { available: '1 + (x - 1)*recovery', x: 'available*(1 - f)' },
    efficacy: 'available',
  },
};

describe('definePlasticityRule', () => {
  it('accepts a user rule written like the built-in ones, with a stable content hash', () => {
    const rule = definePlasticityRule(pureDepression);
    expect(rule.kind).toBe('plasticity');
    expect(definePlasticityRule({ ...pureDepression, cite: 'another citation' }).hash).toBe(rule.hash);
    const registry = new PlasticityRegistry().register(rule);
    expect(registry.names('plasticity')).toContain('pure-depression');
    expect(() => registry.register(definePlasticityRule({ ...pureDepression, params: { f: 0.4, tauDMs: 300 } }))).toThrow(
      /a different rule named 'pure-depression'/,
    );
  });

  it('names the rule, the field and the nearest name for a typo in an expression', () => {
    const typo = { ...stdp, name: 'my-stdp', weight: { ...stdp.weight!, onPost: 'w + aPlus*xpre' } };
    expect(() => definePlasticityRule(typo)).toThrow(ValidationError);
    expect(() => definePlasticityRule(typo)).toThrow(/unknown name 'xpre' \(did you mean 'xPre'\?\)/);
    try {
      definePlasticityRule(typo);
    } catch (error) {
      expect((error as ValidationError).path).toBe('models.my-stdp.weight.onPost');
    }
  });

  it('rejects a τ that names no parameter, and a default outside its limit', () => {
    expect(() =>
      definePlasticityRule({ ...pureDepression, presynaptic: { ...pureDepression.presynaptic!, decays: { recovery: 'tauD' as 'tauDMs' } } }),
    ).toThrow(/rules\.pure-depression\.presynaptic\.decays\.recovery: expected a parameter of the rule \(f, tauDMs\), got "tauD"/);
    expect(() => definePlasticityRule({ ...pureDepression, params: { f: 2, tauDMs: 300 } })).toThrow(
      /rules\.pure-depression\.params\.f: expected a number in \[0, 1\], got 2/,
    );
  });
});
