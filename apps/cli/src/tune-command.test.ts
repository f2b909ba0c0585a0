import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomEiNetwork } from './networks/random-ei-network.js';
import { buildCli, removeTempDirs, runCli, tempDir } from './test-support/cli-process.js';

afterAll(removeTempDirs);
beforeAll(() => buildCli());

const cwd = tempDir();
const at = (name: string) => join(cwd, name);
const TUNE = ['tune', '--network', 'lif-ei', '--neurons', '200', '--quick', '--duration', '200', '--backend', 'cpu'];

describe('spikegpu tune', () => {
  it('sweeps the drive from one seed and keeps a scale that is alive but not seizure-like', async () => {
    const r = await runCli([...TUNE, '-o', at('tuned.json')], { cwd });
    expect(r.code, r.stderr).toBe(0);
    const file = JSON.parse(readFileSync(at('tuned.json'), 'utf8'));
    expect(file).toMatchObject({
      format: 'spikegpu-overrides',
      version: 1,
      seed: 1,
      criteria: { minRateHz: 1, maxRateHz: 50, maxSynchrony: 0.1, transientMs: 50 },
    });
    const tuned = file.networks['lif-ei'];
    expect(tuned.sweep.map((p: { driveScale: number }) => p.driveScale)).toEqual([0.5, 1, 2, 4]);
    expect(tuned.meetsCriteria).toBe(true);
    const chosen = tuned.sweep.find((p: { driveScale: number }) => p.driveScale === tuned.driveScale);
    expect(chosen.failures).toEqual([]);
    expect(chosen.rateHz).toBeGreaterThanOrEqual(1);
    expect(chosen.rateHz).toBeLessThanOrEqual(50);
    expect(chosen.synchrony).toBeLessThanOrEqual(0.1);
    expect(r.stdout).toContain(`lif-ei (200 neurons, 200 ms per candidate on cpu): chose × ${tuned.driveScale}`);
    expect(r.stdout).toContain(`wrote ${at('tuned.json')}: lif-ei × ${tuned.driveScale}`);
  });

  it('gives the same file for the same seed (but for its date)', async () => {
    const r = await runCli([...TUNE, '-o', at('again.json')], { cwd });
    expect(r.code).toBe(0);
    const strip = (path: string) => ({ ...JSON.parse(readFileSync(path, 'utf8')), createdUtc: null, command: null });
    expect(strip(at('again.json'))).toEqual(strip(at('tuned.json')));
  });

  it('writes overrides that run applies: the same spikes as the network with its drive scaled by hand', async () => {
    const { driveScale } = JSON.parse(readFileSync(at('tuned.json'), 'utf8')).networks['lif-ei'];
    const tuned = await runCli(
      ['run', '--network', 'lif-ei', '--neurons', '200', '--duration', '50', '--backend', 'cpu', '--overrides', at('tuned.json'), '--json'],
      { cwd },
    );
    expect(tuned.code, tuned.stderr).toBe(0);
    const network = randomEiNetwork({ model: 'lif', neurons: 200, synapsesPerNeuron: 100 });
    for (const input of network.inputs ?? []) if (input.kind === 'poisson') input.rateHz *= driveScale;
    writeFileSync(at('by-hand.json'), JSON.stringify(network));
    const byHand = await runCli(['run', at('by-hand.json'), '--duration', '50', '--backend', 'cpu', '--json'], { cwd });
    const spikes = (stdout: string) => JSON.parse(stdout).populations.map((p: { spikes: number }) => p.spikes);
    expect(JSON.parse(tuned.stdout).driveScale).toBe(driveScale);
    expect(spikes(tuned.stdout)).toEqual(spikes(byHand.stdout));
    const untuned = await runCli(['run', '--network', 'lif-ei', '--neurons', '200', '--duration', '50', '--backend', 'cpu', '--json'], { cwd });
    if (driveScale !== 1) expect(spikes(untuned.stdout)).not.toEqual(spikes(tuned.stdout));
  });

  it('tunes a profile under its file name, and calls a silent network dead', async () => {
    const network = { ...randomEiNetwork({ model: 'lif', neurons: 100, synapsesPerNeuron: 50 }), name: undefined };
    writeFileSync(at('small-net.json'), JSON.stringify(network));
    const r = await runCli(['tune', at('small-net.json'), '--scales', '0,1', '--duration', '150', '--backend', 'cpu', '-o', at('profile.json'), '--json'], {
      cwd,
    });
    expect(r.code, r.stderr).toBe(0);
    const file = JSON.parse(r.stdout);
    expect(Object.keys(file.networks)).toEqual(['small-net']);
    expect(file.networks['small-net'].sweep[0]).toMatchObject({ driveScale: 0, rateHz: 0, failures: ['rate 0.00 Hz < 1 Hz', 'active 0 % < 20 %'] });
    expect(file.networks['small-net'].driveScale).toBe(1);
    const wrongNetwork = await runCli(['run', '--network', 'lif-ei', '--neurons', '200', '--backend', 'cpu', '--overrides', at('profile.json')], { cwd });
    expect(wrongNetwork.code).toBe(1);
    expect(wrongNetwork.stderr).toContain("has no overrides for network 'lif-ei'");
  });
});
