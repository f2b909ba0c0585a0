import { readFile } from 'node:fs/promises';
import { basename, extname } from 'node:path';
import { FileFormatError, type NetworkDescription } from '@spikegpu/core';
import { chooseBackend, type GpuContext } from '@spikegpu/gpu-runtime';
import { restoreCheckpoint, SpikeRecordingWriter, writeCheckpoint } from '@spikegpu/io-hdf5';
import { Simulation } from '@spikegpu/simulator';
import { describeAdapter, describeCpuKernels } from './adapter-description.js';
import { type BackendFlag, checkOutputFile, UsageError } from './flag-values.js';
import { IsiStatistics } from './isi-statistics.js';
import { DEFAULT_NETWORK, findBuiltinNetwork } from './networks/builtin-networks.js';
import { formatTable } from './summary-table.js';
import { applyOverrides, readOverrides } from './tune/overrides-file.js';

/** What `spikegpu run` was asked to do (its flags, parsed). */
export interface RunOptions {
  /** A JSON file holding a network description (or `{ network: … }`). */
  profile?: string;
  /** A built-in network by name (default: {@link DEFAULT_NETWORK}). */
  network?: string;
  /** Neurons of the built-in network. */
  neurons?: number;
  durationMs: number;
  dt?: number;
  seed?: number;
  backend: BackendFlag;
  /** GPU arithmetic: `exact` (default, the CPU's spikes bit for bit) or `fast` (see the simulator's `math` option). */
  math?: 'exact' | 'fast';
  /** Stream the spikes into this `.simrec.h5` recording. */
  record?: string;
  /** Save the state at the end of the run into this `.simstate.h5` checkpoint. */
  checkpoint?: string;
  /** Continue from this checkpoint instead of building the network afresh. */
  resume?: string;
  /** An overrides file written by `spikegpu tune`. */
  overrides?: string;
  /** Replace files that exist. */
  force?: boolean;
  json: boolean;
  quiet: boolean;
  /** Stops the run between two chunks (SIGINT); what was simulated is recorded and checkpointed. */
  signal?: AbortSignal;
}

/** What `spikegpu run` prints at the end (and, with `--json`, as JSON). */
export interface RunSummary {
  network: string;
  backend: string;
  /** GPU arithmetic (`exact` on the CPU backend, which has no other). */
  math: 'exact' | 'fast';
  adapter: string;
  neurons: number;
  synapses: number;
  /** Simulated time at the start of this run, ms (non-zero after `--resume`). */
  startMs: number;
  /** Simulated time of this run, ms. */
  simulatedMs: number;
  buildMs: number;
  runMs: number;
  realTimeFactor: number;
  /** True when the run was stopped early (SIGINT). */
  interrupted: boolean;
  /** Per population, over this run: spikes (all neurons), rate and mean ISI CV (recorded neurons). */
  populations: Array<{ name: string; size: number; spikes: number; rateHz: number; isiCv: number | null }>;
  files: { resumedFrom?: string; record?: string; checkpoint?: string; overrides?: string };
  /** The drive scale applied from `--overrides`. */
  driveScale?: number;
}

/** Reads a profile: a description, or an object with the description under `network`. */
export async function loadProfile(path: string): Promise<NetworkDescription> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    throw new FileFormatError(`cannot read profile '${path}'`, { code: 'unreadable-file', path: 'profile', hint: (e as Error).message });
  }
  try {
    const json = JSON.parse(text);
    return (json.network ?? json) as NetworkDescription;
  } catch (e) {
    throw new FileFormatError(`profile '${path}' is not valid JSON`, { code: 'invalid-json', path: 'profile', hint: (e as Error).message });
  }
}

/**
 * The name overrides are kept under: the description's name, else the profile's file name without
 * its extension.
 */
export function networkKey(description: NetworkDescription, profile?: string): string {
  return description.name || (profile ? basename(profile, extname(profile)) : 'unnamed');
}

function checkCombinations(o: RunOptions): void {
  if (o.profile && o.network) throw new UsageError('give a profile or --network, not both');
  if (o.neurons !== undefined && o.profile) throw new UsageError('--neurons sizes a built-in network (--network), not a profile');
  if (o.resume) {
    const fixed = (['network', 'neurons', 'seed', 'dt', 'overrides'] as const).filter((k) => o[k] !== undefined);
    if (fixed.length > 0)
      throw new UsageError(
        `--resume continues the checkpoint's network as it was; drop --${fixed.join(', --')} (a profile may be given: it must match the checkpoint)`,
      );
  }
  if (o.record && o.record === o.checkpoint) throw new UsageError('--record and --checkpoint name the same file');
  if (o.resume && o.resume === o.record) throw new UsageError('--record would replace the checkpoint given to --resume');
}

async function networkToRun(o: RunOptions): Promise<{ description: NetworkDescription; driveScale?: number }> {
  let description = o.profile
    ? await loadProfile(o.profile)
    : findBuiltinNetwork(o.network ?? DEFAULT_NETWORK).create({ ...(o.neurons !== undefined ? { neurons: o.neurons } : {}), seed: o.seed ?? 1 });
  if (o.seed !== undefined) description = { ...description, seed: o.seed };
  if (o.dt !== undefined) description = { ...description, dt: o.dt };
  if (!o.overrides) return { description };
  return applyOverrides(description, await readOverrides(o.overrides), o.overrides, networkKey(description, o.profile));
}

/** Maps global neuron ids to (population, local id) and keeps per-population ISI statistics. */
function spikeTally(sim: Simulation) {
  const populationOf = new Uint16Array(sim.plan.totalNeurons);
  const offsets = sim.plan.populations.map((p) => p.offset);
  for (const p of sim.plan.populations) populationOf.fill(p.index, p.offset, p.offset + p.size);
  const isi = sim.plan.populations.map((p) => new IsiStatistics(p.size));
  let spikes = 0;
  const dt = sim.plan.dt;
  const detach = sim.onSpikes((step, ids) => {
    spikes += ids.length;
    const t = step * dt;
    for (const id of ids) {
      const p = populationOf[id] as number;
      (isi[p] as IsiStatistics).add(id - (offsets[p] as number), t);
    }
  });
  return {
    get spikes() {
      return spikes;
    },
    isi,
    detach,
  };
}

function progressLine(doneMs: number, totalMs: number, wallS: number, spikes: number): string {
  const width = 30;
  const filled = Math.round((doneMs / Math.max(totalMs, 1e-9)) * width);
  return `\r\x1b[K[${'█'.repeat(filled)}${' '.repeat(width - filled)}] ${doneMs.toFixed(0)}/${totalMs} ms  ${wallS.toFixed(1)} s wall  ${(doneMs / 1000 / Math.max(wallS, 1e-9)).toFixed(2)}× real time  ${spikes} spikes`;
}

/**
 * `spikegpu run`: builds the network (or restores a checkpoint), runs it with a progress bar on a
 * terminal, optionally streaming the spikes to a recording and saving a checkpoint at the end, and
 * prints (or returns) the summary. Output files are checked before anything runs.
 */
export async function runCommand(
  options: RunOptions,
  out: NodeJS.WritableStream = process.stdout,
  err: NodeJS.WritableStream = process.stderr,
): Promise<RunSummary> {
  checkCombinations(options);
  const force = options.force ?? false;
  if (options.record) checkOutputFile(options.record, force, '--record');
  if (options.checkpoint) checkOutputFile(options.checkpoint, force, '--checkpoint');
  const log = (m: string) => {
    if (!options.quiet) err.write(`${m}\n`);
  };
  const target: { description?: NetworkDescription | undefined; driveScale?: number } = options.resume
    ? { description: options.profile ? await loadProfile(options.profile) : undefined }
    : await networkToRun(options);

  const choice = await chooseBackend(options.backend, log);
  const gpu: GpuContext | null = choice.kind === 'webgpu' ? choice.gpu : null;
  const simulationOptions = { ...(gpu ? { gpu } : { backend: 'cpu' as const }), math: options.math ?? 'exact', keepSpikesInMemory: false, log };
  let sim: Simulation | null = null;
  let writer: SpikeRecordingWriter | null = null;
  try {
    const t0 = performance.now();
    sim = options.resume
      ? await restoreCheckpoint(options.resume, { ...simulationOptions, ...(target.description ? { description: target.description } : {}) })
      : await Simulation.create(target.description as NetworkDescription, simulationOptions);
    const buildMs = performance.now() - t0;
    const adapter = gpu ? describeAdapter(gpu.adapterInfo) : describeCpuKernels((sim.engine as { kernels?: string[] }).kernels);
    const dt = sim.plan.dt;
    const startStep = sim.step;
    const before = await sim.summary();
    const tally = spikeTally(sim);
    if (options.record) writer = await SpikeRecordingWriter.create(options.record, sim, { overwrite: force, ...(gpu ? { adapter } : {}), log });

    const showProgress = (err as NodeJS.WriteStream).isTTY === true && !options.quiet && !options.json;
    const totalSteps = Math.round(options.durationMs / dt);
    let chunkSteps = Math.max(1, Math.min(totalSteps, Math.round(10 / dt)));
    const t1 = performance.now();
    let doneSteps = 0;
    while (doneSteps < totalSteps && !options.signal?.aborted) {
      const steps = Math.min(chunkSteps, totalSteps - doneSteps);
      const c0 = performance.now();
      if (writer) await writer.run(steps * dt);
      else await sim.run(steps * dt);
      doneSteps += steps;
      // Chunks of about a quarter second: a live progress bar and a prompt stop on SIGINT.
      const secondsPerStep = Math.max(1e-7, (performance.now() - c0) / 1000 / steps);
      chunkSteps = Math.max(1, Math.min(Math.round(0.25 / secondsPerStep), Math.round(1000 / dt)));
      if (showProgress) err.write(progressLine(doneSteps * dt, options.durationMs, (performance.now() - t1) / 1000, tally.spikes));
      // The CPU engine never leaves the microtask queue: let the event loop deliver SIGINT.
      await new Promise((resolve) => setImmediate(resolve));
    }
    const runMs = performance.now() - t1;
    if (showProgress) err.write('\n');
    const interrupted = doneSteps < totalSteps;
    if (interrupted) log(`spikegpu: interrupted at ${(sim.timeMs).toFixed(3)} ms; writing what was simulated`);
    tally.detach();
    if (writer) {
      const w = writer;
      writer = null;
      await w.close();
    }
    if (options.checkpoint) await writeCheckpoint(options.checkpoint, sim, { overwrite: force, ...(gpu ? { adapter } : {}) });

    const after = await sim.summary();
    const seconds = ((sim.step - startStep) * dt) / 1000;
    const summary: RunSummary = {
      network: sim.plan.description.name ?? 'unnamed',
      backend: sim.backend,
      math: sim.backend === 'webgpu' ? (options.math ?? 'exact') : 'exact',
      adapter,
      neurons: sim.plan.totalNeurons,
      synapses: sim.plan.totalSynapses,
      startMs: startStep * dt,
      simulatedMs: (sim.step - startStep) * dt,
      buildMs,
      runMs,
      realTimeFactor: runMs > 0 ? ((sim.step - startStep) * dt) / runMs : 0,
      interrupted,
      populations: after.map((p, k) => {
        const spikes = p.spikes - (before[k]?.spikes ?? 0);
        const cv = (tally.isi[k] as IsiStatistics).meanCv();
        return { name: p.name, size: p.size, spikes, rateHz: seconds > 0 ? spikes / p.size / seconds : 0, isiCv: Number.isNaN(cv) ? null : cv };
      }),
      files: {
        ...(options.resume ? { resumedFrom: options.resume } : {}),
        ...(options.record ? { record: options.record } : {}),
        ...(options.checkpoint ? { checkpoint: options.checkpoint } : {}),
        ...(options.overrides ? { overrides: options.overrides } : {}),
      },
      ...(target.driveScale !== undefined ? { driveScale: target.driveScale } : {}),
    };
    if (options.json) out.write(`${JSON.stringify(summary, null, 2)}\n`);
    else if (!options.quiet) out.write(`${renderSummary(summary)}\n`);
    return summary;
  } finally {
    // On an error mid-run the recording is still closed: readable, and complete up to the failure.
    await writer?.close().catch(() => {});
    sim?.destroy();
    gpu?.destroy();
  }
}

/** The summary as a few lines and a table, for a terminal. */
export function renderSummary(s: RunSummary): string {
  const rows: Array<Array<string | number>> = [['population', 'neurons', 'spikes', 'rate (Hz)', 'ISI CV']];
  for (const p of s.populations) rows.push([p.name, p.size, p.spikes, p.rateHz.toFixed(2), p.isiCv === null ? '—' : p.isiCv.toFixed(2)]);
  const span = `${s.startMs}–${s.startMs + s.simulatedMs} ms simulated${s.interrupted ? ' (interrupted)' : ''}`;
  const lines = [
    `${s.network}: ${s.neurons} neurons, ${s.synapses} synapses, ${span}${s.driveScale !== undefined ? `, drive × ${s.driveScale}` : ''}`,
    formatTable(rows),
    `backend ${s.backend} (${s.adapter}${s.math === 'fast' ? ', fast math' : ''}); build ${(s.buildMs / 1000).toFixed(2)} s, run ${(s.runMs / 1000).toFixed(2)} s, ${s.realTimeFactor.toFixed(2)}× real time`,
  ];
  if (s.files.resumedFrom) lines.push(`resumed from ${s.files.resumedFrom} at ${s.startMs} ms`);
  if (s.files.record) lines.push(`spikes recorded to ${s.files.record}`);
  if (s.files.checkpoint) lines.push(`checkpoint at ${s.startMs + s.simulatedMs} ms written to ${s.files.checkpoint}`);
  return lines.join('\n');
}
