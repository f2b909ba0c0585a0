import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCli, removeTempDirs, runCli, tempDir } from '../test-support/cli-process.js';
import { BENCH_CASES } from './bench-cases.js';

afterAll(removeTempDirs);
beforeAll(() => buildCli());

describe('spikegpu bench', () => {
  const cwd = tempDir();
  const at = (name: string) => join(cwd, name);

  it('has LIF, AdEx and HH networks at 1K–1M neurons × 100 and 1000 synapses, and the HH batch case', () => {
    const names = BENCH_CASES.map((c) => c.name);
    for (const model of ['lif', 'adex', 'hh'])
      for (const size of ['1k', '10k', '100k', '1m']) for (const k of [100, 1000]) expect(names).toContain(`${model}-${size}-k${k}`);
    expect(names).toEqual(expect.arrayContaining(['hh-batch-10k', 'hh-batch-10k-fast-math', 'izhikevich-100k-indegree-1000', 'coba-4000']));
    expect(BENCH_CASES.filter((c) => c.name.includes('-1m-')).every((c) => c.maxCpuNeurons === 0)).toBe(true);
  });

  it('times a case on the CPU, reports memory per synapse and where it ran, and compares with a baseline', async () => {
    const r = await runCli(['bench', '--backend', 'cpu', '--case', 'lif-1k-k100', '--quick', '--json', at('bench.json')], { cwd });
    expect(r.code, r.stderr).toBe(0);
    const report = JSON.parse(readFileSync(at('bench.json'), 'utf8'));
    expect(report).toMatchObject({ quick: true, backend: 'cpu', environment: { node: process.version, adapter: null }, failed: [], skipped: [] });
    expect(report.environment.spikegpu).toMatch(/^\d+\.\d+\.\d+/);
    expect(report.results).toHaveLength(1);
    const [result] = report.results;
    expect(result).toMatchObject({ kind: 'network', name: 'lif-1k-k100', model: 'lif', synapsesPerNeuron: 100, neurons: 1000, synapses: 100_000, steps: 200 });
    // 4 B target + 4 B weight per synapse, plus 4 B of row offset per source neuron.
    expect(result.bytesPerSynapse).toBeCloseTo(8 + (4 * (800 + 1 + 800 + 1 + 200 + 1 + 200 + 1)) / 100_000, 9);
    expect(result.deviceBytesEstimate).toBeGreaterThan(800_000);
    expect(r.stdout).toMatch(/\nlif-1k-k100 +1000 +100000 /);

    // A doctored baseline, its build 10× slower and its steps 100× faster: a build improvement, step regressions.
    report.results[0].buildMs *= 10;
    for (const k of ['meanUs', 'p50Us', 'p95Us']) report.results[0].step[k] /= 100;
    writeFileSync(at('baseline.json'), JSON.stringify(report));
    const compared = await runCli(['bench', '--backend', 'cpu', '--case', 'lif-1k-k100', '--quick', '--compare', at('baseline.json')], { cwd });
    expect(compared.code, compared.stderr).toBe(0);
    expect(compared.stdout).toContain(`compared with ${at('baseline.json')} (changes beyond ±5 %):`);
    expect(compared.stdout).toMatch(/\nlif-1k-k100 +step mean .* REGRESSION\n/);
    expect(compared.stdout).toMatch(/\nlif-1k-k100 +build .* improvement\n/);
    expect(compared.stdout).toContain('3 regressions, 1 improvement, 0 within ±5 %');
  });

  it('skips GPU-only cases on the CPU, saying why, and refuses an unknown case', async () => {
    const r = await runCli(['bench', '--backend', 'cpu', '--case', 'hh-batch', '--json', at('skipped.json')], { cwd });
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(readFileSync(at('skipped.json'), 'utf8')).skipped).toEqual([
      { name: 'hh-batch-10k', reason: 'GPU only' },
      { name: 'hh-batch-10k-fast-math', reason: 'GPU only' },
    ]);
    const unknown = await runCli(['bench', '--case', 'nonesuch'], { cwd });
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain("no benchmark case matches 'nonesuch'");
  });

  it('with --isolate, runs each case in a process of its own and gathers them in one report', async () => {
    const r = await runCli(['bench', '--backend', 'cpu', '--case', 'lif-1k', '--quick', '--isolate', '--json', at('isolated.json')], { cwd });
    expect(r.code, r.stderr).toBe(0);
    const report = JSON.parse(readFileSync(at('isolated.json'), 'utf8'));
    expect(report.results.map((x: { name: string }) => x.name)).toEqual(['lif-1k-k100', 'lif-1k-k1000']);
    expect(report.results.every((x: { steps: number; spikesPerStep: number }) => x.steps === 200 && x.spikesPerStep > 0)).toBe(true);
    expect(r.stdout).toMatch(/\nlif-1k-k1000 +1000 +999000 /);
  });
});
