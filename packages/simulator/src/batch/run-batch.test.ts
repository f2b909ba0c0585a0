import { NumericalError } from '@spikegpu/core';
import { acquireGpu } from '@spikegpu/gpu-runtime';
// Until @spikegpu/models exports the new models from its index, read them from its source.
import { adex, hodgkinHuxley1952, hodgkinHuxleyExtended, hodgkinHuxleyModel, izhikevich2003, izhikevich2007, lif } from '@spikegpu/models';
import { afterAll, describe, expect, it } from 'vitest';
import type { BatchSpec } from './batch-spec.js';
import { type BatchResult, runBatch } from './run-batch.js';

const range = (n: number, f: (i: number) => number) => Array.from({ length: n }, (_, i) => f(i));

describe('batch mode on the CPU: the HH batch simulator’s validation suite (icemc, seeds-deep §3)', () => {
  it('a batch of 10 with I = 5 + i µA/cm² from 10 to 40 ms: rest, peak and amplitude, gates in [0, 1]', async () => {
    const result = await runBatch({
      model: hodgkinHuxley1952,
      size: 10,
      dtMs: 0.01,
      durationMs: 50,
      stimulus: { kind: 'step', amplitude: range(10, (i) => 5 + i), startMs: 10, stopMs: 40 },
      record: { variables: 'all' },
    });
    const v = result.traces.v!;
    const sampleAt = (tMs: number, neuron: number) => v[Math.round(tMs / 0.01) * 10 + neuron]!;
    expect(sampleAt(9.9, 0)).toBeGreaterThan(-70);
    expect(sampleAt(9.9, 0)).toBeLessThan(-60);
    const peak = Math.max(...range(5001, (s) => v[s * 10 + 5]!));
    const trough = Math.min(...range(5001, (s) => v[s * 10 + 5]!));
    expect(peak).toBeGreaterThan(30);
    expect(peak).toBeLessThan(60);
    expect(peak - trough).toBeGreaterThan(100);
    expect(peak - trough).toBeLessThan(130);
    for (const g of ['m', 'h', 'n']) for (const x of result.traces[g]!) expect(x >= 0 && x <= 1).toBe(true);
    // One spike at 5 µA/cm², a train from 7 on, counts growing with the current.
    expect(result.spikeCounts[0]).toBe(1);
    expect(result.spikeCounts[2]).toBeGreaterThanOrEqual(2);
    for (let i = 1; i < 10; i++) expect(result.spikeCounts[i]!).toBeGreaterThanOrEqual(result.spikeCounts[i - 1]!);
  });

  it('finds the rheobase (≥ 2 spikes for a 10–200 ms step) between 3 and 8 µA/cm² in one batch', async () => {
    const amplitudes = range(15, (i) => 3 + 0.5 * i);
    const result = await runBatch({
      model: hodgkinHuxley1952,
      size: 15,
      dtMs: 0.025,
      durationMs: 210,
      stimulus: { kind: 'step', amplitude: amplitudes, startMs: 10, stopMs: 200 },
    });
    const rheobase = amplitudes.find((_, i) => result.spikeCounts[i]! >= 2)!;
    expect(rheobase).toBeGreaterThan(3);
    expect(rheobase).toBeLessThan(8);
  });

  it('interpolates spike times: a coarse step lands within 0.02 ms of a fine one', async () => {
    const spec = (dtMs: number): BatchSpec => ({
      model: hodgkinHuxley1952,
      size: 1,
      dtMs,
      durationMs: 30,
      stimulus: { kind: 'step', amplitude: 10, startMs: 5 },
    });
    const fine = (await runBatch(spec(0.001))).spikesOf(0);
    const coarse = await runBatch(spec(0.02));
    const noInterpolation = await runBatch({ ...spec(0.02), interpolate: false });
    expect(coarse.spikesOf(0)).toHaveLength(fine.length);
    for (let k = 0; k < fine.length; k++) expect(Math.abs(coarse.spikesOf(0)[k]! - fine[k]!)).toBeLessThan(0.02);
    const error = (r: BatchResult) => Math.max(...Array.from(r.spikesOf(0), (t, k) => Math.abs(t - fine[k]!)));
    expect(error(coarse)).toBeLessThan(error(noInterpolation));
  });

  it('is deterministic, noise included', async () => {
    const spec: BatchSpec = { model: lif, size: 20, dtMs: 0.1, durationMs: 200, stimulus: { kind: 'noise', mean: 180, sd: 400 }, seed: 5 };
    const [a, b, c] = await Promise.all([runBatch(spec), runBatch(spec), runBatch({ ...spec, seed: 6 })]);
    expect(Array.from(a.spikeTimes)).toEqual(Array.from(b.spikeTimes));
    expect(Array.from(a.spikeTimes)).not.toEqual(Array.from(c.spikeTimes));
    expect(a.spikeCounts.reduce((x, y) => x + y, 0)).toBeGreaterThan(20);
  });

  it('drives LIF neurons with pulse trains, ramps and an explicit steps × B array', async () => {
    const pulses = await runBatch({
      model: lif,
      size: 1,
      dtMs: 0.1,
      durationMs: 100,
      stimulus: { kind: 'pulse-train', amplitude: 5000, pulseMs: 1, periodMs: 20, startMs: 10, count: 3 },
    });
    expect(Array.from(pulses.spikesOf(0), (t) => Math.floor(t / 10) * 10)).toEqual([10, 30, 50]);
    const steps = 1000;
    const values = new Float32Array(steps * 2);
    for (let s = 300; s < steps; s++) values[s * 2 + 1] = 300;
    const [fromArray, fromStep] = await Promise.all([
      runBatch({ model: lif, size: 2, dtMs: 0.1, durationMs: 100, stimulus: { kind: 'array', values } }),
      runBatch({ model: lif, size: 2, dtMs: 0.1, durationMs: 100, stimulus: { kind: 'step', amplitude: [0, 300], startMs: 30 } }),
    ]);
    expect(fromArray.spikeCounts[0]).toBe(0);
    expect(Array.from(fromArray.spikesOf(1))).toEqual(Array.from(fromStep.spikesOf(1)));
    const ramp = await runBatch({ model: lif, size: 1, dtMs: 0.1, durationMs: 400, stimulus: { kind: 'ramp', from: 0, to: 400, startMs: 0, stopMs: 400 } });
    const isi = Array.from(ramp.spikesOf(0))
      .slice(1)
      .map((t, k) => t - ramp.spikesOf(0)[k]!);
    expect(isi.length).toBeGreaterThan(3);
    expect(isi.at(-1)!).toBeLessThan(isi[0]!);
  });

  it('reports a blow-up with the neuron, the step and a hint instead of returning garbage', async () => {
    const spec: BatchSpec = { model: hodgkinHuxley1952, size: 4, dtMs: 0.5, durationMs: 50, stimulus: { kind: 'step', amplitude: [0, 0, 50, 50], startMs: 5 } };
    await expect(runBatch(spec)).rejects.toThrow(NumericalError);
    await expect(runBatch(spec)).rejects.toThrow(/neuron 2, step \d+.*hint: reduce dtMs/);
  });

  it('rejects a per-neuron value of the wrong length, naming the field', async () => {
    await expect(runBatch({ model: lif, size: 3, dtMs: 0.1, durationMs: 1, params: { gL: [1, 2] } })).rejects.toThrow(
      /params\.gL: expected a number or 3 numbers/,
    );
    await expect(runBatch({ model: lif, size: 3, dtMs: 0.1, durationMs: 1, params: { gl: 1 } })).rejects.toThrow(/did you mean 'gL'/);
  });
});

describe('batch mode on WebGPU (SwiftShader in CI): CPU and GPU agree bit for bit', async () => {
  const gpu = await acquireGpu();
  if (!gpu) {
    it.skip('needs a WebGPU adapter (set VK_ICD_FILENAMES to SwiftShader)', () => {});
    return;
  }
  afterAll(() => gpu.destroy());
  const models = [
    ['izhikevich-2003', { model: izhikevich2003, dtMs: 0.25, stimulus: { kind: 'step', amplitude: range(6, (i) => 4 + 2 * i), startMs: 10 } }],
    [
      'izhikevich-2007 (FS, cubic u)',
      {
        model: izhikevich2007,
        dtMs: 0.1,
        params: { C: 20, k: 1, vr: -55, vt: -40, vPeak: 25, a: 0.2, b: 0, bCubic: 0.025, vb: -55, c: -45, d: 0 },
        init: { v: -55 },
        stimulus: { kind: 'constant', amplitude: range(6, (i) => 100 + 40 * i) },
      },
    ],
    ['lif with noise', { model: lif, dtMs: 0.1, stimulus: { kind: 'noise', mean: 200, sd: range(6, (i) => 100 * i) } }],
    ['adex', { model: adex, dtMs: 0.05, params: { a: range(6, (i) => 2 * i) }, stimulus: { kind: 'step', amplitude: 600, startMs: 5 } }],
    [
      'hodgkin-huxley-1952 (RK4)',
      { model: hodgkinHuxley1952, dtMs: 0.025, stimulus: { kind: 'ramp', from: 0, to: range(6, (i) => 4 * i), startMs: 0, stopMs: 60 } },
    ],
    [
      'hodgkin-huxley-1952 (RK4, a temperature per neuron: φ computed once, before the step loop)',
      {
        model: hodgkinHuxley1952,
        dtMs: 0.02,
        params: { T: range(6, (i) => 6.3 + 4 * i) },
        stimulus: { kind: 'step', amplitude: 12, startMs: 5 },
      },
    ],
    [
      'hodgkin-huxley-1952 (exponential Euler ×2)',
      {
        model: hodgkinHuxleyModel({ integrator: { method: 'exponential-euler', substeps: 2 } }),
        dtMs: 0.05,
        stimulus: { kind: 'constant', amplitude: range(6, (i) => 3 * i) },
      },
    ],
    [
      'hodgkin-huxley-extended (thalamic relay)',
      {
        model: hodgkinHuxleyExtended,
        dtMs: 0.05,
        params: { T: 6.3, gCaT: 2, gh: 0.5, Eh: -40 },
        stimulus: { kind: 'step', amplitude: range(6, (i) => 2 * i - 4), startMs: 20 },
      },
    ],
  ] as const;
  it('fast math (the GPU’s own exp and division) fires at the CPU’s spike times to within 0.01 ms', { timeout: 240_000 }, async () => {
    const spec: BatchSpec = {
      model: hodgkinHuxley1952,
      size: 8,
      dtMs: 0.01,
      durationMs: 60,
      params: { T: range(8, (i) => 6.3 + 2 * i) },
      stimulus: { kind: 'step', amplitude: range(8, (i) => 4 + 3 * i), startMs: 5 },
    };
    const [cpu, fast] = [await runBatch(spec), await runBatch(spec, { backend: 'webgpu', gpu, math: 'fast' })];
    expect(Array.from(fast.spikeCounts)).toEqual(Array.from(cpu.spikeCounts));
    expect(cpu.spikeCounts.reduce((a, b) => a + b, 0)).toBeGreaterThan(20);
    for (let k = 0; k < cpu.spikeTimes.length; k++) expect(Math.abs(fast.spikeTimes[k]! - cpu.spikeTimes[k]!)).toBeLessThan(0.01);
  });

  it('leaves the final state out when asked (spikes only), with the same spikes', { timeout: 240_000 }, async () => {
    const spec: BatchSpec = { model: lif, size: 6, dtMs: 0.1, durationMs: 40, stimulus: { kind: 'constant', amplitude: range(6, (i) => 150 + 60 * i) } };
    const whole = await runBatch(spec, { backend: 'webgpu', gpu });
    const spikesOnly = await runBatch({ ...spec, finalState: false }, { backend: 'webgpu', gpu });
    expect(Object.keys(whole.finalState)).toEqual([...lif.stateNames]);
    expect(spikesOnly.finalState).toEqual({});
    expect(whole.spikeCounts.reduce((a, b) => a + b, 0)).toBeGreaterThan(10);
    expect(Array.from(spikesOnly.spikeCounts)).toEqual(Array.from(whole.spikeCounts));
    expect(Array.from(spikesOnly.spikeTimes)).toEqual(Array.from(whole.spikeTimes));
    expect((await runBatch({ ...spec, finalState: false })).finalState).toEqual({});
    await expect(runBatch({ ...spec, finalState: 'no' as unknown as boolean })).rejects.toThrow(/finalState/);
  });

  it('reports a blow-up at the CPU’s neuron and step', { timeout: 240_000 }, async () => {
    const spec: BatchSpec = { model: hodgkinHuxley1952, size: 4, dtMs: 0.5, durationMs: 50, stimulus: { kind: 'step', amplitude: [0, 0, 50, 50], startMs: 5 } };
    const message = (promise: Promise<unknown>) =>
      promise.then(
        () => 'no error',
        (error: Error) => error.message,
      );
    const cpu = await message(runBatch(spec));
    expect(cpu).toMatch(/neuron 2, step \d+/);
    expect(await message(runBatch(spec, { backend: 'webgpu', gpu }))).toBe(cpu);
  });

  for (const [label, partial] of models) {
    // SwiftShader spends most of this compiling the generated shader (tens of seconds for Hodgkin–Huxley).
    it(`${label}: identical traces and spike times over 100 ms`, { timeout: 240_000 }, async () => {
      const spec = { size: 6, durationMs: 100, record: { variables: 'all' as const, everySteps: 5 }, ...partial } as unknown as BatchSpec;
      const cpu = await runBatch(spec);
      const webgpu = await runBatch(spec, { backend: 'webgpu', gpu, stepsPerDispatch: 700 });
      expect(Array.from(webgpu.spikeCounts)).toEqual(Array.from(cpu.spikeCounts));
      expect(Array.from(webgpu.spikeTimes)).toEqual(Array.from(cpu.spikeTimes));
      for (const v of spec.model.stateNames) expect(Array.from(webgpu.traces[v]!), v).toEqual(Array.from(cpu.traces[v]!));
    });
  }
});
