import { afterAll, describe, expect, it } from 'vitest';
import { PipelineCache } from './pipeline-cache.js';
import { acquireTestGpu, NO_GPU } from './test-support.js';
import { checkRngTwin, RNG_CHECKS } from './twin-checks.js';

const gpu = await acquireTestGpu();
const COUNT = 150_000;

describe.skipIf(!gpu)('RNG: WGSL on the GPU equals TypeScript on the CPU, bit for bit', () => {
  const cache = gpu ? new PipelineCache(gpu) : undefined;
  afterAll(() => gpu?.destroy());

  it.each(RNG_CHECKS.map((name, op) => [name, op] as const))(`%s over ${COUNT} inputs (Random123 known answers among them)`, async (_name, op) => {
    const report = await checkRngTwin(gpu!, cache!, op, COUNT);
    expect(report.examples, `${report.mismatchCount} of ${COUNT} differ`).toEqual([]);
  });
});

if (!gpu) it.skip(`RNG GPU equality: ${NO_GPU}`, () => {});
