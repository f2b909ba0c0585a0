import { ValidationError } from '@spikegpu/core';
import { describe, expect, it } from 'vitest';
import { csrDefect, outDegrees } from '../../test/statistics.js';
import { buildConnectivity } from '../build-connectivity.js';
import type { Csr } from '../csr.js';
import { placeNeurons } from '../place-neurons.js';

/** Mean local clustering coefficient (Watts & Strogatz 1998): links among a node's neighbours over k(k − 1)/2. */
function clustering(csr: Csr): number {
  const neighbours = (i: number) => csr.targets.subarray(csr.rowOffsets[i], csr.rowOffsets[i + 1]);
  let total = 0;
  for (let i = 0; i < csr.sourceSize; i++) {
    const around = neighbours(i);
    if (around.length < 2) continue;
    let links = 0;
    for (const a of around) for (const b of neighbours(a)) if (b > a && around.includes(b)) links++;
    total += links / ((around.length * (around.length - 1)) / 2);
  }
  return total / csr.sourceSize;
}

/** Mean shortest path length over all ordered pairs (breadth-first search from every node). */
function pathLength(csr: Csr): number {
  const n = csr.sourceSize;
  const distance = new Int32Array(n);
  const queue = new Uint32Array(n);
  let total = 0;
  for (let start = 0; start < n; start++) {
    distance.fill(-1);
    distance[start] = 0;
    let head = 0;
    let tail = 0;
    queue[tail++] = start;
    while (head < tail) {
      const node = queue[head++] as number;
      for (let s = csr.rowOffsets[node] as number; s < (csr.rowOffsets[node + 1] as number); s++) {
        const next = csr.targets[s] as number;
        if (distance[next] === -1) {
          distance[next] = (distance[node] as number) + 1;
          total += distance[next] as number;
          queue[tail++] = next;
        }
      }
    }
  }
  return total / (n * (n - 1));
}

function isSymmetric(csr: Csr): boolean {
  const edges = new Set<number>();
  for (let i = 0; i < csr.sourceSize; i++)
    for (let s = csr.rowOffsets[i] as number; s < (csr.rowOffsets[i + 1] as number); s++) edges.add(i * csr.targetSize + (csr.targets[s] as number));
  for (const edge of edges) if (!edges.has((edge % csr.targetSize) * csr.targetSize + Math.floor(edge / csr.targetSize))) return false;
  return true;
}

const n = 1000;
const k = 10;
const ring = (p: number, seed = 3) =>
  buildConnectivity({ rule: 'watts-strogatz', k, p }, { sourceSize: n, targetSize: n, isSamePopulation: true, seed, stream: 1 });

describe('watts-strogatz', () => {
  it('starts from the ring lattice: C(0) = 3(k − 2)/4(k − 1), L(0) = n(n + k − 2)/2k(n − 1)', () => {
    const lattice = ring(0);
    expect([...new Set(outDegrees(lattice))]).toEqual([k]);
    expect([...lattice.targets.subarray(lattice.rowOffsets[0], lattice.rowOffsets[1])]).toEqual([1, 2, 3, 4, 5, 995, 996, 997, 998, 999]);
    expect(clustering(lattice)).toBeCloseTo((3 * (k - 2)) / (4 * (k - 1)), 10);
    expect(pathLength(lattice)).toBeCloseTo((n * (n + k - 2)) / (2 * k * (n - 1)), 1);
  });

  it('is a small world at p = 0.01–0.1: clustering stays high while paths shrink (1998, Fig. 2)', () => {
    const c0 = clustering(ring(0));
    const l0 = pathLength(ring(0));
    const at = (p: number) => ({ c: clustering(ring(p)) / c0, l: pathLength(ring(p)) / l0 });
    const p001 = at(0.01);
    const p01 = at(0.1);
    const p1 = at(1);
    // The paper's curves (n = 1000, k = 10): C/C0 ≈ 0.97 and L/L0 ≈ 0.25 at p = 0.01; ≈ 0.75 and ≈ 0.1 at p = 0.1.
    expect(p001.c).toBeGreaterThan(0.9);
    expect(p001.l).toBeLessThan(0.45);
    expect(p01.c).toBeGreaterThan(0.6);
    expect(p01.l).toBeLessThan(0.15);
    // Random graph at p = 1: C ≈ k/n, L ≈ ln n / ln k.
    expect(p1.c * c0).toBeLessThan(0.03);
    expect(p1.l * l0).toBeLessThan(1.2 * (Math.log(n) / Math.log(k)));
  });

  it('keeps the number of links, symmetric, without autapses or multapses', () => {
    for (const p of [0.05, 1]) {
      const graph = ring(p, 11);
      expect(graph.targets.length).toBe(n * k);
      expect(csrDefect(graph, { strict: true, excludeSelf: true })).toBeUndefined();
      expect(isSymmetric(graph)).toBe(true);
    }
  });

  it('builds the 3D lattice from each neuron’s k/2 nearest neighbours in space', () => {
    const size = 400;
    const positions = placeNeurons({ layout: 'box', sizeUm: [200, 200, 200] }, size, { seed: 2, stream: 2 });
    const ctx = { sourceSize: size, targetSize: size, isSamePopulation: true, seed: 1, stream: 1, sourcePositions: positions };
    const lattice = buildConnectivity({ rule: 'watts-strogatz', k: 6, p: 0, lattice: 'nearest-3d' }, ctx);
    expect(isSymmetric(lattice)).toBe(true);
    expect(csrDefect(lattice, { strict: true, excludeSelf: true })).toBeUndefined();
    for (let i = 0; i < size; i++) {
      const nearest = Array.from({ length: size }, (_, j) => j)
        .filter((j) => j !== i)
        .map((j) => ({
          j,
          d: Math.hypot(positions[3 * i]! - positions[3 * j]!, positions[3 * i + 1]! - positions[3 * j + 1]!, positions[3 * i + 2]! - positions[3 * j + 2]!),
        }))
        .sort((a, b) => a.d - b.d || a.j - b.j)
        .slice(0, 3)
        .map((c) => c.j);
      const linked = lattice.targets.subarray(lattice.rowOffsets[i], lattice.rowOffsets[i + 1]);
      for (const j of nearest) expect(linked.includes(j)).toBe(true);
    }
    const rewired = buildConnectivity({ rule: 'watts-strogatz', k: 6, p: 0.2, lattice: 'nearest-3d' }, ctx);
    expect(rewired.targets.length).toBe(lattice.targets.length);
    expect(clustering(rewired)).toBeLessThan(clustering(lattice));
  });

  it('refuses odd k, k ≥ N, p outside [0, 1] and a projection between two populations', () => {
    const ctx = { sourceSize: 20, targetSize: 20, isSamePopulation: true, seed: 1, stream: 1, path: 'w' };
    const fails = (spec: object, path: string, context: object = ctx) => {
      expect(() => buildConnectivity({ rule: 'watts-strogatz', ...spec } as never, context as never)).toThrow(ValidationError);
      try {
        buildConnectivity({ rule: 'watts-strogatz', ...spec } as never, context as never);
      } catch (error) {
        expect((error as ValidationError).path).toBe(path);
      }
    };
    fails({ k: 3, p: 0.1 }, 'w.k');
    fails({ k: 20, p: 0.1 }, 'w.k');
    fails({ k: 4, p: 1.5 }, 'w.p');
    fails({ k: 4, p: 0.1 }, 'w.rule', { ...ctx, isSamePopulation: false });
    fails({ k: 4, p: 0.1, lattice: 'nearest-3d' }, 'sourcePositions');
  });
});
