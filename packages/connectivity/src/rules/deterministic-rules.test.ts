import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { pairsOf } from '../../test/statistics.js';
import { buildAllToAll, buildExplicit, buildOneToOne } from './deterministic-rules.js';

describe('one-to-one, all-to-all and explicit lists', () => {
  it('connects neuron i to neuron i', () => {
    expect(pairsOf(buildOneToOne(4))).toEqual([
      [0, 0],
      [1, 1],
      [2, 2],
      [3, 3],
    ]);
  });

  it('connects every pair, without i → i when autapses are excluded', () => {
    expect(pairsOf(buildAllToAll(false, 2, 3))).toEqual([
      [0, 0],
      [0, 1],
      [0, 2],
      [1, 0],
      [1, 1],
      [1, 2],
    ]);
    expect(pairsOf(buildAllToAll(true, 3, 3))).toEqual([
      [0, 1],
      [0, 2],
      [1, 0],
      [1, 2],
      [2, 0],
      [2, 1],
    ]);
  });

  it('keeps exactly the listed pairs, repeats included, sorted into rows', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(20), fc.nat(30)), { maxLength: 200 }), (pairs) => {
        const csr = buildExplicit(
          pairs.map(([pre]) => pre),
          pairs.map(([, post]) => post),
          21,
          31,
        );
        const sorted = [...pairs].sort((a, b) => a[0] - b[0] || a[1] - b[1]);
        expect(pairsOf(csr)).toEqual(sorted);
      }),
    );
  });
});
