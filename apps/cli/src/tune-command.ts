import { writeFile } from 'node:fs/promises';
import type { NetworkDescription } from '@spikegpu/core';
import { chooseBackend } from '@spikegpu/gpu-runtime';
import { type BackendFlag, checkOutputFile, UsageError } from './flag-values.js';
import { BUILTIN_NETWORKS, findBuiltinNetwork } from './networks/builtin-networks.js';
import { loadProfile, networkKey } from './run-command.js';
import { formatTable } from './summary-table.js';
import { type ActivityCriteria, DEFAULT_CRITERIA } from './tune/activity-metrics.js';
import { OVERRIDES_FORMAT, type OverridesFile, type TunedNetwork } from './tune/overrides-file.js';
import { tuneNetwork } from './tune/tune-network.js';

/** The flags of `spikegpu tune`, parsed. */
export interface TuneOptions {
  profile?: string;
  network?: string;
  neurons?: number;
  scales?: number[];
  durationMs?: number;
  seed: number;
  minRateHz?: number;
  maxRateHz?: number;
  maxSynchrony?: number;
  minActiveFraction?: number;
  backend: BackendFlag;
  output: string;
  quick: boolean;
  force: boolean;
  json: boolean;
  /** The command line, kept in the file. */
  command?: string;
  signal?: AbortSignal;
}

const SCALES = [0.25, 0.5, 0.75, 1, 1.5, 2, 3, 4];
const QUICK_SCALES = [0.5, 1, 2, 4];
/** Tuned by default: each model's random E/I network, and HH with its presets (two of them with --quick). */
const DEFAULT_TARGETS = ['lif-ei', 'adex-ei', 'hh-ei'];
const QUICK_HH_PRESETS = ['hh-ei-L5-pyramidal'];

/** The networks to tune: the profile, the named built-in, or the default set. */
async function targets(o: TuneOptions): Promise<Array<{ key: string; description: NetworkDescription }>> {
  if (o.profile && o.network) throw new UsageError('give a profile or --network, not both');
  if (o.profile) {
    if (o.neurons !== undefined) throw new UsageError('--neurons sizes a built-in network (--network), not a profile');
    const description = { ...(await loadProfile(o.profile)), seed: o.seed };
    return [{ key: networkKey(description, o.profile), description }];
  }
  const names = o.network
    ? [o.network]
    : [...DEFAULT_TARGETS, ...(o.quick ? QUICK_HH_PRESETS : BUILTIN_NETWORKS.filter((n) => n.name.startsWith('hh-ei-')).map((n) => n.name))];
  return names.map((name) => {
    const network = findBuiltinNetwork(name);
    const description = network.create({ neurons: o.neurons ?? network.tuneNeurons[o.quick ? 1 : 0], seed: o.seed });
    return { key: networkKey(description), description };
  });
}

function renderSweep(key: string, tuned: TunedNetwork): string {
  const rows: Array<Array<string | number>> = [['drive ×', 'rate (Hz)', 'active', 'Fano', 'ρ', '']];
  for (const p of tuned.sweep)
    rows.push([
      `${p.driveScale === tuned.driveScale ? '→ ' : ''}${p.driveScale}`,
      p.rateHz.toFixed(2),
      `${(p.activeFraction * 100).toFixed(0)} %`,
      Number.isFinite(p.fanoFactor) ? p.fanoFactor.toFixed(2) : '—',
      Number.isFinite(p.synchrony) ? p.synchrony.toFixed(3) : '—',
      p.failures.length ? p.failures.join(', ') : 'meets the criteria',
    ]);
  const verdict = tuned.meetsCriteria ? `chose × ${tuned.driveScale}` : `no scale met the criteria; kept the nearest miss, × ${tuned.driveScale}`;
  const table = formatTable(rows, ['left', 'right', 'right', 'right', 'right', 'left']);
  return `${key} (${tuned.neurons} neurons, ${tuned.durationMs} ms per candidate on ${tuned.backend}): ${verdict}\n${table}`;
}

/**
 * `spikegpu tune`: for each network, runs the drive scales from one seed, measures rate, active
 * fraction and synchrony after the transient, keeps the scale that is alive but not seizure-like
 * (criteria in tune/activity-metrics.ts and the CLI README), and writes the choices as an overrides
 * file that `spikegpu run --overrides` applies. The same seed and options give the same file (but
 * for its date), on either backend.
 */
export async function tuneCommand(
  options: TuneOptions,
  out: NodeJS.WritableStream = process.stdout,
  err: NodeJS.WritableStream = process.stderr,
): Promise<{ overrides: OverridesFile | null; interrupted: boolean }> {
  checkOutputFile(options.output, options.force, '--out');
  const durationMs = options.durationMs ?? (options.quick ? 300 : 600);
  const criteria: ActivityCriteria = {
    ...DEFAULT_CRITERIA,
    transientMs: Math.min(DEFAULT_CRITERIA.transientMs, durationMs / 4),
    ...(options.minRateHz !== undefined ? { minRateHz: options.minRateHz } : {}),
    ...(options.maxRateHz !== undefined ? { maxRateHz: options.maxRateHz } : {}),
    ...(options.maxSynchrony !== undefined ? { maxSynchrony: options.maxSynchrony } : {}),
    ...(options.minActiveFraction !== undefined ? { minActiveFraction: options.minActiveFraction } : {}),
  };
  if (!(criteria.maxRateHz > criteria.minRateHz)) throw new UsageError(`--max-rate (${criteria.maxRateHz}) must be above --min-rate (${criteria.minRateHz})`);
  const scales = options.scales ?? (options.quick ? QUICK_SCALES : SCALES);
  const networks = await targets(options);
  const log = (m: string) => err.write(`${m}\n`);
  // Progress, one line per candidate, on a terminal only (the table on stdout says it all).
  const isTty = (err as NodeJS.WriteStream).isTTY === true;
  const progress = (m: string) => {
    if (isTty) err.write(`\r\x1b[K${m}`);
  };
  const choice = await chooseBackend(options.backend, log);
  const gpu = choice.kind === 'webgpu' ? choice.gpu : null;
  const overrides: OverridesFile = {
    format: OVERRIDES_FORMAT,
    version: 1,
    createdUtc: new Date().toISOString(),
    command: options.command ?? 'spikegpu tune',
    seed: options.seed,
    criteria,
    networks: {},
  };
  try {
    for (const { key, description } of networks) {
      const tuned = await tuneNetwork(description, {
        scales,
        durationMs,
        criteria,
        gpu,
        log,
        progress: (k) => progress(`tune ${key}: drive × ${scales[k]} (${k + 1} of ${scales.length}, ${durationMs} ms each)`),
        ...(options.signal ? { signal: options.signal } : {}),
      });
      progress('');
      if (!tuned) {
        log('spikegpu: interrupted; no overrides written');
        return { overrides: null, interrupted: true };
      }
      overrides.networks[key] = tuned;
      if (!options.json) out.write(`${renderSweep(key, tuned)}\n\n`);
    }
  } finally {
    gpu?.destroy();
  }
  await writeFile(options.output, `${JSON.stringify(overrides, null, 2)}\n`);
  if (options.json) out.write(`${JSON.stringify(overrides, null, 2)}\n`);
  else
    out.write(
      `wrote ${options.output}: ${Object.entries(overrides.networks)
        .map(([key, t]) => `${key} × ${t.driveScale}${t.meetsCriteria ? '' : ' (nearest miss)'}`)
        .join(', ')}\napply with: spikegpu run --overrides ${options.output} [--network <name> | profile.json]\n`,
    );
  return { overrides, interrupted: false };
}
