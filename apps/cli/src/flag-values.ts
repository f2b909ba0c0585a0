import { existsSync } from 'node:fs';
import { ValidationError } from '@spikegpu/core';

/** A command line that cannot be understood: `spikegpu` prints the usage and exits with 2. */
export class UsageError extends Error {}

/** The backends a command accepts. */
export type BackendFlag = 'auto' | 'webgpu' | 'cpu';

/** A number flag's value, or undefined when the flag was not given. */
export function numberFlag(value: string | undefined, flag: string, check: { min?: number; integer?: boolean } = {}): number | undefined {
  if (value === undefined) return undefined;
  const x = Number(value);
  const words = `${check.integer ? 'an integer' : 'a number'}${check.min !== undefined ? ` ≥ ${check.min}` : ''}`;
  if (value.trim() === '' || !Number.isFinite(x) || (check.integer && !Number.isInteger(x)) || (check.min !== undefined && x < check.min))
    throw new UsageError(`${flag}: expected ${words}, got '${value}'`);
  return x;
}

/** A comma-separated list of numbers, e.g. `--scales 0.5,1,2`. */
export function numberListFlag(value: string | undefined, flag: string, check: { min?: number } = {}): number[] | undefined {
  if (value === undefined) return undefined;
  const items = value.split(',');
  return items.map((item) => numberFlag(item, flag, check) as number);
}

/** `--backend`: auto (the default), webgpu or cpu. */
export function backendFlag(value: string | undefined): BackendFlag {
  const backend = value ?? 'auto';
  if (backend !== 'auto' && backend !== 'webgpu' && backend !== 'cpu') throw new UsageError(`--backend: expected auto, webgpu or cpu, got '${backend}'`);
  return backend;
}

/** `--math`: exact (the default: spikes bit-identical to the CPU backend) or fast (the GPU's own exp, log, … and fused multiply-adds). */
export function mathFlag(value: string | undefined): 'exact' | 'fast' {
  const math = value ?? 'exact';
  if (math !== 'exact' && math !== 'fast') throw new UsageError(`--math: expected exact or fast, got '${math}'`);
  return math;
}

/**
 * Refuses, before any work starts, to replace an existing file unless `--force` was given (so a long
 * run is not lost at its end to a file that was already there).
 */
export function checkOutputFile(path: string, force: boolean, flag: string): void {
  if (!force && existsSync(path)) throw new ValidationError(`'${path}' already exists`, { code: 'file-exists', path: flag, hint: 'add --force to replace it' });
}
