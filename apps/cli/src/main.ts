import { type ParseArgsConfig, parseArgs } from 'node:util';
import { SpikegpuError } from '@spikegpu/core';
import { runBench } from './bench/bench-suite.js';
import { devicesCommand } from './devices-command.js';
import { backendFlag, mathFlag, numberFlag, numberListFlag, UsageError } from './flag-values.js';
import { inspectCommand } from './inspect-command.js';
import { reportCommand } from './report-command.js';
import { runCommand } from './run-command.js';
import { tuneCommand } from './tune-command.js';
import { USAGE } from './usage.js';

/** Where a command writes, and what stops it early. */
export interface CliIo {
  out: NodeJS.WritableStream;
  err: NodeJS.WritableStream;
  /** Aborted on SIGINT: a run stops between chunks and closes its files. */
  signal?: AbortSignal;
}

type Options = NonNullable<ParseArgsConfig['options']>;
type Values = Record<string, string | boolean | undefined>;

interface Command {
  options: Options;
  /** Positional arguments: at least, at most. */
  positionals: [number, number];
  /** Returns the exit status. */
  run(values: Values, positionals: string[], io: CliIo, argv: string[]): Promise<number>;
}

const str = (v: string | boolean | undefined) => (typeof v === 'string' ? v : undefined);
const bool = (v: string | boolean | undefined) => v === true;

const COMMANDS: Record<string, Command> = {
  run: {
    positionals: [0, 1],
    options: {
      network: { type: 'string' },
      neurons: { type: 'string' },
      duration: { type: 'string' },
      dt: { type: 'string' },
      seed: { type: 'string' },
      backend: { type: 'string' },
      math: { type: 'string' },
      record: { type: 'string' },
      checkpoint: { type: 'string' },
      resume: { type: 'string' },
      overrides: { type: 'string' },
      force: { type: 'boolean' },
      json: { type: 'boolean' },
      quiet: { type: 'boolean' },
    },
    async run(v, [profile], io) {
      const optional = {
        profile,
        network: str(v.network),
        neurons: numberFlag(str(v.neurons), '--neurons', { min: 2, integer: true }),
        dt: numberFlag(str(v.dt), '--dt', { min: Number.MIN_VALUE }),
        seed: numberFlag(str(v.seed), '--seed', { min: 0, integer: true }),
        record: str(v.record),
        checkpoint: str(v.checkpoint),
        resume: str(v.resume),
        overrides: str(v.overrides),
        signal: io.signal,
      };
      const summary = await runCommand(
        {
          ...(Object.fromEntries(Object.entries(optional).filter(([, x]) => x !== undefined)) as Partial<typeof optional>),
          durationMs: numberFlag(str(v.duration), '--duration', { min: 0 }) ?? 1000,
          backend: backendFlag(str(v.backend)),
          math: mathFlag(str(v.math)),
          force: bool(v.force),
          json: bool(v.json),
          quiet: bool(v.quiet),
        },
        io.out,
        io.err,
      );
      return summary.interrupted ? 130 : 0;
    },
  },
  inspect: {
    positionals: [1, 1],
    options: { json: { type: 'boolean' } },
    async run(v, [file], io) {
      await inspectCommand(file as string, { json: bool(v.json) }, io.out);
      return 0;
    },
  },
  report: {
    positionals: [1, 1],
    options: {
      out: { type: 'string', short: 'o' },
      from: { type: 'string' },
      to: { type: 'string' },
      'max-neurons': { type: 'string' },
      'max-spikes': { type: 'string' },
      force: { type: 'boolean' },
    },
    async run(v, [recording], io) {
      const output = str(v.out);
      if (!output) throw new UsageError('report needs -o <out.html|out.svg>');
      const fromMs = numberFlag(str(v.from), '--from', { min: 0 });
      const toMs = numberFlag(str(v.to), '--to', { min: 0 });
      const maxNeurons = numberFlag(str(v['max-neurons']), '--max-neurons', { min: 1, integer: true });
      const maxSpikes = numberFlag(str(v['max-spikes']), '--max-spikes', { min: 1, integer: true });
      await reportCommand(
        {
          recording: recording as string,
          output,
          force: bool(v.force),
          ...(fromMs !== undefined ? { fromMs } : {}),
          ...(toMs !== undefined ? { toMs } : {}),
          ...(maxNeurons !== undefined ? { maxNeurons } : {}),
          ...(maxSpikes !== undefined ? { maxSpikes } : {}),
        },
        io.err,
      );
      return 0;
    },
  },
  tune: {
    positionals: [0, 1],
    options: {
      network: { type: 'string' },
      neurons: { type: 'string' },
      scales: { type: 'string' },
      duration: { type: 'string' },
      seed: { type: 'string' },
      'min-rate': { type: 'string' },
      'max-rate': { type: 'string' },
      'max-synchrony': { type: 'string' },
      'min-active': { type: 'string' },
      backend: { type: 'string' },
      out: { type: 'string', short: 'o' },
      quick: { type: 'boolean' },
      force: { type: 'boolean' },
      json: { type: 'boolean' },
    },
    async run(v, [profile], io, argv) {
      const optional = {
        profile,
        network: str(v.network),
        neurons: numberFlag(str(v.neurons), '--neurons', { min: 2, integer: true }),
        scales: numberListFlag(str(v.scales), '--scales', { min: 0 }),
        durationMs: numberFlag(str(v.duration), '--duration', { min: Number.MIN_VALUE }),
        minRateHz: numberFlag(str(v['min-rate']), '--min-rate', { min: 0 }),
        maxRateHz: numberFlag(str(v['max-rate']), '--max-rate', { min: 0 }),
        maxSynchrony: numberFlag(str(v['max-synchrony']), '--max-synchrony'),
        minActiveFraction: numberFlag(str(v['min-active']), '--min-active', { min: 0 }),
        signal: io.signal,
      };
      const { interrupted } = await tuneCommand(
        {
          ...(Object.fromEntries(Object.entries(optional).filter(([, x]) => x !== undefined)) as Partial<typeof optional>),
          seed: numberFlag(str(v.seed), '--seed', { min: 0, integer: true }) ?? 1,
          backend: backendFlag(str(v.backend)),
          output: str(v.out) ?? 'spikegpu-overrides.json',
          quick: bool(v.quick),
          force: bool(v.force),
          json: bool(v.json),
          command: ['spikegpu', ...argv].join(' '),
        },
        io.out,
        io.err,
      );
      return interrupted ? 130 : 0;
    },
  },
  bench: {
    positionals: [0, 0],
    options: {
      quick: { type: 'boolean' },
      json: { type: 'string' },
      compare: { type: 'string' },
      case: { type: 'string' },
      backend: { type: 'string' },
      isolate: { type: 'boolean' },
    },
    async run(v, _positionals, io) {
      await runBench(
        {
          backend: backendFlag(str(v.backend)),
          quick: bool(v.quick),
          ...(str(v.case) ? { only: str(v.case) as string } : {}),
          ...(str(v.json) ? { json: str(v.json) as string } : {}),
          ...(str(v.compare) ? { compare: str(v.compare) as string } : {}),
          isolate: bool(v.isolate),
          log: (m) => io.err.write(`${m}\n`),
        },
        io.out,
      );
      return 0;
    },
  },
  devices: {
    positionals: [0, 0],
    options: { json: { type: 'boolean' } },
    async run(v, _positionals, io) {
      await devicesCommand({ json: bool(v.json) }, io.out);
      return 0;
    },
  },
};

function isUsageError(e: unknown): boolean {
  return e instanceof UsageError || String((e as { code?: unknown })?.code ?? '').startsWith('ERR_PARSE_ARGS');
}

/**
 * Runs one command line; returns the exit status: 0 done, 1 an error (one line, the stack with
 * `--verbose`), 2 a command line that cannot be understood (with the usage), 130 a run stopped early.
 */
export async function main(argv: string[], io: CliIo = { out: process.stdout, err: process.stderr }): Promise<number> {
  const verbose = argv.includes('--verbose');
  try {
    const [name, ...rest] = argv.filter((a) => a !== '--verbose');
    if (name === undefined || name === 'help' || name === '--help' || name === '-h') {
      (name === undefined ? io.err : io.out).write(`${USAGE}\n`);
      return name === undefined ? 2 : 0;
    }
    const command = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
    if (!command) throw new UsageError(`unknown command '${name}'`);
    const { values, positionals } = parseArgs({ args: rest, options: command.options, allowPositionals: true, strict: true });
    const [min, max] = command.positionals;
    if (positionals.length < min || positionals.length > max) {
      const wanted = min === max ? `${min}` : `${min} to ${max}`;
      throw new UsageError(
        `${name} takes ${wanted} argument${max === 1 ? '' : 's'}, got ${positionals.length}${positionals.length ? ` (${positionals.join(' ')})` : ''}`,
      );
    }
    return await command.run(values as Values, positionals, io, argv);
  } catch (e) {
    if (isUsageError(e)) {
      io.err.write(`spikegpu: ${(e as Error).message}\n\n${USAGE}\n`);
      return 2;
    }
    const message = e instanceof SpikegpuError || e instanceof Error ? e.message : String(e);
    io.err.write(`spikegpu: ${message.split('\n')[0]}\n`);
    if (verbose) io.err.write(`${(e as Error)?.stack ?? ''}\n`);
    return 1;
  }
}
