import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cobaNetwork, Simulation } from '@spikegpu/simulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportSonataSpikes, openRecording, readSonataSpikes, recordSimulation, writeSonataSpikes } from './index.js';

const dir = mkdtempSync(join(tmpdir(), 'spikegpu-sonata-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const python = ['python3', '/usr/bin/python3'].find((exe) => spawnSync(exe, ['-c', 'import h5py'], { stdio: 'ignore' }).status === 0);

describe('SONATA spike reports', () => {
  let sim: Simulation;
  const recordingPath = join(dir, 'coba.simrec.h5');
  beforeAll(async () => {
    sim = await Simulation.create(cobaNetwork({ size: 300 }), { backend: 'cpu' });
    await recordSimulation(recordingPath, sim, 60);
  });

  it('round-trips the spikes of a simulation', async () => {
    const path = join(dir, 'sim-spikes.h5');
    const spikes = [sim.spikesOf('exc'), sim.spikesOf('inh')];
    await writeSonataSpikes(path, spikes);
    expect(await readSonataSpikes(path)).toEqual(spikes);
  });

  it('exports a recording window by window, equal to its playback', async () => {
    const path = join(dir, 'recording-spikes.h5');
    await exportSonataSpikes(recordingPath, path, { windowMs: 7 });
    const recording = await openRecording(recordingPath);
    const expected = recording.populations.map((p) => recording.spikes(p.name));
    recording.close();
    expect(expected[0]?.ids.length).toBeGreaterThan(20);
    expect(await readSonataSpikes(path)).toEqual(expected);
  });

  it("has SONATA's layout as h5py sees it", async (ctx) => {
    if (!python) return ctx.skip('python3-h5py is not installed (apt-get install python3-h5py)');
    const path = join(dir, 'layout.h5');
    await writeSonataSpikes(path, [sim.spikesOf('exc')]);
    const script = `
import h5py, json, sys
with h5py.File(sys.argv[1], "r") as f:
    g = f["spikes/exc"]
    print(json.dumps({"magic": int(f.attrs["magic"]), "version": f.attrs["version"].tolist(), "t": str(g["timestamps"].dtype), "n": str(g["node_ids"].dtype), "units": g["timestamps"].attrs["units"], "count": g["node_ids"].shape[0]}))
`;
    const result = spawnSync(python, ['-c', script, path], { encoding: 'utf8' });
    expect(result.stderr).toBe('');
    expect(JSON.parse(result.stdout)).toEqual({
      magic: 0x0a7a,
      version: [0, 1],
      t: 'float64',
      n: 'uint64',
      units: 'ms',
      count: sim.spikesOf('exc').ids.length,
    });
  });

  it('reads the older layout and times in seconds', async () => {
    const { loadH5 } = await import('./h5-module.js');
    const h5 = await loadH5();
    const path = join(dir, 'legacy.h5');
    const file = new h5.File(path, 'w');
    const spikes = file.create_group('spikes');
    spikes.create_dataset({ name: 'timestamps', data: new Float64Array([0.001, 0.0025]) }).create_attribute('units', 's');
    spikes.create_dataset({ name: 'gids', data: new Uint32Array([4, 2]), dtype: '<I' });
    file.close();
    const [population] = await readSonataSpikes(path);
    expect(population?.population).toBe('default');
    expect(Array.from(population?.times ?? [])).toEqual([1, 2.5]);
    expect(Array.from(population?.ids ?? [])).toEqual([4, 2]);
  });
});
