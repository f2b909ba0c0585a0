import { CounterStream, DrawPurpose } from '../counter-stream.js';
import type { Csr } from '../csr.js';
import { PairSet } from '../pair-set.js';
import { buildSpatialGrid, forEachNearbyCell } from '../spatial-grid.js';
import { buildExplicit } from './deterministic-rules.js';

/**
 * Watts & Strogatz (1998, Nature 393:440) small-world graph on one population, as its paper builds
 * it: start from a lattice of undirected edges — a ring where each neuron links to its k/2 nearest
 * on either side, or, in 3D, each neuron to its k/2 nearest neighbours in space — then visit the
 * edges in laps (first every neuron's nearest, then every neuron's second nearest, …) and rewire each
 * with probability p: keep its first end, move its other end to a neuron drawn uniformly among those
 * not already linked to the first end. Every undirected edge becomes two synapses (i → j and j → i),
 * so the CSR is symmetric, without autapses or multapses.
 *
 * The draws of lap ℓ at neuron i come from the counter stream of edge index ℓ·N + i, but rewiring is
 * sequential by nature (which targets are free depends on earlier rewirings); the visiting order is
 * fixed, so the graph is still a pure function of the seed.
 */
export function buildWattsStrogatz(k: number, p: number, size: number, seed: number, stream: number, positions: Float32Array | undefined): Csr {
  const laps = k / 2;
  const lattice = positions ? nearestNeighbourLattice(positions, laps) : ringLattice(size, laps);
  // Undirected edges in lap order: edge e = lap·N + i joins i to ends[e] (or to no one: −1).
  const ends = lattice;
  const linked = new PairSet(size, ends.length);
  const degree = new Uint32Array(size);
  for (let e = 0; e < ends.length; e++) {
    const end = ends[e] as number;
    if (end < 0) continue;
    const first = e % size;
    if (!linked.add(first, end)) {
      ends[e] = -1; // a mutual nearest-neighbour pair, already listed from its other end
      continue;
    }
    degree[first] = (degree[first] as number) + 1;
    degree[end] = (degree[end] as number) + 1;
  }
  const rng = new CounterStream(seed, stream, DrawPurpose.wattsStrogatz);
  for (let e = 0; e < ends.length; e++) {
    const end = ends[e] as number;
    if (end < 0) continue;
    const first = e % size;
    rng.reset(e);
    if (rng.nextUniform() >= p || (degree[first] as number) >= size - 1) continue;
    let moved: number;
    do moved = rng.nextInt(size);
    while (moved === first || linked.has(first, moved));
    linked.delete(first, end);
    linked.add(first, moved);
    degree[end] = (degree[end] as number) - 1;
    degree[moved] = (degree[moved] as number) + 1;
    ends[e] = moved;
  }
  let links = 0;
  for (const end of ends) if (end >= 0) links++;
  const pre = new Uint32Array(2 * links);
  const post = new Uint32Array(2 * links);
  let write = 0;
  for (let e = 0; e < ends.length; e++) {
    const end = ends[e] as number;
    if (end < 0) continue;
    const first = e % size;
    pre[write] = first;
    post[write++] = end;
    pre[write] = end;
    post[write++] = first;
  }
  return buildExplicit(pre, post, size, size);
}

/** Lap ℓ (0-based), neuron i: the neighbour ℓ + 1 places further round the ring. */
function ringLattice(size: number, laps: number): Int32Array {
  const ends = new Int32Array(laps * size);
  for (let lap = 0; lap < laps; lap++) for (let i = 0; i < size; i++) ends[lap * size + i] = (i + lap + 1) % size;
  return ends;
}

/**
 * Lap ℓ (0-based), neuron i: i's (ℓ + 1)-th nearest neighbour in space (ties by index). Found with a
 * spatial grid searched in growing cubes until the cube holds `count` points within its inscribed
 * radius, so the answer is exact.
 */
function nearestNeighbourLattice(positions: Float32Array, count: number): Int32Array {
  const size = positions.length / 3;
  const ends = new Int32Array(count * size).fill(-1);
  if (size < 2) return ends;
  // Cells holding about `count` points each on average.
  let low = Infinity;
  let high = -Infinity;
  for (const value of positions) {
    low = Math.min(low, value);
    high = Math.max(high, value);
  }
  const volume = Math.max(1e-9, high - low) ** 3;
  const grid = buildSpatialGrid(positions, Math.cbrt((volume * Math.max(1, count)) / size));
  const candidates: Array<{ distanceSquared: number; index: number }> = [];
  for (let i = 0; i < size; i++) {
    const x = positions[3 * i] as number;
    const y = positions[3 * i + 1] as number;
    const z = positions[3 * i + 2] as number;
    for (let radius = grid.cellUm; ; radius *= 2) {
      candidates.length = 0;
      forEachNearbyCell(grid, x, y, z, radius, (begin, end) => {
        for (let slot = begin; slot < end; slot++) {
          const j = grid.points[slot] as number;
          if (j === i) continue;
          const dx = (positions[3 * j] as number) - x;
          const dy = (positions[3 * j + 1] as number) - y;
          const dz = (positions[3 * j + 2] as number) - z;
          candidates.push({ distanceSquared: dx * dx + dy * dy + dz * dz, index: j });
        }
      });
      // Every point within `radius` lies in the searched cells, so the nearest `count` are known once
      // that many lie within it (or the whole population was searched).
      const within = candidates.filter((c) => c.distanceSquared <= radius * radius).length;
      if (within >= count || candidates.length === size - 1) break;
    }
    candidates.sort((a, b) => a.distanceSquared - b.distanceSquared || a.index - b.index);
    for (let lap = 0; lap < Math.min(count, candidates.length); lap++) ends[lap * size + i] = (candidates[lap] as { index: number }).index;
  }
  return ends;
}
