import { type PositionSpec, ValidationError } from '@spikegpu/core';
import { describe, expect, it } from 'vitest';
import { moments } from '../test/statistics.js';
import { mortonOrder, placeNeurons } from './place-neurons.js';

const ctx = { seed: 5, stream: 77 };
const axis = (positions: Float32Array, a: number) => positions.filter((_, i) => i % 3 === a);

describe('placeNeurons', () => {
  it('places neurons uniformly in a box', () => {
    const n = 30_000;
    const positions = placeNeurons({ layout: 'box', sizeUm: [100, 200, 50], originUm: [-50, 0, 10] }, n, ctx);
    const [lows, sizes] = [
      [-50, 0, 10],
      [100, 200, 50],
    ];
    for (let a = 0; a < 3; a++) {
      const values = axis(positions, a);
      const low = lows[a] as number;
      const size = sizes[a] as number;
      expect(values.every((v) => v >= low && v <= low + size)).toBe(true);
      const { mean, variance } = moments(values);
      expect(Math.abs(mean - (low + size / 2))).toBeLessThan((3.3 * size) / Math.sqrt(12 * n));
      expect(variance / ((size * size) / 12)).toBeCloseTo(1, 1);
    }
  });

  it('places neurons uniformly in a ball: (r/R)³ is uniform, directions isotropic', () => {
    const n = 30_000;
    const positions = placeNeurons({ layout: 'sphere', radiusUm: 80, centerUm: [10, 10, 10] }, n, ctx);
    const volumeFractions: number[] = [];
    for (let i = 0; i < n; i++) {
      const r = Math.hypot((positions[3 * i] as number) - 10, (positions[3 * i + 1] as number) - 10, (positions[3 * i + 2] as number) - 10);
      volumeFractions.push((r / 80) ** 3);
    }
    expect(Math.max(...volumeFractions)).toBeLessThanOrEqual(1 + 1e-5);
    const { mean, variance } = moments(volumeFractions);
    expect(Math.abs(mean - 0.5)).toBeLessThan(3.3 * Math.sqrt(1 / 12 / n));
    expect(variance * 12).toBeCloseTo(1, 1);
    for (let a = 0; a < 3; a++) expect(Math.abs(moments(axis(positions, a)).mean - 10)).toBeLessThan(3.3 * Math.sqrt(80 ** 2 / 5 / n));
  });

  it('puts neurons on a lattice, x fastest', () => {
    const positions = placeNeurons({ layout: 'grid', spacingUm: 10, shape: [2, 3, 2], originUm: [1, 2, 3] }, 12, ctx);
    expect([...positions.slice(0, 9)]).toEqual([1, 2, 3, 11, 2, 3, 1, 12, 3]);
    expect([...positions.slice(33)]).toEqual([11, 22, 13]);
    // Default shape: the smallest cube that holds them.
    expect(Math.max(...axis(placeNeurons({ layout: 'grid', spacingUm: 1 }, 27, ctx), 0))).toBe(2);
    expect(() => placeNeurons({ layout: 'grid', spacingUm: 1, shape: [2, 2, 2] }, 9, ctx)).toThrow(/shape: expected a lattice of at least 9 points/);
  });

  it('fills cortical layers in proportion, each within its depths', () => {
    const spec: PositionSpec = {
      layout: 'layers',
      widthUm: 300,
      layers: [
        { name: 'L2/3', topUm: 100, bottomUm: 400, fraction: 0.5 },
        { name: 'L4', topUm: 400, bottomUm: 600, fraction: 0.2 },
        { name: 'L5', topUm: 600, bottomUm: 1000, fraction: 0.3 },
      ],
    };
    const positions = placeNeurons(spec, 1001, ctx);
    const depths = axis(positions, 2);
    expect(depths.slice(0, 501).every((z) => z >= 100 && z <= 400)).toBe(true);
    expect(depths.slice(501, 701).every((z) => z >= 400 && z <= 600)).toBe(true);
    expect(depths.slice(701).every((z) => z >= 600 && z <= 1000)).toBe(true);
    expect(axis(positions, 0).every((x) => x >= 0 && x <= 300)).toBe(true);
  });

  it('is a pure function of (seed, stream, neuron)', () => {
    const spec: PositionSpec = { layout: 'box', sizeUm: [1, 1, 1] };
    const more = placeNeurons(spec, 50, ctx);
    expect(placeNeurons(spec, 20, ctx)).toEqual(more.slice(0, 60));
    expect(placeNeurons(spec, 20, { ...ctx, seed: 6 })).not.toEqual(more.slice(0, 60));
  });

  it('refuses negative sizes and unknown layouts, naming the field', () => {
    const fails = (spec: unknown, path: string) => {
      try {
        placeNeurons(spec as PositionSpec, 3, { ...ctx, path: 'populations[0].positions' });
      } catch (error) {
        expect(error).toBeInstanceOf(ValidationError);
        expect((error as ValidationError).path).toBe(path);
        return;
      }
      throw new Error('expected a ValidationError');
    };
    fails({ layout: 'sphere', radiusUm: -1 }, 'populations[0].positions.radiusUm');
    fails({ layout: 'box', sizeUm: [1, 2] }, 'populations[0].positions.sizeUm');
    fails({ layout: 'cube' }, 'populations[0].positions.layout');
    fails({ layout: 'layers', widthUm: 1, layers: [{ topUm: 5, bottomUm: 2, fraction: 1 }] }, 'populations[0].positions.layers[0].bottomUm');
  });
});

describe('mortonOrder', () => {
  it('is a permutation that brings neighbours in space together', () => {
    const positions = placeNeurons({ layout: 'box', sizeUm: [1000, 1000, 1000] }, 4000, ctx);
    const order = mortonOrder(positions);
    expect([...order].sort((a, b) => a - b)).toEqual(Array.from({ length: 4000 }, (_, i) => i));
    const meanStep = (sequence: ArrayLike<number>) => {
      let total = 0;
      for (let r = 1; r < sequence.length; r++) {
        const [a, b] = [sequence[r - 1] as number, sequence[r] as number];
        total += Math.hypot(
          (positions[3 * a] as number) - (positions[3 * b] as number),
          (positions[3 * a + 1] as number) - (positions[3 * b + 1] as number),
          (positions[3 * a + 2] as number) - (positions[3 * b + 2] as number),
        );
      }
      return total / (sequence.length - 1);
    };
    // Random order: consecutive neurons ~660 µm apart; Morton order: a small fraction of that.
    expect(meanStep(order)).toBeLessThan(meanStep(Array.from({ length: 4000 }, (_, i) => i)) / 4);
  });
});

describe("placeNeurons with order: 'morton'", () => {
  it('places the same points, renumbered along the Z-order curve', () => {
    const spec = { layout: 'box', sizeUm: [300, 300, 300] } as const;
    const plain = placeNeurons(spec, 5000, ctx);
    const sorted = placeNeurons({ ...spec, order: 'morton' }, 5000, ctx);
    const order = mortonOrder(plain);
    for (let r = 0; r < 5000; r++) expect(Array.from(sorted.subarray(3 * r, 3 * r + 3))).toEqual(Array.from(plain.subarray(3 * order[r]!, 3 * order[r]! + 3)));
    // Neighbours in index are neighbours in space: the mean step between consecutive neurons shrinks.
    const meanStep = (p: Float32Array) => {
      let total = 0;
      for (let i = 1; i < 5000; i++) total += Math.hypot(p[3 * i]! - p[3 * i - 3]!, p[3 * i + 1]! - p[3 * i - 2]!, p[3 * i + 2]! - p[3 * i - 1]!);
      return total / 4999;
    };
    expect(meanStep(sorted)).toBeLessThan(meanStep(plain) / 5);
  });
});
