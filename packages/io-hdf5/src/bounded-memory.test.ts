import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NetworkDescription } from '@spikegpu/core';
import { Simulation } from '@spikegpu/simulator';
import { afterAll, expect, it } from 'vitest';
import { loadH5 } from './h5-module.js';
import { openRecording, type RecordableSimulation, SpikeRecordingWriter } from './index.js';

const dir = mkdtempSync(join(tmpdir(), 'spikegpu-memory-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const NEURONS = 100_000;
const RATE_HZ = 10;

/**
 * The plan of 100,000 LIF neurons (real), with spikes from an independent 10 Hz Poisson process per
 * neuron instead of integration: the recording path sees what a real run hands it (ascending global
 * ids, every step, in step order) at a pace the CPU engine could not give a test (bench/ has the real run).
 */
async function poissonSource(): Promise<RecordableSimulation & { destroy(): void }> {
  const description: NetworkDescription = { name: 'poisson-100k', dt: 1, seed: 5, populations: [{ name: 'lif', size: NEURONS, model: 'lif' }] };
  const sim = await Simulation.create(description, { backend: 'cpu', keepSpikesInMemory: false });
  const listeners = new Set<(step: number, ids: Uint32Array) => void>();
  let step = 0;
  let seed = 0x9e3779b9;
  const random = () => {
    seed ^= seed << 13;
    seed ^= seed >>> 17;
    seed ^= seed << 5;
    return (seed >>> 0) / 2 ** 32;
  };
  const perStep = (NEURONS * RATE_HZ) / 1000;
  const scratch = new Uint32Array(2 * perStep);
  return {
    plan: sim.plan,
    backend: 'cpu',
    get step() {
      return step;
    },
    onSpikes(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async run(durationMs: number) {
      for (let end = step + Math.round(durationMs); step < end; step++) {
        const count = Math.min(scratch.length, Math.round(perStep + Math.sqrt(perStep) * (random() + random() + random() - 1.5) * 2));
        for (let k = 0; k < count; k++) scratch[k] = Math.floor(random() * NEURONS);
        const ids = scratch.subarray(0, count).sort();
        let unique = 0;
        for (let k = 0; k < count; k++) if (k === 0 || ids[k] !== ids[k - 1]) ids[unique++] = ids[k] as number;
        for (const listener of listeners) listener(step, ids.subarray(0, unique));
      }
    },
    readState: (population, variable) => sim.readState(population, variable),
    destroy: () => sim.destroy(),
  };
}

it('streams 100,000 neurons × 10 s of spikes to disk in bounded memory', async () => {
  const h5 = await loadH5();
  const source = await poissonSource();
  const path = join(dir, 'poisson-100k.simrec.h5');
  const writer = await SpikeRecordingWriter.create(path, source, {
    flushEverySteps: 100,
    compressionLevel: 1,
    state: [{ population: 'lif', variables: ['v'], neurons: [0, 1, 2, 3], intervalMs: 1 }],
  });
  const samples: Array<{ second: number; rssMiB: number; heapMiB: number; buffersMiB: number; wasmMiB: number }> = [];
  const mib = (bytes: number) => Math.round((bytes / 2 ** 20) * 10) / 10;
  for (let second = 1; second <= 10; second++) {
    await writer.run(1000);
    const memory = process.memoryUsage();
    samples.push({
      second,
      rssMiB: mib(memory.rss),
      heapMiB: mib(memory.heapUsed),
      buffersMiB: mib(memory.arrayBuffers),
      wasmMiB: mib(h5.Module.HEAPU8.byteLength),
    });
  }
  await writer.close();
  source.destroy();
  console.table(samples);
  const recording = await openRecording(path);
  const spikes = recording.populations[0]?.spikeCount ?? 0;
  recording.close();
  const rawMiB = (spikes * 8) / 2 ** 20;
  console.log(`${spikes} spikes (${rawMiB.toFixed(0)} MiB as u32 step + id) in ${(statSync(path).size / 2 ** 20).toFixed(1)} MiB on disk`);
  expect(spikes).toBeGreaterThan(9_000_000);
  // After the first second (buffers and HDF5's chunk cache at their working size) memory stays flat
  // while the file grows by ~70 MiB of raw spikes.
  const first = samples[1] as (typeof samples)[number];
  const last = samples[samples.length - 1] as (typeof samples)[number];
  expect(last.wasmMiB - first.wasmMiB).toBeLessThan(8);
  expect(last.buffersMiB - first.buffersMiB).toBeLessThan(16);
  // RSS swings by tens of MiB with the garbage collector and with buffers it has not yet freed (a 29 MiB
  // jump in one second, given back over the next ones, failed a comparison of the halves' peaks in CI),
  // so compare the floors: a leak of the spikes written would lift the second half's lowest RSS by
  // ~rawMiB / 2, a swing does not.
  const floorRss = (part: typeof samples) => Math.min(...part.map((x) => x.rssMiB));
  const half = Math.ceil(samples.length / 2);
  expect(floorRss(samples.slice(half)) - floorRss(samples.slice(1, half))).toBeLessThan(rawMiB / 4);
});
