import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FileFormatError, ValidationError } from '@spikegpu/core';
import { cobaNetwork } from '@spikegpu/simulator';
import { afterAll, describe, expect, it } from 'vitest';
import { migrateProfile, PROFILE_VERSION, type Profile, readProfile, writeProfile } from './index.js';

const dir = mkdtempSync(join(tmpdir(), 'spikegpu-profile-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const profile: Profile = {
  format: 'spikegpu-profile',
  version: 2,
  network: cobaNetwork({ size: 100 }),
  ui: { panel: 'raster', speed: 2 },
  visualization: { colors: { exc: '#c33', inh: '#33c' }, camera: [0, 0, 5] },
};

function thrown(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw');
}

describe('profiles (.json)', () => {
  it('round-trips through a file and through text', async () => {
    const path = join(dir, 'coba.json');
    await writeProfile(path, profile);
    expect(await readProfile(path)).toEqual(profile);
    expect(await readProfile(readFileSync(path, 'utf8'))).toEqual(profile);
    expect(JSON.parse(readFileSync(path, 'utf8'))).toMatchObject({ format: 'spikegpu-profile', version: PROFILE_VERSION });
  });

  it('migrates version 1 (a bare description) by wrapping it', async () => {
    const network = cobaNetwork({ size: 50 });
    const path = join(dir, 'v1.json');
    writeFileSync(path, JSON.stringify(network));
    expect(await readProfile(path)).toEqual({ format: 'spikegpu-profile', version: 2, network });
    expect(migrateProfile(network)).toEqual({ format: 'spikegpu-profile', version: 2, network });
    // A bad v1 description names the field where it is in the file.
    const error = thrown(() => migrateProfile({ ...network, dt: -1 }));
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).path).toBe('dt');
  });

  it('refuses a newer version, saying which version is supported', async () => {
    const error = await readProfile(JSON.stringify({ ...profile, version: 3 })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FileFormatError);
    expect((error as FileFormatError).code).toBe('newer-version');
    expect((error as FileFormatError).message).toContain('supports up to 2');
    const other = thrown(() => migrateProfile({ ...profile, format: 'spikegpu-profil' }));
    expect(other).toBeInstanceOf(FileFormatError);
    expect((other as FileFormatError).message).toContain("did you mean 'spikegpu-profile'?");
  });

  it('names the bad field under network.', () => {
    const bad = structuredClone(profile);
    (bad.network.populations[1] as { size: number }).size = 2.5;
    const error = thrown(() => migrateProfile(bad));
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).path).toBe('network.populations[1].size');
    expect((error as ValidationError).message).toMatch(/^network\.populations\[1\]\.size: expected a positive integer, got 2\.5/);
  });

  it('refuses unknown top-level fields with a suggestion', () => {
    const error = thrown(() => migrateProfile({ ...profile, visualisation: {}, extra: 1 }));
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).code).toBe('unknown-field');
    expect((error as ValidationError).message).toContain("'visualisation', 'extra'");
    expect((error as ValidationError).message).toContain("did you mean 'visualization'?");
    expect(thrown(() => migrateProfile({ ...profile, ui: [] }))).toBeInstanceOf(ValidationError);
  });

  it('never overwrites an existing file unless asked', async () => {
    const path = join(dir, 'keep.json');
    writeFileSync(path, 'precious');
    const error = await writeProfile(path, profile).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).code).toBe('file-exists');
    expect(readFileSync(path, 'utf8')).toBe('precious');
    await writeProfile(path, profile, { overwrite: true });
    expect(await readProfile(path)).toEqual(profile);
    // Nothing is written for an invalid profile.
    const invalid = join(dir, 'invalid.json');
    await expect(writeProfile(invalid, { ...profile, network: { ...profile.network, seed: -1 } })).rejects.toThrow(/network\.seed/);
    expect(existsSync(invalid)).toBe(false);
  });

  it('reports a missing file and bad JSON with typed errors', async () => {
    await expect(readProfile(join(dir, 'none.json'))).rejects.toMatchObject({ code: 'file-not-found' });
    const path = join(dir, 'broken.json');
    writeFileSync(path, '{"format": "spikegpu-profile", ');
    await expect(readProfile(path)).rejects.toBeInstanceOf(FileFormatError);
  });
});
