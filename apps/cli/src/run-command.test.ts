import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { exportSonataSpikes, openRecording, readCheckpoint } from '@spikegpu/io-hdf5';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCli, gpuEnv, ownLines, removeTempDirs, runCli, startCli, tempDir } from './test-support/cli-process.js';

afterAll(removeTempDirs);
beforeAll(() => buildCli());

const NET = ['--network', 'lif-ei', '--neurons', '300'];

async function windowSpikes(path: string, fromMs: number, toMs: number) {
  const recording = await openRecording(path);
  try {
    return recording.window(fromMs, toMs).spikes.map((s) => ({ population: s.population, times: Array.from(s.times), ids: Array.from(s.ids) }));
  } finally {
    recording.close();
  }
}

describe('spikegpu run with files', () => {
  const cwd = tempDir();
  const at = (name: string) => join(cwd, name);

  it('continues from its checkpoint with the spikes of a run that never stopped', async () => {
    const full = await runCli(['run', ...NET, '--duration', '60', '--backend', 'cpu', '--record', at('full.simrec.h5')], { cwd });
    expect(full.code, full.stderr).toBe(0);
    const half = await runCli(['run', ...NET, '--duration', '30', '--backend', 'cpu', '--checkpoint', at('half.simstate.h5')], { cwd });
    expect(half.code, half.stderr).toBe(0);
    const rest = await runCli(['run', '--resume', at('half.simstate.h5'), '--duration', '30', '--backend', 'cpu', '--record', at('rest.simrec.h5'), '--json'], {
      cwd,
    });
    expect(rest.code, rest.stderr).toBe(0);

    const summary = JSON.parse(rest.stdout);
    expect(summary).toMatchObject({ network: 'lif-ei', backend: 'cpu', neurons: 300, startMs: 30, simulatedMs: 30, interrupted: false });
    expect(summary.files).toEqual({ resumedFrom: at('half.simstate.h5'), record: at('rest.simrec.h5') });
    const expected = await windowSpikes(at('full.simrec.h5'), 30, 60);
    expect(expected.reduce((n, s) => n + s.ids.length, 0)).toBeGreaterThan(50);
    expect(await windowSpikes(at('rest.simrec.h5'), 30, 60)).toEqual(expected);
    expect(summary.populations.map((p: { spikes: number }) => p.spikes)).toEqual(expected.map((s) => s.ids.length));
  });

  it('prints the summary table: rate, ISI CV and spikes per population, synapses, times, backend', async () => {
    const r = await runCli(['run', ...NET, '--duration', '50', '--backend', 'cpu'], { cwd });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^lif-ei: 300 neurons, 30000 synapses, 0–50 ms simulated\n/);
    expect(r.stdout).toMatch(/\npopulation +neurons +spikes +rate \(Hz\) +ISI CV\n/);
    expect(r.stdout).toMatch(/\nexc +240 +\d+ +[\d.]+ +[\d.—]+\n/);
    expect(r.stdout).toMatch(/\nbackend cpu \(WebAssembly SIMD\); build [\d.]+ s, run [\d.]+ s, [\d.]+× real time\n/);
    const quiet = await runCli(['run', ...NET, '--duration', '10', '--backend', 'cpu', '--quiet'], { cwd });
    expect(quiet.stdout).toBe('');
  });

  it('shows what its files hold through inspect, including a SONATA spike report', async () => {
    const checkpoint = await runCli(['inspect', at('half.simstate.h5')], { cwd });
    expect(checkpoint.code).toBe(0);
    expect(checkpoint.stdout).toContain('spikegpu checkpoint');
    expect(checkpoint.stdout).toContain('at step 300 (30 ms)');
    const recording = JSON.parse((await runCli(['inspect', at('full.simrec.h5'), '--json'], { cwd })).stdout);
    expect(recording).toMatchObject({ kind: 'recording', startMs: 0, endMs: 60, isComplete: true });
    await exportSonataSpikes(at('full.simrec.h5'), at('spikes.sonata.h5'));
    const sonata = await runCli(['inspect', at('spikes.sonata.h5')], { cwd });
    expect(sonata.stdout).toContain('SONATA spike report');
    const spikes = (await windowSpikes(at('full.simrec.h5'), 0, 60)).map((s) => s.ids.length);
    expect(sonata.stdout).toContain(`exc: ${spikes[0]} spikes`);
  });

  it('refuses to replace a file unless --force, before it runs', async () => {
    const before = readFileSync(at('half.simstate.h5'));
    const r = await runCli(['run', ...NET, '--duration', '10', '--backend', 'cpu', '--checkpoint', at('half.simstate.h5')], { cwd });
    expect(r.code).toBe(1);
    expect(ownLines(r.stderr)).toEqual([`spikegpu: --checkpoint: '${at('half.simstate.h5')}' already exists (hint: add --force to replace it)`]);
    expect(readFileSync(at('half.simstate.h5')).equals(before)).toBe(true);
    const forced = await runCli(['run', ...NET, '--duration', '10', '--backend', 'cpu', '--checkpoint', at('half.simstate.h5'), '--force'], { cwd });
    expect(forced.code).toBe(0);
    expect((await readCheckpoint(at('half.simstate.h5'))).timeMs).toBe(10);
  });

  it('does not let --resume be combined with what would change the network', async () => {
    const r = await runCli(['run', '--resume', at('half.simstate.h5'), '--seed', '7'], { cwd });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--resume continues the checkpoint');
  });

  it('on SIGINT stops, closes its recording, writes its checkpoint and exits 130', async () => {
    const run = startCli(
      ['run', ...NET, '--duration', '1000000', '--backend', 'cpu', '--record', at('stopped.simrec.h5'), '--checkpoint', at('stopped.simstate.h5')],
      {
        cwd,
      },
    );
    const started = Date.now();
    let r: Awaited<typeof run.done>;
    try {
      while (!existsSync(at('stopped.simrec.h5')) && Date.now() - started < 20_000) await new Promise((r) => setTimeout(r, 50));
      await new Promise((r) => setTimeout(r, 1000));
      run.child.kill('SIGINT');
      r = await Promise.race([run.done, new Promise<never>((_, reject) => setTimeout(() => reject(new Error('no exit 20 s after SIGINT')), 20_000))]);
    } finally {
      if (run.child.exitCode === null && run.child.signalCode === null) run.child.kill('SIGKILL');
    }
    expect(r.code, r.stderr).toBe(130);
    expect(r.stderr).toMatch(/interrupted at [\d.]+ ms/);
    const recording = await openRecording(at('stopped.simrec.h5'));
    const endMs = recording.endMs;
    expect(recording.isComplete).toBe(true);
    recording.close();
    expect(endMs).toBeGreaterThan(0);
    expect(endMs).toBeLessThan(1_000_000);
    expect((await readCheckpoint(at('stopped.simstate.h5'))).timeMs).toBeCloseTo(endMs, 9);
    expect(statSync(at('stopped.simstate.h5')).size).toBeGreaterThan(0);
  });

  const env = gpuEnv();
  it.skipIf(!env)('a checkpoint written on WebGPU continues on the CPU with the same spikes', async () => {
    const gpu = env as Record<string, string>;
    const first = await runCli(
      ['run', ...NET, '--duration', '30', '--backend', 'webgpu', '--checkpoint', at('gpu.simstate.h5'), '--record', at('gpu.simrec.h5')],
      { cwd, env: gpu },
    );
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toMatch(/\nbackend webgpu \(/);
    expect(await windowSpikes(at('gpu.simrec.h5'), 0, 30)).toEqual(await windowSpikes(at('full.simrec.h5'), 0, 30));
    const rest = await runCli(['run', '--resume', at('gpu.simstate.h5'), '--duration', '30', '--backend', 'cpu', '--record', at('gpu-rest.simrec.h5')], {
      cwd,
    });
    expect(rest.code, rest.stderr).toBe(0);
    expect(await windowSpikes(at('gpu-rest.simrec.h5'), 30, 60)).toEqual(await windowSpikes(at('full.simrec.h5'), 30, 60));
  });

  it.skipIf(!env)('runs with fast GPU math when asked, and says so', async () => {
    const r = await runCli(['run', ...NET, '--duration', '30', '--backend', 'webgpu', '--math', 'fast', '--json'], { cwd, env: env as Record<string, string> });
    expect(r.code, r.stderr).toBe(0);
    const summary = JSON.parse(r.stdout);
    expect(summary).toMatchObject({ backend: 'webgpu', math: 'fast', simulatedMs: 30 });
    expect(summary.populations[0].spikes).toBeGreaterThan(0);
  });
});
