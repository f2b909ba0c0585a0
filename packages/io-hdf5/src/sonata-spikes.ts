import { FileFormatError } from '@spikegpu/core';
import type { PopulationSpikes } from '@spikegpu/simulator';
import { AppendableDataset, attributeOf, type H5Dataset, type H5Group, linkName, setAttribute } from './h5-datasets.js';
import { checkOverwrite, damagedFile, openForReading, readFailure, writeFailure } from './h5-files.js';
import { type H5Module, loadH5 } from './h5-module.js';
import { openRecording, type Recording } from './recording-reader.js';

/**
 * SONATA's spike-report layout (Dai et al. 2020, PLoS Comput Biol 16:e1007696; the format NEST,
 * NEURON/BMTK and libsonata read): `/spikes/<population>/timestamps` (float64, ms) and
 * `/spikes/<population>/node_ids` (uint64, 0-based within the population), root attributes `magic`
 * (0x0A7A) and `version` ([0, 1]). The optional `sorting` attribute is left out: libsonata reads it as
 * an HDF5 enum, which h5wasm cannot write, and a missing one means "unsorted" to every reader.
 */
const SONATA_MAGIC = 0x0a7a;

function writeSonataHeader(file: H5Group): H5Group {
  file.create_attribute('magic', SONATA_MAGIC, null, '<I');
  file.create_attribute('version', new Uint32Array([0, 1]), [2], '<I');
  return file.create_group('spikes');
}

function createPopulation(spikesRoot: H5Group, name: string) {
  const group = spikesRoot.create_group(linkName(name));
  const timestamps = new AppendableDataset(group, 'timestamps', 'f64', {});
  setAttribute(timestamps.dataset, 'units', 'ms');
  const nodeIds = new AppendableDataset(group, 'node_ids', 'u64', {});
  return { timestamps, nodeIds };
}

async function createSonataFile(path: string, overwrite: boolean | undefined): Promise<{ h5: H5Module; file: InstanceType<H5Module['File']> }> {
  const h5 = await loadH5();
  checkOverwrite(h5, path, overwrite);
  try {
    return { h5, file: new h5.File(path, 'w') };
  } catch (error) {
    throw writeFailure(error, path, 'the SONATA spike file');
  }
}

/**
 * Writes spikes as a SONATA spike report. Times are ms; ids are population-local, as SONATA's
 * `node_ids` are.
 *
 * @example
 * ```ts
 * await writeSonataSpikes('spikes.h5', [sim.spikesOf('exc'), sim.spikesOf('inh')]);
 * ```
 */
export async function writeSonataSpikes(path: string, spikes: readonly PopulationSpikes[], options: { overwrite?: boolean } = {}): Promise<void> {
  const { file } = await createSonataFile(path, options.overwrite);
  try {
    const root = writeSonataHeader(file);
    for (const population of spikes) {
      const { timestamps, nodeIds } = createPopulation(root, population.population);
      timestamps.append(population.times);
      nodeIds.append(BigUint64Array.from(population.ids, (id) => BigInt(id)));
    }
    file.close();
  } catch (error) {
    try {
      file.close();
    } catch {
      // Report the original failure.
    }
    throw writeFailure(error, path, 'the SONATA spike file');
  }
}

/**
 * Copies the spikes of a `.simrec.h5` recording into a SONATA spike report, a window at a time
 * (`windowMs`, default 1 s), so a recording larger than memory converts too.
 */
export async function exportSonataSpikes(recording: string | Recording, path: string, options: { overwrite?: boolean; windowMs?: number } = {}): Promise<void> {
  const source = typeof recording === 'string' ? await openRecording(recording) : recording;
  try {
    const { file } = await createSonataFile(path, options.overwrite);
    try {
      const root = writeSonataHeader(file);
      const targets = source.populations.map((p) => createPopulation(root, p.name));
      for (const window of source.frames({ frameMs: options.windowMs ?? 1000 }))
        window.spikes.forEach((spikes, p) => {
          const target = targets[p] as (typeof targets)[number];
          target.timestamps.append(spikes.times);
          target.nodeIds.append(BigUint64Array.from(spikes.ids, (id) => BigInt(id)));
        });
      file.close();
    } catch (error) {
      try {
        file.close();
      } catch {
        // Report the original failure.
      }
      throw writeFailure(error, path, 'the SONATA spike file');
    }
  } finally {
    if (typeof recording === 'string') source.close();
  }
}

/** A group name back to the population name (undoing {@link linkName}; other files' names pass unchanged). */
function nameOf(key: string): string {
  try {
    return key.replace(/%2F|%25|%2E/g, (m) => decodeURIComponent(m));
  } catch {
    return key;
  }
}

const TIME_UNITS: Record<string, number> = { ms: 1, s: 1000, sec: 1000, second: 1000, seconds: 1000, us: 0.001 };

function readNumbers(dataset: H5Dataset, filePath: string): Float64Array {
  let value: unknown;
  try {
    value = dataset.value;
  } catch (error) {
    throw readFailure(error, filePath, dataset.path);
  }
  if (value instanceof BigUint64Array || value instanceof BigInt64Array) return Float64Array.from(value, (v) => Number(v));
  if (ArrayBuffer.isView(value)) return Float64Array.from(value as unknown as ArrayLike<number>);
  throw new FileFormatError('', { code: 'wrong-dtype', path: `${filePath}:${dataset.path}`, expected: 'a numeric dataset', received: String(dataset.dtype) });
}

/**
 * Reads a SONATA spike report (the current layout, `/spikes/<population>/{timestamps,node_ids}`, and
 * the older one, `/spikes/{timestamps,gids}`, as population `default`). Times come back in ms
 * (converted from the `units` attribute when it says seconds), ids as population-local indices.
 */
export async function readSonataSpikes(path: string): Promise<PopulationSpikes[]> {
  const h5 = await loadH5();
  const expected = 'a SONATA spike report (HDF5 with /spikes)';
  const file = openForReading(h5, path, expected);
  try {
    const spikesRoot = file.get('spikes');
    if (!spikesRoot || !('keys' in spikesRoot) || 'slice' in spikesRoot)
      throw new FileFormatError('', {
        code: 'wrong-format',
        path,
        expected,
        received: `an HDF5 file whose top level is ${file.keys().join(', ') || 'empty'}`,
        hint: 'spikegpu recordings are opened with openRecording',
      });
    const root = spikesRoot as H5Group;
    const legacy = root.keys().includes('timestamps');
    const groups: Array<[string, H5Group]> = legacy
      ? [['default', root]]
      : root.keys().flatMap((key) => {
          const child = root.get(key);
          return child && 'keys' in child && !('slice' in child) ? [[nameOf(key), child as H5Group] as [string, H5Group]] : [];
        });
    return groups.map(([name, group]) => {
      const timesDataset = group.get('timestamps');
      const idsDataset = group.get(legacy ? 'gids' : 'node_ids') ?? group.get('node_ids');
      if (!timesDataset || !('slice' in timesDataset) || !idsDataset || !('slice' in idsDataset))
        throw new FileFormatError('', {
          code: 'missing-dataset',
          path: `${path}:${group.path}`,
          expected: 'datasets timestamps and node_ids',
          received: group.keys().join(', ') || 'nothing',
        });
      const units = attributeOf(timesDataset as H5Dataset, 'units');
      const scale = typeof units === 'string' ? TIME_UNITS[units.trim().toLowerCase()] : 1;
      if (scale === undefined)
        throw new FileFormatError('', {
          code: 'unknown-unit',
          path: `${path}:${timesDataset.path}@units`,
          expected: `one of ${Object.keys(TIME_UNITS).join(', ')}`,
          received: units,
        });
      const times = readNumbers(timesDataset as H5Dataset, path);
      const ids = readNumbers(idsDataset as H5Dataset, path);
      if (times.length !== ids.length)
        throw new FileFormatError('', {
          code: 'wrong-shape',
          path: `${path}:${group.path}`,
          expected: 'as many node_ids as timestamps',
          received: `${ids.length} node_ids, ${times.length} timestamps`,
        });
      if (scale !== 1) for (let k = 0; k < times.length; k++) times[k] = (times[k] as number) * scale;
      const local = new Uint32Array(ids.length);
      for (let k = 0; k < ids.length; k++) {
        const id = ids[k] as number;
        if (!(Number.isInteger(id) && id >= 0 && id <= 0xffffffff))
          throw new FileFormatError('', {
            code: 'out-of-range',
            path: `${path}:${idsDataset.path}[${k}]`,
            expected: `a node id in [0, ${0xffffffff}]`,
            received: id,
          });
        local[k] = id;
      }
      return { population: name, times, ids: local };
    });
  } catch (error) {
    throw damagedFile(error, path, expected);
  } finally {
    file.close();
  }
}
