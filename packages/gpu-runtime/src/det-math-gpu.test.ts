import { afterAll, describe, expect, it } from 'vitest';
import { PipelineCache } from './pipeline-cache.js';
import { acquireTestGpu, NO_GPU } from './test-support.js';
import { checkDetMathTwin, DET_MATH_CASES } from './twin-checks.js';

const gpu = await acquireTestGpu();
const COUNT = 120_000;

describe.skipIf(!gpu)('det-math: WGSL on the GPU equals TypeScript on the CPU, bit for bit', () => {
  const cache = gpu ? new PipelineCache(gpu) : undefined;
  afterAll(() => gpu?.destroy());

  it.each(DET_MATH_CASES.map((c, index) => [c.name, index] as const))(`%s over ${COUNT} inputs`, async (_name, index) => {
    const report = await checkDetMathTwin(gpu!, cache!, index, COUNT);
    expect(report.examples, `${report.mismatchCount} of ${COUNT} differ`).toEqual([]);
  });
});

if (!gpu) it.skip(`det-math GPU equality: ${NO_GPU}`, () => {});
