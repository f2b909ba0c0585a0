import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CapacityError, FileFormatError, type SpikegpuError, ValidationError } from '@spikegpu/core';
import { cobaNetwork, Simulation } from '@spikegpu/simulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadH5 } from './h5-module.js';
import { applyCheckpoint, openRecording, readCheckpoint, recordSimulation, restoreCheckpoint, SpikeRecordingWriter, writeCheckpoint } from './index.js';

const dir = mkdtempSync(join(tmpdir(), 'spikegpu-bad-input-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function failure(promise: Promise<unknown>): Promise<SpikegpuError> {
  try {
    await promise;
  } catch (error) {
    return error as SpikegpuError;
  }
  throw new Error('expected a failure');
}

const checkpointPath = join(dir, 'good.simstate.h5');
const recordingPath = join(dir, 'good.simrec.h5');
let sim: Simulation;
beforeAll(async () => {
  sim = await Simulation.create(cobaNetwork({ size: 200 }), { backend: 'cpu', keepSpikesInMemory: false });
  await sim.run(5);
  await writeCheckpoint(checkpointPath, sim);
  await recordSimulation(recordingPath, await Simulation.create(cobaNetwork({ size: 200 }), { backend: 'cpu', keepSpikesInMemory: false }), 5);
});

/** A copy of the good checkpoint, changed by `edit`. */
function variant(name: string, edit: (bytes: Buffer) => Buffer): string {
  const path = join(dir, name);
  writeFileSync(path, edit(readFileSync(checkpointPath)));
  return path;
}

describe('damaged and foreign files are refused with what was expected', () => {
  it('a truncated checkpoint', async () => {
    const error = await failure(readCheckpoint(variant('truncated.simstate.h5', (b) => b.subarray(0, b.length >> 1))));
    expect(error).toBeInstanceOf(FileFormatError);
    expect(error.code).toBe('truncated-file');
    expect(error.message).toMatch(/expected a spikegpu checkpoint \(.simstate.h5\) of \d+ bytes \(as its header says\), got "\d+ bytes"/);
  });

  it('a checkpoint with damaged data', async () => {
    const path = variant('corrupt.simstate.h5', (b) => {
      const copy = Buffer.from(b);
      for (let k = Math.floor(copy.length * 0.3); k < Math.floor(copy.length * 0.9); k++) copy[k] = (copy[k] as number) ^ 0xa5;
      return copy;
    });
    const error = await failure(readCheckpoint(path));
    expect(error).toBeInstanceOf(FileFormatError);
    expect(['corrupt-data', 'corrupt-file', 'corrupt-description', 'missing-dataset', 'missing-group', 'missing-attribute']).toContain(error.code);
  });

  it('a file that is not HDF5', async () => {
    const path = join(dir, 'profile.json');
    writeFileSync(path, JSON.stringify({ simulation_configuration: {} }));
    const error = await failure(readCheckpoint(path));
    expect(error).toBeInstanceOf(FileFormatError);
    expect(error.code).toBe('not-hdf5');
    expect(error.message).toContain('expected a spikegpu checkpoint (.simstate.h5) (an HDF5 file), got "a JSON or text file"');
  });

  it('a recording opened as a checkpoint, and the other way round', async () => {
    const asCheckpoint = await failure(readCheckpoint(recordingPath));
    expect(asCheckpoint.code).toBe('wrong-format');
    expect(asCheckpoint.message).toContain('expected a spikegpu checkpoint (.simstate.h5), got "a spikegpu recording (.simrec.h5)"');
    const asRecording = await failure(openRecording(checkpointPath));
    expect(asRecording.code).toBe('wrong-format');
  });

  it('a neural-simulator recording is named as such', async () => {
    const h5 = await loadH5();
    const path = join(dir, 'legacy.simrec.h5');
    const file = new h5.File(path, 'w');
    file.create_attribute('format_version', '1.1.0-h5');
    file.create_group('frames');
    file.close();
    const error = await failure(openRecording(path));
    expect(error).toBeInstanceOf(FileFormatError);
    expect(error.message).toContain('got "a neural-simulator recording (format 1.1.0-h5)"');
  });

  it('a checkpoint from a newer version', async () => {
    const h5 = await loadH5();
    const path = variant('newer.simstate.h5', (b) => b);
    const file = new h5.File(path, 'a');
    file.delete_attribute('format_version');
    file.create_attribute('format_version', 7, null, '<I');
    file.close();
    const error = await failure(readCheckpoint(path));
    expect(error.code).toBe('newer-version');
    expect(error.message).toContain('expected spikegpu-checkpoint version 1 or older, got "version 7');
    expect(error.hint).toBe('upgrade @spikegpu/io-hdf5');
  });

  it('a file that does not exist', async () => {
    const error = await failure(readCheckpoint(join(dir, 'missing.simstate.h5')));
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.code).toBe('file-not-found');
  });
});

describe('a checkpoint is restored only into the network it came from', () => {
  it('names the first field where the descriptions differ', async () => {
    const other = await Simulation.create(cobaNetwork({ size: 250 }), { backend: 'cpu' });
    const error = await failure(applyCheckpoint(other, await readCheckpoint(checkpointPath)));
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.code).toBe('checkpoint-mismatch');
    expect(error.path).toBe('description.populations[0].size');
    expect(error.message).toContain('expected 160 (as in the checkpoint), got 200');
    expect(other.step).toBe(0);
  });

  it('checks a description the caller expects', async () => {
    const error = await failure(restoreCheckpoint(checkpointPath, { backend: 'cpu', description: cobaNetwork({ size: 200, seed: 9 }) }));
    expect(error.code).toBe('checkpoint-mismatch');
    expect(error.path).toBe('description.seed');
  });

  it('refuses state it does not know instead of dropping it', async () => {
    const h5 = await loadH5();
    const path = variant('plastic.simstate.h5', (b) => b);
    const file = new h5.File(path, 'a');
    file.create_group('state/projections');
    file.create_group('state/projections/exc->exc');
    const projection = file.get('state/projections/exc->exc') as InstanceType<typeof h5.Group>;
    projection.create_dataset({ name: 'weights', data: new Float32Array(4) });
    file.create_group('state/synapses');
    (file.get('state/synapses') as InstanceType<typeof h5.Group>).create_dataset({ name: 'eligibility', data: new Float32Array(4) });
    file.close();
    const checkpoint = await readCheckpoint(path);
    expect(checkpoint.unknownState).toEqual(['/state/synapses/eligibility']);
    const error = await failure(applyCheckpoint(sim, checkpoint));
    expect(error.code).toBe('unknown-state');
    // Plastic weights are read, and refused by a network whose projection is static.
    const plasticOnly = { ...checkpoint, unknownState: [] };
    expect(Object.keys(checkpoint.snapshot.projections?.['exc->exc'] ?? {})).toEqual(['weights']);
    const mismatch = await failure(applyCheckpoint(sim, plasticOnly));
    expect(mismatch.code).toBe('snapshot-mismatch');
    expect(mismatch.path).toBe('snapshot.projections.exc->exc.weights');
  });
});

describe('writing never replaces a file unasked and names unwritable paths', () => {
  it('refuses an existing file without overwrite, leaving it untouched', async () => {
    const before = readFileSync(checkpointPath);
    const error = await failure(writeCheckpoint(checkpointPath, sim));
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.code).toBe('file-exists');
    expect(error.hint).toBe('pass { overwrite: true } to replace it');
    expect(readFileSync(checkpointPath).equals(before)).toBe(true);
    const recordingError = await failure(SpikeRecordingWriter.create(recordingPath, sim));
    expect(recordingError.code).toBe('file-exists');
  });

  it('replaces it when asked', async () => {
    const path = variant('replace.simstate.h5', (b) => b);
    await sim.run(1);
    await writeCheckpoint(path, sim, { overwrite: true });
    expect((await readCheckpoint(path)).snapshot.step).toBe(sim.step);
  });

  it('names a path in a missing directory or under a file', async () => {
    for (const path of [join(dir, 'no-such-dir', 'x.simstate.h5'), join(checkpointPath, 'x.simstate.h5')]) {
      const error = await failure(writeCheckpoint(path, sim));
      expect(error).toBeInstanceOf(ValidationError);
      expect(error.code).toBe('unwritable-path');
      expect(error.message).toContain('expected a file path in an existing directory that this process may write');
    }
    const error = await failure(SpikeRecordingWriter.create(join(dir, 'no-such-dir', 'x.simrec.h5'), sim));
    expect(error.code).toBe('unwritable-path');
    expect(existsSync(join(dir, 'no-such-dir'))).toBe(false);
  });

  it('reports a full disk as a capacity error (/dev/full)', async (ctx) => {
    if (!existsSync('/dev/full')) return ctx.skip('/dev/full is not available on this system');
    const error = await failure(SpikeRecordingWriter.create('/dev/full', sim, { overwrite: true }));
    expect(error).toBeInstanceOf(CapacityError);
    expect(error.code).toBe('disk-full');
    expect(error.message).toContain('expected free space on the disk, got "no space left on device"');
    expect(existsSync('/dev/full')).toBe(true); // a device is never removed as a failed file
  });
});
