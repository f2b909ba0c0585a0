import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCli, gpuEnv, ownLines, removeTempDirs, runCli, tempDir } from './test-support/cli-process.js';

afterAll(removeTempDirs);
beforeAll(() => buildCli());

describe('spikegpu command line', () => {
  const cwd = tempDir();

  it('prints the usage and exits 2 for an unknown command', async () => {
    const r = await runCli(['frobnicate'], { cwd });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^spikegpu: unknown command 'frobnicate'\n\nusage: spikegpu <command>/);
    expect(r.stdout).toBe('');
  });

  it('prints the usage and exits 2 for an unknown flag, a bad value or a missing argument', async () => {
    for (const args of [
      ['run', '--bogus'],
      ['run', '--duration', 'soon'],
      ['run', '--backend', 'tpu'],
      ['run', '--math', 'approximate'],
      ['inspect'],
      ['report', 'x.simrec.h5'],
      ['bench', 'extra'],
    ]) {
      const r = await runCli(args, { cwd });
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr, args.join(' ')).toContain('usage: spikegpu <command>');
    }
  });

  it('exits 2 with the usage on stderr when no command is given, 0 with it on stdout for help', async () => {
    expect((await runCli([], { cwd })).code).toBe(2);
    const help = await runCli(['help'], { cwd });
    expect(help.code).toBe(0);
    for (const command of ['run', 'inspect', 'report', 'tune', 'bench', 'devices']) expect(help.stdout).toContain(`\n  ${command}`);
  });

  it('reports an error in one line and exits 1, with the stack only under --verbose', async () => {
    const notHdf5 = join(cwd, 'notes.h5');
    writeFileSync(notHdf5, 'hello');
    const r = await runCli(['inspect', notHdf5], { cwd });
    expect(r.code).toBe(1);
    expect(ownLines(r.stderr)).toHaveLength(1);
    expect(r.stderr).toMatch(/^spikegpu: .*notes\.h5: not an HDF5 file/);
    const verbose = await runCli(['inspect', notHdf5, '--verbose'], { cwd });
    expect(verbose.code).toBe(1);
    expect(verbose.stderr).toMatch(/FileFormatError.*\n\s+at /);
  });

  it('says why when there is no WebGPU adapter, and exits 0', async () => {
    const r = await runCli(['devices'], { cwd });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^no WebGPU adapter found\.\nwhy: no WebGPU adapter available/);
    const json = JSON.parse((await runCli(['devices', '--json'], { cwd })).stdout);
    expect(json.adapters).toEqual([]);
    expect(json.reason).toContain('VK_ICD_FILENAMES');
  });

  const env = gpuEnv();
  it.skipIf(!env)('lists an adapter with its limits and features', async () => {
    const json = JSON.parse((await runCli(['devices', '--json'], { cwd, env: env as Record<string, string> })).stdout);
    expect(json.adapters.length).toBeGreaterThan(0);
    const [first] = json.adapters;
    expect(first.limits.maxStorageBufferBindingSize).toBeGreaterThan(0);
    expect(first.limits.maxComputeWorkgroupSizeX).toBeGreaterThanOrEqual(64);
    expect(Array.isArray(first.features)).toBe(true);
    const text = await runCli(['devices'], { cwd, env: env as Record<string, string> });
    expect(text.stdout).toMatch(/^adapter 0: .+\n/);
    expect(text.stdout).toMatch(/\n {4}maxStorageBufferBindingSize +\d+/);
  });
});
