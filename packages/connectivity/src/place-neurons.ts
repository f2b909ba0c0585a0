import { invalid, type PositionSpec, validatePositionSpec } from '@spikegpu/core';
import { DrawPurpose, drawBlock } from './counter-stream.js';
import { checkInteger, fieldPath } from './field-checks.js';

/** Where placement's random numbers come from. */
export interface PlacementContext {
  /** The network seed, an unsigned 32-bit integer. */
  seed: number;
  /** The population's placement stream id, an unsigned 32-bit integer. */
  stream: number;
  /** Field path for error messages, e.g. `populations[0].positions`. */
  path?: string;
}

/**
 * Places `count` neurons: x, y, z of neuron i at `[3i, 3i + 1, 3i + 2]` (µm, float32). Neuron i's
 * position is a pure function of (seed, stream, i); with `order: 'morton'` the placed positions are
 * then renumbered along the Z-order curve (see {@link mortonOrder}), so neuron i gets the i-th of them.
 *
 * @example
 * ```ts
 * const positions = placeNeurons({ layout: 'box', sizeUm: [1000, 1000, 200] }, 10_000, { seed: 1, stream: 9 });
 * ```
 */
export function placeNeurons(spec: PositionSpec, count: number, ctx: PlacementContext): Float32Array {
  const path = ctx.path ?? 'positions';
  checkInteger(count, 'count', 0, 0x7fffffff);
  validatePositionSpec(spec, path, count);
  const seed = checkInteger(ctx.seed, 'seed', 0, 0xffffffff);
  const stream = checkInteger(ctx.stream, 'stream', 0, 0xffffffff);
  const positions = placeInIndexOrder(spec, count, seed, stream, path);
  if (spec.order !== 'morton') return positions;
  const order = mortonOrder(positions);
  const sorted = new Float32Array(positions.length);
  for (let r = 0; r < count; r++) sorted.set(positions.subarray(3 * (order[r] as number), 3 * (order[r] as number) + 3), 3 * r);
  return sorted;
}

function placeInIndexOrder(spec: PositionSpec, count: number, seed: number, stream: number, path: string): Float32Array {
  const positions = new Float32Array(count * 3);
  const block = new Uint32Array(4);
  const uniform = (word: number) => ((block[word] as number) + 0.5) * 2.3283064365386963e-10;
  const draw = (i: number) => drawBlock(block, seed, stream, DrawPurpose.positions, i, 0);
  switch (spec.layout) {
    case 'box': {
      const [sx, sy, sz] = spec.sizeUm;
      const [ox, oy, oz] = spec.originUm ?? [0, 0, 0];
      for (let i = 0; i < count; i++) {
        draw(i);
        positions.set([ox + sx * uniform(0), oy + sy * uniform(1), oz + sz * uniform(2)], 3 * i);
      }
      return positions;
    }
    case 'sphere': {
      const [cx, cy, cz] = spec.centerUm ?? [0, 0, 0];
      for (let i = 0; i < count; i++) {
        draw(i);
        // Radius with density ∝ r², direction uniform on the sphere (cos θ uniform in [−1, 1]).
        const radius = spec.radiusUm * Math.cbrt(uniform(0));
        const cosTheta = 2 * uniform(1) - 1;
        const sinTheta = Math.sqrt(1 - cosTheta * cosTheta);
        const phi = 2 * Math.PI * uniform(2);
        positions.set([cx + radius * sinTheta * Math.cos(phi), cy + radius * sinTheta * Math.sin(phi), cz + radius * cosTheta], 3 * i);
      }
      return positions;
    }
    case 'grid': {
      const side = Math.max(1, Math.ceil(Math.cbrt(count) - 1e-9));
      const [nx, ny, nz] = spec.shape ?? [side, side, side];
      if (nx * ny * nz < count) {
        throw invalid(fieldPath(path, 'shape'), `a lattice of at least ${count} points`, spec.shape, undefined, 'grid-too-small');
      }
      const [ox, oy, oz] = spec.originUm ?? [0, 0, 0];
      for (let i = 0; i < count; i++) {
        const x = i % nx;
        const y = Math.floor(i / nx) % ny;
        const z = Math.floor(i / (nx * ny));
        positions.set([ox + x * spec.spacingUm, oy + y * spec.spacingUm, oz + z * spec.spacingUm], 3 * i);
      }
      return positions;
    }
    case 'layers': {
      const layerCounts = apportion(
        spec.layers.map((layer) => layer.fraction),
        count,
      );
      let i = 0;
      spec.layers.forEach((layer, l) => {
        for (let end = i + (layerCounts[l] as number); i < end; i++) {
          draw(i);
          positions.set([spec.widthUm * uniform(0), spec.widthUm * uniform(1), layer.topUm + (layer.bottomUm - layer.topUm) * uniform(2)], 3 * i);
        }
      });
      return positions;
    }
  }
}

/** Whole counts in proportion to `weights` summing to `total` (largest remainders, ties to the first). */
function apportion(weights: number[], total: number): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  const exact = weights.map((w) => (w / sum) * total);
  const counts = exact.map(Math.floor);
  let left = total - counts.reduce((a, b) => a + b, 0);
  const order = exact.map((x, l) => [x - Math.floor(x), l] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (const [, l] of order) {
    if (left-- <= 0) break;
    counts[l] = (counts[l] as number) + 1;
  }
  return counts;
}

/**
 * A renumbering of neurons along the Morton (Z-order) curve of their positions: `order[r]` is the
 * neuron that goes to place r. Neighbours in space become neighbours in memory, so spatial rules read
 * targets, weights and state from fewer cache lines. Coordinates are quantised to 10 bits per axis
 * over the bounding box; ties keep index order.
 */
export function mortonOrder(positions: Float32Array): Uint32Array {
  const count = positions.length / 3;
  const low = [Infinity, Infinity, Infinity];
  const high = [-Infinity, -Infinity, -Infinity];
  for (let i = 0; i < count; i++) {
    for (let axis = 0; axis < 3; axis++) {
      const value = positions[3 * i + axis] as number;
      low[axis] = Math.min(low[axis] as number, value);
      high[axis] = Math.max(high[axis] as number, value);
    }
  }
  const codes = new Float64Array(count);
  for (let i = 0; i < count; i++) {
    let code = 0;
    for (let axis = 0; axis < 3; axis++) {
      const span = (high[axis] as number) - (low[axis] as number);
      const cell = span > 0 ? Math.min(1023, Math.floor((((positions[3 * i + axis] as number) - (low[axis] as number)) / span) * 1024)) : 0;
      code += spreadBits(cell) * 2 ** axis;
    }
    codes[i] = code;
  }
  const order = Uint32Array.from({ length: count }, (_, i) => i);
  order.sort((a, b) => (codes[a] as number) - (codes[b] as number) || a - b);
  return order;
}

/** Puts bit b of a 10-bit value at bit 3b (two zero bits between each). */
function spreadBits(value: number): number {
  let spread = 0;
  for (let bit = 0; bit < 10; bit++) if (value & (1 << bit)) spread += 2 ** (3 * bit);
  return spread;
}
