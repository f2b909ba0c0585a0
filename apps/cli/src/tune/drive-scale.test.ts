import type { NetworkDescription } from '@spikegpu/core';
import { describe, expect, it } from 'vitest';
import { scaleDrive } from './drive-scale.js';

const network: NetworkDescription = {
  name: 'drive',
  dt: 0.1,
  seed: 3,
  populations: [{ name: 'a', size: 10, model: 'lif' }],
  inputs: [
    { kind: 'poisson', target: 'a', rateHz: 8, sources: 100, weight: 6 },
    { kind: 'current', target: 'a', amplitude: { dist: 'normal', mean: 100, sd: 10, min: 0 } },
    { kind: 'current', target: 'a', amplitude: { dist: 'lognormal', mu: 1, sigma: 0.5 } },
    { kind: 'noise', target: 'a', mean: 5, sd: 2 },
    { kind: 'ou', target: 'a', mean: 1, sd: 3, tauMs: 10 },
  ],
};

describe('scaleDrive', () => {
  it('multiplies Poisson rates, currents and noise, keeping weights and the network', () => {
    const scaled = scaleDrive(network, 2);
    expect(scaled.inputs).toEqual([
      { kind: 'poisson', target: 'a', rateHz: 16, sources: 100, weight: 6 },
      { kind: 'current', target: 'a', amplitude: { dist: 'normal', mean: 200, sd: 20, min: 0 } },
      { kind: 'current', target: 'a', amplitude: { dist: 'lognormal', mu: 1 + Math.log(2), sigma: 0.5 } },
      { kind: 'noise', target: 'a', mean: 10, sd: 4 },
      { kind: 'ou', target: 'a', mean: 2, sd: 6, tauMs: 10 },
    ]);
    expect({ ...scaled, inputs: network.inputs }).toEqual(network);
    expect(network.inputs?.[0]).toMatchObject({ rateHz: 8 });
  });

  it('refuses a negative scale, naming it', () => {
    expect(() => scaleDrive(network, -1)).toThrow('driveScale: expected a number ≥ 0, got -1');
  });
});
