import { type HomeostasisSpec, type NetworkDescription, philox4x32, Rng } from '@spikegpu/core';
import { ModelRegistry } from '@spikegpu/models';
import { PlasticityRegistry, stpPresets } from '@spikegpu/plasticity';
import { describe, expect, it } from 'vitest';
import { CpuEngine } from '../cpu-engine.js';
import type { EngineSnapshot } from '../engine.js';
import { planNetwork } from '../network-plan.js';
import { cobaNetwork, izhikevich2003Network } from '../networks/index.js';
import { compileUpdateKernel, UnsupportedCode } from './compile-update.js';

/** Runs a network with each kind of kernel; returns what each produced. */
async function runBoth(net: NetworkDescription, steps: number) {
  const plan = planNetwork(net, new ModelRegistry(), undefined, new PlasticityRegistry());
  const run = async (kernels: 'wasm' | 'wasm-scalar' | 'js') => {
    const engine = new CpuEngine(plan, { kernels });
    const spikes: number[] = [];
    await engine.run(steps, (step, ids) => {
      for (const id of ids) spikes.push(step, id);
    });
    return { kernels: engine.kernels, spikes, snapshot: await engine.snapshot() };
  };
  const [wasm, scalar, js] = [await run('wasm'), await run('wasm-scalar'), await run('js')];
  expect(scalar.kernels.every((k) => k === 'wasm')).toBe(true);
  expectSameBits(scalar, js);
  return { wasm, js };
}

type Run = { spikes: number[]; snapshot: EngineSnapshot };

function expectSameBits(a: Run, b: Run) {
  expect(a.spikes).toEqual(b.spikes);
  expect(Buffer.from(a.snapshot.state.buffer).equals(Buffer.from(b.snapshot.state.buffer))).toBe(true);
  expect(Buffer.from(a.snapshot.inputRing.buffer).equals(Buffer.from(b.snapshot.inputRing.buffer))).toBe(true);
  expect(a.snapshot.projections).toEqual(b.snapshot.projections);
}

/** One population of each built-in model, with every kind of input and receptor. */
function everyModelNetwork(): NetworkDescription {
  const receptors = {
    exc: { kind: 'conductance' as const, tauMs: 5, reversalMv: 0 },
    inh: { kind: 'conductance' as const, tauMs: 10, reversalMv: -80 },
    cur: { kind: 'current' as const, tauMs: 3 },
  };
  const models = ['lif', 'izhikevich-2003', 'adex', 'hodgkin-huxley-1952'];
  return {
    name: 'every-model',
    dt: 0.025,
    seed: 11,
    populations: models.map((model, k) => ({
      name: `p${k}`,
      size: 60 + k,
      model,
      receptors,
      ...(model === 'lif' ? { params: { vThresh: { dist: 'uniform' as const, low: -52, high: -48 } } } : {}),
    })),
    inputs: [
      ...models.map((_, k) => ({ kind: 'poisson' as const, target: `p${k}`, receptor: 'exc', weight: 4, rateHz: 20, sources: 50 })),
      { kind: 'poisson', target: 'p0', receptor: 'inh', weight: 2, rateHz: 40000, sources: 20, neurons: [1, 5, 9, 30] },
      { kind: 'noise', target: 'p1', mean: 2, sd: 3 },
      { kind: 'ou', target: 'p2', mean: 100, sd: 80, tauMs: 5 },
      { kind: 'current', target: 'p3', amplitude: { dist: 'uniform', low: 2, high: 12 }, startMs: 5, stopMs: 30, neurons: [0, 2, 4, 6, 8, 10] },
      { kind: 'current', target: 'p0', amplitude: 150, startMs: 10 },
    ],
    projections: models.flatMap((_, k) => [
      { source: `p${k}`, target: `p${(k + 1) % 4}`, connectivity: { rule: 'fixed-probability' as const, p: 0.2 }, receptor: 'exc', weight: 3 },
      { source: `p${k}`, target: `p${(k + 2) % 4}`, connectivity: { rule: 'fixed-probability' as const, p: 0.2 }, receptor: 'cur', weight: 20, delayMs: 1.5 },
    ]),
  } as NetworkDescription;
}

describe('neuron updates compiled to WebAssembly', () => {
  it('draw the same Philox4x32-10 words as core (Random123 known answers and random counters)', () => {
    const memory = new WebAssembly.Memory({ initial: 1 });
    const words = new Uint32Array(memory.buffer, 0, 4);
    // One "neuron" that stores its four words: counter (i, step, stream, draw) under key (seed, 'SPIK').
    const update = compileUpdateKernel(
      {
        body: `const r = (randomU32x4Into(rngWords, seed, 77, step, i, slot), rngWords);
ring[0] = r[0]; ring[1] = r[1]; ring[2] = r[2]; ring[3] = r[3];`,
        size: 1,
        arrays: [{ name: 'ring', element: 'u32', byteOffset: 0 }],
        functions: {},
      },
      memory,
    );
    const rng = new Rng(5, 0);
    for (let k = 0; k < 200; k++) {
      const [seed, step, draw] = [rng.nextU32(), rng.nextU32(), rng.nextInt(1000)];
      update(step, draw, seed);
      expect(Array.from(words)).toEqual(philox4x32(0, step, 77, draw, seed, 0x5350494b));
    }
  });

  it('leave code outside the subset they compile to the JS', () => {
    const memory = new WebAssembly.Memory({ initial: 1 });
    const source = (body: string) => ({ body, size: 8, arrays: [{ name: 'state', element: 'f32' as const, byteOffset: 0 }], functions: {} });
    expect(() => compileUpdateKernel(source('state[i] = state[i] % 2;'), memory)).toThrow(UnsupportedCode);
    expect(() => compileUpdateKernel(source('state[i] = unknownFunction(state[i]);'), memory)).toThrow(UnsupportedCode);
    expect(compileUpdateKernel(source('state[i] = f(state[i] * 2);'), memory).lanes).toBe(4);
  });

  it('give COBA (LIF, conductances, Poisson drive) the same spikes and state bits as the JS', async () => {
    // 321 and 80 neurons: four lanes at a time, then one.
    const { wasm, js } = await runBoth(cobaNetwork({ size: 401 }), 600);
    expect(wasm.kernels).toEqual(['wasm-simd', 'wasm-simd']);
    expect(js.kernels).toEqual(['js', 'js']);
    expect(wasm.spikes.length).toBeGreaterThan(500);
    expectSameBits(wasm, js);
  });

  it('give every built-in model, with every kind of input and receptor, the same bits as the JS', async () => {
    const { wasm, js } = await runBoth(everyModelNetwork(), 1600);
    expect(wasm.kernels).toEqual(['wasm-simd', 'wasm-simd', 'wasm-simd', 'wasm-simd']);
    expect(wasm.spikes.length).toBeGreaterThan(200);
    expectSameBits(wasm, js);
  });

  it('flush subnormal results as the JS does (conductances decaying through 2^−126)', async () => {
    // τ = dt: each step multiplies the conductance by e^−1, from ~40 to below 2^−126 in ~90 steps.
    const net = cobaNetwork({ size: 50, dt: 1, background: false });
    for (const p of net.populations)
      p.receptors = { exc: { kind: 'conductance', tauMs: 1, reversalMv: 0 }, inh: { kind: 'conductance', tauMs: 1, reversalMv: -80 } };
    const { wasm, js } = await runBoth(net, 150);
    expectSameBits(wasm, js);
    const plan = planNetwork(net, new ModelRegistry());
    const engine = new CpuEngine(plan);
    await engine.run(150, () => {});
    expect(Array.from(await engine.readState(0, 'syn_exc')).every((g) => g === 0)).toBe(true);
  });

  it('give plastic networks (STDP, STP) and homeostasis the same bits as the JS', async () => {
    const net = izhikevich2003Network({ excitatory: 160, inhibitory: 40 });
    const [ee, ei, ...others] = net.projections as NonNullable<NetworkDescription['projections']>;
    const stdp = { rule: 'stdp', aPlus: 0.02, aMinus: 0.025, wMin: 0, wMax: 0.5 };
    net.projections = [
      { ...ee!, name: 'ee', plasticity: [stdp] },
      { ...ei!, name: 'ei', plasticity: [stpPresets.excitatoryToInhibitory.spec, { ...stdp, pairing: 'nearest-spike' }] },
      ...others,
    ];
    const { wasm, js } = await runBoth(net, 500);
    expect(wasm.kernels).toEqual(['wasm-simd', 'wasm-simd']);
    expectSameBits(wasm, js);
    const coba = cobaNetwork({ size: 300, connectivity: 0.08, dt: 0.5, seed: 3 });
    const rules: HomeostasisSpec[] = [
      { rule: 'adaptive-threshold', param: 'vThresh', targetRateHz: 10, rateTauMs: 100, gain: 2 },
      { rule: 'intrinsic-current', targetRateHz: 10, rateTauMs: 100, gain: 50 },
    ];
    coba.populations = coba.populations.map((p, k) => ({ ...p, homeostasis: rules[k] }));
    const homeostatic = await runBoth(coba, 500);
    expect(homeostatic.wasm.kernels).toEqual(['wasm-simd', 'wasm-simd']);
    expectSameBits(homeostatic.wasm, homeostatic.js);
  });
});
