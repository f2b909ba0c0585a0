import { formatTable } from '../summary-table.js';
import type { BatchBenchResult } from './batch-bench.js';
import type { EngineBenchResult } from './engine-bench.js';

/** A benchmark result of either kind (results from before `kind` existed are network results). */
export type BenchResult = EngineBenchResult | BatchBenchResult;

/** Changes smaller than this (relative) are noise as far as `--compare` is concerned. */
export const COMPARE_THRESHOLD = 0.05;

interface Metric {
  label: string;
  value: number;
  unit: string;
  /** Whether a smaller value is the better one. */
  isLowerBetter: boolean;
}

/** The metrics `--compare` looks at, per kind of result. */
function metricsOf(result: BenchResult): Record<string, Metric> {
  if (result.kind === 'batch') return { elapsed: { label: 'run time', value: result.elapsedMs, unit: 'ms', isLowerBetter: true } };
  return {
    stepMean: { label: 'step mean', value: result.step.meanUs, unit: 'µs', isLowerBetter: true },
    stepP50: { label: 'step p50', value: result.step.p50Us, unit: 'µs', isLowerBetter: true },
    stepP95: { label: 'step p95', value: result.step.p95Us, unit: 'µs', isLowerBetter: true },
    build: { label: 'build', value: result.buildMs, unit: 'ms', isLowerBetter: true },
  };
}

/** One metric of one case, then and now. */
export interface MetricChange {
  name: string;
  metric: string;
  unit: string;
  baseline: number;
  current: number;
  /** (current − baseline) / baseline. */
  change: number;
  verdict: 'regression' | 'improvement' | 'unchanged';
}

/** What `--compare` found. */
export interface Comparison {
  threshold: number;
  changes: MetricChange[];
  /** Cases only in this run, and only in the baseline. */
  added: string[];
  missing: string[];
  /** Set when the two runs are not on the same adapter or backend: their numbers do not compare. */
  warning?: string;
}

/** The results of two runs, matched by case name; network results from older files lack `kind`. */
export function compareResults(
  baseline: { results: Array<Partial<BenchResult> & { name: string }>; adapter?: unknown; environment?: { adapter?: unknown } },
  current: { results: BenchResult[]; environment?: { adapter?: unknown } },
  threshold = COMPARE_THRESHOLD,
): Comparison {
  const normalise = (r: Partial<BenchResult> & { name: string }) => ({ ...r, kind: r.kind ?? 'network' }) as BenchResult;
  const before = new Map(baseline.results.map((r) => [r.name, normalise(r)]));
  const changes: MetricChange[] = [];
  const added: string[] = [];
  const backends = new Set<string>();
  for (const now of current.results) {
    const then = before.get(now.name);
    if (!then) {
      added.push(now.name);
      continue;
    }
    if (then.backend !== now.backend) backends.add(`${now.name}: ${then.backend} then, ${now.backend} now`);
    const old = metricsOf(then);
    for (const [key, metric] of Object.entries(metricsOf(now))) {
      const reference = old[key];
      if (!reference || !(reference.value > 0) || !Number.isFinite(metric.value)) continue;
      const change = (metric.value - reference.value) / reference.value;
      const isWorse = metric.isLowerBetter ? change > threshold : change < -threshold;
      const isBetter = metric.isLowerBetter ? change < -threshold : change > threshold;
      changes.push({
        name: now.name,
        metric: metric.label,
        unit: metric.unit,
        baseline: reference.value,
        current: metric.value,
        change,
        verdict: isWorse ? 'regression' : isBetter ? 'improvement' : 'unchanged',
      });
    }
  }
  const seen = new Set(current.results.map((r) => r.name));
  const missing = [...before.keys()].filter((name) => !seen.has(name));
  const adapterThen = JSON.stringify(baseline.environment?.adapter ?? baseline.adapter ?? null);
  const adapterNow = JSON.stringify(current.environment?.adapter ?? null);
  const warnings = [
    ...(adapterThen !== adapterNow
      ? [`the baseline ran on ${adapterThen === 'null' ? 'the CPU' : adapterThen}, this run on ${adapterNow === 'null' ? 'the CPU' : adapterNow}`]
      : []),
    ...[...backends],
  ];
  return { threshold, changes, added, missing, ...(warnings.length ? { warning: `not like for like: ${warnings.join('; ')}` } : {}) };
}

const number = (x: number) => (x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toFixed(2));

/** The comparison for a terminal: the changes beyond the threshold, then a count of the rest. */
export function renderComparison(comparison: Comparison, baselinePath: string): string {
  const flagged = comparison.changes.filter((c) => c.verdict !== 'unchanged');
  const regressions = flagged.filter((c) => c.verdict === 'regression').length;
  const improvements = flagged.length - regressions;
  const percent = (comparison.threshold * 100).toFixed(0);
  const lines = [`compared with ${baselinePath} (changes beyond ±${percent} %):`];
  if (comparison.warning) lines.push(`warning: ${comparison.warning}`);
  if (flagged.length > 0) {
    const rows: Array<Array<string>> = [['case', 'metric', 'baseline', 'now', 'change', '']];
    for (const c of flagged)
      rows.push([
        c.name,
        c.metric,
        `${number(c.baseline)} ${c.unit}`,
        `${number(c.current)} ${c.unit}`,
        `${c.change > 0 ? '+' : ''}${(c.change * 100).toFixed(1)} %`,
        c.verdict === 'regression' ? 'REGRESSION' : 'improvement',
      ]);
    lines.push(formatTable(rows, ['left', 'left', 'right', 'right', 'right', 'left']));
  }
  lines.push(
    `${regressions} regression${regressions === 1 ? '' : 's'}, ${improvements} improvement${improvements === 1 ? '' : 's'}, ${comparison.changes.length - flagged.length} within ±${percent} %`,
  );
  if (comparison.added.length) lines.push(`not in the baseline: ${comparison.added.join(', ')}`);
  if (comparison.missing.length) lines.push(`in the baseline only: ${comparison.missing.join(', ')}`);
  return lines.join('\n');
}
