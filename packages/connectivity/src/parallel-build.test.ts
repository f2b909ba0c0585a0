import type { ConnectivitySpec } from '@spikegpu/core';
import { describe, expect, it } from 'vitest';
import { useBundledPackage } from '../../../test-support/bundled-package.ts';
import { buildConnectivity } from './build-connectivity.js';
import { buildConnectivityRows } from './build-rows.js';
import type { BuildContext } from './csr.js';
import { floorScaledLog } from './log-bounds.js';
import { placeNeurons } from './place-neurons.js';

const size = 3000;
const positions = placeNeurons({ layout: 'box', sizeUm: [400, 400, 400] }, size, { seed: 3, stream: 1 });
const ctx: BuildContext = {
  sourceSize: size,
  targetSize: size,
  isSamePopulation: true,
  seed: 21,
  stream: 5,
  sourcePositions: positions,
  targetPositions: positions,
};
// Each makes well over a million synapses, so that buildConnectivity takes the threaded path.
/** Byte-for-byte equality of two typed arrays (toEqual walks large arrays slowly). */
const same = (a: ArrayBufferView, b: ArrayBufferView) =>
  Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(Buffer.from(b.buffer, b.byteOffset, b.byteLength));

const specs: ConnectivitySpec[] = [
  { rule: 'fixed-indegree', k: 700 },
  { rule: 'fixed-probability', p: 0.25 },
  { rule: 'fixed-outdegree', k: 700 },
  { rule: 'distance-dependent', profile: 'gaussian', p0: 0.9, scaleUm: 150, cutoffUm: 450 },
  { rule: 'distance-dependent', profile: 'exponential', p0: 0.9, scaleUm: 200, cutoffUm: 700 },
  {
    rule: 'trait-matrix',
    sourceTraits: { fractions: [0.8, 0.2] },
    targetTraits: { fractions: [0.8, 0.2] },
    probabilities: [
      [0.2, 0.4],
      [0.5, 0.3],
    ],
  },
];

describe('building by rows', () => {
  for (const spec of specs.filter((s) => s.rule !== 'fixed-indegree'))
    it(`${spec.rule}: any split of the rows gives the same projection`, () => {
      const whole = buildConnectivity(spec, ctx);
      const bounds = [0, 1, 977, 1500, 2999, 3000];
      let synapse = 0;
      for (let k = 0; k + 1 < bounds.length; k++) {
        const block = buildConnectivityRows(spec, ctx, bounds[k]!, bounds[k + 1]!);
        const shifted = block.rowOffsets.map((offset) => offset + synapse);
        expect(same(shifted, whole.rowOffsets.subarray(bounds[k]!, bounds[k + 1]! + 1))).toBe(true);
        expect(same(block.targets, whole.targets.subarray(synapse, synapse + block.targets.length))).toBe(true);
        synapse += block.targets.length;
      }
      expect(synapse).toBe(whole.targets.length);
    });

  it('decides geometric gaps from the log table exactly as Math.log does', () => {
    for (const bound of [1e-9, 1e-5, 0.003, 0.2, 0.5, 0.999, 1]) {
      const scale = 1 / Math.log1p(-bound);
      // `+ 0`: −0 and +0 are the same gap.
      for (let k = 0; k < 2 ** 32; k += 997_331) expect(floorScaledLog(k, scale) + 0).toBe(Math.floor(Math.log((k + 0.5) * 2 ** -32) * scale) + 0);
      for (const k of [0, 1, 2 ** 20 - 1, 2 ** 20, 2 ** 31, 2 ** 32 - 1])
        expect(floorScaledLog(k, scale) + 0).toBe(Math.floor(Math.log((k + 0.5) * 2 ** -32) * scale) + 0);
    }
  });
});

describe('building over worker threads (bundled, as published)', () => {
  // Workers load the package's JavaScript, so this runs the build that tsup ships.
  const bundle = useBundledPackage<{ buildConnectivity: typeof buildConnectivity }>(new URL('./index.ts', import.meta.url));

  for (const spec of specs)
    it(`${spec.rule}: the same CSR on 1, 2 and 3 threads`, () => {
      const one = buildConnectivity(spec, ctx);
      expect(one.targets.length).toBeGreaterThan(2_000_000);
      for (const threads of [2, 3]) {
        const before = bundle.workersStarted();
        const many = bundle.module().buildConnectivity(spec, { ...ctx, threads });
        expect(bundle.workersStarted() - before).toBe(threads - 1);
        expect(same(many.rowOffsets, one.rowOffsets), `${threads} threads`).toBe(true);
        expect(same(many.targets, one.targets), `${threads} threads`).toBe(true);
      }
    });

  it('refuses a thread count that is not a positive integer, naming the field', () => {
    expect(() => buildConnectivity(specs[0]!, { ...ctx, threads: 0 })).toThrow(/^threads: expected an integer in \[1, 1024\], got 0/);
  });
});
