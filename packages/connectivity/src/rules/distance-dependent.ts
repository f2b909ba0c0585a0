import { philox4x32Into } from '@spikegpu/core';
import { DrawPurpose } from '../counter-stream.js';
import { type Csr, trimToCount } from '../csr.js';
import { logChordAbove, logChordBase, logChordBelow, logChordSlope } from '../log-bounds.js';
import { SegmentSorter } from '../sort-segment.js';
import { buildSpatialGrid } from '../spatial-grid.js';
import type { RowBlock } from './fixed-probability.js';

/** The connection probability as a function of distance, as a connectivity rule names it. */
export interface DistanceProfile {
  /** `gaussian`: p0·exp(−d²/2σ²); `exponential`: p0·exp(−d/λ). */
  profile: 'gaussian' | 'exponential';
  /** Probability at distance 0. */
  p0: number;
  /** σ (gaussian) or λ (exponential), µm. */
  scaleUm: number;
  /** No synapse beyond this distance, µm. */
  cutoffUm: number;
}

/** Distance levels of the probability bound table: finer levels waste fewer draws near cell edges. */
const LEVELS = 256;

/** Bins of the table that brackets p(d²) for thinning without Math.exp. */
const P_BINS = 4096;

/** p(d) for d² (µm²). */
export function connectionProbability(profile: DistanceProfile, distanceSquared: number): number {
  if (distanceSquared > profile.cutoffUm * profile.cutoffUm) return 0;
  return profile.profile === 'gaussian'
    ? profile.p0 * Math.exp(distanceSquared * (-1 / (2 * profile.scaleUm * profile.scaleUm)))
    : profile.p0 * Math.exp(Math.sqrt(distanceSquared) * (-1 / profile.scaleUm));
}

/**
 * Distance-dependent connectivity: pair (i, j) connects with probability p(|x_i − x_j|), independently.
 * Targets are binned in a spatial grid of cells about σ/2 wide; row i visits only the cells within the
 * cutoff, and in each it jumps between candidates by geometric gaps drawn for an upper bound of p over
 * the cell (p at the cell's nearest point), then keeps a candidate with probability p(d)/bound
 * (thinning). So the work per row grows with its synapses and the cells in reach, not with the
 * population. Row i draws from its own counter stream, so any split of the rows gives the same rows.
 */
export function buildDistanceDependent(
  profile: DistanceProfile,
  excludeSelf: boolean,
  sourcePositions: Float32Array,
  targetPositions: Float32Array,
  seed: number,
  stream: number,
): Csr {
  const sourceSize = sourcePositions.length / 3;
  const { rowOffsets, targets } = buildDistanceDependentRows(profile, excludeSelf, sourcePositions, targetPositions, seed, stream, 0, sourceSize);
  return { sourceSize, targetSize: targetPositions.length / 3, rowOffsets, targets };
}

/** Rows `rowBegin .. rowEnd` of {@link buildDistanceDependent}; offsets start at 0 for the first of them. */
export function buildDistanceDependentRows(
  profile: DistanceProfile,
  excludeSelf: boolean,
  sourcePositions: Float32Array,
  targetPositions: Float32Array,
  seed: number,
  stream: number,
  rowBegin: number,
  rowEnd: number,
): RowBlock {
  const targetSize = targetPositions.length / 3;
  const cutoff = profile.cutoffUm;
  const cutoffSquared = cutoff * cutoff;
  const grid = buildSpatialGrid(targetPositions, Math.max(cutoff / 16, Math.min(cutoff, profile.scaleUm / 2)));
  const [nx, ny, nz] = grid.shape;
  const cellUm = grid.cellUm;
  const [ox, oy, oz] = grid.origin;
  const slotPositions = grid.slotPositions;
  const points = grid.points;
  const cellStart = grid.cellStart;
  // Bound tables: level ℓ covers nearest-point distances² ≥ ℓ·cutoff²/LEVELS, where p ≤ p(√(ℓ·cutoff²/LEVELS)).
  const levelBound = new Float64Array(LEVELS);
  const levelInverseLogMiss = new Float64Array(LEVELS);
  for (let level = 0; level < LEVELS; level++) {
    const bound = connectionProbability(profile, (level * cutoffSquared) / LEVELS);
    levelBound[level] = bound;
    levelInverseLogMiss[level] = bound > 0 ? 1 / Math.log1p(-bound) : 0;
  }
  // p(d²) is decreasing: over table bin b (d² ∈ [b, b + 1)·cutoff²/P_BINS, give or take a bin for the
  // rounding of the index) it lies between probabilityBelow[b] and probabilityAbove[b]. A candidate whose
  // thinning draw falls outside that band is decided without Math.exp, with the same outcome.
  const probabilityAbove = new Float64Array(P_BINS);
  const probabilityBelow = new Float64Array(P_BINS);
  for (let b = 0; b < P_BINS; b++) {
    probabilityAbove[b] = connectionProbability(profile, (Math.max(0, b - 1) * cutoffSquared) / P_BINS) * (1 + 1e-12);
    probabilityBelow[b] = connectionProbability(profile, (Math.min(P_BINS, b + 2) * cutoffSquared) / P_BINS) * (1 - 1e-12);
  }
  const binsPerDistanceSquared = P_BINS / cutoffSquared;

  const rowCount = rowEnd - rowBegin;
  const rowOffsets = new Uint32Array(rowCount + 1);
  // Sized from the expected count (exact over sampled rows): growing by copies would cost more.
  const expected = expectedDistanceDependentCount(profile, excludeSelf, sourcePositions.subarray(3 * rowBegin, 3 * rowEnd), targetPositions);
  let capacity = Math.ceil(1.05 * expected + 8 * Math.sqrt(expected) + 1024);
  let targets = new Uint32Array(capacity);
  let count = 0;
  const sorter = new SegmentSorter();
  const purpose: number = DrawPurpose.distanceDependent;
  const block = new Uint32Array(4);
  const isGaussian = profile.profile === 'gaussian';
  const p0 = profile.p0;
  const gaussianRate = -1 / (2 * profile.scaleUm * profile.scaleUm);
  const exponentialRate = -1 / profile.scaleUm;
  const reach = Math.ceil(cutoff / cellUm);
  // Per row, the cells in reach are first sorted into bound levels (linked lists of their point
  // ranges), then each level is one run of geometric gaps across all its cells: one gap draw per
  // level and hit rather than per cell.
  const maxCells = (2 * reach + 1) ** 3;
  // Every level's list starts empty, and the row loop empties each list it walks.
  const levelHead = new Int32Array(LEVELS).fill(-1);
  const rangeBegin = new Uint32Array(maxCells);
  const rangeEnd = new Uint32Array(maxCells);
  const rangeNext = new Int32Array(maxCells);
  for (let row = rowBegin; row < rowEnd; row++) {
    // The row's counter stream (drawBlock's layout), read in place as in fixed-probability.
    let blockIndex = 0;
    let used = 4;
    const x = sourcePositions[3 * row] as number;
    const y = sourcePositions[3 * row + 1] as number;
    const z = sourcePositions[3 * row + 2] as number;
    const cx = Math.floor((x - ox) / cellUm);
    const cy = Math.floor((y - oy) / cellUm);
    const cz = Math.floor((z - oz) / cellUm);
    const rowStart = count;
    let ranges = 0;
    let lowestLevel = LEVELS;
    let highestLevel = -1;
    const xLow = Math.max(0, cx - reach);
    const xHigh = Math.min(nx - 1, cx + reach);
    for (let kz = Math.max(0, cz - reach); kz <= Math.min(nz - 1, cz + reach); kz++) {
      const dz = axisGap(z, oz + kz * cellUm, cellUm);
      for (let ky = Math.max(0, cy - reach); ky <= Math.min(ny - 1, cy + reach); ky++) {
        const dy = axisGap(y, oy + ky * cellUm, cellUm);
        const partialSquared = dy * dy + dz * dz;
        if (partialSquared > cutoffSquared) continue;
        const cellRow = (kz * ny + ky) * nx;
        for (let kx = xLow; kx <= xHigh; kx++) {
          const begin = cellStart[cellRow + kx] as number;
          const end = cellStart[cellRow + kx + 1] as number;
          if (begin === end) continue;
          const dx = axisGap(x, ox + kx * cellUm, cellUm);
          const nearestSquared = dx * dx + partialSquared;
          if (nearestSquared > cutoffSquared) continue;
          const level = Math.min(LEVELS - 1, Math.floor((nearestSquared / cutoffSquared) * LEVELS));
          if (level < lowestLevel) lowestLevel = level;
          if (level > highestLevel) highestLevel = level;
          rangeBegin[ranges] = begin;
          rangeEnd[ranges] = end;
          rangeNext[ranges] = levelHead[level] as number;
          levelHead[level] = ranges++;
        }
      }
    }
    for (let level = lowestLevel; level <= highestLevel; level++) {
      let range = levelHead[level] as number;
      levelHead[level] = -1;
      const bound = levelBound[level] as number;
      if (range < 0 || bound <= 0) continue;
      const inverseLogMiss = levelInverseLogMiss[level] as number;
      // `skip` candidates to pass over before the next hit, walking the level's ranges in list order:
      // ⌊ln u / ln(1 − bound)⌋, decided from the log-bound table where it can be (see log-bounds.ts).
      let skip = 0;
      if (bound < 1) {
        if (used === 4) {
          philox4x32Into(block, row, blockIndex++, stream, purpose, seed, 0x5350494b);
          used = 0;
        }
        const k = block[used++] as number;
        const j = k >>> 20;
        const chord = (logChordBase[j] as number) + (logChordSlope[j] as number) * ((k & 0xfffff) + 0.5);
        skip = Math.floor((chord + (logChordAbove[j] as number)) * inverseLogMiss);
        if (skip !== Math.floor((chord - (logChordBelow[j] as number)) * inverseLogMiss))
          skip = Math.floor(Math.log((k + 0.5) * 2.3283064365386963e-10) * inverseLogMiss);
      }
      let slot = rangeBegin[range] as number;
      for (;;) {
        let end = rangeEnd[range] as number;
        while (slot + skip >= end) {
          skip -= end - slot;
          range = rangeNext[range] as number;
          if (range < 0) break;
          slot = rangeBegin[range] as number;
          end = rangeEnd[range] as number;
        }
        if (range < 0) break;
        slot += skip;
        const target = points[slot] as number;
        const ex = (slotPositions[3 * slot] as number) - x;
        const ey = (slotPositions[3 * slot + 1] as number) - y;
        const ez = (slotPositions[3 * slot + 2] as number) - z;
        slot++;
        if (bound < 1) {
          if (used === 4) {
            philox4x32Into(block, row, blockIndex++, stream, purpose, seed, 0x5350494b);
            used = 0;
          }
          const k = block[used++] as number;
          const j = k >>> 20;
          const chord = (logChordBase[j] as number) + (logChordSlope[j] as number) * ((k & 0xfffff) + 0.5);
          skip = Math.floor((chord + (logChordAbove[j] as number)) * inverseLogMiss);
          if (skip !== Math.floor((chord - (logChordBelow[j] as number)) * inverseLogMiss))
            skip = Math.floor(Math.log((k + 0.5) * 2.3283064365386963e-10) * inverseLogMiss);
        }
        if (excludeSelf && target === row) continue;
        const distanceSquared = ex * ex + ey * ey + ez * ez;
        if (distanceSquared > cutoffSquared) continue;
        // Thinning: keep with probability p(d)/bound, drawing only when p(d) < bound. The table decides
        // unless the draw lands in the band between its bounds; then p(d) is computed exactly.
        const bin = Math.min(P_BINS - 1, Math.floor(distanceSquared * binsPerDistanceSquared));
        const above = probabilityAbove[bin] as number;
        const below = probabilityBelow[bin] as number;
        if (below < bound) {
          let probability = -1;
          if (above >= bound) {
            probability = p0 * Math.exp(isGaussian ? distanceSquared * gaussianRate : Math.sqrt(distanceSquared) * exponentialRate);
            if (probability >= bound) probability = 2;
          }
          if (probability !== 2) {
            if (used === 4) {
              philox4x32Into(block, row, blockIndex++, stream, purpose, seed, 0x5350494b);
              used = 0;
            }
            const threshold = ((block[used++] as number) + 0.5) * 2.3283064365386963e-10 * bound;
            if (threshold >= above) continue;
            if (threshold >= below) {
              if (probability < 0) probability = p0 * Math.exp(isGaussian ? distanceSquared * gaussianRate : Math.sqrt(distanceSquared) * exponentialRate);
              if (threshold >= probability) continue;
            }
          }
        }
        if (count === capacity) {
          capacity = Math.ceil(capacity * 1.5);
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

/** Distance along one axis from `value` to the cell [low, low + width]: 0 inside. */
function axisGap(value: number, low: number, width: number): number {
  return value < low ? low - value : value > low + width ? value - low - width : 0;
}

/**
 * The expected number of synapses: Σ p(d) over the candidate pairs of up to 512 evenly spaced rows,
 * scaled to all rows. Targets are binned in cells of a quarter of the cutoff, and only cells that reach
 * within the cutoff are summed.
 */
export function expectedDistanceDependentCount(
  profile: DistanceProfile,
  excludeSelf: boolean,
  sourcePositions: Float32Array,
  targetPositions: Float32Array,
): number {
  const sourceSize = sourcePositions.length / 3;
  if (sourceSize === 0 || targetPositions.length === 0) return 0;
  const cutoff = Math.max(profile.cutoffUm, 1e-6);
  const cutoffSquared = cutoff * cutoff;
  const grid = buildSpatialGrid(targetPositions, cutoff / 4);
  const [nx, ny, nz] = grid.shape;
  const [ox, oy, oz] = grid.origin;
  const cellUm = grid.cellUm;
  const reach = Math.ceil(cutoff / cellUm);
  const sampledRows = Math.min(sourceSize, 512);
  let total = 0;
  for (let r = 0; r < sampledRows; r++) {
    const row = Math.floor((r * sourceSize) / sampledRows);
    const x = sourcePositions[3 * row] as number;
    const y = sourcePositions[3 * row + 1] as number;
    const z = sourcePositions[3 * row + 2] as number;
    const cx = Math.floor((x - ox) / cellUm);
    const cy = Math.floor((y - oy) / cellUm);
    const cz = Math.floor((z - oz) / cellUm);
    for (let kz = Math.max(0, cz - reach); kz <= Math.min(nz - 1, cz + reach); kz++) {
      const dz = axisGap(z, oz + kz * cellUm, cellUm);
      for (let ky = Math.max(0, cy - reach); ky <= Math.min(ny - 1, cy + reach); ky++) {
        const dy = axisGap(y, oy + ky * cellUm, cellUm);
        if (dy * dy + dz * dz > cutoffSquared) continue;
        for (let kx = Math.max(0, cx - reach); kx <= Math.min(nx - 1, cx + reach); kx++) {
          const dx = axisGap(x, ox + kx * cellUm, cellUm);
          if (dx * dx + dy * dy + dz * dz > cutoffSquared) continue;
          const cell = (kz * ny + ky) * nx + kx;
          const end = grid.cellStart[cell + 1] as number;
          for (let slot = grid.cellStart[cell] as number; slot < end; slot++) {
            if (excludeSelf && grid.points[slot] === row) continue;
            const ex = (grid.slotPositions[3 * slot] as number) - x;
            const ey = (grid.slotPositions[3 * slot + 1] as number) - y;
            const ez = (grid.slotPositions[3 * slot + 2] as number) - z;
            total += connectionProbability(profile, ex * ex + ey * ey + ez * ez);
          }
        }
      }
    }
  }
  return (total * sourceSize) / sampledRows;
}
