import { didYouMean, ValidationError } from '@spikegpu/core';
import { corticalColumn } from './cortical-column.js';
import { NEURAL_SIMULATOR_PROFILES } from './neural-simulator-profiles.js';
import { spatialEi } from './spatial-ei.js';
import type { StructureProfile } from './structure-profile.js';

/** Every built-in profile by name: neural-simulator's ten, the layered cortical column and the 3D spatial E/I network. */
export const STRUCTURE_PROFILES: Readonly<Record<string, StructureProfile>> = Object.fromEntries(
  [...NEURAL_SIMULATOR_PROFILES, corticalColumn, spatialEi].map((profile) => [profile.name, profile]),
);

/**
 * The profile of that name (or neural-simulator's name for it, e.g. `CORTEX_L23_RS_FS`).
 * @throws {ValidationError} naming the profile, with the closest known name.
 */
export function findProfile(name: string): StructureProfile {
  const found = STRUCTURE_PROFILES[name] ?? Object.values(STRUCTURE_PROFILES).find((p) => p.sourceName === name);
  if (found) return found;
  const names = Object.keys(STRUCTURE_PROFILES);
  throw new ValidationError(`unknown structure profile '${name}'`, {
    code: 'unknown-profile',
    path: 'profile',
    expected: `one of ${names.join(', ')}`,
    hint: didYouMean(name, [...names, ...Object.values(STRUCTURE_PROFILES).flatMap((p) => (p.sourceName ? [p.sourceName] : []))]),
  });
}
