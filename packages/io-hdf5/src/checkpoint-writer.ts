import { type Simulation, stateLayout } from '@spikegpu/simulator';
import { crc32 } from './checksum.js';
import { encodeDescription } from './description-json.js';
import { currentProvenance, writeHeader } from './file-format.js';
import { DEFAULT_GZIP_LEVEL, type H5Group, linkName, setAttribute, setIntegerAttribute, writeArray } from './h5-datasets.js';
import { checkOverwrite, removeIfRegularFile, writeFailure } from './h5-files.js';
import { fileSystemOf, loadH5 } from './h5-module.js';

export interface WriteCheckpointOptions {
  /** Replace an existing file. Default false: an existing file is an error. */
  overwrite?: boolean;
  /** The GPU adapter, for provenance (e.g. `gpu.adapterInfo.description`); empty on the CPU. */
  adapter?: string;
  /**
   * Also store each projection's synapses (`/connectivity`), for tools that read the network from the
   * file. Restoring does not need them: the description rebuilds them exactly. Default true.
   */
  connectivity?: boolean;
  /** gzip level, 0–9. Default 4. */
  compressionLevel?: number;
}

/**
 * Saves everything a simulation needs to continue — the description, every state variable of every
 * population, the synaptic input already in flight, spike totals, the step — into a `.simstate.h5`
 * file that any HDF5 tool reads (layout: docs/file-formats.md). The file is written under a temporary
 * name and renamed when complete, so a crash never leaves a half-written checkpoint under `path`.
 *
 * @example
 * ```ts
 * await sim.run(120);
 * await writeCheckpoint('net.simstate.h5', sim);
 * const resumed = await restoreCheckpoint('net.simstate.h5', { backend: 'cpu' });
 * await resumed.run(80); // the same spikes as an uninterrupted 200 ms run
 * ```
 */
export async function writeCheckpoint(path: string, sim: Simulation, options: WriteCheckpointOptions = {}): Promise<void> {
  const h5 = await loadH5();
  checkOverwrite(h5, path, options.overwrite);
  const descriptionBytes = encodeDescription(sim.plan.description);
  const snapshot = await sim.snapshot();
  const plan = sim.plan;
  const level = options.compressionLevel ?? DEFAULT_GZIP_LEVEL;
  const partial = `${path}.partial-${Math.random().toString(36).slice(2, 10)}`;
  const fs = fileSystemOf(h5);
  let file: InstanceType<typeof h5.File> | null = null;
  try {
    file = new h5.File(partial, 'w');
    writeHeader(file, 'checkpoint', currentProvenance(sim.backend, options.adapter));
    setIntegerAttribute(file, 'step', snapshot.step, 'u64');
    setAttribute(file, 'time_ms', snapshot.step * plan.dt);
    setAttribute(file, 'dt_ms', plan.dt);
    setIntegerAttribute(file, 'seed', plan.seed, 'u32');
    const description = writeArray(file, 'description', 'u8', descriptionBytes, { level });
    setAttribute(description, 'content_type', 'application/json; charset=utf-8');

    const state = file.create_group('state');
    setIntegerAttribute(state, 'ring_depth', plan.ringDepth, 'u32');
    setAttribute(
      state,
      'populations',
      plan.populations.map((p) => p.name),
    );
    writeArray(state, 'spike_totals', 'f64', snapshot.spikeTotals, { level });
    const populations = state.create_group('populations');
    const layouts = stateLayout(plan);
    for (const pop of plan.populations) {
      const layout = layouts[pop.index] as (typeof layouts)[number];
      const group = populations.create_group(linkName(pop.name));
      setAttribute(group, 'name', pop.name);
      setIntegerAttribute(group, 'index', pop.index, 'u32');
      setAttribute(group, 'model', pop.model.name);
      setIntegerAttribute(group, 'size', pop.size, 'u32');
      setIntegerAttribute(group, 'offset', pop.offset, 'u32');
      setAttribute(group, 'variables', layout.variables);
      setAttribute(
        group,
        'receptors',
        pop.receptors.map((r) => r.name),
      );
      layout.variables.forEach((variable, k) => {
        const values = snapshot.state.subarray(layout.base + k * pop.size, layout.base + (k + 1) * pop.size);
        const dataset = writeArray(group, linkName(variable), 'f32', values, { level });
        setIntegerAttribute(dataset, 'crc32', crc32(values), 'u32');
      });
      writePendingInput(group.create_group('pending_input'), pop, plan.ringDepth, plan.ringStride, snapshot.inputRing, level);
    }
    // Plasticity state of plastic projections: weights (f32, CSR order), STP state, traces.
    const plastic = Object.entries(snapshot.projections ?? {});
    if (plastic.length > 0) {
      const projections = state.create_group('projections');
      for (const [name, arrays] of plastic) {
        const group = projections.create_group(linkName(name));
        setAttribute(group, 'name', name);
        for (const [array, values] of Object.entries(arrays)) {
          const dataset = writeArray(group, linkName(array), 'f32', values, { level });
          setIntegerAttribute(dataset, 'crc32', crc32(values), 'u32');
        }
      }
    }
    if (options.connectivity ?? true) writeConnectivity(file.create_group('connectivity'), plan, level);
    file.close();
    file = null;
    fs.rename(partial, path);
  } catch (error) {
    try {
      file?.close();
    } catch {
      // Already failing; the original error is the one to report.
    }
    removeIfRegularFile(h5, partial);
    throw writeFailure(error, path, 'the checkpoint');
  }
}

type PopulationPlan = Simulation['plan']['populations'][number];

/** One [ring depth × size] i32 block per receptor: input that arrives at step s sits in row s mod depth. */
function writePendingInput(group: H5Group, pop: PopulationPlan, depth: number, stride: number, ring: Int32Array, level: number): void {
  setAttribute(group, 'row_of_step', 'step mod ring_depth');
  for (const receptor of pop.receptors) {
    const block = new Int32Array(depth * pop.size);
    for (let slot = 0; slot < depth; slot++)
      block.set(ring.subarray(slot * stride + receptor.ringOffset, slot * stride + receptor.ringOffset + pop.size), slot * pop.size);
    const dataset = writeArray(group, linkName(receptor.name), 'i32', block, { shape: [depth, pop.size], level });
    setIntegerAttribute(dataset, 'scale_exponent', receptor.scaleExp, 'i32');
    setAttribute(dataset, 'kind', receptor.spec.kind);
    setIntegerAttribute(dataset, 'crc32', crc32(block), 'u32');
  }
}

/** Synapses in CSR form (row = presynaptic neuron), weights in the receptor's unit, exactly as the engine holds them. */
function writeConnectivity(group: H5Group, plan: Simulation['plan'], level: number): void {
  for (const projection of plan.projections) {
    const g = group.create_group(linkName(projection.name));
    setAttribute(g, 'name', projection.name);
    setAttribute(g, 'source', projection.source.name);
    setAttribute(g, 'target', projection.target.name);
    setAttribute(g, 'receptor', projection.receptor.name);
    writeArray(g, 'row_offsets', 'u32', projection.csr.rowOffsets, { level });
    writeArray(g, 'targets', 'u32', projection.csr.targets, { level });
    // The engine's fixed-point weight times 2^−scale_exponent is exact in f64.
    const scale = 2 ** -projection.receptor.scaleExp;
    writeArray(
      g,
      'weights',
      'f64',
      Float64Array.from(projection.weightsFixed, (w) => w * scale),
      { level },
    );
    if (projection.delaySteps) writeArray(g, 'delay_steps', 'u16', projection.delaySteps, { level });
    else setIntegerAttribute(g, 'constant_delay_steps', projection.constantDelaySteps, 'u32');
  }
}
