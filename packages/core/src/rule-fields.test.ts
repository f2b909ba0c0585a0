import { describe, expect, it } from 'vitest';
import type { NetworkDescription } from './description.js';
import { type RuleCatalog, validateNetwork } from './validate-network.js';

const net = (extra: Partial<NetworkDescription['populations'][number]> = {}, plasticity?: unknown): NetworkDescription => ({
  dt: 0.1,
  seed: 1,
  populations: [{ name: 'a', size: 2, model: 'lif', ...extra }],
  projections: [
    { source: 'a', target: 'a', connectivity: { rule: 'one-to-one' }, weight: 1, ...(plasticity === undefined ? {} : { plasticity: plasticity as never }) },
  ],
});

describe('plasticity and homeostasis fields', () => {
  it('must be rules by name, with numbers or strings', () => {
    expect(() => validateNetwork(net({}, 'stdp'))).toThrow(/projections\[0\]\.plasticity: expected an array of rules, got "stdp"/);
    expect(() => validateNetwork(net({}, [{ rule: 5 }]))).toThrow(/projections\[0\]\.plasticity\[0\]: expected a rule such as/);
    expect(() => validateNetwork(net({}, [{ rule: 'stdp', aPlus: Number.NaN }]))).toThrow(
      /projections\[0\]\.plasticity\[0\]\.aPlus: expected a finite number or a string/,
    );
    expect(() => validateNetwork(net({ homeostasis: { rule: 'x', gain: [1] as never } }))).toThrow(/populations\[0\]\.homeostasis\.gain/);
  });

  it('are handed to the rule catalog with their paths', () => {
    const seen: string[] = [];
    const rules: RuleCatalog = {
      plasticity: (specs, path, { dt }) => void seen.push(`${path}:${specs.map((s) => s.rule)}:${dt}`),
      homeostasis: (spec, path, { population }) => void seen.push(`${path}:${spec.rule}:${population.name}`),
    };
    validateNetwork(net({ homeostasis: { rule: 'adaptive-threshold', param: 'vThresh' } }, [{ rule: 'stdp' }]), undefined, rules);
    expect(seen).toEqual(['populations[0].homeostasis:adaptive-threshold:a', 'projections[0].plasticity:stdp:0.1']);
  });
});
