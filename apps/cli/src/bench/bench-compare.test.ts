import { describe, expect, it } from 'vitest';
import { compareResults, renderComparison } from './bench-compare.js';
import type { EngineBenchResult } from './engine-bench.js';

function result(name: string, meanUs: number, buildMs = 100): EngineBenchResult {
  return {
    kind: 'network',
    name,
    backend: 'webgpu',
    neurons: 1000,
    synapses: 1000,
    dtMs: 1,
    buildMs,
    steps: 100,
    step: { meanUs, p50Us: meanUs, p95Us: meanUs },
    realTimeFactor: 1000 / meanUs,
    spikesPerStep: 1,
    synapticEventsPerSecond: 1,
    ratesHz: {},
  };
}

const adapter = { vendor: 'nvidia', description: 'H100' };

describe('compareResults', () => {
  it('flags changes beyond 5 % per case and metric, in the direction that matters', () => {
    const baseline = { environment: { adapter }, results: [result('slower', 100), result('faster', 100), result('same', 100, 100)] };
    const current = { environment: { adapter }, results: [result('slower', 106), result('faster', 94), result('same', 104.9, 95.1)] };
    const comparison = compareResults(baseline, current);
    const verdict = (name: string, metric: string) => comparison.changes.find((c) => c.name === name && c.metric === metric)?.verdict;
    expect(verdict('slower', 'step mean')).toBe('regression');
    expect(verdict('slower', 'step p95')).toBe('regression');
    expect(verdict('faster', 'step mean')).toBe('improvement');
    expect(verdict('same', 'step mean')).toBe('unchanged');
    expect(verdict('same', 'build')).toBe('unchanged');
    expect(comparison.warning).toBeUndefined();
    const text = renderComparison(comparison, 'base.json');
    expect(text).toMatch(/\nslower +step mean +100 µs +106 µs +\+6\.0 % +REGRESSION\n/);
    expect(text).toMatch(/\nfaster +step mean +100 µs +94\.0 µs +-6\.0 % +improvement\n/);
    expect(text).toContain('\n3 regressions, 3 improvements, 6 within ±5 %');
  });

  it('reads files from before `kind` and `environment`, and names cases on one side only', () => {
    const old = { adapter, results: [{ ...result('kept', 100), kind: undefined }, result('dropped', 100)] };
    const comparison = compareResults(old, { environment: { adapter }, results: [result('kept', 120), result('new', 10)] });
    expect(comparison.changes.filter((c) => c.verdict === 'regression').map((c) => c.metric)).toEqual(['step mean', 'step p50', 'step p95']);
    expect(comparison.added).toEqual(['new']);
    expect(comparison.missing).toEqual(['dropped']);
  });

  it('warns when the runs are not on the same adapter', () => {
    const comparison = compareResults({ environment: { adapter }, results: [result('a', 1)] }, { environment: { adapter: null }, results: [result('a', 1)] });
    expect(comparison.warning).toMatch(/^not like for like: the baseline ran on .*H100.*, this run on the CPU/);
    expect(renderComparison(comparison, 'b.json')).toContain('warning: not like for like');
  });
});
