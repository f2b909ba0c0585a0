/**
 * Test support: the CPU-vs-GPU twin checks of det-math and the RNG, shared by this package's tests
 * and by bench/twin-check.ts (which runs them on real GPUs through the device tool). Not exported,
 * not published.
 * @internal
 */
import {
  bitsToF32,
  detMathWgsl,
  dmCos,
  dmDiv,
  dmExp,
  dmExpm1,
  dmLdexp,
  dmLog,
  dmPow,
  dmRecip,
  dmSin,
  dmSqrt,
  dmTanh,
  f32,
  f32ToBits,
  normalPair,
  philox4x32,
  Rng,
  randomU32x4,
  rngWgsl,
  standardNormal,
  uniform01,
} from '@spikegpu/core';
import type { GpuContext } from './acquire-gpu.js';
import type { PipelineCache } from './pipeline-cache.js';
import { runKernel, TEST_KERNEL_PARAMS } from './test-support.js';

/** Outcome of one twin check: how many of `count` results differ between CPU and GPU, and a few of them. */
export interface TwinReport {
  name: string;
  count: number;
  mismatchCount: number;
  examples: string[];
}

/** One det-math function on both sides: its WGSL call on (x, y, k) and its TS twin. */
export interface DetMathCase {
  name: string;
  wgsl: string;
  cpu: (x: number, y: number) => number;
  /** Inputs drawn from the function's interesting range (the rest are random bit patterns). */
  sample: (rng: Rng) => [number, number];
  /**
   * Plain pinned arithmetic agrees only on inputs that are not subnormal (a GPU may treat a subnormal
   * operand as 0); det-math functions read subnormal inputs exactly from their bits.
   */
  hasNoSubnormalInputs?: boolean;
  /** y is an i32 exponent (its bits), not a float. */
  isExponentY?: boolean;
}

const f = Math.fround;
const uniformIn = (rng: Rng, low: number, high: number) => f(low + (high - low) * rng.nextUniform());
const logUniformIn = (rng: Rng, low: number, high: number) => f(Math.exp(Math.log(low) + (Math.log(high) - Math.log(low)) * rng.nextUniform()));
const signed = (rng: Rng, x: number) => (rng.nextU32() & 1 ? -x : x);
const nearZero = (rng: Rng, decades: number) => f(signed(rng, 10 ** (-decades * rng.nextUniform())));

export const DET_MATH_CASES: readonly DetMathCase[] = [
  { name: 'dm_exp', wgsl: 'dm_exp(x)', cpu: dmExp, sample: (rng) => [rng.nextU32() & 1 ? uniformIn(rng, -110, 95) : nearZero(rng, 9), 0] },
  { name: 'dm_expm1', wgsl: 'dm_expm1(x)', cpu: dmExpm1, sample: (rng) => [rng.nextU32() & 1 ? uniformIn(rng, -20, 90) : nearZero(rng, 9), 0] },
  { name: 'dm_log', wgsl: 'dm_log(x)', cpu: dmLog, sample: (rng) => [rng.nextU32() & 3 ? logUniformIn(rng, 1e-45, 3e38) : uniformIn(rng, 0.5, 2), 0] },
  { name: 'dm_sqrt', wgsl: 'dm_sqrt(x)', cpu: dmSqrt, sample: (rng) => [logUniformIn(rng, 1e-45, 3e38), 0] },
  { name: 'dm_recip', wgsl: 'dm_recip(x)', cpu: dmRecip, sample: (rng) => [signed(rng, logUniformIn(rng, 1e-45, 3e38)), 0] },
  {
    name: 'dm_div',
    wgsl: 'dm_div(x, y)',
    cpu: dmDiv,
    sample: (rng) => [signed(rng, logUniformIn(rng, 1e-30, 1e30)), signed(rng, logUniformIn(rng, 1e-30, 1e30))],
  },
  {
    name: 'dm_sin',
    wgsl: 'dm_sin(x)',
    cpu: dmSin,
    sample: (rng) => [[uniformIn(rng, -7, 7), uniformIn(rng, -1.3e4, 1.3e4), uniformIn(rng, -3e6, 3e6), nearZero(rng, 6)][rng.nextInt(4)] as number, 0],
  },
  {
    name: 'dm_cos',
    wgsl: 'dm_cos(x)',
    cpu: dmCos,
    sample: (rng) => [[uniformIn(rng, -7, 7), uniformIn(rng, -1.3e4, 1.3e4), uniformIn(rng, -3e6, 3e6), nearZero(rng, 6)][rng.nextInt(4)] as number, 0],
  },
  { name: 'dm_tanh', wgsl: 'dm_tanh(x)', cpu: dmTanh, sample: (rng) => [rng.nextU32() & 1 ? uniformIn(rng, -12, 12) : nearZero(rng, 6), 0] },
  {
    name: 'dm_pow',
    wgsl: 'dm_pow(x, y)',
    cpu: dmPow,
    sample: (rng) => {
      switch (rng.nextInt(4)) {
        case 0:
          return [logUniformIn(rng, 1e-10, 1e10), uniformIn(rng, -40, 40)];
        case 1:
          return [signed(rng, logUniformIn(rng, 1e-3, 1e3)), rng.nextInt(41) - 20];
        case 2:
          return [f(1 + (rng.nextUniform() - 0.5) * 1e-3), uniformIn(rng, -2e5, 2e5)];
        default:
          return [logUniformIn(rng, 1e-45, 3e38), nearZero(rng, 12)];
      }
    },
  },
  {
    name: 'dm_ldexp',
    wgsl: 'dm_ldexp(x, bitcast<i32>(ys[i]))',
    isExponentY: true,
    cpu: (x, y) => dmLdexp(x, f32ToBits(y) | 0),
    sample: (rng) => [signed(rng, logUniformIn(rng, 1e-45, 3e38)), bitsToF32(rng.nextInt(601) - 300)],
  },
  {
    // The pinned operations themselves: f32(f32(x*y) + x) must not become an FMA, and results that
    // underflow are flushed to ±0 on both sides. (Inputs are never subnormal: see hasNoSubnormalInputs.)
    name: 'dm_add(dm_mul(x, y), x)',
    wgsl: 'dm_add(dm_mul(x, y), x)',
    cpu: (x, y) => f32(f32(x * y) + x),
    sample: (rng) =>
      rng.nextU32() & 1
        ? [uniformIn(rng, -4, 4), uniformIn(rng, -4, 4)]
        : [signed(rng, 2 ** (rng.nextInt(140) - 126)), signed(rng, 2 ** (rng.nextInt(60) - 60) * (1 + rng.nextUniform()))],
    hasNoSubnormalInputs: true,
  },
];

const SPECIAL_VALUES = [
  0,
  -0,
  1,
  -1,
  0.5,
  2,
  10,
  Number.POSITIVE_INFINITY,
  Number.NEGATIVE_INFINITY,
  Number.NaN,
  2 ** -149,
  -(2 ** -149),
  2 ** -126,
  3.4028234663852886e38,
  88.72,
  -103.9,
  Math.PI,
  1e-7,
];

function detMathKernel(index: number): string {
  const cases = DET_MATH_CASES.map((c, op) => `    case ${op}u: { return ${c.wgsl}; }`).join('\n');
  return `${detMathWgsl}
${TEST_KERNEL_PARAMS}
override OP: u32 = ${index}u;
@group(0) @binding(1) var<storage, read> xs: array<u32>;
@group(0) @binding(2) var<storage, read> ys: array<u32>;
@group(0) @binding(3) var<storage, read_write> results: array<u32>;
fn apply(x: f32, y: f32, i: u32) -> f32 {
  switch OP {
${cases}
    default: { return dm_nan(); }
  }
}
@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) id: vec3u, @builtin(num_workgroups) groups: vec3u) {
  dm_zero = params.zero;
  let i = id.x + id.y * groups.x * 64u;
  if (i >= params.count) { return; }
  results[i] = bitcast<u32>(apply(bitcast<f32>(xs[i]), bitcast<f32>(ys[i]), i));
}`;
}

/** Runs det-math case `index` on `count` inputs on the GPU and compares with the TypeScript twin. */
export async function checkDetMathTwin(gpu: GpuContext, cache: PipelineCache, index: number, count: number): Promise<TwinReport> {
  const c = DET_MATH_CASES[index] as DetMathCase;
  const rng = new Rng(0xdecaf, index);
  const xs = new Uint32Array(count);
  const ys = new Uint32Array(count);
  const specials = SPECIAL_VALUES.length;
  for (let i = 0; i < count; i++) {
    if (i < specials * specials) {
      xs[i] = f32ToBits(SPECIAL_VALUES[i % specials] as number);
      ys[i] = c.isExponentY ? i % 300 : f32ToBits(SPECIAL_VALUES[Math.floor(i / specials)] as number);
    } else if (i % 5 < 2) {
      // Any bit pattern: NaNs, infinities, subnormals, the largest numbers.
      xs[i] = rng.nextU32();
      ys[i] = c.isExponentY ? (rng.nextInt(601) - 300) >>> 0 : rng.nextU32();
    } else {
      const [x, y] = c.sample(rng);
      xs[i] = f32ToBits(x);
      ys[i] = f32ToBits(y);
    }
  }
  if (c.hasNoSubnormalInputs) {
    for (const words of [xs, ys]) for (let i = 0; i < count; i++) if (((words[i] as number) & 0x7f800000) === 0) words[i] = (words[i] as number) & 0x80000000;
  }
  const gpuBits = await runKernel(gpu, cache, detMathKernel(index), count, [xs, ys], 1, { OP: index });
  const report: TwinReport = { name: c.name, count, mismatchCount: 0, examples: [] };
  for (let i = 0; i < count; i++) {
    const x = bitsToF32(xs[i] as number);
    const y = bitsToF32(ys[i] as number);
    const expected = c.cpu(x, y);
    const got = gpuBits[i] as number;
    const isSame = Number.isNaN(expected) ? Number.isNaN(bitsToF32(got)) : got === f32ToBits(expected);
    if (isSame) continue;
    report.mismatchCount++;
    if (report.examples.length < 5) {
      report.examples.push(
        `x=${x} (0x${(xs[i] as number).toString(16)}) y=${y}: cpu ${expected} (0x${f32ToBits(expected).toString(16)}) gpu ${bitsToF32(got)} (0x${got.toString(16)})`,
      );
    }
  }
  return report;
}

const RNG_KERNEL = `${detMathWgsl}
${rngWgsl}
${TEST_KERNEL_PARAMS}
override OP: u32 = 0u;
@group(0) @binding(1) var<storage, read> inputs: array<u32>;
@group(0) @binding(2) var<storage, read_write> results: array<vec4u>;
@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) id: vec3u, @builtin(num_workgroups) groups: vec3u) {
  dm_zero = params.zero;
  let i = id.x + id.y * groups.x * 64u;
  if (i >= params.count) { return; }
  let b = 6u * i;
  switch OP {
    case 0u: {
      results[i] = philox4x32(vec4u(inputs[b], inputs[b + 1u], inputs[b + 2u], inputs[b + 3u]), vec2u(inputs[b + 4u], inputs[b + 5u]));
    }
    case 1u: {
      results[i] = rng_u32x4(inputs[b], inputs[b + 1u], inputs[b + 2u], inputs[b + 3u], inputs[b + 4u]);
    }
    case 2u: {
      let z = rng_normal2(inputs[b], inputs[b + 1u]);
      results[i] = vec4u(bitcast<u32>(rng_uniform01(inputs[b])), bitcast<u32>(z.x), bitcast<u32>(z.y), 0u);
    }
    default: {
      results[i] = vec4u(bitcast<u32>(rng_standard_normal(inputs[b], inputs[b + 1u], inputs[b + 2u], inputs[b + 3u])), 0u, 0u, 0u);
    }
  }
}`;

/** Six input words per item: random, with the Random123 known-answer counters and keys first. */
function inputWords(seed: number, count: number): Uint32Array {
  const rng = new Rng(seed, 0);
  const words = new Uint32Array(6 * count);
  for (let i = 0; i < words.length; i++) words[i] = rng.nextU32();
  words.set([0, 0, 0, 0, 0, 0, 0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff], 0);
  words.set([0x243f6a88, 0x85a308d3, 0x13198a2e, 0x03707344, 0xa4093822, 0x299f31d0], 12);
  // Small, structured (seed, stream, step, index, draw) tuples as a simulation would use them.
  for (let i = 3; i < Math.min(20_000, count); i++) words.set([7, i % 5, Math.floor(i / 1000), i % 1000, i % 3], 6 * i);
  return words;
}

/** First few differing items, as text. */
function differences(name: string, gpuWords: Uint32Array, expected: (i: number) => number[], words: number, count: number): TwinReport {
  const examples: string[] = [];
  let differing = 0;
  for (let i = 0; i < count; i++) {
    const want = expected(i);
    const got = Array.from(gpuWords.subarray(4 * i, 4 * i + words));
    if (want.some((word, k) => word !== got[k])) {
      differing++;
      if (examples.length < 5) examples.push(`#${i}: cpu ${want.map((w) => w.toString(16))} gpu ${got.map((w) => w.toString(16))}`);
    }
  }
  return { name, count, mismatchCount: differing, examples };
}

/** The RNG functions compared by {@link checkRngTwin}, in kernel OP order. */
export const RNG_CHECKS = ['philox4x32', 'rng_u32x4', 'rng_uniform01 + rng_normal2', 'rng_standard_normal'] as const;

/** Runs RNG check `op` (an index into {@link RNG_CHECKS}) on `count` inputs and compares with the TypeScript twin. */
export async function checkRngTwin(gpu: GpuContext, cache: PipelineCache, op: number, count: number): Promise<TwinReport> {
  const words = inputWords(op + 1, count);
  const gpuWords = await runKernel(gpu, cache, RNG_KERNEL, count, [words], 4, { OP: op });
  const w = (i: number, k: number) => words[6 * i + k] as number;
  const name = RNG_CHECKS[op] as string;
  switch (op) {
    case 0:
      return differences(name, gpuWords, (i) => philox4x32(w(i, 0), w(i, 1), w(i, 2), w(i, 3), w(i, 4), w(i, 5)), 4, count);
    case 1:
      return differences(name, gpuWords, (i) => randomU32x4(w(i, 0), w(i, 1), w(i, 2), w(i, 3), w(i, 4)), 4, count);
    case 2:
      return differences(
        name,
        gpuWords,
        (i) => {
          const [z0, z1] = normalPair(w(i, 0), w(i, 1));
          return [f32ToBits(uniform01(w(i, 0))), f32ToBits(z0), f32ToBits(z1)];
        },
        3,
        count,
      );
    default:
      return differences(name, gpuWords, (i) => [f32ToBits(standardNormal(w(i, 0), w(i, 1), w(i, 2), w(i, 3)))], 1, count);
  }
}
