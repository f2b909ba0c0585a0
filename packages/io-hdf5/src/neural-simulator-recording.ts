import { FileFormatError, SpikegpuError } from '@spikegpu/core';
import type { PopulationSpikes } from '@spikegpu/simulator';
import { attributeOf, type H5Dataset, type H5Group } from './h5-datasets.js';
import { damagedFile, openForReading, readFailure } from './h5-files.js';
import { loadH5 } from './h5-module.js';
import { applyMapping, datasetNames, mapTraits, readSourceArray, sourceAttribute } from './neural-simulator-h5.js';
import {
  type Migration,
  type MigrationReport,
  migrateCoreConfig,
  type NeuralSimulatorMigrationOptions,
  type NeuralSimulatorNetwork,
} from './neural-simulator-profile.js';

/** The only recording format neural-simulator writes and reads. */
export const NEURAL_SIMULATOR_RECORDING_VERSION = '1.1.0-h5';

/** One neuron's membrane potential over a neural-simulator recording. */
export interface NeuralSimulatorTrace {
  population: string;
  /** Index in the population. */
  id: number;
  /** Index in neural-simulator's network. */
  sourceId: number;
  /** Frame times, ms. */
  times: Float64Array;
  /** Membrane potential, mV. */
  v: Float32Array;
}

/** A neural-simulator recording in spikegpu's form. */
export interface NeuralSimulatorRecording {
  /** The network it recorded, rebuilt from its `core_config.*` attributes. */
  network: NeuralSimulatorNetwork;
  /** Spikes per population, as `sim.spikesOf` gives them: times in ms and population-local ids. */
  spikes: PopulationSpikes[];
  /** Per population: neural-simulator's index of each of its neurons (local id → source id). */
  neurons: Array<{ population: string; sourceIds: Uint32Array }>;
  /** `initial_state@start_time_ms`, ms. */
  startTimeMs: number;
  /** Time of the last frame, ms. */
  endTimeMs: number;
  /** Frames in the file (one per step). */
  frameCount: number;
  /** Membrane potentials of the neurons asked for in `traceNeurons`. */
  traces: NeuralSimulatorTrace[];
}

/** Options of {@link readNeuralSimulatorRecording}. */
export interface NeuralSimulatorRecordingOptions extends NeuralSimulatorMigrationOptions {
  /** neural-simulator indices of neurons whose membrane potential to read from every frame. */
  traceNeurons?: number[];
}

const EXPECTED = `a neural-simulator recording (.simrec.h5, root attribute format_version "${NEURAL_SIMULATOR_RECORDING_VERSION}", groups initial_state and frames)`;

function groupOf(parent: H5Group, filePath: string, name: string, expected: string): H5Group {
  const entity = parent.get(name);
  if (!entity || !('keys' in entity) || 'slice' in entity)
    throw new FileFormatError('a group is missing', {
      code: 'missing-group',
      path: `${filePath}:${parent.path === '/' ? '' : parent.path}/${name}`,
      expected,
      received: entity ? 'a dataset' : 'nothing',
    });
  return entity as H5Group;
}

/**
 * Reads a neural-simulator recording (`.simrec.h5`, format 1.1.0-h5: `initial_state` and one
 * `frames/frame_{i}` group per step) into spikes per population with their times, the network it
 * recorded, and optionally membrane-potential traces of chosen neurons. Frames are read one at a
 * time. The report lists what the file holds that is not carried over (the per-step state of every
 * neuron, connectivity, GUI and view settings, its made-up `_mock_*` numbers).
 *
 * @example
 * ```ts
 * const { result, report } = await readNeuralSimulatorRecording('run.simrec.h5', { traceNeurons: [0] });
 * await writeSonataSpikes('run-spikes.h5', result.spikes);
 * ```
 * @throws {FileFormatError} for a missing, damaged or other file, or one without the documented groups,
 *   datasets and attributes, naming what was expected.
 */
export async function readNeuralSimulatorRecording(path: string, options: NeuralSimulatorRecordingOptions = {}): Promise<Migration<NeuralSimulatorRecording>> {
  const h5 = await loadH5();
  const file = openForReading(h5, path, EXPECTED);
  try {
    const root = file as unknown as H5Group;
    const version = attributeOf(root, 'format_version');
    if (version !== NEURAL_SIMULATOR_RECORDING_VERSION) {
      const ours = typeof attributeOf(root, 'format') === 'string';
      throw new FileFormatError('', {
        code: ours ? 'wrong-format' : version === undefined ? 'wrong-format' : 'unsupported-version',
        path,
        expected: EXPECTED,
        received: ours
          ? `a file of format "${attributeOf(root, 'format')}"`
          : version === undefined
            ? `an HDF5 file with top level ${root.keys().slice(0, 5).join(', ') || 'empty'}`
            : `format_version ${JSON.stringify(version)}`,
        ...(ours ? { hint: 'spikegpu recordings are opened with openRecording' } : {}),
      });
    }
    const report: MigrationReport = { source: path, carried: [], dropped: [] };

    // Configuration: root attributes "core_config.<k>", "viz_config.<k>", "runtime_state.<k>".
    const core: Record<string, unknown> = {};
    const runtime: Record<string, unknown> = {};
    const dropped: string[] = [];
    for (const name of Object.keys(root.attrs)) {
      if (name === 'format_version') continue;
      const value = sourceAttribute(root, name);
      if (name.startsWith('core_config.')) core[name.slice('core_config.'.length)] = value;
      else if (name.startsWith('runtime_state.')) runtime[name.slice('runtime_state.'.length)] = value;
      else dropped.push(name);
    }
    if (Object.keys(core).length === 0)
      throw new FileFormatError('', {
        code: 'missing-attribute',
        path: `${path}:/@core_config.*`,
        expected: 'root attributes core_config.<field> (its CoreSimConfig)',
        received: 'none',
      });
    const network = migrateCoreConfig(core, report, 'core_config', { ...options, actualSeed: runtime.actual_seed_used });
    const viz = dropped.filter((n) => n.startsWith('viz_config.'));
    if (viz.length > 0)
      report.dropped.push({ field: '/@viz_config.*', value: `${viz.length} attributes`, reason: 'camera and view settings: the demo app has its own' });
    if (Object.keys(runtime).length > 0)
      report.dropped.push({
        field: '/@runtime_state.*',
        value: `${Object.keys(runtime).length} attributes`,
        reason: 'run-time values; only actual_seed_used is read',
      });
    for (const name of dropped.filter((n) => !n.startsWith('viz_config.'))) report.dropped.push({ field: `/@${name}`, reason: 'not an attribute we know' });

    // Initial state: traits give the populations.
    const initial = groupOf(root, path, 'initial_state', 'group initial_state (attrs start_time_ms, start_time_step; dataset cp_traits)');
    const traits = readSourceArray(initial, path, 'cp_traits', undefined, 'int32 trait index per neuron');
    const n = traits.length;
    const mapping = mapTraits(traits, core, network, `${path}:/initial_state/cp_traits`);
    applyMapping(network, mapping, report);
    const start = attributeOf(initial, 'start_time_ms');
    const startTimeMs = typeof start === 'number' ? start : 0;
    const initialDatasets = datasetNames(initial).filter((d) => d !== 'cp_traits');
    if (initialDatasets.length > 0)
      report.dropped.push({
        field: '/initial_state/*',
        value: initialDatasets.length > 8 ? `${initialDatasets.length} datasets` : initialDatasets,
        reason:
          'the initial state, parameters, positions and connectivity of every neuron: our network is rebuilt from its profile (read the checkpoint for state)',
      });

    // Frames, in step order.
    const framesGroup = groupOf(root, path, 'frames', 'group frames with subgroups frame_0, frame_1, …');
    const frames = framesGroup.keys().map((key) => {
      const match = /^frame_(\d+)$/.exec(key);
      if (!match)
        throw new FileFormatError('', {
          code: 'invalid-name',
          path: `${path}:/frames/${key}`,
          expected: 'frames named frame_{i} (unpadded step index)',
          received: key,
        });
      return { key, index: Number(match[1]) };
    });
    frames.sort((a, b) => a.index - b.index);

    const traceIds = options.traceNeurons ?? [];
    for (const id of traceIds)
      if (!Number.isInteger(id) || id < 0 || id >= n)
        throw new FileFormatError('', { code: 'invalid-option', path: 'traceNeurons', expected: `neuron indices 0…${n - 1}`, received: id });
    const frameTimes = new Float64Array(frames.length);
    const traceValues = traceIds.map(() => new Float32Array(frames.length));
    const spikeTimes: number[][] = mapping.populations.map(() => []);
    const spikeIds: number[][] = mapping.populations.map(() => []);
    const frameDatasets = new Set<string>();
    frames.forEach(({ key }, f) => {
      const frame = groupOf(framesGroup, path, key, 'a frame group');
      const time = attributeOf(frame, 'time_ms');
      if (typeof time !== 'number')
        throw new FileFormatError('an attribute is missing or has the wrong type', {
          code: 'missing-attribute',
          path: `${path}:/frames/${key}@time_ms`,
          expected: 'a number (ms)',
          received: time,
        });
      frameTimes[f] = time;
      const fired = readSourceArray(frame, path, 'cp_firing_states', n, 'bool firing flag per neuron');
      for (let i = 0; i < n; i++) {
        if (fired[i] === 0) continue;
        const p = mapping.populationOf[i] as number;
        (spikeTimes[p] as number[]).push(time);
        (spikeIds[p] as number[]).push(mapping.localIdOf[i] as number);
      }
      if (traceIds.length > 0) {
        const dataset = frame.get('cp_membrane_potential_v');
        if (!dataset || !('slice' in dataset))
          throw new FileFormatError('a dataset is missing', {
            code: 'missing-dataset',
            path: `${path}:/frames/${key}/cp_membrane_potential_v`,
            expected: 'float32 membrane potential per neuron',
          });
        traceIds.forEach((id, t) => {
          let value: unknown;
          try {
            value = (dataset as H5Dataset).slice([[id, id + 1]]);
          } catch (error) {
            throw readFailure(error, path, `/frames/${key}/cp_membrane_potential_v`);
          }
          (traceValues[t] as Float32Array)[f] = Number((value as ArrayLike<number>)[0]);
        });
      }
      for (const name of datasetNames(frame)) frameDatasets.add(name);
    });
    frameDatasets.delete('cp_firing_states');
    report.carried.push(`/frames/frame_{i}/cp_firing_states and @time_ms → spikes of ${frames.length} frames`);
    if (traceIds.length > 0) report.carried.push(`/frames/frame_{i}/cp_membrane_potential_v → traces of neurons ${traceIds.join(', ')}`);
    if (frameDatasets.size > 0)
      report.dropped.push({
        field: '/frames/frame_{i}/*',
        value: [...frameDatasets].sort(),
        reason: 'the full state of every neuron at every step is not carried (ask for membrane-potential traces with traceNeurons)',
      });
    if (frames.length > 0)
      report.dropped.push({
        field: '/frames/frame_{i}@_mock_*',
        reason: 'made-up numbers neural-simulator stored with each frame (spike count, rate, plasticity events); recompute them from the spikes',
      });

    const spikes: PopulationSpikes[] = mapping.populations.map((p, index) => {
      const times = Float64Array.from(spikeTimes[index] as number[]);
      const ids = Uint32Array.from(spikeIds[index] as number[]);
      return { population: p.population, times, ids };
    });
    const traces: NeuralSimulatorTrace[] = traceIds.map((sourceId, t) => ({
      population: mapping.populations[mapping.populationOf[sourceId] as number]?.population as string,
      id: mapping.localIdOf[sourceId] as number,
      sourceId,
      times: frameTimes.slice(),
      v: traceValues[t] as Float32Array,
    }));
    return {
      result: {
        network,
        spikes,
        neurons: mapping.populations,
        startTimeMs,
        endTimeMs: frames.length > 0 ? (frameTimes[frames.length - 1] as number) : startTimeMs,
        frameCount: frames.length,
        traces,
      },
      report,
    };
  } catch (error) {
    if (error instanceof SpikegpuError) throw error;
    throw damagedFile(error, path, EXPECTED);
  } finally {
    file.close();
  }
}
