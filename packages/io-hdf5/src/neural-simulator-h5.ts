import { FileFormatError } from '@spikegpu/core';
import { findProfile } from '@spikegpu/profiles';
import { attributeOf, type H5Dataset, type H5Group } from './h5-datasets.js';
import { readFailure } from './h5-files.js';
import type { MigrationReport, NeuralSimulatorNetwork } from './neural-simulator-profile.js';

/** Which of our populations each neural-simulator neuron went to, by its trait. */
export interface NeuronMapping {
  /** Our population of each neural-simulator neuron (index into `populations`). */
  populationOf: Uint16Array;
  /** Its index inside that population (neurons keep neural-simulator's order within a population). */
  localIdOf: Uint32Array;
  /** Per population, in our order: its name and the neural-simulator indices of its neurons. */
  populations: Array<{ population: string; sourceIds: Uint32Array }>;
}

/**
 * An attribute as h5py wrote it: numbers (int64 read as bigint), bools (h5py's enum, read as 0/1), JSON
 * strings for lists and dicts, and `"NoneType"` for None.
 */
export function sourceAttribute(object: H5Group | H5Dataset, name: string): unknown {
  const value = attributeOf(object, name);
  if (typeof value !== 'string') return value;
  if (value === 'NoneType') return null;
  const trimmed = value.trim();
  if (trimmed.startsWith('[') || trimmed.startsWith('{')) {
    try {
      return JSON.parse(trimmed);
    } catch {
      return value;
    }
  }
  return value;
}

/** All attributes of an object, decoded as {@link sourceAttribute} does. */
export function sourceAttributes(object: H5Group | H5Dataset): Record<string, unknown> {
  return Object.fromEntries(Object.keys(object.attrs).map((name) => [name, sourceAttribute(object, name)]));
}

/** Whether a flag is on, as h5py stores bools (enum 0/1) or JSON (true/false). */
export function isOn(value: unknown): boolean {
  return value === true || value === 1 || value === 'True' || value === 'true';
}

/** A numeric dataset of the expected number of elements, as a Float32Array; `_is_empty` arrays give an empty one. */
export function readSourceArray(group: H5Group, filePath: string, name: string, length: number | undefined, expected: string): Float32Array {
  if (isOn(attributeOf(group, `${name}_is_empty`))) return new Float32Array(0);
  const entity = group.get(name);
  const where = `${filePath}:${group.path === '/' ? '' : group.path}/${name}`;
  if (!entity || !('slice' in entity))
    throw new FileFormatError('a dataset is missing', { code: 'missing-dataset', path: where, expected, received: entity ? 'a group' : 'nothing' });
  let value: unknown;
  try {
    value = (entity as H5Dataset).value;
  } catch (error) {
    throw readFailure(error, filePath, where);
  }
  if (!ArrayBuffer.isView(value) && !Array.isArray(value))
    throw new FileFormatError('a dataset has the wrong element type', {
      code: 'wrong-dtype',
      path: where,
      expected,
      received: String((entity as H5Dataset).dtype),
    });
  const array = Float32Array.from(value as ArrayLike<number>, (x) => Number(x));
  if (length !== undefined && array.length !== length)
    throw new FileFormatError('a dataset has the wrong shape', {
      code: 'wrong-shape',
      path: where,
      expected: `${length} elements (${expected})`,
      received: `${array.length}`,
    });
  return array;
}

/** Names of the datasets in a group. */
export function datasetNames(group: H5Group): string[] {
  return group.keys().filter((key) => {
    const entity = group.get(key);
    return entity !== null && entity !== undefined && 'slice' in entity;
  });
}

/**
 * Maps neural-simulator's traits to our populations: trait i is the profile's population i (its trait
 * definitions are in the same order); GENERIC_UNSTRUCTURED's five random traits become `exc` and `inh`
 * by its inhibitory set (`inhibitory_trait_indices`, or `inhibitory_trait_index`).
 */
export function mapTraits(traits: Float32Array, core: Record<string, unknown>, network: NeuralSimulatorNetwork, where: string): NeuronMapping {
  const profile = findProfile(network.profile);
  const names = profile.populations.map((p) => p.name);
  const populationOf = new Uint16Array(traits.length);
  if (profile.name === 'generic') {
    const listed = Array.isArray(core.inhibitory_trait_indices) ? (core.inhibitory_trait_indices as unknown[]).filter((x) => typeof x === 'number') : [];
    const inhibitory = new Set<number>(
      listed.length > 0 ? (listed as number[]) : [typeof core.inhibitory_trait_index === 'number' ? core.inhibitory_trait_index : 1],
    );
    const enabled = core.enable_inhibitory_neurons === undefined || isOn(core.enable_inhibitory_neurons);
    const inhIndex = names.indexOf('inh');
    const excIndex = names.indexOf('exc');
    traits.forEach((trait, i) => {
      populationOf[i] = enabled && inhibitory.has(trait) ? inhIndex : excIndex;
    });
  } else {
    traits.forEach((trait, i) => {
      if (!Number.isInteger(trait) || trait < 0 || trait >= names.length)
        throw new FileFormatError('', {
          code: 'invalid-value',
          path: `${where} [neuron ${i}]`,
          expected: `a trait index 0…${names.length - 1} of ${profile.sourceName ?? profile.name}`,
          received: trait,
        });
      populationOf[i] = trait;
    });
  }
  const counts = new Uint32Array(names.length);
  const localIdOf = new Uint32Array(traits.length);
  populationOf.forEach((p, i) => {
    localIdOf[i] = counts[p] as number;
    counts[p] = (counts[p] as number) + 1;
  });
  const populations = names.map((population, p) => ({ population, sourceIds: new Uint32Array(counts[p] as number) }));
  populationOf.forEach((p, i) => {
    (populations[p] as { sourceIds: Uint32Array }).sourceIds[localIdOf[i] as number] = i;
  });
  return { populationOf, localIdOf, populations };
}

/** Sets the description's population sizes to the file's counts (they may differ from our rounding by a neuron or so). */
export function applyMapping(network: NeuralSimulatorNetwork, mapping: NeuronMapping, report: MigrationReport): void {
  const empty = mapping.populations.filter((p) => p.sourceIds.length === 0).map((p) => p.population);
  if (empty.length > 0)
    throw new FileFormatError('', {
      code: 'invalid-value',
      path: 'cp_traits',
      expected: `at least one neuron in each population of ${network.profile}`,
      received: `none in ${empty.join(', ')}`,
    });
  for (const population of network.description.populations) {
    const size = mapping.populations.find((p) => p.population === population.name)?.sourceIds.length;
    if (size !== undefined) population.size = size;
  }
  report.carried.push(`cp_traits → population sizes ${mapping.populations.map((p) => `${p.population} ${p.sourceIds.length}`).join(', ')}`);
}
