/**
 * Runs the det-math and RNG twin checks (the GPU tests of this package) on whatever WebGPU adapter
 * is present and prints one JSON line per check, plus a control: the same multiply-add without
 * dm_pin, to show whether this GPU fuses. Meant for real GPUs through the device tool:
 *
 *   npx esbuild bench/twin-check.ts --bundle --platform=node --format=esm --loader:.wgsl=text \
 *     --conditions=source --external:webgpu --outfile=dist-bench/twin-check.mjs
 *   node dist-bench/twin-check.mjs [count]
 */
import { detMathWgsl, f32, f32ToBits, Rng } from '@spikegpu/core';
import { acquireGpu } from '../src/acquire-gpu.js';
import { PipelineCache } from '../src/pipeline-cache.js';
import { runKernel, TEST_KERNEL_PARAMS } from '../src/test-support.js';
import { checkDetMathTwin, checkRngTwin, DET_MATH_CASES, RNG_CHECKS } from '../src/twin-checks.js';

const count = Number(process.argv[2] ?? 1_000_000);
const gpu = (await acquireGpu({ required: true, log: console.error }))!;
console.log(JSON.stringify({ adapter: gpu.adapterInfo, isSoftware: gpu.isSoftware }));
const cache = new PipelineCache(gpu);
let failures = 0;
for (let index = 0; index < DET_MATH_CASES.length; index++) {
  const report = await checkDetMathTwin(gpu, cache, index, count);
  failures += report.mismatchCount;
  console.log(JSON.stringify(report));
}
for (let op = 0; op < RNG_CHECKS.length; op++) {
  const report = await checkRngTwin(gpu, cache, op, count);
  failures += report.mismatchCount;
  console.log(JSON.stringify(report));
}

// Control: x*y + x unpinned (the compiler may fuse it into an FMA) against the f32 twin.
const rng = new Rng(5, 5);
const xs = new Uint32Array(count).map(() => f32ToBits(4 * (rng.nextUniform() - 0.5)));
const ys = new Uint32Array(count).map(() => f32ToBits(4 * (rng.nextUniform() - 0.5)));
const control = await runKernel(
  gpu,
  cache,
  `${detMathWgsl}\n${TEST_KERNEL_PARAMS}
@group(0) @binding(1) var<storage, read> xs: array<u32>;
@group(0) @binding(2) var<storage, read> ys: array<u32>;
@group(0) @binding(3) var<storage, read_write> results: array<u32>;
@compute @workgroup_size(64) fn main(@builtin(global_invocation_id) id: vec3u, @builtin(num_workgroups) groups: vec3u) {
  dm_zero = params.zero;
  let i = id.x + id.y * groups.x * 64u;
  if (i >= params.count) { return; }
  let x = bitcast<f32>(xs[i]);
  let y = bitcast<f32>(ys[i]);
  results[i] = bitcast<u32>(x * y + x);
}`,
  count,
  [xs, ys],
  1,
);
let unpinnedMismatches = 0;
const asF32 = new Float32Array(xs.buffer);
const ysF32 = new Float32Array(ys.buffer);
for (let i = 0; i < count; i++) {
  if (control[i] !== f32ToBits(f32(f32((asF32[i] as number) * (ysF32[i] as number)) + (asF32[i] as number)))) unpinnedMismatches++;
}
console.log(JSON.stringify({ name: 'control: x*y + x without dm_pin', count, mismatchCount: unpinnedMismatches }));
console.log(JSON.stringify({ totalMismatches: failures }));
gpu.destroy();
