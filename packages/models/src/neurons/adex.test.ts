import { describe, expect, it } from 'vitest';
import { findPreset, stimulusAt } from '../presets/index.js';
import { adex } from './adex.js';
import { intervals, simulateNeuron } from './simulate-neuron.testkit.js';

/** Spike times of a Naud et al. (2008) preset under its step current (Brian's dt of 0.1 ms is too coarse for the exponential; 0.05 here). */
function pattern(name: string, durationMs?: number): number[] {
  const preset = findPreset('adex', name);
  const stimulus = preset.stimulus!;
  return simulateNeuron(adex, {
    dtMs: 0.05,
    durationMs: durationMs ?? stimulus.totalMs,
    current: (t) => stimulusAt(stimulus, t),
    params: preset.params,
    ...(preset.init ? { init: preset.init } : {}),
  }).spikes;
}
const cv = (x: number[]) => {
  const mean = x.reduce((a, b) => a + b, 0) / x.length;
  return Math.sqrt(x.reduce((a, b) => a + (b - mean) ** 2, 0) / (x.length - 1)) / mean;
};

describe('AdEx presets produce the firing pattern of their Naud et al. (2008) class', () => {
  it('tonic: regular intervals from the first spike on', () => {
    const isi = intervals(pattern('tonic'));
    expect(isi.length).toBeGreaterThan(20);
    expect(isi.at(-1)! / isi[0]!).toBeLessThan(1.15);
    expect(cv(isi.slice(5))).toBeLessThan(0.02);
  });

  it('adapting: intervals grow monotonically to several times the first', () => {
    const isi = intervals(pattern('adapting'));
    for (let k = 1; k < isi.length; k++) expect(isi[k]!).toBeGreaterThanOrEqual(isi[k - 1]! - 0.1);
    expect(isi.at(-1)! / isi[0]!).toBeGreaterThan(4);
  });

  it('initial burst: a few short intervals, then regular long ones', () => {
    const isi = intervals(pattern('initial-burst'));
    const steady = isi.at(-1)!;
    expect(isi[0]!).toBeLessThan(steady / 5);
    expect(cv(isi.slice(3))).toBeLessThan(0.05);
  });

  it('regular bursting and delayed bursting: bursts repeat, intervals are bimodal', () => {
    for (const name of ['regular-bursting', 'delayed-bursting']) {
      const isi = intervals(pattern(name));
      const long = isi.filter((x) => x > 40).length;
      expect(long, name).toBeGreaterThanOrEqual(3);
      expect(isi.filter((x) => x < 10).length, name).toBeGreaterThanOrEqual(long);
    }
  });

  it('delayed: the first spike comes late, then intervals shorten (accelerating)', () => {
    const spikes = pattern('delayed');
    expect(spikes[0]! - 20).toBeGreaterThan(25);
    const isi = intervals(spikes);
    expect(isi.at(-1)!).toBeLessThan(isi[0]! * 0.8);
  });

  it('transient: one spike, then silence under a sustained step', () => {
    expect(pattern('transient').length).toBeLessThanOrEqual(2);
  });

  it('irregular: interval CV above 0.3 over two seconds', () => {
    const isi = intervals(pattern('irregular', 2000)).slice(3);
    expect(isi.length).toBeGreaterThan(30);
    expect(cv(isi)).toBeGreaterThan(0.3);
  });

  it('RS (Brette & Gerstner 2005) adapts', () => {
    const isi = intervals(pattern('RS'));
    expect(isi.at(-1)! / isi[0]!).toBeGreaterThan(2);
  });

  it('stays finite when the exponential runs away at a coarse step (the exponent is clamped)', () => {
    const run = simulateNeuron(adex, { dtMs: 0.5, durationMs: 200, current: () => 2000, record: ['v', 'w'] });
    expect(run.spikes.length).toBeGreaterThan(5);
    expect(run.trace.v!.every(Number.isFinite)).toBe(true);
    expect(run.trace.w!.every(Number.isFinite)).toBe(true);
  });
});
