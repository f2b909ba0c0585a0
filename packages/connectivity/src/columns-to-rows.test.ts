import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { rowsFromColumns } from './columns-to-rows.js';
import { accumulateOffsets } from './csr.js';

/** Reference: every (row, column) pair sorted by row then column. */
function reference(columns: number[][], sourceSize: number): number[] {
  const pairs: Array<[number, number]> = [];
  columns.forEach((sources, column) => {
    for (const row of sources) pairs.push([row, column]);
  });
  pairs.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  expect(pairs.every(([row]) => row < sourceSize)).toBe(true);
  return pairs.map(([, column]) => column);
}

describe('rowsFromColumns', () => {
  it('matches a sort of the (row, column) pairs on the direct and the blocked path', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 300 }),
        fc.array(fc.array(fc.nat(), { maxLength: 12 }), { minLength: 1, maxLength: 60 }),
        fc.constantFrom(1, 4, 64, 1 << 18),
        (sourceSize, rawColumns, blockEntries) => {
          const columns = rawColumns.map((sources) => sources.map((s) => s % sourceSize));
          const columnStarts = [0];
          for (const sources of columns) columnStarts.push((columnStarts[columnStarts.length - 1] as number) + sources.length);
          const columnSources = Uint32Array.from(columns.flat());
          const rowOffsets = new Uint32Array(sourceSize + 1);
          for (const row of columnSources) rowOffsets[row + 1] = (rowOffsets[row + 1] as number) + 1;
          accumulateOffsets(rowOffsets);
          const targets = rowsFromColumns(columnSources, (c) => columnStarts[c] as number, rowOffsets, columns.length, blockEntries);
          expect([...targets]).toEqual(reference(columns, sourceSize));
        },
      ),
      { numRuns: 300 },
    );
  });
});
