import { didYouMean, type NetworkDescription, ValidationError } from '@spikegpu/core';
import type { PopulationSpikes } from '@spikegpu/simulator';
import { decodeDescription } from './description-json.js';
import { checkFormat, type Provenance, readProvenance } from './file-format.js';
import { attributeOf, datasetAt, groupAt, type H5Dataset, type H5Group, linkName, readArray, readSlice, requireAttribute } from './h5-datasets.js';
import { damagedFile, openForReading, readFailure } from './h5-files.js';
import { type H5Module, loadH5 } from './h5-module.js';

/** A population as a recording describes it. */
export interface RecordedPopulation {
  name: string;
  index: number;
  size: number;
  /** Neurons whose spikes were recorded. */
  recordedNeurons: number;
  /** Spikes recorded (within the recording's extent). */
  spikeCount: number;
  /** State sampling of this population, when any. */
  state: { variables: string[]; neurons: Uint32Array; intervalMs: number; samples: number } | null;
}

/** Spikes of every population in `[fromMs, toMs)`. */
export interface SpikeWindow {
  fromMs: number;
  toMs: number;
  spikes: PopulationSpikes[];
}

/** One sampled state variable at one time: values of the sampled neurons. */
export interface StateFrame {
  population: string;
  variable: string;
  /** Time of the sample (the latest at or before the requested time), ms. */
  timeMs: number;
  neurons: Uint32Array;
  values: Float32Array;
}

/** What a viewer shows at time t: the spikes of the last `windowMs` up to t, and the latest state samples. */
export interface Frame extends SpikeWindow {
  timeMs: number;
  state: StateFrame[];
}

interface PopulationHandles {
  times: H5Dataset;
  ids: H5Dataset;
  index: BigUint64Array;
  indexSteps: number;
  spikeCount: number;
}

interface StateHandles {
  neurons: Uint32Array;
  steps: Uint32Array;
  variables: Map<string, H5Dataset>;
  samples: number;
}

/**
 * A `.simrec.h5` recording opened for playback. Reads only what a query needs (HDF5 hyperslabs over
 * chunked data, located through the spike index), so a recording larger than memory plays back.
 *
 * @example
 * ```ts
 * const recording = await openRecording('coba.simrec.h5');
 * const { spikes } = recording.window(100, 200);           // every population, 100–200 ms
 * for (const frame of recording.frames({ frameMs: 10, direction: 'backward' })) draw(frame);
 * const { timesMs, values } = recording.trace('exc', 0, 'v');
 * recording.close();
 * ```
 */
export class Recording {
  readonly path: string;
  readonly description: NetworkDescription;
  readonly provenance: Provenance;
  readonly formatVersion: number;
  readonly dt: number;
  readonly seed: number;
  readonly mode: string;
  /** First step recorded. */
  readonly startStep: number;
  /** Steps `[startStep, endStep)` are complete in the file. */
  readonly endStep: number;
  /** False when the writer never closed it (a killed process): it holds what was flushed. */
  readonly isComplete: boolean;
  readonly populations: RecordedPopulation[];
  readonly #file: InstanceType<H5Module['File']>;
  readonly #spikes: PopulationHandles[];
  readonly #state: Map<string, StateHandles>;
  readonly #timeFormat: 'steps' | 'ms';

  /** @internal use {@link openRecording} */
  constructor(path: string, file: InstanceType<H5Module['File']>) {
    this.path = path;
    this.#file = file;
    this.formatVersion = checkFormat(file, path, 'recording');
    this.description = decodeDescription(readArray(file, path, 'description', 'u8'), path, '/description');
    this.provenance = readProvenance(file);
    this.dt = requireAttribute(file, path, 'dt_ms', 'number') as number;
    this.seed = requireAttribute(file, path, 'seed', 'number') as number;
    this.mode = String(attributeOf(file, 'mode') ?? '');
    const progress = readArray(file, path, 'progress', 'u64', 3);
    this.startStep = Number(progress[0]);
    this.endStep = Number(progress[1]);
    this.isComplete = progress[2] === 1n;
    const spikesRoot = groupAt(file, path, 'spikes');
    this.#timeFormat = attributeOf(spikesRoot, 'time_format') === 'ms' ? 'ms' : 'steps';
    const stateRoot = groupAt(file, path, 'state');
    this.#spikes = [];
    this.#state = new Map();
    this.populations = [];
    const names = spikesRoot.keys().map((key) => {
      const group = groupAt(spikesRoot, path, key);
      return { group, index: requireAttribute(group, path, 'index', 'number') as number };
    });
    names.sort((a, b) => a.index - b.index);
    for (const { group, index } of names) {
      const name = requireAttribute(group, path, 'name', 'string') as string;
      const times = datasetAt(group, path, this.#timeFormat === 'steps' ? 'steps' : 'times', this.#timeFormat === 'steps' ? 'u32' : 'f64');
      const ids = datasetAt(group, path, 'ids', 'u32');
      const handles: PopulationHandles = {
        times,
        ids,
        index: readArray(group, path, 'index', 'u64'),
        indexSteps: requireAttribute(group, path, 'index_steps', 'number') as number,
        spikeCount: 0,
      };
      handles.spikeCount = this.#countSpikes(handles);
      this.#spikes.push(handles);
      let state: RecordedPopulation['state'] = null;
      const stateGroup = stateRoot.get(linkName(name));
      if (stateGroup && 'keys' in stateGroup) {
        const g = stateGroup as H5Group;
        const variables = requireAttribute(g, path, 'variables', 'string[]') as string[];
        const steps = readArray(g, path, 'steps', 'u32');
        const datasets = new Map(variables.map((v) => [v, datasetAt(g, path, linkName(v), 'f32')] as const));
        let samples = steps.length;
        for (const dataset of datasets.values()) samples = Math.min(samples, (dataset.shape as number[])[0] ?? 0);
        while (samples > 0 && (steps[samples - 1] as number) > this.endStep) samples--;
        const neurons = readArray(g, path, 'neurons', 'u32');
        this.#state.set(name, { neurons, steps, variables: datasets, samples });
        state = { variables, neurons, intervalMs: requireAttribute(g, path, 'interval_ms', 'number') as number, samples };
      }
      this.populations.push({
        name,
        index,
        size: requireAttribute(group, path, 'size', 'number') as number,
        recordedNeurons: requireAttribute(group, path, 'recorded_neurons', 'number') as number,
        spikeCount: handles.spikeCount,
        state,
      });
    }
  }

  get startMs(): number {
    return this.startStep * this.dt;
  }

  get endMs(): number {
    return this.endStep * this.dt;
  }

  /** Spikes of one population with times in `[fromMs, toMs)` (default: the whole recording). */
  spikes(population: string, fromMs = this.startMs, toMs = this.endMs): PopulationSpikes {
    const p = this.#populationIndex(population);
    return this.#spikesInSteps(p, this.#firstStepAtOrAfter(fromMs), this.#firstStepAtOrAfter(toMs));
  }

  /** Spikes of every population with times in `[fromMs, toMs)`. */
  window(fromMs: number, toMs: number): SpikeWindow {
    const s0 = this.#firstStepAtOrAfter(fromMs);
    const s1 = this.#firstStepAtOrAfter(toMs);
    return { fromMs, toMs, spikes: this.populations.map((_, p) => this.#spikesInSteps(p, s0, s1)) };
  }

  /**
   * The picture at `timeMs`: spikes of the step that contains it and of the steps in the `windowMs`
   * before (default one step), and every sampled variable's latest sample at or before it.
   */
  frame(timeMs: number, options: { windowMs?: number } = {}): Frame {
    const step = Math.floor(timeMs / this.dt + 1e-9);
    const windowSteps = Math.max(1, Math.round((options.windowMs ?? this.dt) / this.dt));
    const s0 = step - windowSteps + 1;
    const spikes = this.populations.map((_, p) => this.#spikesInSteps(p, s0, step + 1));
    const state: StateFrame[] = [];
    for (const pop of this.populations)
      for (const variable of pop.state?.variables ?? []) {
        const sample = this.stateAt(pop.name, variable, timeMs);
        if (sample) state.push(sample);
      }
    return { timeMs, fromMs: s0 * this.dt, toMs: (step + 1) * this.dt, spikes, state };
  }

  /**
   * Consecutive windows of `frameMs` (default one step) from `fromMs` to `toMs`, forward or backward
   * in time; each reads only its own part of the file.
   */
  *frames(options: { fromMs?: number; toMs?: number; frameMs?: number; direction?: 'forward' | 'backward' } = {}): Generator<SpikeWindow> {
    const s0 = this.#firstStepAtOrAfter(options.fromMs ?? this.startMs);
    const s1 = this.#firstStepAtOrAfter(options.toMs ?? this.endMs);
    const frameSteps = Math.max(1, Math.round((options.frameMs ?? this.dt) / this.dt));
    const count = Math.ceil(Math.max(0, s1 - s0) / frameSteps);
    for (let k = 0; k < count; k++) {
      const j = options.direction === 'backward' ? count - 1 - k : k;
      const a = s0 + j * frameSteps;
      const b = Math.min(s1, a + frameSteps);
      yield { fromMs: a * this.dt, toMs: b * this.dt, spikes: this.populations.map((_, p) => this.#spikesInSteps(p, a, b)) };
    }
  }

  /** One neuron's samples of one variable over the whole recording (reads one column of the dataset). */
  trace(population: string, neuron: number, variable: string): { timesMs: Float64Array; values: Float32Array } {
    const { state, dataset } = this.#stateVariable(population, variable);
    const column = state.neurons.indexOf(neuron);
    if (column < 0)
      throw new ValidationError(`neuron ${neuron} of '${population}' was not sampled`, {
        code: 'not-recorded',
        path: 'neuron',
        expected: `one of the sampled neurons (${Array.from(state.neurons.subarray(0, 8)).join(', ')}${state.neurons.length > 8 ? ', …' : ''})`,
        received: neuron,
      });
    let values: Float32Array;
    try {
      values =
        state.samples > 0
          ? (dataset.slice([
              [0, state.samples],
              [column, column + 1],
            ]) as Float32Array)
          : new Float32Array(0);
    } catch (error) {
      throw readFailure(error, this.path, dataset.path);
    }
    return { timesMs: Float64Array.from(state.steps.subarray(0, state.samples), (s) => s * this.dt), values };
  }

  /** A sampled variable's values at the latest sample at or before `timeMs`; null before the first sample. */
  stateAt(population: string, variable: string, timeMs: number): StateFrame | null {
    const { state, dataset } = this.#stateVariable(population, variable);
    // Binary search for the last sample with step · dt ≤ timeMs.
    let low = 0;
    let high = state.samples;
    while (low < high) {
      const mid = (low + high) >> 1;
      if ((state.steps[mid] as number) * this.dt <= timeMs) low = mid + 1;
      else high = mid;
    }
    if (low === 0) return null;
    const row = low - 1;
    let values: Float32Array;
    try {
      values = dataset.slice([[row, row + 1], []]) as Float32Array;
    } catch (error) {
      throw readFailure(error, this.path, dataset.path);
    }
    return { population, variable, timeMs: (state.steps[row] as number) * this.dt, neurons: state.neurons, values };
  }

  /** Population rate (of the recorded neurons) per bin: bin start times, ms, and rates, Hz. */
  rates(population: string): { timesMs: Float64Array; rateHz: Float32Array; binMs: number } {
    const p = this.#populationIndex(population);
    const group = groupAt(this.#file, this.path, `rates/${linkName(this.populations[p]?.name as string)}`);
    const binSteps = requireAttribute(group, this.path, 'bin_steps', 'number') as number;
    const rates = readArray(group, this.path, 'rate_hz', 'f32');
    const bins = Math.min(rates.length, Math.floor((this.endStep - this.startStep) / binSteps));
    return {
      timesMs: Float64Array.from({ length: bins }, (_, k) => (this.startStep + k * binSteps) * this.dt),
      rateHz: rates.slice(0, bins),
      binMs: binSteps * this.dt,
    };
  }

  close(): void {
    this.#file.close();
  }

  #populationIndex(population: string): number {
    const p = this.populations.findIndex((pop) => pop.name === population);
    if (p < 0)
      throw new ValidationError(`unknown population '${population}'`, {
        code: 'unknown-population',
        path: 'population',
        hint: didYouMean(
          population,
          this.populations.map((x) => x.name),
        ),
      });
    return p;
  }

  #stateVariable(population: string, variable: string): { state: StateHandles; dataset: H5Dataset } {
    this.#populationIndex(population);
    const state = this.#state.get(population);
    if (!state)
      throw new ValidationError(`no state of '${population}' was recorded`, {
        code: 'not-recorded',
        path: 'population',
        expected: `one of ${[...this.#state.keys()].join(', ') || '(none)'}`,
        received: population,
      });
    const dataset = state.variables.get(variable);
    if (!dataset)
      throw new ValidationError(`variable '${variable}' of '${population}' was not recorded`, {
        code: 'not-recorded',
        path: 'variable',
        expected: `one of ${[...state.variables.keys()].join(', ')}`,
        received: variable,
        hint: didYouMean(variable, [...state.variables.keys()]),
      });
    return { state, dataset };
  }

  /** First step whose time `step · dt` is at or after `timeMs`, clamped to the recording. */
  #firstStepAtOrAfter(timeMs: number): number {
    let step = Math.ceil(timeMs / this.dt);
    if ((step - 1) * this.dt >= timeMs) step--;
    else if (step * this.dt < timeMs) step++;
    return Math.max(this.startStep, Math.min(this.endStep, step));
  }

  /** Spikes in `[startStep + k0·B, …)` start at `index[k0]`; spikes at or past `endStep` (after a crash) are left out. */
  #countSpikes(h: PopulationHandles): number {
    const length = (h.ids.shape as number[])[0] ?? 0;
    const last = h.index.length - 1;
    if (last < 0) return 0;
    const from = Number(h.index[last]);
    const tail = this.#readSteps(h, from, Math.min(length, (h.times.shape as number[])[0] ?? 0));
    let count = from;
    for (let k = 0; k < tail.length && (tail[k] as number) < this.endStep; k++) count++;
    return count;
  }

  #readSteps(h: PopulationHandles, start: number, end: number): Uint32Array {
    if (this.#timeFormat === 'steps') return readSlice(h.times, this.path, 'u32', start, end);
    const times = readSlice(h.times, this.path, 'f64', start, end);
    return Uint32Array.from(times, (t) => Math.round(t / this.dt));
  }

  #spikesInSteps(p: number, s0: number, s1: number): PopulationSpikes {
    const pop = this.populations[p] as RecordedPopulation;
    const h = this.#spikes[p] as PopulationHandles;
    const from = Math.max(s0, this.startStep);
    const to = Math.min(s1, this.endStep);
    if (to <= from || h.spikeCount === 0) return { population: pop.name, times: new Float64Array(0), ids: new Uint32Array(0) };
    const k0 = Math.min(h.index.length - 1, Math.floor((from - this.startStep) / h.indexSteps));
    const k1 = Math.ceil((to - this.startStep) / h.indexSteps);
    const begin = Number(h.index[k0]);
    const end = k1 < h.index.length ? Number(h.index[k1]) : h.spikeCount;
    const steps = this.#readSteps(h, begin, end);
    const ids = readSlice(h.ids, this.path, 'u32', begin, end);
    let first = 0;
    while (first < steps.length && (steps[first] as number) < from) first++;
    let last = steps.length;
    while (last > first && (steps[last - 1] as number) >= to) last--;
    return {
      population: pop.name,
      times: Float64Array.from(steps.subarray(first, last), (s) => s * this.dt),
      ids: ids.slice(first, last),
    };
  }
}

/**
 * Opens a `.simrec.h5` recording for playback. A file whose writer was killed opens too: it holds
 * everything up to the writer's last flush (`isComplete` is false).
 */
export async function openRecording(path: string): Promise<Recording> {
  const h5 = await loadH5();
  const expected = 'a spikegpu recording (.simrec.h5)';
  const file = openForReading(h5, path, expected);
  try {
    return new Recording(path, file);
  } catch (error) {
    file.close();
    throw damagedFile(error, path, expected);
  }
}
