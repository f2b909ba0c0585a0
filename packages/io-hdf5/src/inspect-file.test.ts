import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cobaNetwork, Simulation } from '@spikegpu/simulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatFileSummary, inspectFile, recordSimulation, writeCheckpoint, writeSonataSpikes } from './index.js';

const dir = mkdtempSync(join(tmpdir(), 'spikegpu-inspect-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('inspectFile (for `spikegpu inspect`)', () => {
  let sim: Simulation;
  beforeAll(async () => {
    sim = await Simulation.create(cobaNetwork({ size: 200 }), { backend: 'cpu' });
    await recordSimulation(join(dir, 'r.simrec.h5'), sim, 20, { state: [{ population: 'inh', variables: ['v'], neurons: [1, 2], intervalMs: 5 }] });
    await writeCheckpoint(join(dir, 'c.simstate.h5'), sim);
    await writeSonataSpikes(join(dir, 's.h5'), [sim.spikesOf('exc')]);
  });

  it('summarises a recording', async () => {
    const summary = await inspectFile(join(dir, 'r.simrec.h5'));
    expect(summary.kind).toBe('recording');
    if (summary.kind !== 'recording') return;
    expect(summary.populations.map((p) => p.spikes)).toEqual([sim.spikesOf('exc').ids.length, sim.spikesOf('inh').ids.length]);
    expect(summary.populations[1]?.state).toEqual(['v (2 neurons every 5 ms, 5 samples)']);
    const text = formatFileSummary(summary);
    expect(text).toContain('spikegpu recording (streaming), format 1');
    expect(text).toContain('network "coba", dt 0.1 ms, 0–20 ms');
    expect(text).toMatch(/exc: 160 of 160 neurons recorded, \d+ spikes, \d+\.\d\d Hz mean/);
  });

  it('summarises a checkpoint and a SONATA spike report', async () => {
    const checkpoint = await inspectFile(join(dir, 'c.simstate.h5'));
    expect(formatFileSummary(checkpoint)).toContain('at step 200 (20 ms)');
    const sonata = await inspectFile(join(dir, 's.h5'));
    expect(sonata.kind).toBe('sonata-spikes');
    expect(formatFileSummary(sonata)).toContain(`exc: ${sim.spikesOf('exc').ids.length} spikes`);
  });

  it('names what a foreign file is', async () => {
    const path = join(dir, 'notes.txt');
    writeFileSync(path, 'hello');
    await expect(inspectFile(path)).rejects.toThrow(/got "a text file starting \\"hello\\""/);
  });
});
