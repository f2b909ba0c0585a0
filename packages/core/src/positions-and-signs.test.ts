import { describe, expect, it } from 'vitest';
import type { NetworkDescription, ProjectionSpec } from './description.js';
import { ValidationError } from './errors.js';
import { validateNetwork } from './validate-network.js';

const conductance = {
  exc: { kind: 'conductance', tauMs: 5, reversalMv: 0 },
  inh: { kind: 'conductance', tauMs: 10, reversalMv: -80 },
} as const;

function network(projection: Partial<ProjectionSpec> = {}, edit?: (net: NetworkDescription) => void): NetworkDescription {
  const net: NetworkDescription = {
    dt: 0.1,
    seed: 1,
    populations: [
      { name: 'e', size: 80, model: 'lif', sign: 'excitatory', positions: { layout: 'box', sizeUm: [100, 100, 100] } },
      { name: 'i', size: 20, model: 'lif', sign: 'inhibitory', positions: { layout: 'sphere', radiusUm: 50 } },
      { name: 'g', size: 20, model: 'lif', receptors: conductance },
    ],
    projections: [{ source: 'e', target: 'i', connectivity: { rule: 'fixed-probability', p: 0.1 }, weight: 1, ...projection }],
  };
  edit?.(net);
  return net;
}

const rejects = (net: NetworkDescription, message: RegExp) => {
  expect(() => validateNetwork(net)).toThrow(ValidationError);
  expect(() => validateNetwork(net)).toThrow(message);
};

describe('positions in the description', () => {
  it('accepts each layout, and Morton order', () => {
    for (const positions of [
      { layout: 'box', sizeUm: [10, 10, 10], originUm: [-5, -5, -5], order: 'morton' },
      { layout: 'sphere', radiusUm: 3 },
      { layout: 'grid', spacingUm: 10, shape: [5, 4, 4] },
      { layout: 'layers', widthUm: 300, layers: [{ topUm: 100, bottomUm: 400, fraction: 1 }] },
    ] as const)
      expect(() => validateNetwork(network({}, (n) => void (n.populations[0]!.positions = positions)))).not.toThrow();
  });

  it('names the field of a bad layout', () => {
    rejects(
      network({}, (n) => void (n.populations[0]!.positions = { layout: 'cube' } as never)),
      /^populations\[0\]\.positions\.layout: expected one of 'box'/,
    );
    rejects(
      network({}, (n) => void (n.populations[0]!.positions = { layout: 'box', sizeUm: [1, -1, 1] })),
      /^populations\[0\]\.positions\.sizeUm\[1\]: expected a number ≥ 0, got -1/,
    );
    rejects(
      network({}, (n) => void (n.populations[0]!.positions = { layout: 'grid', spacingUm: 1, shape: [4, 4, 4] })),
      /^populations\[0\]\.positions\.shape: expected a lattice of at least 80 points/,
    );
    rejects(
      network({}, (n) => void (n.populations[0]!.positions = { layout: 'sphere', radiusUm: 3, radius: 2 } as never)),
      /^populations\[0\]\.positions\.radius: .*did you mean 'radiusUm'/,
    );
    rejects(
      network({}, (n) => void (n.populations[0]!.positions = { layout: 'layers', widthUm: 9, layers: [{ topUm: 50, bottomUm: 10, fraction: 1 }] })),
      /^populations\[0\]\.positions\.layers\[0\]\.bottomUm: expected a number ≥ 50, got 10/,
    );
  });

  it('requires positions on both sides of a spatial rule or a distance delay', () => {
    const spatial = { rule: 'distance-dependent', profile: 'gaussian', p0: 0.5, scaleUm: 20, cutoffUm: 60 } as const;
    expect(() => validateNetwork(network({ connectivity: spatial }))).not.toThrow();
    rejects(network({ source: 'e', target: 'g', connectivity: spatial, receptor: 'exc' }), /^populations\[2\]\.positions: population 'g' has no positions/);
    rejects(
      network({ source: 'e', target: 'g', receptor: 'exc', delayMs: { dist: 'distance', velocityUmPerMs: 300 } }),
      /^populations\[2\]\.positions: .*delayMs grows with distance/,
    );
    rejects(network({ delayMs: { dist: 'distance', velocityUmPerMs: 0 } }), /^projections\[0\]\.delayMs\.velocityUmPerMs: expected a number > 0, got 0/);
    rejects(network({ delayMs: { dist: 'distance', velocityUmPerMs: 1, offsetMs: -1 } }), /^projections\[0\]\.delayMs\.offsetMs: expected a number ≥ 0/);
  });
});

describe("Dale's law (population sign)", () => {
  it('keeps excitatory weights ≥ 0 and inhibitory weights ≤ 0 through delta and current receptors', () => {
    expect(() => validateNetwork(network({ weight: { dist: 'uniform', low: 0, high: 2 } }))).not.toThrow();
    rejects(network({ weight: -0.5 }), /^projections\[0\]\.weight: expected weights ≥ 0, since population 'e' is excitatory/);
    expect(() => validateNetwork(network({ source: 'i', target: 'e', weight: { dist: 'normal', mean: -1, sd: 0.2, max: 0 } }))).not.toThrow();
    rejects(
      network({ source: 'i', target: 'e', weight: { dist: 'normal', mean: -1, sd: 0.2 } }),
      /^projections\[0\]\.weight\.max: expected weights ≤ 0, since population 'i' is inhibitory/,
    );
    rejects(network({ source: 'i', target: 'e', weight: { dist: 'lognormal', mu: 0, sigma: 1 } }), /^projections\[0\]\.weight: expected weights ≤ 0/);
  });

  it('matches a conductance receptor’s reversal potential to the sign', () => {
    expect(() => validateNetwork(network({ target: 'g', receptor: 'exc', weight: 2 }))).not.toThrow();
    expect(() => validateNetwork(network({ source: 'i', target: 'g', receptor: 'inh', weight: 2 }))).not.toThrow();
    rejects(
      network({ source: 'i', target: 'g', receptor: 'exc', weight: 2 }),
      /^projections\[0\]\.receptor: expected a receptor reversing at or below -50 mV, since population 'i' is inhibitory, got "'exc' of 'g' \(reversal 0 mV\)"/,
    );
    rejects(network({ target: 'g', receptor: 'inh', weight: 2 }), /^projections\[0\]\.receptor: expected a receptor reversing above -50 mV/);
  });

  it('leaves unsigned populations unchecked, and names a bad sign', () => {
    expect(() => validateNetwork(network({ source: 'g', target: 'e', weight: -3 }))).not.toThrow();
    rejects(
      network({}, (n) => void (n.populations[0]!.sign = 'exitatory' as never)),
      /^populations\[0\]\.sign: .*did you mean 'excitatory'/,
    );
  });
});
