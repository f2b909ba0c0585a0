import type { NetworkDescription } from '@spikegpu/core';
import type { Recording } from '@spikegpu/io-hdf5';
import { IsiStatistics } from '../isi-statistics.js';

/** Counts in bins: `counts[k]` falls in `[edges[k], edges[k + 1])`. */
export interface Histogram {
  edges: number[];
  counts: number[];
}

/** What the report shows of one population. */
export interface PopulationStatistics {
  name: string;
  size: number;
  recordedNeurons: number;
  spikes: number;
  meanRateHz: number;
  /** Mean coefficient of variation of the ISIs of neurons with ≥ 3 spikes; null when none has. */
  isiCv: number | null;
  /** Inter-spike intervals, ms, in logarithmic bins. */
  isiHistogram: Histogram;
  /** Rates of the recorded neurons over the recording, Hz. */
  rateHistogram: Histogram;
  /** Population rate over time (the file's bins, averaged in groups when there are many). */
  rate: { timesMs: number[]; rateHz: number[]; binMs: number };
  /** Raster rows: population-local ids shown, ascending. */
  rows: Uint32Array;
  /** Raster spikes: time, ms, and the row (index into `rows`). */
  raster: { timesMs: Float64Array; rows: Uint32Array };
}

/** Everything the report draws, gathered in one pass over a recording. */
export interface RecordingStatistics {
  startMs: number;
  endMs: number;
  dt: number;
  populations: PopulationStatistics[];
  /** The time window the raster shows, and whether it was cut short to keep to `maxSpikes`. */
  raster: { fromMs: number; toMs: number; spikes: number; isCut: boolean };
}

/** Limits of what the report draws. */
export interface StatisticsOptions {
  /** Raster rows in all, shared between populations in proportion (default 500). */
  maxNeurons?: number;
  /** Spikes drawn in the raster, at most (default 50,000). */
  maxSpikes?: number;
  fromMs?: number;
  toMs?: number;
  /** Points of a population-rate curve, at most (default 300). */
  maxRatePoints?: number;
}

/** Population-local ids whose spikes the description records (null: all of them). */
export function recordedIds(description: NetworkDescription, population: string): number[] | null {
  const spikes = description.recording?.spikes ?? true;
  if (spikes === true) return null;
  if (spikes === false) return [];
  const entry = spikes.find((s) => s.population === population);
  if (!entry) return [];
  return entry.neurons === undefined || entry.neurons === 'all' ? null : [...entry.neurons].sort((a, b) => a - b);
}

/** Evenly spaced picks: `count` of `ids` (or of 0…size−1), keeping the first. */
function pickRows(ids: number[] | null, size: number, count: number): Uint32Array {
  const total = ids ? ids.length : size;
  if (count >= total) return ids ? Uint32Array.from(ids) : Uint32Array.from({ length: size }, (_, k) => k);
  return Uint32Array.from({ length: count }, (_, k) => {
    const at = Math.floor((k * total) / count);
    return ids ? (ids[at] as number) : at;
  });
}

function logEdges(lo: number, hi: number, bins: number): number[] {
  const a = Math.log10(lo);
  const b = Math.log10(Math.max(hi, lo * 10));
  return Array.from({ length: bins + 1 }, (_, k) => 10 ** (a + ((b - a) * k) / bins));
}

function binIndex(edges: number[], x: number): number {
  // Binary search: the last edge ≤ x; values past the last edge go into the last bin.
  let lo = 0;
  let hi = edges.length - 2;
  if (x < (edges[0] as number)) return 0;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((edges[mid] as number) <= x) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

function rateHistogram(rates: Float64Array): Histogram {
  let max = 0;
  for (const r of rates) max = Math.max(max, r);
  const bins = 30;
  const width = max > 0 ? max / bins : 1;
  const edges = Array.from({ length: bins + 1 }, (_, k) => k * width);
  const counts = new Array<number>(bins).fill(0);
  for (const r of rates) counts[Math.min(bins - 1, Math.floor(r / width))]! += 1;
  return { edges, counts };
}

function downsampleRates(rate: { timesMs: Float64Array; rateHz: Float32Array; binMs: number }, maxPoints: number) {
  const group = Math.max(1, Math.ceil(rate.rateHz.length / maxPoints));
  const timesMs: number[] = [];
  const rateHz: number[] = [];
  for (let k = 0; k + group <= rate.rateHz.length; k += group) {
    let sum = 0;
    for (let j = k; j < k + group; j++) sum += rate.rateHz[j] as number;
    timesMs.push(rate.timesMs[k] as number);
    rateHz.push(sum / group);
  }
  return { timesMs, rateHz, binMs: rate.binMs * group };
}

/**
 * Reads a recording once, front to back, a window at a time (memory per neuron and per raster spike,
 * never the whole file), and gathers what the report draws: per-neuron rates, ISI statistics and
 * histograms, population rates, and the raster of a subset of neurons within a spike budget.
 */
export function recordingStatistics(recording: Recording, options: StatisticsOptions = {}): RecordingStatistics {
  const maxNeurons = options.maxNeurons ?? 500;
  const maxSpikes = options.maxSpikes ?? 50_000;
  const { dt, startMs, endMs } = recording;
  const durationMs = endMs - startMs;
  const seconds = durationMs / 1000;
  const pops = recording.populations;
  const recorded = pops.map((p) => recordedIds(recording.description, p.name));
  const totalRecorded = pops.reduce((n, p) => n + p.recordedNeurons, 0);
  const rows = pops.map((p, k) =>
    pickRows(
      recorded[k] ?? null,
      p.size,
      totalRecorded <= maxNeurons ? p.recordedNeurons : Math.max(p.recordedNeurons > 0 ? 1 : 0, Math.round((maxNeurons * p.recordedNeurons) / totalRecorded)),
    ),
  );
  const rowOf = rows.map((r, k) => {
    const map = new Int32Array((pops[k] as { size: number }).size).fill(-1);
    r.forEach((id, row) => {
      map[id] = row;
    });
    return map;
  });

  // The raster window: as asked, then shortened so the expected number of spikes of the shown rows fits.
  let rasterFrom = Math.max(startMs, options.fromMs ?? startMs);
  let rasterTo = Math.min(endMs, options.toMs ?? endMs);
  if (rasterTo < rasterFrom) [rasterFrom, rasterTo] = [rasterTo, rasterFrom];
  const expected =
    durationMs > 0
      ? pops.reduce((n, p, k) => n + (p.recordedNeurons > 0 ? (p.spikeCount * (rows[k] as Uint32Array).length) / p.recordedNeurons : 0), 0) *
        ((rasterTo - rasterFrom) / durationMs)
      : 0;
  let isCut = false;
  if (expected > maxSpikes) {
    rasterTo = rasterFrom + ((rasterTo - rasterFrom) * maxSpikes) / expected;
    rasterTo = Math.max(rasterFrom + dt, Math.floor(rasterTo / dt) * dt);
    isCut = true;
  }

  const totalSpikes = pops.reduce((n, p) => n + p.spikeCount, 0);
  // Windows of about a twentieth of the raster budget, so a cut lands close to the budget.
  const frameMs = Math.min(1000, Math.max(dt, totalSpikes > 0 ? (durationMs * maxSpikes) / 20 / totalSpikes : 1000));
  const isiEdges = logEdges(dt, Math.max(durationMs, 10 * dt), 40);
  const isiCounts = pops.map(() => new Array<number>(isiEdges.length - 1).fill(0));
  const isi = pops.map((p) => new IsiStatistics(p.size));
  const spikeCounts = pops.map((p) => new Uint32Array(p.size));
  const rasterTimes = pops.map(() => [] as number[]);
  const rasterRows = pops.map(() => [] as number[]);
  let rasterSpikes = 0;
  for (const frame of recording.frames({ frameMs })) {
    const inRaster = frame.toMs > rasterFrom && frame.fromMs < rasterTo;
    let frameRaster = 0;
    const pending: Array<[number, number, number]> = [];
    frame.spikes.forEach((spikes, p) => {
      const counts = spikeCounts[p] as Uint32Array;
      const stats = isi[p] as IsiStatistics;
      const histogram = isiCounts[p] as number[];
      const map = rowOf[p] as Int32Array;
      for (let k = 0; k < spikes.ids.length; k++) {
        const id = spikes.ids[k] as number;
        const t = spikes.times[k] as number;
        counts[id]! += 1;
        const interval = stats.add(id, t);
        if (!Number.isNaN(interval)) histogram[binIndex(isiEdges, interval)]! += 1;
        if (inRaster && t >= rasterFrom && t < rasterTo && (map[id] as number) >= 0) {
          pending.push([p, t, map[id] as number]);
          frameRaster++;
        }
      }
    });
    if (inRaster && rasterSpikes + frameRaster > maxSpikes) {
      // Over budget after all (the estimate was low): end the raster where this window starts.
      rasterTo = Math.max(rasterFrom, frame.fromMs);
      isCut = true;
      continue;
    }
    if (inRaster && frame.fromMs < rasterTo)
      for (const [p, t, row] of pending) {
        if (t >= rasterTo) continue;
        (rasterTimes[p] as number[]).push(t);
        (rasterRows[p] as number[]).push(row);
        rasterSpikes++;
      }
  }

  const populations: PopulationStatistics[] = pops.map((p, k) => {
    const ids = recorded[k] ?? null;
    const counts = spikeCounts[k] as Uint32Array;
    const rates = ids ? Float64Array.from(ids, (id) => (counts[id] as number) / seconds) : Float64Array.from(counts, (c) => c / seconds);
    const cv = (isi[k] as IsiStatistics).meanCv();
    return {
      name: p.name,
      size: p.size,
      recordedNeurons: p.recordedNeurons,
      spikes: p.spikeCount,
      meanRateHz: seconds > 0 && p.recordedNeurons > 0 ? p.spikeCount / p.recordedNeurons / seconds : 0,
      isiCv: Number.isNaN(cv) ? null : cv,
      isiHistogram: { edges: isiEdges, counts: isiCounts[k] as number[] },
      rateHistogram: seconds > 0 && p.recordedNeurons > 0 ? rateHistogram(rates) : { edges: [0, 1], counts: [0] },
      rate: downsampleRates(recording.rates(p.name), options.maxRatePoints ?? 300),
      rows: rows[k] as Uint32Array,
      raster: { timesMs: Float64Array.from(rasterTimes[k] as number[]), rows: Uint32Array.from(rasterRows[k] as number[]) },
    };
  });
  return { startMs, endMs, dt, populations, raster: { fromMs: rasterFrom, toMs: rasterTo, spikes: rasterSpikes, isCut } };
}
