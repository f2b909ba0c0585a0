// Device diagnostics for the step time: what a dispatch and a scattered atomic cost on the GPU
// (timestamps, no host in the measurement), the 100k-neuron Izhikevich network under each
// propagation layout and math mode, and the fused against the split step kernel on small networks.
// Bundled on its own for the GPU machine: node diagnose-step.mjs <out.json>.
import { writeFileSync } from 'node:fs';
import type { NetworkDescription } from '@spikegpu/core';
import { acquireGpu } from '@spikegpu/gpu-runtime';
import { cobaNetwork, izhikevich2003Network, Simulation, WebGpuEngine, type WebGpuEngineOptions } from '@spikegpu/simulator';
import { randomEiNetwork } from '../networks/random-ei-network.js';
import { BENCH_CASES, type NetworkCase } from './bench-cases.js';

const outFile = process.argv[2] ?? 'diagnose-step.json';
const only = process.argv[3] ?? 'all';
const gpu = await acquireGpu({ required: true, optionalFeatures: ['subgroups'] });
if (!gpu) throw new Error('no gpu');
const device = gpu.device;
const results: Record<string, unknown> = { adapter: gpu.adapterInfo, limits: gpu.limits };
const note = (key: string, value: unknown) => {
  results[key] = value;
  console.log(key, JSON.stringify(value));
  writeFileSync(outFile, JSON.stringify(results, null, 1));
};

/** GPU time of one compute pass holding what `fill` encodes, µs (timestamp queries). */
async function passTime(fill: (pass: GPUComputePassEncoder) => void): Promise<number> {
  const querySet = device.createQuerySet({ type: 'timestamp', count: 2 });
  const resolve = device.createBuffer({ size: 16, usage: GPUBufferUsage.QUERY_RESOLVE | GPUBufferUsage.COPY_SRC });
  const staging = device.createBuffer({ size: 16, usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST });
  const encoder = device.createCommandEncoder();
  const pass = encoder.beginComputePass({ timestampWrites: { querySet, beginningOfPassWriteIndex: 0, endOfPassWriteIndex: 1 } });
  fill(pass);
  pass.end();
  encoder.resolveQuerySet(querySet, 0, 2, resolve, 0);
  encoder.copyBufferToBuffer(resolve, 0, staging, 0, 16);
  device.queue.submit([encoder.finish()]);
  await staging.mapAsync(GPUMapMode.READ);
  const t = new BigUint64Array(staging.getMappedRange().slice(0));
  staging.unmap();
  return Number((t[1] as bigint) - (t[0] as bigint)) / 1000;
}

function kernel(code: string, buffers: GPUBuffer[]) {
  const pipeline = device.createComputePipeline({ layout: 'auto', compute: { module: device.createShaderModule({ code }), entryPoint: 'main' } });
  const group = device.createBindGroup({
    layout: pipeline.getBindGroupLayout(0),
    entries: buffers.map((buffer, binding) => ({ binding, resource: { buffer } })),
  });
  return { pipeline, group };
}

if (only === 'all' || only === 'micro') {
  // Dependent dispatches: each writes what the next reads, so Dawn puts a barrier between them.
  const x = device.createBuffer({ size: 1 << 22, usage: GPUBufferUsage.STORAGE });
  const trivial = kernel(
    '@group(0) @binding(0) var<storage, read_write> x: array<u32>; @compute @workgroup_size(64) fn main(@builtin(global_invocation_id) g: vec3u) { if (g.x == 0u) { x[0] += 1u; } }',
    [x],
  );
  for (const [label, groups] of [
    ['1 workgroup', 1],
    ['1563 workgroups (100k threads)', 1563],
  ] as const) {
    const t = await passTime((pass) => {
      pass.setPipeline(trivial.pipeline);
      pass.setBindGroup(0, trivial.group);
      for (let k = 0; k < 500; k++) pass.dispatchWorkgroups(groups);
    });
    note(`dependent dispatch, ${label}, GPU µs each`, t / 500);
  }
  // Scattered i32 atomic adds into a 100k-cell ring: the propagation's memory traffic without the CSR.
  const ring = device.createBuffer({ size: 4 * 100_000, usage: GPUBufferUsage.STORAGE });
  const atomics = kernel(
    `@group(0) @binding(0) var<storage, read_write> ring: array<atomic<i32>>;
     @compute @workgroup_size(256) fn main(@builtin(global_invocation_id) g: vec3u, @builtin(num_workgroups) n: vec3u) {
       let i = g.x + g.y * n.x * 256u;
       if (i >= 800000u) { return; }
       atomicAdd(&ring[(i * 2654435761u) % 100000u], 1);
     }`,
    [ring],
  );
  const t = await passTime((pass) => {
    pass.setPipeline(atomics.pipeline);
    pass.setBindGroup(0, atomics.group);
    for (let k = 0; k < 100; k++) pass.dispatchWorkgroups(3125);
  });
  note('800k scattered atomicAdd in one dispatch, GPU µs', t / 100);
}

if (only === 'all' || only === 'micro2') {
  // The step's shapes without the model: per-neuron ring read-and-clear plus state load/store (100k
  // threads), an idle delivery grid (1025 × 256 threads), each alone and alternating in one pipeline.
  const n = 100_000;
  const state = device.createBuffer({ size: 8 * n, usage: GPUBufferUsage.STORAGE });
  const ring = device.createBuffer({ size: 8 * n, usage: GPUBufferUsage.STORAGE });
  const counts = device.createBuffer({ size: 64, usage: GPUBufferUsage.STORAGE });
  const huge = device.createBuffer({ size: 800 * 2 ** 20, usage: GPUBufferUsage.STORAGE });
  const small = device.createBuffer({ size: 64, usage: GPUBufferUsage.STORAGE });
  const code = (wg: number) => `
    @group(0) @binding(0) var<storage, read_write> state: array<f32>;
    @group(0) @binding(1) var<storage, read_write> ring: array<atomic<i32>>;
    @group(0) @binding(2) var<storage, read_write> counts: array<atomic<u32>>;
    @group(0) @binding(3) var<storage, read> huge: array<u32>;
    var<workgroup> word: u32;
    @compute @workgroup_size(${wg}) fn main(@builtin(workgroup_id) wid: vec3u, @builtin(local_invocation_index) lid: u32, @builtin(num_workgroups) groups: vec3u) {
      if (lid == 0u) { word = atomicLoad(&counts[0]); }
      let c = workgroupUniformLoad(&word);
      if ((groups.x & 1u) == 0u) {
        let i = wid.x * ${wg}u + lid;
        if (i < ${n}u) {
          let x = f32(atomicLoad(&ring[i]));
          atomicStore(&ring[i], 0);
          state[i] = state[i] * 0.5 + x + f32(c);
          state[i + ${n}u] = state[i + ${n}u] + 1.0;
        }
        return;
      }
      if (lid == 0u && wid.x == groups.x - 1u) { atomicAdd(&counts[1], 1u + huge[0] * 0u); }
    }`;
  for (const bindHuge of [false, true]) {
    const pipeline = device.createComputePipeline({ layout: 'auto', compute: { module: device.createShaderModule({ code: code(256) }), entryPoint: 'main' } });
    const group = device.createBindGroup({
      layout: pipeline.getBindGroupLayout(0),
      entries: [state, ring, counts, bindHuge ? huge : small].map((buffer, binding) => ({ binding, resource: { buffer } })),
    });
    const shapes: Array<[string, (pass: GPUComputePassEncoder) => void]> = [
      ['update shape (392 wg)', (p) => p.dispatchWorkgroups(392)],
      ['idle delivery grid (1025 wg)', (p) => p.dispatchWorkgroups(1025)],
      [
        'both',
        (p) => {
          p.dispatchWorkgroups(392);
          p.dispatchWorkgroups(1025);
        },
      ],
    ];
    for (const [label, dispatch] of shapes) {
      const t = await passTime((pass) => {
        pass.setPipeline(pipeline);
        pass.setBindGroup(0, group);
        for (let k = 0; k < 300; k++) dispatch(pass);
      });
      note(`micro2 ${label}${bindHuge ? ', 800 MB buffer bound' : ''}, GPU µs each`, t / 300);
    }
  }
}

/** Wall µs per step of `steps` steps in one run (after 200 warm-up steps), and with timestamps per phase. */

/**
 * The statements of function `name`'s body, copied `n` times with its locals, `i` and `regs` renamed
 * (suffix _k) and woven statement by statement, as a new function `${name}_x${n}` taking n neurons:
 * straight-line parts of the n updates then sit in one basic block, where the compiler can overlap them.
 */
/** Engines and simulations made by `make` compile every shader with `transform` applied to its WGSL. */
async function withShaderPatch<T>(transform: (code: string) => string, make: () => Promise<T>): Promise<T> {
  const createShaderModule = device.createShaderModule.bind(device);
  device.createShaderModule = (d: GPUShaderModuleDescriptor) => createShaderModule({ ...d, code: transform(d.code) });
  try {
    return await make();
  } finally {
    device.createShaderModule = createShaderModule;
  }
}

/** Steps `engine` for `ms` of wall time: after an idle spell the driver lowers the SM clock. */
async function warmUp(engine: WebGpuEngine | undefined, steps: number, ms = 2000) {
  for (const t0 = performance.now(); engine && performance.now() - t0 < ms; ) await engine.run(steps, () => {});
}

function median(xs: number[]): number {
  const sorted = [...xs].sort((a, b) => a - b);
  return ((sorted[Math.floor((sorted.length - 1) / 2)] as number) + (sorted[Math.ceil((sorted.length - 1) / 2)] as number)) / 2;
}

/**
 * GPU µs per step of each engine's profiled passes (by name), in `rounds` interleaved rounds of
 * `timed` steps, each after `untimed` steps, so that every measurement runs at the SM clock of
 * sustained load (the driver lowers it within ~0.5 s of idling). The engines must profile.
 */
async function interleavedRounds(engines: WebGpuEngine[], untimed: number, timed: number, rounds = 4): Promise<Array<Record<string, number[]>>> {
  const perEngine = engines.map(() => ({}) as Record<string, number[]>);
  await warmUp(engines[0], untimed);
  for (let round = 0; round < rounds; round++) {
    for (const [e, engine] of engines.entries()) {
      await engine.run(untimed, () => {});
      const p0 = engine.profile().totalsMs as Record<string, number>;
      await engine.run(timed, () => {});
      const p1 = engine.profile().totalsMs as Record<string, number>;
      const totals = perEngine[e] as Record<string, number[]>;
      for (const k of Object.keys(p1)) (totals[k] ??= []).push((((p1[k] ?? 0) - (p0[k] ?? 0)) * 1000) / timed);
    }
  }
  return perEngine;
}

/** Whether two runs recorded the same spikes at the same steps. */
function sameSpikes(a: Simulation, b: Simulation): boolean {
  return a.spikes.length === b.spikes.length && a.spikes.ids.every((id, k) => id === b.spikes.ids[k] && a.spikes.steps[k] === b.spikes.steps[k]);
}

type Patch = [RegExp | string, string] | ((code: string) => string);

function weaveUpdate(code: string, name: string, n: number): string {
  const head = code.indexOf(`fn ${name}(`);
  const open = code.indexOf('{\n', head) + 2;
  const close = code.indexOf('\n}\n', open);
  const lines = code.slice(open, close).split('\n');
  const indent = (l: string) => l.length - l.trimStart().length;
  const base = indent(lines[0]!);
  const statements: string[][] = [];
  for (const line of lines) {
    if (line.trim() === '') continue;
    const continues = statements.length > 0 && (indent(line) > base || line.trimStart().startsWith('}'));
    if (continues) statements[statements.length - 1]!.push(line);
    else statements.push([line]);
  }
  const names = new Set(['i', 'regs', ...[...code.slice(open, close).matchAll(/\b(?:let|var)\s+([A-Za-z_]\w*)/g)].map((m) => m[1]!)]);
  const rename = (line: string, k: number) => line.replace(/(?<![.\w])([A-Za-z_]\w*)\b/g, (m) => (names.has(m) ? `${m}_${k}` : m));
  const woven: string[] = [];
  for (const st of statements) for (let k = 0; k < n; k++) for (const line of st) woven.push(rename(line, k));
  const params = [
    ...Array.from({ length: n }, (_, k) => `i_${k}: u32`),
    'step: u32, slot: u32, seed: u32, parity: u32',
    ...Array.from({ length: n }, (_, k) => `regs_${k}: ptr<private, NeuronRegs>`),
  ];
  return `${code.slice(0, head)}fn ${name}_x${n}(${params.join(', ')}) {\n${woven.join('\n')}\n}\n\n${code.slice(head)}`;
}

async function timeEngine(sim: Simulation, options: WebGpuEngineOptions, steps: number) {
  const engine = new WebGpuEngine(gpu as NonNullable<typeof gpu>, sim.plan, options);
  try {
    await engine.run(200, () => {});
    const t0 = performance.now();
    const p0 = engine.profile().totalsMs;
    await engine.run(steps, () => {});
    const wallUs = ((performance.now() - t0) * 1000) / steps;
    const p1 = engine.profile().totalsMs;
    const totals = await engine.spikeTotals();
    const gpuEngine = new WebGpuEngine(gpu as NonNullable<typeof gpu>, sim.plan, { ...options, profilePhases: 'batch' });
    await gpuEngine.run(200, () => {});
    const g0 = gpuEngine.profile().totalsMs.total ?? 0;
    await gpuEngine.run(steps, () => {});
    const gpuUs = (((gpuEngine.profile().totalsMs.total ?? 0) - g0) * 1000) / steps;
    gpuEngine.destroy();
    const spikesPerStep = totals.reduce((a, b) => a + b, 0) / engine.step;
    return {
      kernel: engine.stepKernel,
      wallUs,
      gpuUs,
      encodeUs: (((p1.encode ?? 0) - (p0.encode ?? 0)) * 1000) / steps,
      waitUs: (((p1.wait ?? 0) - (p0.wait ?? 0)) * 1000) / steps,
      spikesPerStep,
    };
  } finally {
    engine.destroy();
  }
}
async function build(net: NetworkDescription, math: 'exact' | 'fast' = 'exact') {
  const t0 = performance.now();
  const sim = await Simulation.create({ ...net, recording: { spikes: false } }, { gpu: gpu as NonNullable<typeof gpu>, math, stepKernel: 'split' });
  return { sim, buildMs: performance.now() - t0 };
}

if (only === 'all' || only === 'small') {
  // Fused against split on networks up to the fused kernel's size (8 neurons a thread of 1,024).
  const small: Array<[string, NetworkDescription, number]> = [
    ['coba-4000', cobaNetwork(), 10_000],
    ['izhikevich-2003-1k', izhikevich2003Network(), 2000],
    ['lif-1k-k100', randomEiNetwork({ model: 'lif', neurons: 1000, synapsesPerNeuron: 100, seed: 1 }), 5000],
    ['lif-4k-k1000', randomEiNetwork({ model: 'lif', neurons: 4000, synapsesPerNeuron: 1000, seed: 1 }), 5000],
    ['lif-8k-k100', randomEiNetwork({ model: 'lif', neurons: 8000, synapsesPerNeuron: 100, seed: 1 }), 5000],
    ['adex-8k-k100', randomEiNetwork({ model: 'adex', neurons: 8000, synapsesPerNeuron: 100, seed: 1 }), 5000],
    ['izhikevich-8k-k100', izhikevich2003Network({ excitatory: 6400, inhibitory: 1600, inDegree: 100 }), 2000],
    ['hh-1k-k100', randomEiNetwork({ model: 'hh', neurons: 1000, synapsesPerNeuron: 100, seed: 1 }), 5000],
  ];
  let warmed = false;
  for (const [name, net, steps] of small) {
    const { sim, buildMs } = await build(net);
    if (!warmed) {
      // The driver lowers the SM clock after the idle spell of a build: step for 2 s first.
      const engine = new WebGpuEngine(gpu, sim.plan, { stepKernel: 'split' });
      await warmUp(engine, 1000);
      engine.destroy();
      warmed = true;
    }
    const row: Record<string, unknown> = { buildMs, dtMs: sim.plan.dt };
    row.split = await timeEngine(sim, { stepKernel: 'split' }, steps);
    row.fused = await timeEngine(sim, { stepKernel: 'fused', maxStepsPerSubmit: 1000 }, steps).catch((e: Error) => e.message);
    row.fusedRingStorage = await timeEngine(sim, { stepKernel: 'fused', maxStepsPerSubmit: 1000, fusedRing: 'storage' }, steps).catch((e: Error) => e.message);
    row.fused200 = await timeEngine(sim, { stepKernel: 'fused' }, steps).catch((e: Error) => e.message);
    row.fusedFast = await timeEngine(sim, { stepKernel: 'fused', maxStepsPerSubmit: 1000, math: 'fast' }, steps).catch((e: Error) => e.message);
    note(`small ${name}`, row);
    sim.destroy();
  }
}

if (only === 'coba') {
  // What a fused COBA step spends: with and without the Poisson drive, by lanes per row, exact and fast.
  let warmed = false;
  for (const [name, net] of [
    ['coba-4000', cobaNetwork()],
    ['coba-4000 no drive', cobaNetwork({ background: false })],
    ['coba-1000', cobaNetwork({ size: 1000 })],
  ] as const) {
    const { sim } = await build(net);
    if (!warmed) {
      const engine = new WebGpuEngine(gpu, sim.plan, { stepKernel: 'split' });
      await warmUp(engine, 1000);
      engine.destroy();
      warmed = true;
    }
    const row: Record<string, unknown> = {};
    for (const lanes of [16, 32, 64]) {
      row[`lanes${lanes}`] = await timeEngine(sim, { stepKernel: 'fused', maxStepsPerSubmit: 1000, propagationLanes: lanes }, 10_000);
      row[`lanes${lanes}Fast`] = await timeEngine(sim, { stepKernel: 'fused', maxStepsPerSubmit: 1000, propagationLanes: lanes, math: 'fast' }, 10_000);
    }
    note(`coba ${name}`, row);
    sim.destroy();
  }
}

if (only === 'coba-parts') {
  // Where a fused COBA step goes: the kernel with one phase taken out at a time (the dynamics change,
  // so this is only a decomposition of time), exact and fast math.
  const U: [string, string] = ['updateNeurons(lid, step, step % RING_SLOTS, batch.seed, parity);', ''];
  const D: [string, string] = ['drawNext(lid, 1u - parity, step + 1u, batch.seed);', ''];
  const P: [string, string] = ['deliverAll(lid / LANES, WG / LANES, step % RING_SLOTS, parity, lid % LANES);', ''];
  const parts: Array<[string, Array<[string, string]>]> = [
    ['whole', []],
    ['no delivery', [P]],
    ['no update', [U]],
    ['no update, no delivery', [U, P]],
    ['barriers only', [U, D, P]],
  ];
  const { sim } = await build(cobaNetwork());
  const warm = new WebGpuEngine(gpu, sim.plan, { stepKernel: 'split' });
  await warmUp(warm, 1000);
  warm.destroy();
  for (const [name, patches] of parts) {
    const row: Record<string, unknown> = {};
    const patch = (code: string) => patches.reduce((c, [from, to]) => c.replace(from, to), code);
    for (const math of ['exact', 'fast'] as const)
      row[math] = await withShaderPatch(patch, () => timeEngine(sim, { stepKernel: 'fused', maxStepsPerSubmit: 1000, math }, 10_000));
    note(`coba-parts ${name}`, row);
  }
  sim.destroy();
}

if (only === 'coba-variants') {
  // Where the fused COBA step goes and what would shorten it: the kernel with one part doubled or
  // changed (WGSL patches), timed against the whole kernel in interleaved rounds, each variant checked
  // against the CPU's spike train (a doubled part keeps the dynamics; the fakes and 'no update' do not).
  // docs/benchmarks.md ("The fused COBA step, part by part") has the H100's answers.
  const sub = '  let k = atomicAdd(&drawQueued[list], 1u);';
  const noFallback: Patch = [/\} else if \(q/g, '} else if (false && q'];
  const fakeQueue: Patch[] = [
    [sub, '  let k = (i * 37u + input) % 320u;'],
    ['let queued = min(atomicLoad(&drawQueued[list]), DRAW_CAPACITY);', 'let queued = 320u;'],
  ];
  const subgroupQueue: Patch[] = [
    [/^/, 'enable subgroups;\ndiagnostic(off, subgroup_uniformity);\n'],
    [
      sub,
      '  let before = subgroupExclusiveAdd(1u);\n  let total = subgroupAdd(1u);\n  var first = 0u;\n  if (subgroupElect()) { first = atomicAdd(&drawQueued[list], total); }\n  let k = subgroupBroadcastFirst(first) + before;',
    ],
  ];
  // Threads per spike row in delivery (the engine's LANES override stays declared, unused).
  const lanes = (n: number): Patch[] => [
    [/\bLANES\b/g, 'DLANES'],
    ['override DLANES: u32 = 32u;', `override LANES: u32 = 32u;\nconst DLANES: u32 = ${n}u;`],
    ['dm_zero = batch.zero;', 'dm_zero = batch.zero;\n  _ = LANES;'],
  ];
  // The predicated delivery: a lane loads `width` synapses (clamped to the row) before adding any.
  const wideDelivery = (width: number): [RegExp, string] => [
    /fn deliver\(p: Projection[\s\S]*?\n}\n/,
    `fn deliver(p: Projection, s: u32, slot: u32, parity: u32, lane: u32) {
  let pre = spikeAt(p, s, parity);
  let begin = rowOffsets[p.rowBase + pre];
  let end = rowOffsets[p.rowBase + pre + 1u];
  if (begin >= end) { return; }
  let last = end - 1u;
  for (var k = begin + lane; k < end; k += ${width}u * LANES) {
${Array.from({ length: width }, (_, j) => `    let k${j} = min(k + ${j}u * LANES, last);\n    let t${j} = synapseTarget(k${j});\n    let w${j} = synapseWeight(k${j});`).join('\n')}
    deliverSynapse(p, t0, w0, slot);
${Array.from({ length: width - 1 }, (_, j) => `    if (k + ${j + 1}u * LANES < end) { deliverSynapse(p, t${j + 1}, w${j + 1}, slot); }`).join('\n')}
  }
}
`,
  ];
  // COBA's r0..r2 are excitatory for every thread (lid + 2·1024 < 3200): one woven update for the three.
  const weave3: Patch = (code) =>
    weaveUpdate(code, 'update_0', 3).replace(
      /fn updateNeurons\(lid: u32, step: u32, slot: u32, seed: u32, parity: u32\) \{\n.*\n.*\n.*\n/,
      'fn updateNeurons(lid: u32, step: u32, slot: u32, seed: u32, parity: u32) {\n  update_0_x3(lid, lid + WG, lid + 2u * WG, step, slot, seed, parity, &r0, &r1, &r2);\n',
    );
  // Phase costs with the dynamics kept: the delivery twice at half the (even) fixed-point weights, the
  // draws twice (the second's result kept alive by a test that never holds for these q).
  const deliverTwice: Patch[] = [
    [
      'deliverAll(lid / LANES, WG / LANES, step % RING_SLOTS, parity, lid % LANES);',
      'deliverAll(lid / LANES, WG / LANES, step % RING_SLOTS, parity, lid % LANES);\n    deliverAll(lid / LANES, WG / LANES, step % RING_SLOTS, parity, lid % LANES);',
    ],
    ['atomicAdd(&wgRing[cell], weight);', 'atomicAdd(&wgRing[cell], weight / 2);'],
  ];
  const drawTwice: Patch[] = [
    [
      '    drawLists[at] = drawn.x;',
      '    let again = poissonDraws(entry >> 24u, entry & 0xffffffu, bitcast<f32>(drawLists[at + 1u]), step, seed + dm_zero);\n    drawLists[at] = drawn.x + select(0u, 1u, again.y == 7u);',
    ],
  ];
  // The update's registers copied to function variables around it (are private pointers kept in registers?).
  const functionRegs: Patch[] = [
    [/parity: u32, regs: ptr<private, NeuronRegs>\)/g, 'parity: u32, regs: ptr<function, NeuronRegs>)'],
    (code) =>
      code.replace(/(fn updateNeurons\(lid: u32, step: u32, slot: u32, seed: u32, parity: u32\) \{\n)([\s\S]*?)\n}/, (_m, head: string, body: string) => {
        const regs = [...new Set([...body.matchAll(/&r(\d)/g)].map((m) => m[1]))];
        return `${head}${regs.map((r) => `  var l${r} = r${r};`).join('\n')}\n${body.replace(/&r(\d)/g, '&l$1')}\n${regs.map((r) => `  r${r} = l${r};`).join('\n')}\n}`;
      }),
  ];
  // Sixteen independent pinned products per neuron, kept alive by a test that never holds: the cost of
  // instructions in the update (issue-bound if it grows by their count).
  const morePins: Patch[] = [
    [
      /(\n {2}\(\*regs\)\.x0 = s_v;)/g,
      `\n  var extra = 0.0f;\n${Array.from({ length: 16 }, (_, k) => `  extra = extra + dm_pin(s_v * ${1 + k / 64}f);`).join('\n')}\n  if (extra == 1.0f) { s_v = 0.0f; }$1`,
    ],
  ];
  // dm_pin without its xor: the flush's test compares with the opaque zero instead.
  const zeroComparePin: Patch = [
    'let bits = bitcast<u32>(x) ^ dm_zero;\n  return bitcast<f32>(select(bits, bits & DM_SIGN_BIT, (bits & DM_INF_BITS) == 0u));',
    'let bits = bitcast<u32>(x);\n  return bitcast<f32>(select(bits, bits & DM_SIGN_BIT, (bits & DM_INF_BITS) == dm_zero));',
  ];
  const variants: Array<[string, Patch[], WebGpuEngineOptions]> = [
    ['whole', [], {}],
    ['draws twice', drawTwice, {}],
    ['delivery twice, half weights', deliverTwice, {}],
    ['16 more pinned products a neuron', morePins, {}],
    ['no inline draws', [noFallback], {}],
    ['wide delivery 2', [wideDelivery(2)], {}],
    ['wide delivery 4', [wideDelivery(4)], {}],
    ['delivery lanes 16', lanes(16), {}],
    ['delivery lanes 64', lanes(64), {}],
    ['registers through function pointers', functionRegs, {}],
    ['woven update r0..r2', [weave3], {}],
    ['pin compared with dm_zero', [zeroComparePin], {}],
    ['subgroup queue', subgroupQueue, {}],
    ['queue without atomics (fake)', fakeQueue, {}],
    ['workgroup 512', [], { workgroupSize: 512 }],
    ['no update', [['updateNeurons(lid, step, step % RING_SLOTS, batch.seed, parity);', '']], {}],
    ['whole again', [], {}],
  ];
  const steps = Number(process.env.STEPS ?? 10_000);
  const net = cobaNetwork(process.env.COBA_SIZE ? { size: Number(process.env.COBA_SIZE) } : {});
  const { sim } = await build(net);
  const cpu = await Simulation.create(net, { backend: 'cpu' });
  await cpu.run(300);
  // Every engine is built (compiled) first, then timed in interleaved rounds.
  const engines: Array<{ name: string; engine: WebGpuEngine }> = [];
  for (const [name, patches, options] of variants) {
    if (patches === subgroupQueue && !gpu.features.has('subgroups')) continue;
    const patch = (code: string) => patches.reduce((c, p) => (typeof p === 'function' ? p(c) : c.replace(p[0], p[1])), code);
    for (const math of ['exact', 'fast'] as const) {
      try {
        const engine = await withShaderPatch(patch, async () => {
          const made = new WebGpuEngine(gpu, sim.plan, { stepKernel: 'fused', maxStepsPerSubmit: 1000, math, profilePhases: 'batch', ...options });
          await made.run(1000, () => {});
          return made;
        });
        engines.push({ name: `${name}, ${math}`, engine });
      } catch (e) {
        note(`coba-variants ${name}, ${math}`, (e as Error).message);
      }
    }
    const row: Record<string, unknown> = {};
    try {
      const check = await withShaderPatch(patch, () => Simulation.create(net, { gpu, stepKernel: 'fused', ...options }));
      await check.run(300);
      row.identicalToCpu = sameSpikes(check, cpu);
      check.destroy();
    } catch (e) {
      row.identicalToCpu = (e as Error).message;
    }
    note(`coba-variants ${name} check`, row);
  }
  const rounds = await interleavedRounds(
    engines.map((e) => e.engine),
    steps / 5,
    steps,
  );
  for (const [k, e] of engines.entries()) {
    const times = rounds[k]?.total ?? [];
    note(`coba-variants ${e.name}`, {
      gpuUsPerStep: times,
      median: median(times),
      spikesPerStep: (await e.engine.spikeTotals()).reduce((a, b) => a + b, 0) / e.engine.step,
    });
    e.engine.destroy();
  }
  sim.destroy();
}

if (only === 'pins') {
  // Other spellings of det-math's dm_pin (same values), timed on the fused COBA step and checked
  // against the CPU's spike train: which costs the update least.
  const original = 'return bitcast<f32>(select(bits, bits & DM_SIGN_BIT, (bits & DM_INF_BITS) == 0u));';
  const pins: Array<[string, string]> = [
    ['current', original],
    ['float compare, integer sign', 'let t = bitcast<f32>(bits); return select(bitcast<f32>(bits & DM_SIGN_BIT), t, abs(t) >= 0x1p-126f);'],
    ['mask select', 'return bitcast<f32>(bits & select(DM_SIGN_BIT, 0xffffffffu, (bits & DM_INF_BITS) != 0u));'],
    ['float compare, times zero', 'let t = bitcast<f32>(bits); return select(t * 0.0f, t, abs(t) >= 0x1p-126f);'],
  ];
  const net = cobaNetwork();
  const cpu = await Simulation.create(net, { backend: 'cpu' });
  await cpu.run(300);
  const { sim } = await build(net);
  const warm = new WebGpuEngine(gpu, sim.plan, { stepKernel: 'split' });
  await warmUp(warm, 1000);
  warm.destroy();
  for (const [name, body] of pins) {
    const patch = (code: string) => code.replace(original, body);
    const timing = await withShaderPatch(patch, () => timeEngine(sim, { stepKernel: 'fused', maxStepsPerSubmit: 1000 }, 10_000));
    const check = await withShaderPatch(patch, () => Simulation.create(net, { gpu, stepKernel: 'fused' }));
    await check.run(300);
    note(`pins ${name}`, { gpuUs: timing.gpuUs, wallUs: timing.wallUs, identicalToCpu: sameSpikes(check, cpu), spikes: check.spikes.length });
    check.destroy();
  }
  sim.destroy();
}

if (only === 'stdp') {
  // Where an STDP step of the 100k Izhikevich network goes, against the static network: GPU time per
  // phase (update, delivery, the plastic passes: a timestamped pass each), every engine built first and
  // then timed in interleaved rounds, each after 200 untimed steps (the SM clock follows the load). The
  // plastic passes with parts taken out of their WGSL change the weights (a decomposition of time, not
  // of the same work).
  const entry = 'fn main(@builtin(workgroup_id) wid: vec3u, @builtin(local_invocation_id) lid: vec3u) {\n  dm_zero = info.zero;';
  const variants: Array<[string, string, ReadonlyArray<readonly [string, string, string]>]> = [
    ['static', 'izhikevich-100k-indegree-1000', []],
    ['stdp', 'izhikevich-100k-indegree-1000-stdp', []],
    ['stdp, row pass without its weight store', 'izhikevich-100k-indegree-1000-stdp', [['fn rows_', 'weights[k] = w;', '']]],
    ['stdp, column pass without its weight store', 'izhikevich-100k-indegree-1000-stdp', [['fn columns_', 'weights[k] = w;', '']]],
    ['stdp, column pass emptied', 'izhikevich-100k-indegree-1000-stdp', [['fn columns_', entry, `${entry}\n  return;`]]],
  ];
  const sims = new Map<string, Simulation>();
  const engines: Array<{ name: string; engine: WebGpuEngine }> = [];
  for (const [name, caseName, patches] of variants) {
    let sim = sims.get(caseName);
    if (!sim) {
      sim = (await build((BENCH_CASES.find((c) => c.name === caseName) as NetworkCase).network())).sim;
      sims.set(caseName, sim);
    }
    const plan = sim.plan;
    const patch = (code: string) => patches.reduce((c, [shader, from, to]) => (c.includes(shader) ? c.replaceAll(from, to) : c), code);
    const engine = await withShaderPatch(patch, async () => {
      const made = new WebGpuEngine(gpu, plan, { profilePhases: true });
      await made.run(100, () => {});
      return made;
    });
    engines.push({ name, engine });
  }
  const rounds = await interleavedRounds(
    engines.map((e) => e.engine),
    200,
    500,
  );
  for (const [k, e] of engines.entries()) {
    note(`stdp ${e.name}`, Object.fromEntries(Object.entries(rounds[k] ?? {}).map(([phase, xs]) => [phase, { median: median(xs), rounds: xs }])));
    e.engine.destroy();
  }
  for (const sim of sims.values()) sim.destroy();
}

if (only === 'all' || only === 'identity') {
  // CPU against both step kernels on this adapter: the trains must be identical.
  const cases: Array<[string, NetworkDescription, number]> = [
    ['izhikevich-2003-1k, 1 s', izhikevich2003Network(), 1000],
    ['coba-4000, 300 ms', cobaNetwork(), 300],
  ];
  for (const [name, net, ms] of cases) {
    const cpu = await Simulation.create(net, { backend: 'cpu' });
    await cpu.run(ms);
    const row: Record<string, unknown> = { cpuSpikes: cpu.spikes.length };
    for (const stepKernel of ['split', 'fused'] as const) {
      const sim = await Simulation.create(net, { gpu, stepKernel });
      await sim.run(ms);
      let same = 0;
      const n = Math.min(cpu.spikes.length, sim.spikes.length);
      while (same < n && cpu.spikes.ids[same] === sim.spikes.ids[same] && cpu.spikes.steps[same] === sim.spikes.steps[same]) same++;
      row[stepKernel] = { spikes: sim.spikes.length, identicalPrefix: same, identical: same === cpu.spikes.length && same === sim.spikes.length };
      sim.destroy();
    }
    note(`identity ${name}`, row);
  }
}

if (only === 'repeat') {
  // The same engine configuration again and again in one process: does the step time drift?
  const { sim, buildMs } = await build(izhikevich2003Network({ excitatory: 80000, inhibitory: 20000, inDegree: 1000 }));
  note('izh100k build ms', buildMs);
  for (let k = 0; k < 5; k++) note(`izh100k default #${k}`, await timeEngine(sim, {}, 1000));
  const engine = new WebGpuEngine(gpu, sim.plan, { profilePhases: 'batch' });
  for (let k = 0; k < 5; k++) {
    const g0 = engine.profile().totalsMs.total ?? 0;
    const t0 = performance.now();
    await engine.run(1000, () => {});
    note(`izh100k one engine, run #${k}`, { wallUs: performance.now() - t0, gpuUs: (engine.profile().totalsMs.total ?? 0) - g0 });
  }
  engine.destroy();
  sim.destroy();
}

if (only === 'all' || only === 'big') {
  const izh100k = izhikevich2003Network({ excitatory: 80000, inhibitory: 20000, inDegree: 1000 });
  const { sim, buildMs } = await build(izh100k);
  note('izh100k build ms', buildMs);
  const variants: Array<[string, WebGpuEngineOptions]> = [
    ['A split wg256 grid1025 (default)', {}],
    ['B split wg512 grid529', { workgroupSize: 512, propagationWorkgroups: 529 }],
    ['A split wg256 grid1025 (default)', {}],
    ['C split wg256 grid513', { propagationWorkgroups: 513 }],
    ['A split wg256 grid1025 (default)', {}],
    ['F split wg256 grid1025, fast math', { math: 'fast' }],
    ['B split wg512 grid529', { workgroupSize: 512, propagationWorkgroups: 529 }],
    ['F split wg256 grid1025, fast math', { math: 'fast' }],
  ];

  for (const [name, options] of variants) {
    const row: Record<string, unknown> = await timeEngine(sim, options, 1000);
    note(`izh100k ${name}`, row);
  }
  sim.destroy();
  const noInputs = await build({ ...izh100k, inputs: [] });
  note('izh100k no inputs', await timeEngine(noInputs.sim, {}, 1000));
  noInputs.sim.destroy();
}
gpu.destroy();
process.exit(0);
