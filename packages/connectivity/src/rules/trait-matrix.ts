import { philox4x32Into } from '@spikegpu/core';
import { DrawPurpose } from '../counter-stream.js';
import { type Csr, trimToCount } from '../csr.js';
import { checkTraitMatrix, checkTraits } from '../field-checks.js';
import { SegmentSorter } from '../sort-segment.js';
import type { RowBlock } from './fixed-probability.js';

/** Traits given per neuron, or as fractions of the population in index order. */
export type TraitAssignment = ArrayLike<number> | { fractions: number[] };

/** The trait of every neuron: a list as given, or fractions turned into runs (largest remainders). */
export function traitsOf(assignment: TraitAssignment, size: number): Uint32Array {
  if (!('fractions' in assignment)) return Uint32Array.from(assignment);
  const { fractions } = assignment;
  const sum = fractions.reduce((a, b) => a + b, 0);
  const exact = fractions.map((f) => (f / sum) * size);
  const counts = exact.map(Math.floor);
  let left = size - counts.reduce((a, b) => a + b, 0);
  const order = exact.map((x, t) => [x - Math.floor(x), t] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (const [, t] of order) {
    if (left-- <= 0) break;
    counts[t] = (counts[t] as number) + 1;
  }
  const traits = new Uint32Array(size);
  let i = 0;
  counts.forEach((count, t) => {
    traits.fill(t, i, i + count);
    i += count;
  });
  return traits;
}

/**
 * Trait-matrix connectivity: neuron i of trait a connects to neuron j of trait b with probability
 * probabilities[a][b], independently. The targets of each trait are listed in ascending order, and row i jumps
 * through each list by geometric gaps (as fixed-probability does), then merges them. Row i draws from
 * its own counter stream.
 */
export function buildTraitMatrix(
  sourceTraits: Uint32Array,
  targetTraits: Uint32Array,
  probabilities: number[][],
  excludeSelf: boolean,
  seed: number,
  stream: number,
): Csr {
  const sourceSize = sourceTraits.length;
  const targetSize = targetTraits.length;
  const { rowOffsets, targets } = buildTraitMatrixRows(sourceTraits, targetTraits, probabilities, excludeSelf, seed, stream, 0, sourceSize);
  return { sourceSize, targetSize, rowOffsets, targets };
}

/** Rows `rowBegin .. rowEnd` of {@link buildTraitMatrix}; offsets start at 0 for the first of them. */
export function buildTraitMatrixRows(
  sourceTraits: Uint32Array,
  targetTraits: Uint32Array,
  probabilities: number[][],
  excludeSelf: boolean,
  seed: number,
  stream: number,
  rowBegin: number,
  rowEnd: number,
): RowBlock {
  const targetSize = targetTraits.length;
  const traitCount = probabilities[0]?.length ?? 0;
  const listStart = new Uint32Array(traitCount + 1);
  for (const trait of targetTraits) listStart[trait + 1] = (listStart[trait + 1] as number) + 1;
  for (let t = 1; t <= traitCount; t++) listStart[t] = (listStart[t] as number) + (listStart[t - 1] as number);
  const byTrait = new Uint32Array(targetSize);
  const cursor = listStart.slice(0, traitCount);
  for (let j = 0; j < targetSize; j++) {
    const trait = targetTraits[j] as number;
    const slot = cursor[trait] as number;
    cursor[trait] = slot + 1;
    byTrait[slot] = j;
  }

  const expected = expectedTraitMatrixCount(sourceTraits.subarray(rowBegin, rowEnd), targetTraits, probabilities);
  let capacity = Math.ceil(expected + 8 * Math.sqrt(expected) + 1024);
  let targets = new Uint32Array(capacity);
  const rowOffsets = new Uint32Array(rowEnd - rowBegin + 1);
  const inverseLogMiss = probabilities.map((row) => row.map((p) => 1 / Math.log1p(-p)));
  const sorter = new SegmentSorter();
  const purpose: number = DrawPurpose.traitMatrix;
  const block = new Uint32Array(4);
  let count = 0;
  for (let row = rowBegin; row < rowEnd; row++) {
    let blockIndex = 0;
    let used = 4;
    const rowStart = count;
    const trait = sourceTraits[row] as number;
    for (let b = 0; b < traitCount; b++) {
      const p = probabilities[trait]?.[b] ?? 0;
      if (p <= 0) continue;
      const rate = inverseLogMiss[trait]?.[b] as number;
      const begin = listStart[b] as number;
      const end = listStart[b + 1] as number;
      let slot = begin - 1;
      for (;;) {
        if (used === 4) {
          philox4x32Into(block, row, blockIndex++, stream, purpose, seed, 0x5350494b);
          used = 0;
        }
        const gap = Math.log(((block[used++] as number) + 0.5) * 2.3283064365386963e-10) * rate;
        if (gap >= end - 1 - slot) break;
        slot += 1 + (gap >>> 0);
        const target = byTrait[slot] as number;
        if (excludeSelf && target === row) continue;
        if (count === capacity) {
          capacity = Math.ceil(capacity * 1.25) + 1024;
          const grown = new Uint32Array(capacity);
          grown.set(targets);
          targets = grown;
        }
        targets[count++] = target;
      }
    }
    sorter.sort(targets, rowStart, count, targetSize);
    rowOffsets[row - rowBegin + 1] = count;
  }
  return { rowOffsets, targets: trimToCount(targets, count) };
}

/**
 * Per-synapse factors scale[a][b] for a synapse from a neuron of trait a onto one of trait b, in CSR
 * order: multiply them into sampled weights to give each trait pair its own weight scale.
 *
 * @example
 * ```ts
 * const factors = traitScales(csr, { fractions: [0.8, 0.2] }, { fractions: [0.8, 0.2] }, [[1, 1], [-4, -4]]);
 * weights.forEach((w, s) => (weights[s] = w * factors[s]));
 * ```
 */
export function traitScales(csr: Csr, sourceTraits: TraitAssignment, targetTraits: TraitAssignment, scale: number[][], path = 'scale'): Float32Array {
  const [sourceTraitCount, targetTraitCount] = checkTraitMatrix(scale, path, -Infinity, Infinity);
  checkTraits(sourceTraits, csr.sourceSize, sourceTraitCount, 'sourceTraits');
  checkTraits(targetTraits, csr.targetSize, targetTraitCount, 'targetTraits');
  const sources = traitsOf(sourceTraits, csr.sourceSize);
  const targets = traitsOf(targetTraits, csr.targetSize);
  const factors = new Float32Array(csr.targets.length);
  for (let row = 0; row < csr.sourceSize; row++) {
    const rowScale = scale[sources[row] as number] ?? [];
    const end = csr.rowOffsets[row + 1] as number;
    for (let s = csr.rowOffsets[row] as number; s < end; s++) factors[s] = rowScale[targets[csr.targets[s] as number] as number] ?? 0;
  }
  return factors;
}

/** Σ over neurons of trait a and b of p[a][b]: the expected synapse count (autapses included). */
export function expectedTraitMatrixCount(sourceTraits: Uint32Array, targetTraits: Uint32Array, probabilities: number[][]): number {
  const targetCounts = new Float64Array(probabilities[0]?.length ?? 0);
  for (const trait of targetTraits) targetCounts[trait] = (targetCounts[trait] as number) + 1;
  let expected = 0;
  for (const trait of sourceTraits) {
    const row = probabilities[trait] ?? [];
    for (let b = 0; b < targetCounts.length; b++) expected += (row[b] ?? 0) * (targetCounts[b] as number);
  }
  return expected;
}
