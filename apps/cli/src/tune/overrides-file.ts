import { readFile } from 'node:fs/promises';
import { FileFormatError, type NetworkDescription, ValidationError } from '@spikegpu/core';
import type { ActivityCriteria, ActivityMetrics } from './activity-metrics.js';
import { scaleDrive } from './drive-scale.js';

/** One drive scale tried by `spikegpu tune`, and what the network did with it. */
export interface SweepPoint extends ActivityMetrics {
  driveScale: number;
  /** The criteria it broke (empty: it met them all). */
  failures: string[];
}

/** The scale `spikegpu tune` chose for one network, with the evidence. */
export interface TunedNetwork {
  driveScale: number;
  /** False when no scale met the criteria and the nearest miss was kept. */
  meetsCriteria: boolean;
  neurons: number;
  durationMs: number;
  dtMs: number;
  backend: string;
  sweep: SweepPoint[];
}

/**
 * What `spikegpu tune` writes and `spikegpu run --overrides` applies: per network (by its
 * description's name), the factor its external drive is multiplied by.
 */
export interface OverridesFile {
  format: 'spikegpu-overrides';
  version: 1;
  createdUtc: string;
  /** The command line that made it, for the record. */
  command: string;
  seed: number;
  criteria: ActivityCriteria;
  networks: Record<string, TunedNetwork>;
}

/** The `format` field of an overrides file. */
export const OVERRIDES_FORMAT = 'spikegpu-overrides';

/** Reads and checks an overrides file (a {@link FileFormatError} names what is wrong). */
export async function readOverrides(path: string): Promise<OverridesFile> {
  let json: unknown;
  try {
    json = JSON.parse(await readFile(path, 'utf8'));
  } catch (error) {
    throw new FileFormatError(`cannot read overrides '${path}'`, { code: 'unreadable-file', path: '--overrides', hint: (error as Error).message });
  }
  const file = json as Partial<OverridesFile>;
  if (file?.format !== OVERRIDES_FORMAT)
    throw new FileFormatError('', {
      code: 'wrong-format',
      path,
      expected: `a JSON file with "format": "${OVERRIDES_FORMAT}" (written by spikegpu tune)`,
      received: file?.format,
    });
  if (file.version !== 1) throw new FileFormatError('', { code: 'newer-version', path: `${path}:version`, expected: 'version 1', received: file.version });
  if (!file.networks || typeof file.networks !== 'object')
    throw new FileFormatError('', { code: 'missing-field', path: `${path}:networks`, expected: 'an object of networks', received: file.networks });
  for (const [name, entry] of Object.entries(file.networks))
    if (!(typeof entry?.driveScale === 'number' && Number.isFinite(entry.driveScale) && entry.driveScale >= 0))
      throw new FileFormatError('', {
        code: 'invalid-value',
        path: `${path}:networks.${name}.driveScale`,
        expected: 'a number ≥ 0',
        received: entry?.driveScale,
      });
  return file as OverridesFile;
}

/**
 * The description with the drive scale the overrides give for `name` (the description's name, or a
 * profile's file name); a {@link ValidationError} lists the networks the file has when it has none for it.
 */
export function applyOverrides(
  description: NetworkDescription,
  overrides: OverridesFile,
  path: string,
  name: string,
): { description: NetworkDescription; driveScale: number } {
  const entry = Object.hasOwn(overrides.networks, name) ? overrides.networks[name] : undefined;
  if (!entry)
    throw new ValidationError(`'${path}' has no overrides for network '${name}'`, {
      code: 'no-overrides',
      path: '--overrides',
      expected: `a file tuned for '${name}' (it has ${Object.keys(overrides.networks).join(', ') || 'none'})`,
      hint: 'run spikegpu tune for this network',
    });
  return { description: scaleDrive(description, entry.driveScale), driveScale: entry.driveScale };
}
