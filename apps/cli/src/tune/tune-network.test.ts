import { describe, expect, it } from 'vitest';
import { DEFAULT_CRITERIA } from './activity-metrics.js';
import type { SweepPoint } from './overrides-file.js';
import { chooseScale } from './tune-network.js';

const point = (driveScale: number, rateHz: number, synchrony: number, failures: string[] = []): SweepPoint => ({
  driveScale,
  rateHz,
  synchrony,
  activeFraction: 0.9,
  fanoFactor: 1,
  spikes: 1,
  failures,
});

describe('chooseScale', () => {
  it('keeps the passing scale whose rate is nearest √(1·50) ≈ 7.1 Hz on a log scale', () => {
    const sweep = [point(0.5, 0.5, 0, ['dead']), point(1, 3, 0.01), point(2, 12, 0.02), point(4, 80, 0.3, ['seizure'])];
    // |ln(3/7.07)| = 0.86 > |ln(12/7.07)| = 0.53
    expect(chooseScale(sweep, DEFAULT_CRITERIA)).toEqual({ point: sweep[2], meetsCriteria: true });
  });

  it('breaks ties by lower synchrony, then by lower scale', () => {
    const sweep = [point(1, 10, 0.05), point(2, 10, 0.01), point(3, 10, 0.01)];
    expect(chooseScale(sweep, DEFAULT_CRITERIA).point.driveScale).toBe(2);
  });

  it('keeps the nearest miss when no scale meets the criteria, and says so', () => {
    const sweep = [point(1, 0, Number.NaN, ['dead']), point(2, 60, 0.2, ['fast', 'synchronous']), point(4, 55, 0.12, ['fast', 'synchronous'])];
    expect(chooseScale(sweep, DEFAULT_CRITERIA)).toEqual({ point: sweep[2], meetsCriteria: false });
  });
});
