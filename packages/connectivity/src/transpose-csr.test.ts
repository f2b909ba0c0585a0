import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildConnectivity } from './build-connectivity.js';
import { transposeCsr } from './transpose-csr.js';

describe('transposeCsr', () => {
  it('lists each column’s sources ascending, pointing back at the row-major synapse', () => {
    fc.assert(
      fc.property(fc.nat(30), fc.nat(30), fc.double({ min: 0, max: 1, noNaN: true }), fc.nat(), (sourceSize, targetSize, p, seed) => {
        const csr = buildConnectivity({ rule: 'fixed-probability', p }, { sourceSize, targetSize, isSamePopulation: false, seed, stream: 1 });
        const { colOffsets, sources, synapseIndex } = transposeCsr(csr);
        expect(colOffsets.length).toBe(targetSize + 1);
        expect(colOffsets[targetSize]).toBe(csr.targets.length);
        const seen = new Uint8Array(csr.targets.length);
        for (let column = 0; column < targetSize; column++) {
          for (let e = colOffsets[column] as number; e < (colOffsets[column + 1] as number); e++) {
            const synapse = synapseIndex[e] as number;
            const source = sources[e] as number;
            expect(csr.targets[synapse]).toBe(column);
            expect(synapse >= (csr.rowOffsets[source] as number) && synapse < (csr.rowOffsets[source + 1] as number)).toBe(true);
            if (e > (colOffsets[column] as number)) expect(source).toBeGreaterThan(sources[e - 1] as number);
            seen[synapse] = 1;
          }
        }
        expect(seen.every((s) => s === 1)).toBe(true);
      }),
      { numRuns: 200 },
    );
  });
});
