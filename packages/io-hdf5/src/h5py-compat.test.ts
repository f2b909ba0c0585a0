import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cobaNetwork, Simulation } from '@spikegpu/simulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openRecording, recordSimulation, writeCheckpoint } from './index.js';

/** A Python that imports h5py: Debian's `python3-h5py` lives under /usr/bin/python3, which may not be first on PATH. */
const python = ['python3', '/usr/bin/python3', 'python'].find((exe) => spawnSync(exe, ['-c', 'import h5py'], { stdio: 'ignore' }).status === 0);
const SKIP_NOTE = 'python3-h5py is not installed (apt-get install python3-h5py): the h5py compatibility check did not run';

/** Every dataset and root attribute of a file, as h5py sees them. */
const DUMP = `
import h5py, json, sys
out = {"datasets": {}, "attrs": {}}
with h5py.File(sys.argv[1], "r") as f:
    def visit(name, obj):
        if isinstance(obj, h5py.Dataset):
            out["datasets"][name] = {"dtype": str(obj.dtype), "shape": list(obj.shape), "maxshape": [m if m is not None else -1 for m in obj.maxshape], "compression": obj.compression, "chunked": obj.chunks is not None}
    f.visititems(visit)
    for k, v in f.attrs.items():
        out["attrs"][k] = {"type": type(v).__name__ if not hasattr(v, "dtype") else str(v.dtype), "value": v.item() if hasattr(v, "item") else (v.decode() if isinstance(v, bytes) else v)}
    out["description_populations"] = [p["name"] for p in json.loads(f["description"][()].tobytes())["populations"]]
    if "spikes" in f:
        out["exc_spikes"] = int(f["spikes/exc/ids"].shape[0])
        out["exc_first_steps"] = f["spikes/exc/steps"][:5].tolist()
print(json.dumps(out))
`;

interface Dump {
  datasets: Record<string, { dtype: string; shape: number[]; maxshape: number[]; compression: string | null; chunked: boolean }>;
  attrs: Record<string, { type: string; value: unknown }>;
  description_populations: string[];
  exc_spikes?: number;
  exc_first_steps?: number[];
}

function dump(path: string): Dump {
  const result = spawnSync(python as string, ['-c', DUMP, path], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`h5py could not read ${path}:\n${result.stderr}`);
  return JSON.parse(result.stdout) as Dump;
}

const dir = mkdtempSync(join(tmpdir(), 'spikegpu-h5py-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("files open in Python's h5py with the documented names, shapes and dtypes", () => {
  const checkpointPath = join(dir, 'coba.simstate.h5');
  const recordingPath = join(dir, 'coba.simrec.h5');
  beforeAll(async () => {
    if (!python) return;
    const sim = await Simulation.create(cobaNetwork({ size: 200 }), { backend: 'cpu', keepSpikesInMemory: false });
    await recordSimulation(recordingPath, sim, 30, { state: [{ population: 'exc', variables: ['v', 'refractory'], neurons: [3, 4, 5], intervalMs: 1 }] });
    await writeCheckpoint(checkpointPath, sim);
  });

  it('a checkpoint', (ctx) => {
    if (!python) return ctx.skip(SKIP_NOTE);
    const { datasets, attrs, description_populations } = dump(checkpointPath);
    expect(attrs.format).toEqual({ type: 'str', value: 'spikegpu-checkpoint' });
    expect(attrs.format_version).toEqual({ type: 'uint32', value: 1 });
    expect(attrs.step).toEqual({ type: 'uint64', value: 300 });
    expect(attrs.seed?.type).toBe('uint32');
    expect(attrs.dt_ms).toEqual({ type: 'float64', value: 0.1 });
    expect(attrs.time_ms?.type).toBe('float64');
    for (const name of ['backend', 'adapter', 'spikegpu_version', 'created_utc', 'runtime']) expect(attrs[name]?.type).toBe('str');
    expect(description_populations).toEqual(['exc', 'inh']);
    const ring = 2; // COBA's delays are one step: the ring holds this step and the next
    expect(datasets).toMatchObject({
      description: { dtype: 'uint8', compression: 'gzip' },
      'state/spike_totals': { dtype: 'float64', shape: [2] },
      'state/populations/exc/v': { dtype: 'float32', shape: [160], compression: 'gzip', chunked: true },
      'state/populations/exc/syn_exc': { dtype: 'float32', shape: [160] },
      'state/populations/exc/syn_inh': { dtype: 'float32', shape: [160] },
      'state/populations/exc/refractory': { dtype: 'float32', shape: [160] },
      'state/populations/inh/v': { dtype: 'float32', shape: [40] },
      'state/populations/exc/pending_input/exc': { dtype: 'int32', shape: [ring, 160] },
      'state/populations/inh/pending_input/inh': { dtype: 'int32', shape: [ring, 40] },
      'connectivity/exc->inh/row_offsets': { dtype: 'uint32', shape: [161] },
      'connectivity/exc->inh/targets': { dtype: 'uint32' },
      'connectivity/exc->inh/weights': { dtype: 'float64' },
    });
    expect(datasets['connectivity/exc->inh/weights']?.shape).toEqual(datasets['connectivity/exc->inh/targets']?.shape);
  });

  it('a recording', async (ctx) => {
    if (!python) return ctx.skip(SKIP_NOTE);
    const { datasets, attrs, exc_spikes, exc_first_steps } = dump(recordingPath);
    expect(attrs.format).toEqual({ type: 'str', value: 'spikegpu-recording' });
    expect(attrs.format_version).toEqual({ type: 'uint32', value: 1 });
    expect(attrs.start_step).toEqual({ type: 'uint64', value: 0 });
    expect(attrs.mode).toEqual({ type: 'str', value: 'streaming' });
    const recording = await openRecording(recordingPath);
    const spikes = recording.spikes('exc');
    recording.close();
    expect(exc_spikes).toBe(spikes.ids.length);
    expect(exc_first_steps).toEqual(Array.from(spikes.times.subarray(0, 5), (t) => Math.round(t / 0.1)));
    const grows = { maxshape: [-1], chunked: true, compression: 'gzip' };
    expect(datasets).toMatchObject({
      progress: { dtype: 'uint64', shape: [3] },
      'spikes/exc/steps': { dtype: 'uint32', shape: [exc_spikes], ...grows },
      'spikes/exc/ids': { dtype: 'uint32', shape: [exc_spikes], ...grows },
      'spikes/exc/index': { dtype: 'uint64', shape: [4], ...grows }, // an entry every 10 ms, 0–30 ms
      'spikes/inh/ids': { dtype: 'uint32', ...grows },
      'rates/exc/spike_counts': { dtype: 'uint32', shape: [30], ...grows },
      'rates/exc/rate_hz': { dtype: 'float32', shape: [30], ...grows },
      'state/exc/neurons': { dtype: 'uint32', shape: [3] },
      'state/exc/steps': { dtype: 'uint32', shape: [31], ...grows },
      'state/exc/v': { dtype: 'float32', shape: [31, 3], maxshape: [-1, 3], chunked: true, compression: 'gzip' },
      'state/exc/refractory': { dtype: 'float32', shape: [31, 3] },
    });
  });
});
