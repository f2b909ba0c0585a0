import { CapacityError } from '@spikegpu/core';
import { afterAll, describe, expect, it } from 'vitest';
import { acquireGpu, type GpuContext } from './acquire-gpu.js';
import { createStorageBuffer } from './storage-buffers.js';
import { acquireTestGpu, NO_GPU } from './test-support.js';
import { TimestampProfiler } from './timestamp-profiler.js';

const gpu = await acquireTestGpu();

/** A kernel with enough work per item to take measurable time. */
const BUSY_KERNEL = `
@group(0) @binding(0) var<storage, read_write> values: array<f32>;
@compute @workgroup_size(64) fn main(@builtin(global_invocation_id) id: vec3u) {
  var x = values[id.x];
  for (var k = 0u; k < 200u; k++) { x = x * 0.999 + 0.001; }
  values[id.x] = x;
}`;

/** Encodes `passes` timed passes cycling through `phases`, resolves, submits and (unless `flush` is false) flushes. */
async function runTimedPasses(ctx: GpuContext, profiler: TimestampProfiler, phases: string[], passes: number, flush = true): Promise<void> {
  const pipeline = ctx.device.createComputePipeline({
    layout: 'auto',
    compute: { module: ctx.device.createShaderModule({ code: BUSY_KERNEL }), entryPoint: 'main' },
  });
  const values = createStorageBuffer(ctx, new Float32Array(64 * 64));
  const bindGroup = ctx.device.createBindGroup({ layout: pipeline.getBindGroupLayout(0), entries: [{ binding: 0, resource: { buffer: values } }] });
  const encoder = ctx.device.createCommandEncoder();
  for (let i = 0; i < passes; i++) {
    const pass = encoder.beginComputePass(profiler.passDescriptor(phases[i % phases.length] as string));
    pass.setPipeline(pipeline);
    pass.setBindGroup(0, bindGroup);
    pass.dispatchWorkgroups(64);
    pass.end();
  }
  profiler.resolve(encoder);
  ctx.device.queue.submit([encoder.finish()]);
  profiler.submitted();
  if (flush) await profiler.flush();
  values.destroy();
}

describe.skipIf(!gpu)('TimestampProfiler', () => {
  afterAll(() => gpu?.destroy());

  it.skipIf(!gpu?.hasTimestampQuery)('accumulates GPU time per phase over many passes in one submit', async () => {
    const profiler = new TimestampProfiler(gpu!);
    expect(profiler.isAvailable).toBe(true);
    await runTimedPasses(gpu!, profiler, ['update', 'propagate', 'record'], 30);
    await runTimedPasses(gpu!, profiler, ['update', 'propagate', 'record'], 30);
    const phases = profiler.phases();
    expect(phases.map((p) => p.phase)).toEqual(['update', 'propagate', 'record']);
    for (const phase of phases) {
      expect(phase.passCount).toBe(20);
      expect(phase.totalNs).toBeGreaterThanOrEqual(0);
      expect(phase.meanNs).toBeCloseTo(phase.totalNs / 20, 6);
    }
    // 60 passes of 4096 items × 200 iterations: some time must show, even with quantised timestamps.
    expect(phases.reduce((sum, phase) => sum + phase.totalNs, 0)).toBeGreaterThan(0);
    profiler.reset();
    expect(profiler.phases()).toEqual([]);
    profiler.destroy();
  });

  it.skipIf(!gpu?.hasTimestampQuery)('reads back all but the newest submits when asked to keep some in flight', async () => {
    const profiler = new TimestampProfiler(gpu!);
    await runTimedPasses(gpu!, profiler, ['a'], 3, false);
    await runTimedPasses(gpu!, profiler, ['b'], 2, false);
    await profiler.flush(1);
    expect(profiler.phases().map((p) => [p.phase, p.passCount])).toEqual([['a', 3]]);
    await profiler.flush();
    expect(profiler.phases().map((p) => [p.phase, p.passCount])).toEqual([
      ['a', 3],
      ['b', 2],
    ]);
    profiler.destroy();
  });

  it.skipIf(!gpu?.hasTimestampQuery)('says when more passes are described than it can resolve at once', () => {
    const profiler = new TimestampProfiler(gpu!, { maxPassesPerResolve: 2 });
    profiler.passDescriptor('a');
    profiler.passDescriptor('b');
    expect(() => profiler.passDescriptor('c')).toThrow(CapacityError);
    profiler.destroy();
  });

  it('without timestamp-query, reports phases as unavailable and leaves passes untimed', async () => {
    const plain = (await acquireGpu({ timestampQuery: false }))!;
    const profiler = new TimestampProfiler(plain);
    expect(profiler.isAvailable).toBe(false);
    expect(profiler.unavailableReason).toMatch(/timestamp-query/);
    const descriptor = profiler.passDescriptor('update', { label: 'step' });
    expect(descriptor.timestampWrites).toBeUndefined();
    expect(descriptor.label).toBe('step');
    // The caller's fallback: time the submit on the host.
    const start = performance.now();
    await runTimedPasses(plain, profiler, ['update'], 5);
    await plain.device.queue.onSubmittedWorkDone();
    expect(performance.now() - start).toBeGreaterThan(0);
    expect(profiler.phases()).toEqual([]);
    plain.destroy();
  });
});

if (!gpu) it.skip(`TimestampProfiler: ${NO_GPU}`, () => {});
