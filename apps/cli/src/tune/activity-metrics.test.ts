import { Rng } from '@spikegpu/core';
import { describe, expect, it } from 'vitest';
import { ActivityMeter, criteriaFailures, DEFAULT_CRITERIA } from './activity-metrics.js';

/** Feeds a meter step by step from a function that says which neurons spike at a step. */
function measure(neurons: number, steps: number, dt: number, spikesAt: (step: number) => number[], firstStep = 0) {
  const meter = new ActivityMeter(neurons, dt, firstStep, 5);
  for (let step = 0; step < steps; step++) meter.add(step, Uint32Array.from(spikesAt(step)));
  return meter.metrics(steps);
}

describe('ActivityMeter', () => {
  it('measures independent Poisson neurons as asynchronous: Fano factor near 1, synchrony near 0', () => {
    const rng = new Rng(7, 1);
    const rateHz = 10;
    const dt = 0.1;
    const p = (rateHz * dt) / 1000;
    const m = measure(200, 20_000, dt, () => Array.from({ length: 200 }, (_, i) => i).filter(() => rng.nextUniform() < p));
    expect(m.rateHz).toBeGreaterThan(9);
    expect(m.rateHz).toBeLessThan(11);
    expect(m.activeFraction).toBe(1);
    expect(m.fanoFactor).toBeGreaterThan(0.8);
    expect(m.fanoFactor).toBeLessThan(1.2);
    expect(Math.abs(m.synchrony)).toBeLessThan(0.002);
    expect(criteriaFailures(m, DEFAULT_CRITERIA)).toEqual([]);
  });

  it('measures population bursts (every neuron in the same step, every 100 ms) as synchrony near 1', () => {
    const m = measure(200, 10_000, 0.1, (step) => (step % 1000 === 0 ? Array.from({ length: 200 }, (_, i) => i) : []));
    expect(m.rateHz).toBeCloseTo(10, 9);
    expect(m.synchrony).toBeGreaterThan(0.95);
    expect(criteriaFailures(m, DEFAULT_CRITERIA)).toEqual([`synchrony ${m.synchrony.toFixed(3)} > 0.1`]);
  });

  it('leaves out the transient and counts neurons that never fire', () => {
    // Neurons 0–9 fire only before step 100, neurons 10–19 every 10 steps after it.
    const m = measure(
      40,
      1100,
      1,
      (step) => (step < 100 ? [0, 1, 2, 3, 4, 5, 6, 7, 8, 9] : step % 10 === 0 ? [10, 11, 12, 13, 14, 15, 16, 17, 18, 19] : []),
      100,
    );
    expect(m.spikes).toBe(1000);
    expect(m.activeFraction).toBe(0.25);
    expect(m.rateHz).toBeCloseTo(1000 / 40 / 1, 9);
  });

  it('calls a silent network dead', () => {
    const m = measure(50, 1000, 1, () => []);
    expect(m.rateHz).toBe(0);
    expect(criteriaFailures(m, DEFAULT_CRITERIA)).toEqual(['rate 0.00 Hz < 1 Hz', 'active 0 % < 20 %']);
  });
});
