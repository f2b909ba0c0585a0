import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SegmentSorter } from './sort-segment.js';

describe('SegmentSorter', () => {
  it('sorts a segment ascending and leaves the rest alone, for any length and value range', () => {
    const sorter = new SegmentSorter();
    fc.assert(
      fc.property(fc.array(fc.nat(), { maxLength: 3000 }), fc.constantFrom(2, 1000, 2 ** 22, 2 ** 31 + 5, 2 ** 32), fc.nat(5), (raw, limit, margin) => {
        const values = Uint32Array.from([...Array(margin).fill(7), ...raw.map((v) => v % limit), ...Array(margin).fill(9)]);
        const expected = [...values.subarray(margin, margin + raw.length)].sort((a, b) => a - b);
        sorter.sort(values, margin, margin + raw.length, limit);
        expect([...values.subarray(margin, margin + raw.length)]).toEqual(expected);
        expect([...values.subarray(0, margin), ...values.subarray(margin + raw.length)]).toEqual([...Array(margin).fill(7), ...Array(margin).fill(9)]);
      }),
      { numRuns: 200 },
    );
  });
});
