import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CapacityError } from '@spikegpu/core';
import { cobaNetwork, Simulation } from '@spikegpu/simulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openRecording, type Recording, recordSimulation, SpikeRecordingWriter } from './index.js';

const dir = mkdtempSync(join(tmpdir(), 'spikegpu-recording-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const network = () => cobaNetwork({ size: 400 });
const sampled = [0, 7, 100, 319];

describe('a streamed recording', () => {
  let sim: Simulation;
  let recording: Recording;
  beforeAll(async () => {
    sim = await Simulation.create(network(), { backend: 'cpu' });
    await sim.run(20); // recordings may start mid-run
    const path = join(dir, 'coba.simrec.h5');
    await recordSimulation(path, sim, 100, {
      flushEverySteps: 97,
      flushEverySpikes: 500,
      rateBinMs: 2,
      indexEveryMs: 3,
      state: [{ population: 'exc', variables: ['v', 'syn_exc'], neurons: sampled, intervalMs: 0.5 }],
    });
    recording = await openRecording(path);
  });
  afterAll(() => recording.close());

  it('plays back exactly the spikes that were recorded', () => {
    expect(recording.isComplete).toBe(true);
    expect(recording.startMs).toBeCloseTo(20, 9);
    expect(recording.endStep - recording.startStep).toBe(1000);
    for (const population of ['exc', 'inh']) {
      const expected = sim.spikesOf(population);
      const fromStart = expected.times.findIndex((t) => t >= recording.startMs - 1e-9);
      const played = recording.spikes(population);
      expect(played.ids.length).toBeGreaterThan(50);
      expect(played.times).toEqual(expected.times.subarray(fromStart));
      expect(played.ids).toEqual(expected.ids.subarray(fromStart));
      expect(recording.populations.find((p) => p.name === population)?.spikeCount).toBe(played.ids.length);
    }
  });

  it('reads a time window and one step through the index, matching a filter of all spikes', () => {
    const all = recording.spikes('exc');
    for (const [from, to] of [
      [20, 21],
      [33.3, 47.05],
      [110, 200],
      [0, 25],
      [60, 60],
    ] as const) {
      const window = recording.window(from, to).spikes[0];
      const keep = Array.from(all.times.keys()).filter((k) => (all.times[k] as number) >= from && (all.times[k] as number) < to);
      expect(Array.from(window?.ids ?? [])).toEqual(keep.map((k) => all.ids[k]));
      expect(Array.from(window?.times ?? [])).toEqual(keep.map((k) => all.times[k]));
    }
    const busy = all.times[Math.floor(all.times.length / 2)] as number;
    const frame = recording.frame(busy);
    expect(Array.from(frame.spikes[0]?.ids ?? [])).toEqual(Array.from(all.ids.filter((_, k) => all.times[k] === busy)));
  });

  it('iterates frames forward and backward, together covering every spike once', () => {
    const forward = [...recording.frames({ frameMs: 7 })];
    const backward = [...recording.frames({ frameMs: 7, direction: 'backward' })];
    expect(backward.map((f) => f.fromMs)).toEqual(forward.map((f) => f.fromMs).reverse());
    const ids = forward.flatMap((f) => Array.from(f.spikes[1]?.ids ?? []));
    expect(ids).toEqual(Array.from(recording.spikes('inh').ids));
    expect(forward[0]?.fromMs).toBeCloseTo(20, 9);
    expect(forward[forward.length - 1]?.toMs).toBeCloseTo(120, 9);
  });

  it('samples state at the chosen interval, equal to the simulation read at those times', async () => {
    const replay = await Simulation.create(network(), { backend: 'cpu', keepSpikesInMemory: false });
    await replay.run(20);
    const expected: number[] = [];
    for (let k = 0; k <= 200; k++) {
      expected.push((await replay.readState('exc', 'v'))[100] as number);
      if (k < 200) await replay.run(0.5);
    }
    const trace = recording.trace('exc', 100, 'v');
    expect(trace.timesMs.length).toBe(201);
    expect(trace.timesMs[1]! - trace.timesMs[0]!).toBeCloseTo(0.5, 9);
    expect(Array.from(trace.values)).toEqual(expected.map(Math.fround));
    const sample = recording.stateAt('exc', 'syn_exc', 50.2);
    expect(sample?.timeMs).toBeCloseTo(50, 9);
    expect(sample?.neurons).toEqual(Uint32Array.from(sampled));
    expect(recording.frame(50.2).state.map((s) => s.variable)).toEqual(['v', 'syn_exc']);
  });

  it('stores population rates whose bins add up to the spikes', () => {
    const rates = recording.rates('exc');
    expect(rates.binMs).toBeCloseTo(2, 9);
    expect(rates.rateHz.length).toBe(50);
    const spikes = rates.rateHz.reduce((n, r) => n + (r * 320 * rates.binMs) / 1000, 0);
    expect(spikes).toBeCloseTo(recording.spikes('exc').ids.length, 1);
  });

  it('keeps the description and provenance', () => {
    expect(recording.description).toEqual(JSON.parse(JSON.stringify(sim.plan.description)));
    expect(recording.provenance.backend).toBe('cpu');
    expect(recording.provenance.spikegpuVersion).toMatch(/^\d+\.\d+\.\d+/);
    expect(recording.dt).toBe(0.1);
  });
});

describe('a buffered recording', () => {
  it('writes the same spikes as a streamed one, in ms', async () => {
    const paths = { streaming: join(dir, 's.simrec.h5'), buffered: join(dir, 'b.simrec.h5') };
    for (const mode of ['streaming', 'buffered'] as const) {
      const sim = await Simulation.create(network(), { backend: 'cpu', keepSpikesInMemory: false });
      await recordSimulation(paths[mode], sim, 50, { mode, spikeTimes: mode === 'buffered' ? 'ms' : 'steps', flushEverySteps: 10 });
    }
    const [a, b] = await Promise.all([openRecording(paths.streaming), openRecording(paths.buffered)]);
    expect(b.mode).toBe('buffered');
    expect(b.spikes('exc')).toEqual(a.spikes('exc'));
    expect(b.spikes('inh', 10, 30)).toEqual(a.spikes('inh', 10, 30));
    a.close();
    b.close();
  });

  it('refuses a run that would not fit its buffer before it starts', async () => {
    const sim = await Simulation.create(network(), { backend: 'cpu', keepSpikesInMemory: false });
    const writer = await SpikeRecordingWriter.create(join(dir, 'too-big.simrec.h5'), sim, { mode: 'buffered', maxBufferBytes: 50_000, expectedRateHz: 20 });
    expect(writer.estimateBytes(1000)).toBe(400 * 20 * 8);
    await expect(writer.run(1000)).rejects.toThrow(CapacityError);
    await expect(writer.run(1000)).rejects.toThrow(/expected at most 48.8 KiB \(maxBufferBytes\), got "about 62.5 KiB for 1000 ms at 20 Hz"/);
    expect(sim.step).toBe(0);
    await writer.run(10);
    await writer.close();
  });
});
