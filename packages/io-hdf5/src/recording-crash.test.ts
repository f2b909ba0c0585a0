import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cobaNetwork, Simulation } from '@spikegpu/simulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleScript } from '../test/bundle-script.js';
import { openRecording } from './index.js';

const dir = mkdtempSync(join(tmpdir(), 'spikegpu-crash-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs the streaming child until it has flushed `flushes` times, then waits `delayMs` more and kills it with SIGKILL. */
async function recordThenKill(script: string, path: string, flushes: number, delayMs: number): Promise<number> {
  const child = spawn(process.execPath, [script, path], { stdio: ['ignore', 'pipe', 'inherit'] });
  let lastFlushed = -1;
  let seen = 0;
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  await new Promise<void>((resolve, reject) => {
    child.on('exit', (code) => reject(new Error(`child exited early with ${code}`)));
    let text = '';
    child.stdout.on('data', (chunk: Buffer) => {
      text += chunk.toString();
      const lines = text.split('\n');
      text = lines.pop() ?? '';
      for (const line of lines) {
        lastFlushed = Number(line.split(' ')[1]);
        if (++seen === flushes) setTimeout(resolve, delayMs);
      }
    });
  });
  child.kill('SIGKILL');
  await exited;
  return lastFlushed;
}

describe('a streaming recording whose process is killed', () => {
  let script: string;
  let reference: Simulation;
  beforeAll(async () => {
    script = await bundleScript('test/stream-child.ts');
    reference = await Simulation.create(cobaNetwork({ size: 400 }), { backend: 'cpu' });
    await reference.run(60);
  });

  for (const [flushes, delayMs] of [
    [3, 0],
    [5, 37],
    [8, 113],
  ] as const) {
    it(`is readable after SIGKILL (${flushes} flushes + ${delayMs} ms), with every spike up to the last flush`, async () => {
      const path = join(dir, `killed-${flushes}.simrec.h5`);
      const flushed = await recordThenKill(script, path, flushes, delayMs);
      const recording = await openRecording(path);
      try {
        expect(recording.isComplete).toBe(false);
        expect(recording.endStep).toBeGreaterThanOrEqual(flushed);
        expect(recording.endStep).toBeLessThanOrEqual(600);
        for (const population of ['exc', 'inh']) {
          const expected = reference.spikesOf(population);
          const count = expected.times.findIndex((t) => t >= recording.endMs - 1e-9);
          const played = recording.spikes(population);
          expect(played.ids).toEqual(expected.ids.subarray(0, count));
          expect(played.times).toEqual(expected.times.subarray(0, count));
        }
        expect(recording.trace('exc', 2, 'v').values.length).toBeGreaterThanOrEqual(Math.floor(flushed / 3));
      } finally {
        recording.close();
      }
    });
  }
});
