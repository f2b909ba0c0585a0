import { readFile } from 'node:fs/promises';
import { type NetworkDescription, ValidationError } from '@spikegpu/core';
import { Simulation } from '@spikegpu/simulator';
import { defaultNetwork } from './default-network.js';
import { formatTable, meanIsiCv } from './summary-table.js';

export interface RunOptions {
  profile?: string;
  durationMs: number;
  dt?: number;
  seed?: number;
  backend: 'auto' | 'webgpu' | 'cpu';
  json: boolean;
  quiet: boolean;
}

export interface RunSummary {
  network: string;
  backend: string;
  adapter: string;
  neurons: number;
  synapses: number;
  simulatedMs: number;
  buildMs: number;
  runMs: number;
  realTimeFactor: number;
  populations: Array<{ name: string; size: number; spikes: number; rateHz: number; isiCv: number | null }>;
}

async function loadProfile(path: string): Promise<NetworkDescription> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    throw new ValidationError(`cannot read profile '${path}'`, { code: 'unreadable-file', path: 'profile', hint: (e as Error).message });
  }
  try {
    const json = JSON.parse(text);
    return (json.network ?? json) as NetworkDescription;
  } catch (e) {
    throw new ValidationError(`profile '${path}' is not valid JSON`, { code: 'invalid-json', path: 'profile', hint: (e as Error).message });
  }
}

/** `spikegpu run`: builds the network, runs it with a progress bar, and prints (or returns) the summary. */
export async function runCommand(
  options: RunOptions,
  out: NodeJS.WritableStream = process.stdout,
  err: NodeJS.WritableStream = process.stderr,
): Promise<RunSummary> {
  const description = options.profile ? await loadProfile(options.profile) : defaultNetwork(options.seed);
  if (options.seed !== undefined) description.seed = options.seed;
  if (options.dt !== undefined) description.dt = options.dt;
  const t0 = performance.now();
  const sim = await Simulation.create(description, {
    backend: options.backend,
    log: (m) => {
      if (!options.quiet) err.write(`${m}\n`);
    },
  });
  const buildMs = performance.now() - t0;
  const adapter = sim.backend === 'webgpu' ? describeAdapter(sim) : 'cpu (JavaScript)';
  const isTty = (err as NodeJS.WriteStream).isTTY === true && !options.quiet && !options.json;
  const chunkMs = Math.max(description.dt, Math.min(100, options.durationMs / 20));
  const t1 = performance.now();
  let done = 0;
  while (done < options.durationMs - 1e-9) {
    const ms = Math.min(chunkMs, options.durationMs - done);
    await sim.run(ms);
    done += ms;
    if (isTty) {
      const wall = (performance.now() - t1) / 1000;
      const width = 30;
      const filled = Math.round((done / options.durationMs) * width);
      err.write(
        `\r[${'█'.repeat(filled)}${' '.repeat(width - filled)}] ${done.toFixed(0)}/${options.durationMs} ms  ${wall.toFixed(1)} s wall  ${(done / 1000 / wall).toFixed(2)}× real time  ${sim.spikes.length} spikes`,
      );
    }
  }
  if (isTty) err.write('\n');
  const runMs = performance.now() - t1;
  const totals = await sim.summary();
  const summary: RunSummary = {
    network: description.name ?? 'unnamed',
    backend: sim.backend,
    adapter,
    neurons: sim.plan.totalNeurons,
    synapses: sim.plan.totalSynapses,
    simulatedMs: sim.timeMs,
    buildMs,
    runMs,
    realTimeFactor: sim.timeMs / runMs,
    populations: totals.map((p) => {
      const spikes = sim.spikesOf(p.name);
      const cv = meanIsiCv(spikes.times, spikes.ids);
      return { ...p, isiCv: Number.isNaN(cv) ? null : cv };
    }),
  };
  sim.destroy();
  if (options.json) out.write(`${JSON.stringify(summary, null, 2)}\n`);
  else if (!options.quiet) out.write(`${renderSummary(summary)}\n`);
  return summary;
}

function describeAdapter(sim: Simulation): string {
  const engine = sim.engine as unknown as { gpu?: { adapterInfo?: { vendor?: string; architecture?: string; description?: string; device?: string } } };
  const info = engine.gpu?.adapterInfo;
  return info ? [info.vendor, info.architecture, info.description || info.device].filter(Boolean).join(' ') || 'WebGPU adapter' : 'WebGPU adapter';
}

export function renderSummary(s: RunSummary): string {
  const rows: Array<Array<string | number>> = [['population', 'neurons', 'spikes', 'rate (Hz)', 'ISI CV']];
  for (const p of s.populations) rows.push([p.name, p.size, p.spikes, p.rateHz.toFixed(2), p.isiCv === null ? '—' : p.isiCv.toFixed(2)]);
  return [
    `${s.network}: ${s.neurons} neurons, ${s.synapses} synapses, ${s.simulatedMs} ms simulated`,
    formatTable(rows),
    `backend ${s.backend} (${s.adapter}); build ${(s.buildMs / 1000).toFixed(2)} s, run ${(s.runMs / 1000).toFixed(2)} s, ${s.realTimeFactor.toFixed(2)}× real time`,
  ].join('\n');
}
