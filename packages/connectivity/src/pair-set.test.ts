import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PairSet } from './pair-set.js';

describe('PairSet', () => {
  it('behaves as a set of unordered pairs under any sequence of adds and deletes', () => {
    const operation = fc.record({ add: fc.boolean(), a: fc.nat(30), b: fc.nat(30) });
    fc.assert(
      fc.property(fc.array(operation, { maxLength: 400 }), (operations) => {
        const pairs = new PairSet(31, 64);
        const reference = new Set<string>();
        const name = (a: number, b: number) => `${Math.min(a, b)}-${Math.max(a, b)}`;
        for (const { add, a, b } of operations) {
          if (a === b) continue;
          if (add) {
            if (reference.size >= 64 && !reference.has(name(a, b))) continue;
            expect(pairs.add(a, b)).toBe(!reference.has(name(a, b)));
            reference.add(name(a, b));
          } else {
            pairs.delete(b, a);
            reference.delete(name(a, b));
          }
          for (let x = 0; x < 31; x += 3) for (let y = 1; y < 31; y += 4) if (x !== y) expect(pairs.has(x, y)).toBe(reference.has(name(x, y)));
        }
      }),
      { numRuns: 100 },
    );
  });
});
