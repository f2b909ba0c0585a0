import type { NetworkDescription } from '@spikegpu/core';
import { ModelRegistry } from '@spikegpu/models';
import { describe, expect, it } from 'vitest';
import { CpuEngine } from './cpu-engine.js';
import { planNetwork } from './network-plan.js';
import { poissonMethod } from './neuron-kernel.js';

/**
 * Counts of a Poisson input per neuron and step, read from a current receptor that never decays
 * (τ so long that exp(−dt/τ) is 1 in f32) and adds 1 per arrival: the difference of its value between
 * steps is the step's count, exactly. The neurons' membrane barely moves (C = 10^12 pF).
 */
async function countsPerStep(rateHz: number, sources: number, neurons: number, steps: number): Promise<Float64Array[]> {
  const net: NetworkDescription = {
    name: 'poisson-counts',
    dt: 0.1,
    seed: 9,
    populations: [
      {
        name: 'p',
        size: neurons,
        model: 'lif',
        params: { C: 1e12 },
        receptors: { in: { kind: 'current', tauMs: 1e12 } },
      },
    ],
    inputs: [{ kind: 'poisson', target: 'p', receptor: 'in', weight: 1, rateHz, sources }],
  };
  const engine = new CpuEngine(planNetwork(net, new ModelRegistry()));
  const counts: Float64Array[] = [];
  let previous = await engine.readState(0, 'syn_in');
  for (let s = 0; s < steps; s++) {
    await engine.run(1, () => {});
    const now = await engine.readState(0, 'syn_in');
    counts.push(Float64Array.from(now, (x, k) => x - (previous[k] as number)));
    previous = now;
  }
  return counts;
}

/** 99.9 % quantiles of χ² by degrees of freedom (Abramowitz & Stegun 1964, table 26.8). */
const CHI2_999 = [Number.NaN, 10.83, 13.82, 16.27, 18.47, 20.52, 22.46, 24.32, 26.12, 27.88, 29.59, 31.26, 32.91, 34.53, 36.12];

function poissonPmf(mean: number, k: number): number {
  let p = Math.exp(-mean);
  for (let j = 1; j <= k; j++) p *= mean / j;
  return p;
}

describe('Poisson input (Knuth’s product carried across steps)', () => {
  for (const [label, rateHz, sources] of [
    ['COBA’s drive, mean 0.08 per step', 8, 100],
    ['a strong drive, mean 3 per step', 300, 100],
  ] as const) {
    it(`gives Poisson counts per step, independent from step to step: ${label}`, async () => {
      const mean = (rateHz * sources * 0.1) / 1000;
      const counts = await countsPerStep(rateHz, sources, 400, 1500);
      const all = counts.flatMap((c) => Array.from(c));
      const n = all.length;
      expect(all.every((c) => Number.isInteger(c) && c >= 0)).toBe(true);
      const sampleMean = all.reduce((a, b) => a + b, 0) / n;
      const variance = all.reduce((a, b) => a + (b - sampleMean) ** 2, 0) / (n - 1);
      // Mean and variance of a Poisson count are both m; 4 standard errors.
      expect(Math.abs(sampleMean - mean)).toBeLessThan(4 * Math.sqrt(mean / n));
      expect(Math.abs(variance / mean - 1)).toBeLessThan(4 * Math.sqrt(2 / n) * (1 + 1 / Math.sqrt(mean)));
      // χ² of the count histogram against the Poisson pmf (classes with an expectation ≥ 20, the rest pooled).
      const histogram = new Map<number, number>();
      for (const c of all) histogram.set(c, (histogram.get(c) ?? 0) + 1);
      let chi2 = 0;
      let classes = 0;
      let restObserved = n;
      let restExpected = n;
      for (let k = 0; n * poissonPmf(mean, k) >= 20; k++) {
        const expected = n * poissonPmf(mean, k);
        const observed = histogram.get(k) ?? 0;
        chi2 += (observed - expected) ** 2 / expected;
        restObserved -= observed;
        restExpected -= expected;
        classes++;
      }
      chi2 += (restObserved - restExpected) ** 2 / restExpected;
      // Below the 99.9 % quantile of χ² with `classes` degrees of freedom (one fewer than classes + the pooled rest).
      expect(chi2).toBeLessThan(CHI2_999[classes] as number);
      // Counts of consecutive steps are uncorrelated (lag-1 correlation within 4 standard errors of 0).
      let covariance = 0;
      for (let s = 1; s < counts.length; s++)
        for (let k = 0; k < 400; k++) covariance += ((counts[s]?.[k] as number) - sampleMean) * ((counts[s - 1]?.[k] as number) - sampleMean);
      const pairs = (counts.length - 1) * 400;
      expect(Math.abs(covariance / pairs / variance)).toBeLessThan(4 / Math.sqrt(pairs));
    });
  }

  it('keeps per-neuron state only where it draws by the carried product (means up to 30 per step)', () => {
    expect(poissonMethod({ kind: 'poisson', target: 'p', rateHz: 8, sources: 100, weight: 1 }, 0.1)).toBe('carried');
    expect(poissonMethod({ kind: 'poisson', target: 'p', rateHz: 3e5, sources: 1, weight: 1 }, 0.1)).toBe('carried');
    expect(poissonMethod({ kind: 'poisson', target: 'p', rateHz: 4e5, sources: 1, weight: 1 }, 0.1)).toBe('normal');
    const plan = planNetwork(
      {
        name: 'state',
        dt: 0.1,
        seed: 1,
        populations: [{ name: 'p', size: 1000, model: 'lif' }],
        inputs: [
          { kind: 'poisson', target: 'p', weight: 1, rateHz: 8, sources: 100 },
          { kind: 'poisson', target: 'p', weight: 1, rateHz: 1e6, sources: 1 },
        ],
      },
      new ModelRegistry(),
    );
    const pop = plan.populations[0]!;
    expect(pop.extraState).toEqual(['poisson_0', 'refractory']);
    // e^(−m·τ) of an exponential τ is uniform in (0, 1).
    const q = pop.init.poisson_0 as Float32Array;
    expect(q.every((x) => x > 0 && x < 1)).toBe(true);
    expect(Math.abs(q.reduce((a, b) => a + b, 0) / q.length - 0.5)).toBeLessThan(0.05);
  });
});
