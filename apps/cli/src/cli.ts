import { parseArgs } from 'node:util';
import { SpikegpuError } from '@spikegpu/core';
import { runBench } from './bench/bench-suite.js';
import { runCommand } from './run-command.js';

const USAGE = `usage: spikegpu <command> [options]

commands:
  run [profile.json]     run a network (default: the 10,000-neuron Izhikevich network) and print a summary
    --duration <ms>        simulated time (default 1000)
    --dt <ms>              integration step (default: the network's)
    --seed <n>             seed of every random number (default: the network's)
    --backend <b>          auto | webgpu | cpu (default auto: WebGPU if an adapter exists, else CPU)
    --json                 print the summary as JSON on stdout
    --quiet                print nothing but errors
  bench                  time the engine on the standard networks
    --quick                fewer steps
    --json <file>          also write the results as JSON
    --case <text>          only cases whose name contains this
    --backend <b>          auto | webgpu | cpu (default auto)
  help                   this text

global options:
  --verbose              print stack traces on errors`;

class UsageError extends Error {}

function number(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  const x = Number(value);
  if (!Number.isFinite(x)) throw new UsageError(`${flag}: expected a number, got '${value}'`);
  return x;
}

export async function main(argv: string[]): Promise<number> {
  const verbose = argv.includes('--verbose');
  try {
    const [command, ...rest] = argv.filter((a) => a !== '--verbose');
    if (command === undefined || command === 'help' || command === '--help' || command === '-h') {
      process.stdout.write(`${USAGE}\n`);
      return command === undefined ? 2 : 0;
    }
    if (command === 'run') {
      const { values, positionals } = parseArgs({
        args: rest,
        allowPositionals: true,
        strict: true,
        options: {
          duration: { type: 'string' },
          dt: { type: 'string' },
          seed: { type: 'string' },
          backend: { type: 'string' },
          json: { type: 'boolean' },
          quiet: { type: 'boolean' },
        },
      });
      if (positionals.length > 1) throw new UsageError(`run takes at most one profile, got ${positionals.length}`);
      const backend = values.backend ?? 'auto';
      if (backend !== 'auto' && backend !== 'webgpu' && backend !== 'cpu') throw new UsageError(`--backend: expected auto, webgpu or cpu, got '${backend}'`);
      const durationMs = number(values.duration, '--duration') ?? 1000;
      if (durationMs < 0) throw new UsageError(`--duration: expected a number ≥ 0, got ${durationMs}`);
      await runCommand({
        ...(positionals[0] ? { profile: positionals[0] } : {}),
        durationMs,
        ...(values.dt !== undefined ? { dt: number(values.dt, '--dt') as number } : {}),
        ...(values.seed !== undefined ? { seed: number(values.seed, '--seed') as number } : {}),
        backend,
        json: values.json ?? false,
        quiet: values.quiet ?? false,
      });
      return 0;
    }
    if (command === 'bench') {
      const { values, positionals } = parseArgs({
        args: rest,
        allowPositionals: false,
        strict: true,
        options: { quick: { type: 'boolean' }, json: { type: 'string' }, case: { type: 'string' }, backend: { type: 'string' } },
      });
      void positionals;
      const backend = values.backend ?? 'auto';
      if (backend !== 'auto' && backend !== 'webgpu' && backend !== 'cpu') throw new UsageError(`--backend: expected auto, webgpu or cpu, got '${backend}'`);
      await runBench({
        backend,
        quick: values.quick ?? false,
        ...(values.case ? { only: values.case } : {}),
        ...(values.json ? { json: values.json } : {}),
        log: (m) => process.stderr.write(`${m}\n`),
      });
      return 0;
    }
    throw new UsageError(`unknown command '${command}'`);
  } catch (e) {
    const usage = e instanceof UsageError || (e as { code?: string }).code?.startsWith('ERR_PARSE_ARGS');
    if (usage) {
      process.stderr.write(`spikegpu: ${(e as Error).message}\n\n${USAGE}\n`);
      return 2;
    }
    const message = e instanceof SpikegpuError ? e.message : `${(e as Error).message ?? e}`;
    process.stderr.write(`spikegpu: ${message}\n`);
    if (verbose) process.stderr.write(`${(e as Error).stack}\n`);
    return 1;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
    // The Node WebGPU binding keeps the event loop alive; exit once output is flushed.
    setImmediate(() => process.exit(code));
  },
  (e) => {
    process.stderr.write(`spikegpu: ${e}\n`);
    process.exit(1);
  },
);
