import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FileFormatError, ValidationError } from '@spikegpu/core';
import { acquireGpu } from '@spikegpu/gpu-runtime';
import { formatTable } from '../summary-table.js';
import { benchBatch } from './batch-bench.js';
import { BENCH_CASES, type BenchCase } from './bench-cases.js';
import { type BenchResult, type Comparison, compareResults, renderComparison } from './bench-compare.js';
import { type BenchEnvironment, benchEnvironment } from './bench-environment.js';
import { benchNetwork } from './engine-bench.js';

/** What `spikegpu bench --json` writes: where it ran, and each case's numbers. */
export interface BenchReport {
  date: string;
  quick: boolean;
  backend: 'webgpu' | 'cpu';
  /** Kept at the top level for files written before `environment` existed. */
  node: string;
  adapter: Record<string, string | boolean> | null;
  environment: BenchEnvironment;
  results: BenchResult[];
  /** Cases of the selection that did not run here, and why. */
  skipped: Array<{ name: string; reason: string }>;
  /** Cases that failed (e.g. a network too large for the device), with the error. */
  failed: Array<{ name: string; error: string }>;
  comparison?: Comparison & { baseline: string };
}

/** The flags of `spikegpu bench`, parsed. */
export interface BenchOptions {
  backend: 'auto' | 'webgpu' | 'cpu';
  quick: boolean;
  /** Only cases whose name contains this. */
  only?: string;
  /** Write the report here (after every case, so a crash keeps what was measured). */
  json?: string;
  /** An earlier report to compare with. */
  compare?: string;
  /** Each case in a fresh process of this CLI (`--isolate`), so that no case inherits another's state. */
  isolate?: boolean;
  log: (m: string) => void;
}

/** Runs one case in a child process of this CLI and returns its report. */
async function benchInChild(name: string, options: BenchOptions, backend: string): Promise<BenchReport> {
  const dir = await mkdtemp(join(tmpdir(), 'spikegpu-bench-'));
  const json = join(dir, 'case.json');
  try {
    const args = [process.argv[1] as string, 'bench', '--case', name, '--json', json, '--backend', backend, ...(options.quick ? ['--quick'] : [])];
    const code = await new Promise<number>((resolve, reject) => {
      const child = spawn(process.execPath, args, { stdio: ['ignore', 'ignore', 'pipe'] });
      child.stderr.on('data', (chunk: Buffer) => {
        for (const line of chunk.toString().split('\n')) if (line.trim()) options.log(line);
      });
      child.on('error', reject);
      child.on('close', (c) => resolve(c ?? 1));
    });
    try {
      return JSON.parse(await readFile(json, 'utf8')) as BenchReport;
    } catch {
      throw new Error(`the process for case '${name}' ended with code ${code} and no report`);
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function readBaseline(path: string): Promise<BenchReport> {
  let json: BenchReport;
  try {
    json = JSON.parse(await readFile(path, 'utf8'));
  } catch (error) {
    throw new FileFormatError(`cannot read the baseline '${path}'`, { code: 'unreadable-file', path: '--compare', hint: (error as Error).message });
  }
  if (!Array.isArray(json?.results))
    throw new FileFormatError('', {
      code: 'wrong-format',
      path,
      expected: 'a JSON file written by spikegpu bench --json (with "results")',
      received: Object.keys(json ?? {}).join(', '),
    });
  return json;
}

function skipReason(c: BenchCase, backend: 'webgpu' | 'cpu'): string | null {
  if (backend === 'cpu' && c.neurons > c.maxCpuNeurons)
    return c.maxCpuNeurons === 0 ? 'GPU only' : `more than ${c.maxCpuNeurons} neurons: too slow on the CPU backend`;
  return null;
}

const mib = (bytes: number | undefined) => (bytes === undefined ? '—' : (bytes / 2 ** 20).toFixed(1));

function describeResult(r: BenchResult): string {
  if (r.kind === 'batch')
    return `  ${r.neurons} neurons × ${r.steps} steps (${r.math} math): ${r.elapsedMs.toFixed(2)} ms, ${r.neuronStepsPerSecond.toExponential(2)} neuron-steps/s, ${r.spikes} spikes`;
  const phases = r.phasesUs ? `; phases µs/step ${JSON.stringify(Object.fromEntries(Object.entries(r.phasesUs).map(([k, v]) => [k, +v.toFixed(1)])))}` : '';
  return (
    `  ${r.neurons} neurons, ${r.synapses} synapses: build ${(r.buildMs / 1000).toFixed(2)} s, step ${r.step.meanUs.toFixed(1)} µs ` +
    `(p50 ${r.step.p50Us.toFixed(1)}, p95 ${r.step.p95Us.toFixed(1)}; ${r.stepSource === 'gpu-timestamps' ? `GPU timestamps, ${r.stepKernel} kernel` : 'wall clock'}), ` +
    `wall ${(r.wallStep ?? r.step).meanUs.toFixed(1)} µs/step, ${r.realTimeFactor.toFixed(2)}× real time, ${r.spikesPerStep.toFixed(1)} spikes/step, ` +
    `${r.synapticEventsPerSecond.toExponential(2)} events/s, device ${mib(r.deviceBytesAllocated ?? r.deviceBytesEstimate)} MiB, ${r.bytesPerSynapse?.toFixed(2)} B/synapse${phases}`
  );
}

/** The results as one table. */
export function renderBenchTable(report: BenchReport): string {
  const rows: Array<Array<string | number>> = [
    [
      'case',
      'neurons',
      'synapses',
      'build (s)',
      'step mean (µs)',
      'p50',
      'p95',
      'timed by',
      'wall/step (µs)',
      '× real time',
      'spikes/step',
      'device (MiB)',
      'B/synapse',
    ],
  ];
  for (const r of report.results) {
    if (r.kind === 'batch')
      rows.push([
        r.name,
        r.neurons,
        0,
        '—',
        `${r.elapsedMs.toFixed(2)} ms in all`,
        '—',
        '—',
        'wall',
        '—',
        ((r.steps * r.dtMs) / r.elapsedMs).toFixed(1),
        '—',
        mib(r.deviceBytesEstimate),
        '—',
      ]);
    else
      rows.push([
        r.name,
        r.neurons,
        r.synapses,
        (r.buildMs / 1000).toFixed(2),
        r.step.meanUs.toFixed(1),
        r.step.p50Us.toFixed(1),
        r.step.p95Us.toFixed(1),
        r.stepSource === 'gpu-timestamps' ? `GPU${r.stepKernel ? ` (${r.stepKernel})` : ''}` : 'wall',
        (r.wallStep ?? r.step).meanUs.toFixed(1),
        r.realTimeFactor.toFixed(2),
        r.spikesPerStep.toFixed(1),
        mib(r.deviceBytesAllocated ?? r.deviceBytesEstimate),
        r.bytesPerSynapse?.toFixed(2) ?? '—',
      ]);
  }
  const env = report.environment;
  const lines = [
    `spikegpu ${env.spikegpu}, node ${env.node}, ${env.os}, ${env.cpu}; backend ${report.backend}${
      env.adapter
        ? ` (${Object.values(env.adapter)
            .filter((v) => typeof v === 'string' && v)
            .join(' ')}${env.webgpuPackage ? `, webgpu ${env.webgpuPackage}` : ''})`
        : ''
    }${report.quick ? '; quick' : ''}`,
    formatTable(rows),
  ];
  if (report.skipped.length) lines.push(`skipped: ${report.skipped.map((s) => `${s.name} (${s.reason})`).join(', ')}`);
  if (report.failed.length) lines.push(`failed: ${report.failed.map((f) => `${f.name}: ${f.error}`).join('; ')}`);
  return lines.join('\n');
}

/**
 * `spikegpu bench`: times every case of the suite (or the quick subset) on one device, prints a table,
 * optionally writes the JSON report and compares it with a baseline. A case that fails is reported and
 * the suite goes on.
 */
export async function runBench(options: BenchOptions, out: NodeJS.WritableStream = process.stdout): Promise<BenchReport> {
  if (options.only && !BENCH_CASES.some((c) => c.name.includes(options.only as string)))
    throw new ValidationError(`no benchmark case matches '${options.only}'`, {
      code: 'unknown-case',
      path: '--case',
      expected: `part of a case name (${BENCH_CASES.map((c) => c.name).join(', ')})`,
    });
  // A whole case name picks that case alone; otherwise every case whose name contains the text.
  const isExact = BENCH_CASES.some((c) => c.name === options.only);
  const isSelected = (name: string) => !options.only || (isExact ? name === options.only : name.includes(options.only));
  const baseline = options.compare ? await readBaseline(options.compare) : null;
  // One device for the whole suite: every case shares it.
  const gpu = options.backend === 'cpu' ? null : await acquireGpu({ required: options.backend === 'webgpu', log: options.log });
  const backend = gpu ? 'webgpu' : 'cpu';
  const environment = benchEnvironment(gpu);
  const report: BenchReport = {
    date: new Date().toISOString(),
    quick: options.quick,
    backend,
    node: environment.node,
    adapter: environment.adapter,
    environment,
    results: [],
    skipped: [],
    failed: [],
  };
  const save = async () => {
    if (options.json) await writeFile(options.json, `${JSON.stringify(report, null, 2)}\n`);
  };
  try {
    for (const c of BENCH_CASES) {
      if (!isSelected(c.name)) continue;
      // --case picks cases by name; --quick then only shortens them.
      if (options.quick && !options.only && !c.isQuick) continue;
      const reason = skipReason(c, backend);
      if (reason) {
        report.skipped.push({ name: c.name, reason });
        continue;
      }
      if (options.isolate && !isExact) {
        try {
          const child = await benchInChild(c.name, options, backend);
          report.results.push(...child.results);
          report.failed.push(...child.failed);
          report.skipped.push(...child.skipped);
        } catch (error) {
          report.failed.push({ name: c.name, error: (error as Error).message });
        }
        await save();
        continue;
      }
      options.log(`bench ${c.name} (${backend})…`);
      try {
        const result =
          c.kind === 'batch'
            ? await benchBatch(c, { backend, ...(gpu ? { gpu } : {}) })
            : await benchNetwork(c.name, c.network(), {
                backend,
                ...(gpu ? { gpu } : {}),
                steps: options.quick ? c.quickSteps : c.steps,
                warmupSteps: Math.min(200, options.quick ? c.quickSteps : c.steps),
                // A tenth of the run per chunk (100–1,000 steps): each chunk ends with a device sync
                // (~0.5 ms), which at 100 steps doubled the wall time of a 6 µs step.
                chunkSteps: Math.min(1000, Math.max(100, Math.floor((options.quick ? c.quickSteps : c.steps) / 10))),
                // The phase profile builds the network a second time: left out of --quick.
                profilePhases: backend === 'webgpu' && !options.quick,
                log: options.log,
                model: c.model,
                synapsesPerNeuron: c.synapsesPerNeuron,
                ...(c.math ? { math: c.math } : {}),
              });
        report.results.push(result);
        options.log(describeResult(result));
      } catch (error) {
        const message = (error as Error)?.message ?? String(error);
        report.failed.push({ name: c.name, error: message.split('\n')[0] as string });
        options.log(`  failed: ${message}`);
        if (gpu?.isLost) {
          options.log('  the device was lost: the remaining cases are not run');
          break;
        }
      }
      await save();
    }
  } finally {
    gpu?.destroy();
  }
  out.write(`${renderBenchTable(report)}\n`);
  if (baseline && options.compare) {
    const comparison = compareResults(baseline, report);
    report.comparison = { ...comparison, baseline: options.compare };
    out.write(`\n${renderComparison(comparison, options.compare)}\n`);
  }
  await save();
  return report;
}
