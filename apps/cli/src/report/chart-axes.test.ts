import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { logTicks, niceTicks, ticksFromZero } from './chart-axes.js';

describe('chart ticks', () => {
  it('niceTicks gives round, evenly spaced values inside the range', () => {
    fc.assert(
      fc.property(fc.double({ min: -1e6, max: 1e6, noNaN: true }), fc.double({ min: 1e-3, max: 1e6, noNaN: true }), (min, span) => {
        const ticks = niceTicks(min, min + span, 5);
        expect(ticks.length).toBeGreaterThanOrEqual(2);
        expect(ticks.length).toBeLessThanOrEqual(11);
        const step = (ticks[1] as number) - (ticks[0] as number);
        const mantissa = step / 10 ** Math.floor(Math.log10(step));
        expect([1, 2, 5, 10].some((m) => Math.abs(mantissa - m) < 1e-6)).toBe(true);
        for (const t of ticks) {
          expect(t).toBeGreaterThanOrEqual(min - span * 1e-9);
          expect(t).toBeLessThanOrEqual(min + span * (1 + 1e-9));
        }
      }),
    );
  });

  it('ticksFromZero reaches the maximum; logTicks are the powers of ten inside', () => {
    expect(ticksFromZero(10_300, 4)).toEqual([0, 5000, 10000, 15000]);
    expect(ticksFromZero(0)).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
    expect(logTicks(0.1, 1000)).toEqual([0.1, 1, 10, 100, 1000]);
  });
});
