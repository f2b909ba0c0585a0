import { FileFormatError, type NetworkDescription, ValidationError } from '@spikegpu/core';
import { type EngineSnapshot, Simulation, type SimulationOptions, stateLayout } from '@spikegpu/simulator';
import { crc32 } from './checksum.js';
import { decodeDescription, encodeDescription, firstDifference } from './description-json.js';
import { checkFormat, type Provenance, readProvenance } from './file-format.js';
import { attributeOf, groupAt, type H5Group, linkName, readArray, requireAttribute } from './h5-datasets.js';
import { damagedFile, openForReading } from './h5-files.js';
import { loadH5 } from './h5-module.js';

/** How a checkpoint lays out one population: what {@link applyCheckpoint} compares with the simulation's plan. */
export interface CheckpointPopulation {
  name: string;
  size: number;
  /** State variables in the engine's order (model variables, then `syn_*`, `ou_*`, `refractory`). */
  variables: string[];
  /** Receptors in the engine's input-ring order. */
  receptors: string[];
}

/** A checkpoint read back: enough to rebuild and continue the simulation. */
export interface Checkpoint {
  /** The network description the simulation was built from. */
  description: NetworkDescription;
  /** Running state in the engine's layout, ready for `sim.restore`. */
  snapshot: EngineSnapshot;
  populations: CheckpointPopulation[];
  /** Simulated time at the checkpoint, ms (`step · dt`). */
  timeMs: number;
  formatVersion: number;
  provenance: Provenance;
  /**
   * Arrays under `/state` that this version does not know (e.g. plasticity state written by a newer
   * spikegpu), by HDF5 path. {@link applyCheckpoint} refuses a checkpoint that has any: continuing
   * without them would not be the same simulation.
   */
  unknownState: string[];
}

/**
 * Reads a `.simstate.h5` checkpoint. Fails with a {@link FileFormatError} that names what was expected
 * for a truncated or damaged file, another kind of file, or one from a newer version.
 */
export async function readCheckpoint(path: string): Promise<Checkpoint> {
  const h5 = await loadH5();
  const expected = 'a spikegpu checkpoint (.simstate.h5)';
  const file = openForReading(h5, path, expected);
  try {
    const formatVersion = checkFormat(file, path, 'checkpoint');
    const description = decodeDescription(readArray(file, path, 'description', 'u8'), path, '/description');
    const step = requireAttribute(file, path, 'step', 'number') as number;
    const dt = requireAttribute(file, path, 'dt_ms', 'number') as number;
    const state = groupAt(file, path, 'state');
    const ringDepth = requireAttribute(state, path, 'ring_depth', 'number') as number;
    const names = requireAttribute(state, path, 'populations', 'string[]') as string[];
    const populationsGroup = groupAt(state, path, 'populations');
    const known = new Set(['/state/spike_totals']);

    const populations: CheckpointPopulation[] = [];
    const stateParts: Float32Array[] = [];
    const ringParts: Array<{ size: number; blocks: Int32Array[] }> = [];
    for (const name of names) {
      const group = groupAt(populationsGroup, path, linkName(name));
      const size = requireAttribute(group, path, 'size', 'number') as number;
      const variables = requireAttribute(group, path, 'variables', 'string[]') as string[];
      const receptors = requireAttribute(group, path, 'receptors', 'string[]') as string[];
      populations.push({ name, size, variables, receptors });
      for (const variable of variables) {
        const datasetPath = `${group.path}/${linkName(variable)}`;
        stateParts.push(checkedArray(group, path, datasetPath, 'f32', size));
        known.add(datasetPath);
      }
      const pending = groupAt(group, path, 'pending_input');
      const blocks = receptors.map((receptor) => {
        const datasetPath = `${pending.path}/${linkName(receptor)}`;
        known.add(datasetPath);
        return checkedArray(pending, path, datasetPath, 'i32', ringDepth * size);
      });
      ringParts.push({ size, blocks });
    }
    const spikeTotals = readArray(file, path, 'state/spike_totals', 'f64', names.length);
    // Plasticity state (weights, STP state, traces) of each plastic projection, when the network has any.
    const projections: Record<string, Record<string, Float32Array>> = {};
    if (state.keys().includes('projections')) {
      const group = groupAt(state, path, 'projections');
      for (const key of group.keys()) {
        const projection = groupAt(group, path, key);
        const arrays: Record<string, Float32Array> = {};
        for (const array of projection.keys()) {
          const datasetPath = `${projection.path}/${array}`;
          arrays[decodeURIComponent(array)] = checkedArray(projection, path, datasetPath, 'f32');
          known.add(datasetPath);
        }
        projections[(attributeOf(projection, 'name') as string | undefined) ?? decodeURIComponent(key)] = arrays;
      }
    }

    const stateLength = stateParts.reduce((n, a) => n + a.length, 0);
    const snapshotState = new Float32Array(stateLength);
    let offset = 0;
    for (const part of stateParts) {
      snapshotState.set(part, offset);
      offset += part.length;
    }
    // Reassemble the ring: slot-major, and within a slot each population's receptor blocks in order.
    const stride = ringParts.reduce((n, p) => n + p.size * p.blocks.length, 0);
    const inputRing = new Int32Array(ringDepth * stride);
    let blockOffset = 0;
    for (const { size, blocks } of ringParts)
      for (const block of blocks) {
        for (let slot = 0; slot < ringDepth; slot++) inputRing.set(block.subarray(slot * size, (slot + 1) * size), slot * stride + blockOffset);
        blockOffset += size;
      }

    return {
      description,
      snapshot: { step, state: snapshotState, inputRing, spikeTotals, ...(Object.keys(projections).length > 0 ? { projections } : {}) },
      populations,
      timeMs: step * dt,
      formatVersion,
      provenance: readProvenance(file),
      unknownState: datasetPaths(state).filter((p) => !known.has(p)),
    };
  } catch (error) {
    throw damagedFile(error, path, expected);
  } finally {
    file.close();
  }
}

/** Reads an array and checks its CRC-32 when the file carries one. */
function checkedArray<T extends 'f32' | 'i32'>(group: H5Group, filePath: string, datasetPath: string, type: T, length?: number) {
  const array = readArray(group, filePath, datasetPath, type, length);
  const dataset = group.get(datasetPath) as H5Group;
  const expected = attributeOf(dataset, 'crc32');
  if (typeof expected === 'number' && crc32(array) !== expected)
    throw new FileFormatError('the data is damaged (checksum mismatch)', {
      code: 'corrupt-data',
      path: `${filePath}:${datasetPath}`,
      expected: `CRC-32 ${expected.toString(16).padStart(8, '0')}`,
      received: crc32(array).toString(16).padStart(8, '0'),
    });
  return array;
}

function datasetPaths(group: H5Group): string[] {
  const paths: string[] = [];
  for (const key of group.keys()) {
    const child = group.get(key);
    if (child && 'slice' in child) paths.push(child.path);
    else if (child && 'keys' in child) paths.push(...datasetPaths(child as H5Group));
  }
  return paths;
}

/** JSON as the file stores it, so that a description and its stored copy compare field by field. */
function asStored(description: NetworkDescription): unknown {
  return JSON.parse(new TextDecoder().decode(encodeDescription(description)));
}

/**
 * Continues `sim` from a checkpoint. The checkpoint must come from the same network: its description
 * and the layout of every population's state must match `sim`'s, or a {@link ValidationError} names
 * the first field that differs.
 */
export async function applyCheckpoint(sim: Simulation, stored: Checkpoint): Promise<void> {
  const checkpoint = withPoissonPhases(stored, sim);
  if (checkpoint.unknownState.length > 0)
    throw new ValidationError('the checkpoint holds state this version cannot restore', {
      code: 'unknown-state',
      path: checkpoint.unknownState[0] as string,
      expected: 'only population state, pending input and spike totals',
      received: checkpoint.unknownState.join(', '),
      hint: 'restore it with the spikegpu version that wrote it or a newer one',
    });
  const difference = firstDifference(asStored(checkpoint.description), asStored(sim.plan.description));
  if (difference)
    throw new ValidationError('the checkpoint does not match this simulation', {
      code: 'checkpoint-mismatch',
      path: `description.${difference.path}`,
      expected: `${JSON.stringify(difference.expected) ?? 'nothing'} (as in the checkpoint)`,
      received: difference.received,
      hint: 'restore a checkpoint into a simulation built from the same description, or use restoreCheckpoint()',
    });
  const layouts = stateLayout(sim.plan);
  for (const pop of sim.plan.populations) {
    const stored = checkpoint.populations[pop.index];
    const variables = (layouts[pop.index] as { variables: string[] }).variables;
    const expected = { name: pop.name, size: pop.size, variables, receptors: pop.receptors.map((r) => r.name) };
    const layoutDifference = firstDifference(stored, expected);
    if (layoutDifference)
      throw new ValidationError('the checkpoint does not match this simulation', {
        code: 'checkpoint-mismatch',
        path: `populations[${pop.index}]${layoutDifference.path ? `.${layoutDifference.path}` : ''}`,
        expected: `${JSON.stringify(layoutDifference.expected) ?? 'nothing'} (as in the checkpoint)`,
        received: layoutDifference.received,
        hint: 'the checkpoint was written by a spikegpu version whose state layout differs',
      });
  }
  await sim.restore(checkpoint.snapshot);
}

/**
 * Checkpoints written before Poisson inputs carried their phase (`poisson_<input>`; written by
 * @spikegpu/simulator 0.1) lack that state. A Poisson process has no memory, so a phase drawn afresh
 * (the plan's initial values) continues it exactly in distribution; every other variable is kept. A
 * checkpoint whose layout differs in anything else is returned unchanged (and refused by the caller).
 */
export function withPoissonPhases(checkpoint: Checkpoint, sim: Simulation): Checkpoint {
  const layouts = stateLayout(sim.plan);
  const isPhase = (v: string) => /^poisson_\d+$/.test(v);
  const lacksPhases = sim.plan.populations.some((pop) => {
    const stored = checkpoint.populations[pop.index];
    const variables = (layouts[pop.index] as { variables: string[] }).variables;
    return (
      stored !== undefined &&
      variables.some(isPhase) &&
      !stored.variables.some(isPhase) &&
      stored.variables.join() === variables.filter((v) => !isPhase(v)).join()
    );
  });
  if (!lacksPhases) return checkpoint;
  const state = new Float32Array(layouts.reduce((n, l, p) => n + l.variables.length * (sim.plan.populations[p] as { size: number }).size, 0));
  let from = 0;
  const populations = sim.plan.populations.map((pop) => {
    const layout = layouts[pop.index] as { base: number; variables: string[] };
    const stored = checkpoint.populations[pop.index] as CheckpointPopulation;
    const storedVariables = stored.variables;
    for (const [k, v] of layout.variables.entries()) {
      const at = layout.base + k * pop.size;
      const storedIndex = storedVariables.indexOf(v);
      if (storedIndex >= 0) state.set(checkpoint.snapshot.state.subarray(from + storedIndex * pop.size, from + (storedIndex + 1) * pop.size), at);
      else state.set(pop.init[v] as Float32Array, at);
    }
    from += storedVariables.length * pop.size;
    return { ...stored, variables: [...layout.variables] };
  });
  return { ...checkpoint, populations, snapshot: { ...checkpoint.snapshot, state } };
}

export interface RestoreCheckpointOptions extends SimulationOptions {
  /**
   * The description the caller expects; when given it must equal the checkpoint's (a
   * {@link ValidationError} names the first difference).
   */
  description?: NetworkDescription;
}

/**
 * Builds a simulation from a checkpoint's description and continues it from the checkpoint's state:
 * what follows is bit-identical to a run that never stopped.
 *
 * @example
 * ```ts
 * const sim = await restoreCheckpoint('net.simstate.h5', { backend: 'cpu' });
 * await sim.run(80);
 * ```
 */
export async function restoreCheckpoint(path: string, options: RestoreCheckpointOptions = {}): Promise<Simulation> {
  const checkpoint = await readCheckpoint(path);
  const { description, ...simulationOptions } = options;
  if (description) {
    const difference = firstDifference(asStored(checkpoint.description), asStored(description));
    if (difference)
      throw new ValidationError('the checkpoint does not match the description', {
        code: 'checkpoint-mismatch',
        path: `description.${difference.path}`,
        expected: `${JSON.stringify(difference.expected) ?? 'nothing'} (as in the checkpoint)`,
        received: difference.received,
      });
  }
  const sim = await Simulation.create(checkpoint.description, simulationOptions);
  try {
    await applyCheckpoint(sim, checkpoint);
  } catch (error) {
    sim.destroy();
    throw error;
  }
  return sim;
}
