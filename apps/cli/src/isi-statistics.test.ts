import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { IsiStatistics } from './isi-statistics.js';

/** The two-pass definition: per neuron with ≥ 3 spikes, sample sd / mean of its intervals; averaged. */
function directMeanCv(trains: number[][]): number {
  const cvs = trains
    .filter((t) => t.length >= 3)
    .map((t) => {
      const isi = t.slice(1).map((x, k) => x - (t[k] as number));
      const mean = isi.reduce((a, b) => a + b, 0) / isi.length;
      const sd = Math.sqrt(isi.reduce((a, b) => a + (b - mean) ** 2, 0) / (isi.length - 1));
      return sd / mean;
    });
  return cvs.length ? cvs.reduce((a, b) => a + b, 0) / cvs.length : Number.NaN;
}

describe('IsiStatistics', () => {
  it('agrees with the two-pass ISI CV for any spike trains', () => {
    const train = fc.uniqueArray(fc.integer({ min: 0, max: 100_000 }), { maxLength: 40 }).map((steps) => steps.sort((a, b) => a - b).map((s) => s * 0.1));
    fc.assert(
      fc.property(fc.array(train, { minLength: 1, maxLength: 8 }), (trains) => {
        const stats = new IsiStatistics(trains.length);
        // Interleave neurons as a simulation delivers them: by time.
        const spikes = trains.flatMap((t, neuron) => t.map((time) => ({ neuron, time }))).sort((a, b) => a.time - b.time);
        for (const s of spikes) stats.add(s.neuron, s.time);
        const expected = directMeanCv(trains);
        if (Number.isNaN(expected)) expect(stats.meanCv()).toBeNaN();
        else expect(stats.meanCv()).toBeCloseTo(expected, 9);
        expect(stats.intervals).toBe(trains.reduce((n, t) => n + Math.max(0, t.length - 1), 0));
      }),
    );
  });

  it('gives CV 0 for a regular train and returns each interval', () => {
    const stats = new IsiStatistics(1);
    expect(stats.add(0, 5)).toBeNaN();
    expect(stats.add(0, 15)).toBe(10);
    expect(stats.add(0, 25)).toBe(10);
    expect(stats.meanCv()).toBe(0);
  });
});
