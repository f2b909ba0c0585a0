import { CapacityError, type SpikegpuError, ValidationError } from '@spikegpu/core';
import type { Simulation } from '@spikegpu/simulator';
import { currentProvenance } from './file-format.js';
import { GrowableArray } from './growable-array.js';
import { DEFAULT_GZIP_LEVEL } from './h5-datasets.js';
import { checkOverwrite, removeIfRegularFile, writeFailure } from './h5-files.js';
import { type H5Module, loadH5 } from './h5-module.js';
import { createRecordingLayout, recordedNeurons, type SpikeTimeFormat } from './recording-layout.js';
import { type ResolvedSampling, resolveSampling, type StateSampling } from './state-sampling.js';

export interface RecordingOptions {
  /** Replace an existing file. Default false: an existing file is an error. */
  overwrite?: boolean;
  /**
   * `streaming` (default): written and flushed in chunks while the simulation runs; if the process
   * dies, the file is readable up to the last flush. `buffered`: kept in memory and written by
   * {@link SpikeRecordingWriter.close}; {@link SpikeRecordingWriter.run} checks beforehand that the
   * run fits `maxBufferBytes`.
   */
  mode?: 'streaming' | 'buffered';
  /** Streaming: flush after this many simulated steps. Default 1000. */
  flushEverySteps?: number;
  /** Streaming: flush once this many spikes wait in memory. Default 2^20 (8 MiB). */
  flushEverySpikes?: number;
  /** Spike times as whole steps (`<u4`, default) or ms (`<f8`). */
  spikeTimes?: SpikeTimeFormat;
  /** Width of a population-rate bin, ms, rounded to whole steps. Default 1 ms (at least one step). */
  rateBinMs?: number;
  /** Distance between entries of the spike index that playback seeks with, ms. Default 10 ms. */
  indexEveryMs?: number;
  /** State variables to sample (between `run` chunks, with `sim.readState`). */
  state?: StateSampling[];
  /** Buffered: most bytes to hold in memory. Default 1 GiB. */
  maxBufferBytes?: number;
  /** Buffered: the mean rate assumed when estimating a run's spikes before it starts. Default 50 Hz. */
  expectedRateHz?: number;
  /** The GPU adapter, for provenance; empty on the CPU. */
  adapter?: string;
  /** gzip level, 0–9. Default 4. */
  compressionLevel?: number;
  /** Where notices go (e.g. a buffer that had to spill to disk). Default `console.warn`. */
  log?: (message: string) => void;
}

type Layout = ReturnType<typeof createRecordingLayout>;

/**
 * What a recording needs of a simulation: a {@link Simulation}, or anything that offers the same
 * plan, clock, spike events and state reads (a replay of another file, a test double).
 */
export type RecordableSimulation = Pick<Simulation, 'plan' | 'step' | 'backend' | 'onSpikes' | 'run' | 'readState'>;

/** Spikes, index entries and rate bins of one population that wait to be written. */
interface PopulationBuffer {
  offset: number;
  end: number;
  neurons: number;
  steps: GrowableArray<Uint32Array>;
  ids: GrowableArray<Uint32Array>;
  /** Spikes so far (written or not): the next index entry. */
  total: number;
  index: GrowableArray<BigUint64Array>;
  binCount: number;
  binCounts: GrowableArray<Uint32Array>;
}

interface SamplingBuffer {
  spec: ResolvedSampling;
  nextStep: number;
  steps: GrowableArray<Uint32Array>;
  values: GrowableArray<Float32Array>[];
}

const MAX_STEP = 0xffffffff;

function formatBytes(bytes: number): string {
  if (bytes >= 2 ** 30) return `${(bytes / 2 ** 30).toFixed(1)} GiB`;
  if (bytes >= 2 ** 20) return `${(bytes / 2 ** 20).toFixed(1)} MiB`;
  return `${(bytes / 2 ** 10).toFixed(1)} KiB`;
}

/**
 * Records a simulation into a `.simrec.h5` file: spikes per population, population rates, and chosen
 * state variables of chosen neurons at chosen intervals, with the description and provenance.
 * It listens with `sim.onSpikes`, so any `sim.run` is recorded; {@link run} also samples state.
 * The file is written in HDF5's single-writer/multiple-reader mode, so a reader can open it while it
 * grows and a killed process leaves a readable file.
 *
 * @example
 * ```ts
 * const sim = await Simulation.create(cobaNetwork(), { keepSpikesInMemory: false });
 * const recording = await SpikeRecordingWriter.create('coba.simrec.h5', sim, {
 *   state: [{ population: 'exc', variables: ['v'], neurons: [0, 1, 2], intervalMs: 1 }],
 * });
 * await recording.run(1000);
 * await recording.close();
 * ```
 */
export class SpikeRecordingWriter {
  readonly path: string;
  readonly mode: 'streaming' | 'buffered';
  readonly sim: RecordableSimulation;
  readonly #file: InstanceType<H5Module['File']>;
  readonly #layout: Layout;
  readonly #populations: PopulationBuffer[];
  readonly #sampling: SamplingBuffer[];
  readonly #startStep: number;
  readonly #indexSteps: number;
  readonly #rateBinSteps: number;
  readonly #spikeTimes: SpikeTimeFormat;
  readonly #flushEverySteps: number;
  readonly #flushEverySpikes: number;
  readonly #maxBufferBytes: number;
  readonly #expectedRateHz: number;
  readonly #log: (message: string) => void;
  readonly #detach: () => void;
  #endStep: number;
  #nextIndexStep: number;
  #nextBinStep: number;
  #flushedStep: number;
  #bufferedSpikes = 0;
  #bufferedSampleBytes = 0;
  #spikesWritten = 0;
  #hasSpilled = false;
  #failure: SpikegpuError | null = null;
  #isClosed = false;

  private constructor(
    path: string,
    file: InstanceType<H5Module['File']>,
    layout: Layout,
    sim: RecordableSimulation,
    sampling: ResolvedSampling[],
    options: RecordingOptions,
    geometry: { indexSteps: number; rateBinSteps: number; spikeTimes: SpikeTimeFormat },
  ) {
    this.path = path;
    this.#file = file;
    this.#layout = layout;
    this.sim = sim;
    this.mode = options.mode ?? 'streaming';
    this.#startStep = sim.step;
    this.#endStep = sim.step;
    this.#flushedStep = sim.step;
    this.#indexSteps = geometry.indexSteps;
    this.#rateBinSteps = geometry.rateBinSteps;
    this.#spikeTimes = geometry.spikeTimes;
    this.#nextIndexStep = sim.step;
    this.#nextBinStep = sim.step + geometry.rateBinSteps;
    this.#flushEverySteps = options.flushEverySteps ?? 1000;
    this.#flushEverySpikes = options.flushEverySpikes ?? 1 << 20;
    this.#maxBufferBytes = options.maxBufferBytes ?? 2 ** 30;
    this.#expectedRateHz = options.expectedRateHz ?? 50;
    this.#log = options.log ?? ((m: string) => console.warn(m));
    const initial = this.mode === 'streaming' ? Math.min(this.#flushEverySpikes, 1 << 16) : 1 << 16;
    this.#populations = sim.plan.populations.map((pop) => ({
      offset: pop.offset,
      end: pop.offset + pop.size,
      neurons: recordedNeurons(pop),
      steps: new GrowableArray(Uint32Array, initial),
      ids: new GrowableArray(Uint32Array, initial),
      total: 0,
      index: new GrowableArray(BigUint64Array, 64),
      binCount: 0,
      binCounts: new GrowableArray(Uint32Array, 64),
    }));
    this.#sampling = sampling.map((spec) => ({
      spec,
      nextStep: sim.step,
      steps: new GrowableArray(Uint32Array, 64),
      values: spec.variables.map(() => new GrowableArray(Float32Array, spec.neurons.length * 4)),
    }));
    this.#detach = sim.onSpikes((step, ids) => this.#onSpikes(step, ids));
  }

  /**
   * Creates the file (refusing to replace one unless `overwrite`), writes the description and
   * provenance, and starts listening to `sim`'s spikes from its current step on.
   */
  static async create(path: string, sim: RecordableSimulation, options: RecordingOptions = {}): Promise<SpikeRecordingWriter> {
    const h5 = await loadH5();
    const plan = sim.plan;
    const mode = options.mode ?? 'streaming';
    if (mode !== 'streaming' && mode !== 'buffered')
      throw new ValidationError('', { code: 'invalid-value', path: 'mode', expected: "'streaming' or 'buffered'", received: mode });
    const spikeTimes = options.spikeTimes ?? 'steps';
    if (spikeTimes !== 'steps' && spikeTimes !== 'ms')
      throw new ValidationError('', { code: 'invalid-value', path: 'spikeTimes', expected: "'steps' or 'ms'", received: spikeTimes });
    for (const key of ['flushEverySteps', 'flushEverySpikes', 'rateBinMs', 'indexEveryMs', 'maxBufferBytes', 'expectedRateHz'] as const) {
      const value = options[key];
      if (value !== undefined && !(Number.isFinite(value) && value > 0))
        throw new ValidationError('', { code: 'invalid-value', path: key, expected: 'a positive number', received: value });
    }
    const sampling = resolveSampling(plan, options.state ?? []);
    checkOverwrite(h5, path, options.overwrite);
    const geometry = {
      startStep: sim.step,
      indexSteps: Math.max(1, Math.round((options.indexEveryMs ?? 10) / plan.dt)),
      rateBinSteps: Math.max(1, Math.round((options.rateBinMs ?? 1) / plan.dt)),
      spikeTimes,
      level: options.compressionLevel ?? DEFAULT_GZIP_LEVEL,
    };
    let file: InstanceType<H5Module['File']> | null = null;
    try {
      // SWMR needs the HDF5 1.10 file format; capping the bound at 1.10 keeps the file readable by
      // h5py builds on HDF5 1.10 (Debian's, for one).
      file = new h5.File(path, 'w', { libver: ['v110', 'v110'] });
      const layout = createRecordingLayout(file, plan, geometry, sampling, currentProvenance(sim.backend, options.adapter), mode);
      file.flush();
      file.start_swmr_write();
      return new SpikeRecordingWriter(path, file, layout, sim, sampling, options, geometry);
    } catch (error) {
      try {
        file?.close();
      } catch {
        // Already failing; report the original error.
      }
      // A file we created but could not set up would block the next attempt (it is not overwritten unasked).
      if (file) removeIfRegularFile(h5, path);
      throw writeFailure(error, path, 'the recording');
    }
  }

  /** Steps recorded so far: `[startStep, endStep)`. */
  get startStep(): number {
    return this.#startStep;
  }

  get endStep(): number {
    return this.#endStep;
  }

  /** Spikes written to the file so far (not counting those still in memory). */
  get spikesWritten(): number {
    return this.#spikesWritten;
  }

  /** Bytes of recorded data held in memory, waiting to be written. */
  get bufferedBytes(): number {
    return this.#bufferedSpikes * (this.#spikeTimes === 'ms' ? 12 : 8) + this.#bufferedSampleBytes;
  }

  /**
   * Bytes a run of `durationMs` will add to the buffer: spikes at `expectedRateHz` (an estimate) and
   * state samples (exact).
   */
  estimateBytes(durationMs: number): number {
    const seconds = durationMs / 1000;
    const steps = Math.round(durationMs / this.sim.plan.dt);
    const neurons = this.#populations.reduce((n, p) => n + p.neurons, 0);
    const spikeBytes = neurons * this.#expectedRateHz * seconds * (this.#spikeTimes === 'ms' ? 12 : 8);
    const sampleBytes = this.#sampling.reduce(
      (n, s) => n + Math.ceil(steps / s.spec.intervalSteps) * (4 + 4 * s.spec.neurons.length * s.spec.variables.length),
      0,
    );
    return Math.ceil(spikeBytes + sampleBytes);
  }

  /**
   * Runs the simulation for `durationMs`, sampling the chosen state variables at their intervals.
   * In buffered mode, first checks that the run fits `maxBufferBytes` (a {@link CapacityError} says
   * by how much it does not).
   */
  async run(durationMs: number): Promise<void> {
    this.#checkOpen();
    if (!(Number.isFinite(durationMs) && durationMs >= 0))
      throw new ValidationError('', { code: 'invalid-duration', path: 'durationMs', expected: 'a number ≥ 0', received: durationMs });
    const dt = this.sim.plan.dt;
    const target = this.sim.step + Math.round(durationMs / dt);
    if (target > MAX_STEP)
      throw new ValidationError('', {
        code: 'out-of-range',
        path: 'durationMs',
        expected: `a recording that ends before step 2^32 (${(MAX_STEP * dt).toExponential(3)} ms)`,
        received: durationMs,
      });
    if (this.mode === 'buffered') {
      const needed = this.bufferedBytes + this.estimateBytes(durationMs);
      if (needed > this.#maxBufferBytes)
        throw new CapacityError('the recording would not fit its memory buffer', {
          code: 'recording-too-large',
          path: 'durationMs',
          expected: `at most ${formatBytes(this.#maxBufferBytes)} (maxBufferBytes)`,
          received: `about ${formatBytes(needed)} for ${durationMs} ms at ${this.#expectedRateHz} Hz`,
          hint: "use mode: 'streaming', a shorter run, fewer sampled neurons, or a larger maxBufferBytes",
        });
    }
    while (this.sim.step < target) {
      await this.#sampleDue();
      let next = target;
      for (const s of this.#sampling) next = Math.min(next, s.nextStep);
      await this.sim.run((next - this.sim.step) * dt);
      this.#throwIfFailed();
      this.#afterRun();
    }
    await this.#sampleDue();
    this.#afterRun();
  }

  /** Samples every chosen state variable now, whatever the interval (for callers that drive `sim.run` themselves). */
  async sampleState(): Promise<void> {
    this.#checkOpen();
    for (const s of this.#sampling) await this.#sample(s);
    this.#afterRun();
  }

  /**
   * Writes everything held in memory and flushes the file: after this returns, a reader (or a crash)
   * sees every spike up to the simulation's current step.
   */
  flush(): void {
    this.#checkOpen();
    this.#advance(Math.max(this.#endStep, this.sim.step));
    this.#write(false);
    this.#throwIfFailed();
  }

  /** Writes what is left, marks the recording complete, stops listening and closes the file. */
  async close(): Promise<void> {
    if (this.#isClosed) return;
    this.#detach();
    try {
      this.#throwIfFailed();
      this.#advance(Math.max(this.#endStep, this.sim.step));
      await this.#sampleDue();
      this.#write(true);
      this.#throwIfFailed();
    } finally {
      this.#isClosed = true;
      try {
        this.#file.close();
      } catch (error) {
        // biome-ignore lint/correctness/noUnsafeFinally: a failed close must not pass silently
        throw writeFailure(error, this.path, 'the recording');
      }
    }
  }

  #checkOpen(): void {
    if (this.#isClosed) throw new ValidationError('the recording is closed', { code: 'closed', path: this.path });
  }

  #throwIfFailed(): void {
    if (this.#failure) throw this.#failure;
  }

  /** After each `sim.run` chunk: time- or size-based flushes in streaming mode, spills in buffered mode. */
  #afterRun(): void {
    this.#advance(Math.max(this.#endStep, this.sim.step));
    if (this.mode === 'streaming') {
      if (this.#endStep - this.#flushedStep >= this.#flushEverySteps || this.#bufferedSpikes >= this.#flushEverySpikes) this.#write(false);
    } else this.#spillIfFull();
    this.#throwIfFailed();
  }

  #spillIfFull(): void {
    if (this.bufferedBytes <= this.#maxBufferBytes) return;
    if (!this.#hasSpilled)
      this.#log(`recording ${this.path}: the memory buffer passed maxBufferBytes (${formatBytes(this.#maxBufferBytes)}); writing it to the file and going on`);
    this.#hasSpilled = true;
    this.#write(false);
  }

  #onSpikes(step: number, ids: Uint32Array): void {
    if (this.#failure) return;
    try {
      if (step > MAX_STEP) throw new ValidationError('', { code: 'out-of-range', path: 'step', expected: 'steps below 2^32 in a recording', received: step });
      // Steps before `step` are complete: close their index entries and rate bins, flush if due.
      this.#advance(step);
      if (this.mode === 'streaming') {
        if (this.#bufferedSpikes >= this.#flushEverySpikes || step - this.#flushedStep >= this.#flushEverySteps) this.#write(false);
      } else this.#spillIfFull();
      // Ids ascend, so each population's spikes are one run of them.
      let begin = 0;
      for (const pop of this.#populations) {
        if (begin === ids.length) break;
        let end = begin;
        while (end < ids.length && (ids[end] as number) < pop.end) end++;
        const count = end - begin;
        if (count === 0) continue;
        pop.steps.pushRepeated(step, count);
        pop.ids.pushShifted(ids.subarray(begin, end), pop.offset);
        pop.total += count;
        pop.binCount += count;
        begin = end;
      }
      this.#bufferedSpikes += ids.length;
      this.#endStep = step + 1;
    } catch (error) {
      this.#failure = writeFailure(error, this.path, 'the recording');
    }
  }

  /** Everything before `step` is complete: append the index entries and rate bins it closes. */
  #advance(step: number): void {
    while (this.#nextIndexStep <= step) {
      for (const pop of this.#populations) pop.index.push(BigInt(pop.total));
      this.#nextIndexStep += this.#indexSteps;
    }
    while (this.#nextBinStep <= step) {
      for (const pop of this.#populations) {
        pop.binCounts.push(pop.binCount);
        pop.binCount = 0;
      }
      this.#nextBinStep += this.#rateBinSteps;
    }
    if (step > this.#endStep) this.#endStep = step;
  }

  async #sampleDue(): Promise<void> {
    for (const s of this.#sampling) if (s.nextStep <= this.sim.step) await this.#sample(s);
  }

  async #sample(s: SamplingBuffer): Promise<void> {
    const step = this.sim.step;
    s.steps.push(step);
    for (let v = 0; v < s.spec.variables.length; v++) {
      const values = await this.sim.readState(s.spec.population, s.spec.variables[v] as string);
      const chosen = new Float32Array(s.spec.neurons.length);
      for (let k = 0; k < chosen.length; k++) chosen[k] = values[s.spec.neurons[k] as number] as number;
      (s.values[v] as GrowableArray<Float32Array>).pushAll(chosen);
    }
    this.#bufferedSampleBytes += 4 + 4 * s.spec.neurons.length * s.spec.variables.length;
    while (s.nextStep <= step) s.nextStep += s.spec.intervalSteps;
  }

  /**
   * Appends what waits in memory and flushes. Data first, then (after a flush of its own) the
   * `progress` row that says how far the data goes: a crash between the two leaves a file whose
   * progress understates, never overstates, what it holds.
   */
  #write(closing: boolean): void {
    try {
      const { populations, sampling, progress } = this.#layout;
      const dt = this.sim.plan.dt;
      for (let p = 0; p < this.#populations.length; p++) {
        const buffer = this.#populations[p] as PopulationBuffer;
        const datasets = populations[p] as Layout['populations'][number];
        const steps = buffer.steps.view();
        if (this.#spikeTimes === 'steps') (datasets.times as { append(d: Uint32Array): void }).append(steps);
        else (datasets.times as { append(d: Float64Array): void }).append(Float64Array.from(steps, (s) => s * dt));
        datasets.ids.append(buffer.ids.view());
        datasets.index.append(buffer.index.view());
        const counts = buffer.binCounts.view();
        datasets.spikeCounts.append(counts);
        const perSpike = buffer.neurons > 0 ? 1000 / (buffer.neurons * this.#rateBinSteps * dt) : 0;
        datasets.rateHz.append(Float32Array.from(counts, (c) => c * perSpike));
        this.#spikesWritten += steps.length;
        buffer.steps.clear();
        buffer.ids.clear();
        buffer.index.clear();
        buffer.binCounts.clear();
      }
      for (let s = 0; s < this.#sampling.length; s++) {
        const buffer = this.#sampling[s] as SamplingBuffer;
        const datasets = sampling[s] as Layout['sampling'][number];
        datasets.steps.append(buffer.steps.view());
        buffer.values.forEach((values, v) => (datasets.variables[v] as Layout['sampling'][number]['variables'][number]).append(values.view()));
        buffer.steps.clear();
        for (const values of buffer.values) values.clear();
      }
      this.#bufferedSpikes = 0;
      this.#bufferedSampleBytes = 0;
      this.#file.flush();
      progress.write_slice([[1, 3]], new BigUint64Array([BigInt(this.#endStep), closing ? 1n : 0n]));
      this.#file.flush();
      this.#flushedStep = this.#endStep;
    } catch (error) {
      this.#failure ??= writeFailure(error, this.path, 'the recording');
    }
  }
}

/**
 * Records `durationMs` of `sim` into `path` and closes the file: {@link SpikeRecordingWriter} in one call.
 */
export async function recordSimulation(path: string, sim: RecordableSimulation, durationMs: number, options: RecordingOptions = {}): Promise<void> {
  const writer = await SpikeRecordingWriter.create(path, sim, options);
  try {
    await writer.run(durationMs);
  } finally {
    await writer.close();
  }
}
