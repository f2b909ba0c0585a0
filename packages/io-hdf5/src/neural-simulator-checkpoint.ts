import { FileFormatError, SpikegpuError, ValidationError } from '@spikegpu/core';
import { type Simulation, stateLayout } from '@spikegpu/simulator';
import { attributeOf, type H5Group } from './h5-datasets.js';
import { damagedFile, openForReading } from './h5-files.js';
import { loadH5 } from './h5-module.js';
import { applyMapping, datasetNames, isOn, mapTraits, readSourceArray, sourceAttributes } from './neural-simulator-h5.js';
import {
  type Migration,
  type MigrationReport,
  migrateCoreConfig,
  type NeuralSimulatorMigrationOptions,
  type NeuralSimulatorNetwork,
} from './neural-simulator-profile.js';

/** neural-simulator's connectivity: CSR, row = presynaptic neuron, over its whole network. */
export interface NeuralSimulatorConnections {
  /** `connections_shape_0`, `connections_shape_1`. */
  shape: [number, number];
  /** `connections_indptr`. */
  rowOffsets: Uint32Array;
  /** `connections_indices`: postsynaptic neuron (neural-simulator index) of each synapse. */
  targets: Uint32Array;
  /** `connections_data`: weight of each synapse, in neural-simulator's units. */
  weights: Float32Array;
}

/** A neural-simulator checkpoint in spikegpu's form. */
export interface NeuralSimulatorCheckpoint {
  /** The network, rebuilt from the checkpoint's configuration attributes with the file's population sizes. */
  network: NeuralSimulatorNetwork;
  /**
   * State per population and variable, in our variable names (v, u; v, m, h, n and the extended gates
   * p, mT, hT, q, pNaP; v, w), population-local order: ready for `sim.setState`-style use.
   */
  state: Record<string, Record<string, Float32Array>>;
  /** Per population: neural-simulator's index of each of its neurons (local id → source id). */
  neurons: Array<{ population: string; sourceIds: Uint32Array }>;
  /** Its connectivity and weights, as data (our network draws its own from the profile). */
  connections: NeuralSimulatorConnections | null;
  /** `cp_neuron_positions_3d`, n × 3 (x, y, z per neuron, neural-simulator order), or null. */
  positions: Float32Array | null;
}

/** Checkpoint datasets → our state variables, by model family. */
const STATE_VARIABLES: Record<string, Record<string, string>> = {
  common: { cp_membrane_potential_v: 'v' },
  'izhikevich-2007': { cp_recovery_variable_u: 'u' },
  'hodgkin-huxley': { cp_gating_variable_m: 'm', cp_gating_variable_h: 'h', cp_gating_variable_n: 'n' },
  'hodgkin-huxley-extended': {
    cp_hh_m_current_activation: 'p',
    cp_hh_CaT_m: 'mT',
    cp_hh_CaT_h: 'hT',
    cp_hh_h_current_q: 'q',
    cp_hh_NaP_activation: 'pNaP',
  },
  adex: { cp_adex_w: 'w' },
};

/** Why the other datasets are not carried. */
const DATASET_REASONS: Array<[RegExp, string]> = [
  [
    /^cp_neuron_firing_thresholds$/,
    'per-neuron homeostatic thresholds: our models have no such state (neural-simulator used them instead of vpeak, seeds-deep §5.10)',
  ],
  [/^cp_conductance_g_[ei]$/, "receptor conductances: restore into a running simulation's receptor state yourself if needed; a fresh network starts at 0"],
  [/^cp_(izh_|hh_(C_m|g_|E_|v_peak))/, 'per-neuron parameters: ours come from the presets of the profile'],
  [/^cp_stp_[ux]$/, 'short-term plasticity state per synapse of its CSR: our synapses are drawn anew'],
  [/^connections_/, 'carried as data in result.connections; our network draws its own synapses from the profile'],
  [/^cp_(viz_activity_timers|synapse_pulse_timers|synapse_pulse_progress)$/, 'GUI animation state'],
  [/^cp_(firing_states|prev_firing_states)$/, 'last-step spike flags: a restored network starts without spikes in flight (neural-simulator has no delays)'],
  [/^cp_refractory_timers$/, 'refractory timers: our models keep their own'],
  [/^cp_external_input_current$/, "its external drive: ours comes from the profile kit's inputs"],
  [/^cp_neuron_activity_ema$/, 'the homeostasis rate estimate'],
  [/^cp_(ou_current|eligibility_trace)$|struct/, 'HEAD-only noise and plasticity state with no spikegpu equivalent'],
];

const EXPECTED = 'a neural-simulator checkpoint (.simstate.h5: root datasets cp_membrane_potential_v, cp_traits, … and its configuration as root attributes)';

/**
 * Reads a neural-simulator checkpoint (`.simstate.h5`, flat: one root attribute per configuration
 * field, one root dataset per state array) into our network description, the state of every neuron
 * in our populations and variable names, and its connectivity and positions as data. neural-simulator
 * did not save time or step, so the state is that of an unknown time (the report says so). (Its own
 * `save_checkpoint` raised before writing, seeds-deep §5.3; files from a fixed copy read the same.)
 *
 * @throws {FileFormatError} for a missing, damaged or other file, or one without the documented datasets
 *   and attributes, naming what was expected.
 */
export async function readNeuralSimulatorCheckpoint(
  path: string,
  options: NeuralSimulatorMigrationOptions = {},
): Promise<Migration<NeuralSimulatorCheckpoint>> {
  const h5 = await loadH5();
  const file = openForReading(h5, path, EXPECTED);
  try {
    const root = file as unknown as H5Group;
    const names = datasetNames(root);
    if (typeof attributeOf(root, 'format') === 'string' || !names.includes('cp_membrane_potential_v') || !names.includes('cp_traits')) {
      const format = attributeOf(root, 'format');
      throw new FileFormatError('', {
        code: 'wrong-format',
        path,
        expected: EXPECTED,
        received:
          typeof format === 'string'
            ? `a file of format "${format}"`
            : root.keys().includes('frames')
              ? 'a neural-simulator recording'
              : `an HDF5 file whose top level is ${root.keys().slice(0, 6).join(', ') || 'empty'}`,
        ...(typeof format === 'string'
          ? { hint: 'spikegpu checkpoints are opened with restoreCheckpoint' }
          : root.keys().includes('frames')
            ? { hint: 'read it with readNeuralSimulatorRecording' }
            : {}),
      });
    }
    const report: MigrationReport = { source: path, carried: [], dropped: [] };
    const attributes = sourceAttributes(root);
    const core: Record<string, unknown> = {};
    const extra: string[] = [];
    for (const [name, value] of Object.entries(attributes)) {
      if (name.startsWith('_mock_') || name.endsWith('_json') || name.endsWith('_is_empty') || /^connections_shape_\d$/.test(name)) extra.push(name);
      else core[name] = value;
    }
    const network = migrateCoreConfig(core, report, 'attributes', options);
    for (const name of extra.filter((n) => !n.endsWith('_is_empty') && !n.startsWith('connections_shape')))
      report.dropped.push({
        field: `/@${name}`,
        reason: name.startsWith('_mock_')
          ? 'made-up numbers neural-simulator stored; recompute them from a run'
          : 'GUI and view settings (types list for the viewer, OpenGL, filters): no spikegpu equivalent',
      });
    report.dropped.push({ field: 'time and step', reason: 'neural-simulator does not save them: the restored state starts at t = 0' });

    const traits = readSourceArray(root, path, 'cp_traits', undefined, 'int32 trait index per neuron');
    const n = traits.length;
    const mapping = mapTraits(traits, core, network, `${path}:/cp_traits`);
    applyMapping(network, mapping, report);

    // State variables for our model of each population.
    const used = new Set(['cp_traits']);
    const state: Record<string, Record<string, Float32Array>> = {};
    const perModel = (model: string): Record<string, string> => ({
      ...STATE_VARIABLES.common,
      ...(model.startsWith('hodgkin-huxley') ? STATE_VARIABLES['hodgkin-huxley'] : {}),
      ...(model === 'hodgkin-huxley-extended' ? STATE_VARIABLES['hodgkin-huxley-extended'] : {}),
      ...(model === 'izhikevich-2007' ? STATE_VARIABLES['izhikevich-2007'] : {}),
      ...(model === 'adex' ? STATE_VARIABLES.adex : {}),
    });
    const cache = new Map<string, Float32Array>();
    const read = (name: string) => {
      let array = cache.get(name);
      if (!array) {
        array = readSourceArray(root, path, name, n, `float32 per neuron (${n})`);
        cache.set(name, array);
      }
      return array;
    };
    mapping.populations.forEach(({ population, sourceIds }) => {
      const spec = network.description.populations.find((p) => p.name === population);
      const variables = perModel(spec?.model ?? '');
      const values: Record<string, Float32Array> = {};
      for (const [dataset, variable] of Object.entries(variables)) {
        if (!names.includes(dataset) && !isOn(attributeOf(root, `${dataset}_is_empty`)))
          throw new FileFormatError('a dataset is missing', {
            code: 'missing-dataset',
            path: `${path}:/${dataset}`,
            expected: `float32 per neuron: the ${variable} of a ${network.model} network`,
            received: 'nothing',
          });
        const all = read(dataset);
        used.add(dataset);
        if (all.length === 0) continue;
        values[variable] = Float32Array.from(sourceIds, (i) => all[i] as number);
      }
      state[population] = values;
    });
    report.carried.push(
      `${[...used].filter((d) => d !== 'cp_traits').join(', ')} → state (${Object.keys(Object.values(state)[0] ?? {}).join(', ')}) per population`,
    );

    // Connectivity and positions, as data.
    let connections: NeuralSimulatorConnections | null = null;
    if (names.includes('connections_indptr')) {
      const rowOffsets = readSourceArray(root, path, 'connections_indptr', undefined, 'CSR row offsets');
      const targets = readSourceArray(root, path, 'connections_indices', undefined, 'CSR column indices');
      const weights = readSourceArray(root, path, 'connections_data', targets.length, 'CSR weights, one per column index');
      const rows = attributeOf(root, 'connections_shape_0');
      const cols = attributeOf(root, 'connections_shape_1');
      if (rowOffsets.length !== (typeof rows === 'number' ? rows : n) + 1 || rowOffsets[rowOffsets.length - 1] !== targets.length)
        throw new FileFormatError('', {
          code: 'wrong-shape',
          path: `${path}:/connections_indptr`,
          expected: `${(typeof rows === 'number' ? rows : n) + 1} row offsets ending at ${targets.length}`,
          received: `${rowOffsets.length} ending at ${rowOffsets[rowOffsets.length - 1]}`,
        });
      connections = {
        shape: [typeof rows === 'number' ? rows : n, typeof cols === 'number' ? cols : n],
        rowOffsets: Uint32Array.from(rowOffsets),
        targets: Uint32Array.from(targets),
        weights,
      };
      for (const d of ['connections_indptr', 'connections_indices', 'connections_data']) used.add(d);
      report.carried.push(`connections_indptr/indices/data → result.connections (${targets.length} synapses, as data)`);
      report.dropped.push({
        field: '/connections_*',
        value: `${targets.length} synapses`,
        reason:
          "not wired into the description: our network draws its own synapses from the profile (they are in result.connections; neural-simulator's wiring was its spatial top-k fallback, seeds-deep §5.14)",
      });
    }
    let positions: Float32Array | null = null;
    if (names.includes('cp_neuron_positions_3d')) {
      positions = readSourceArray(root, path, 'cp_neuron_positions_3d', 3 * n, 'float32 n × 3 positions');
      used.add('cp_neuron_positions_3d');
      report.carried.push('cp_neuron_positions_3d → result.positions (as data; the description places neurons by its profile)');
    }
    for (const name of names.filter((d) => !used.has(d)))
      report.dropped.push({ field: `/${name}`, reason: DATASET_REASONS.find(([pattern]) => pattern.test(name))?.[1] ?? 'no spikegpu equivalent' });

    return { result: { network, state, neurons: mapping.populations, connections, positions }, report };
  } catch (error) {
    if (error instanceof SpikegpuError) throw error;
    throw damagedFile(error, path, EXPECTED);
  } finally {
    file.close();
  }
}

/**
 * Sets the state of a simulation built from `checkpoint.network.description` to the checkpoint's
 * (membrane potentials, recovery or gating variables), leaving the rest (receptor conductances,
 * noise, refractory timers, time) as the simulation has it.
 *
 * @example
 * ```ts
 * const { result } = await readNeuralSimulatorCheckpoint('state.simstate.h5');
 * const sim = await Simulation.create(result.network.description);
 * await applyNeuralSimulatorState(sim, result);
 * ```
 * @throws {ValidationError} when the simulation's populations or variables are not the checkpoint's.
 */
export async function applyNeuralSimulatorState(sim: Simulation, checkpoint: NeuralSimulatorCheckpoint): Promise<void> {
  const snapshot = await sim.snapshot();
  const layouts = stateLayout(sim.plan);
  for (const [population, values] of Object.entries(checkpoint.state)) {
    const pop = sim.plan.populations.find((p) => p.name === population);
    const layout = pop ? layouts[pop.index] : undefined;
    if (!pop || !layout)
      throw new ValidationError('the checkpoint does not match this simulation', {
        code: 'checkpoint-mismatch',
        path: `populations.${population}`,
        expected: `a population ${population} (as in the checkpoint)`,
        received: sim.plan.populations.map((p) => p.name).join(', '),
        hint: 'build the simulation from checkpoint.network.description',
      });
    for (const [variable, array] of Object.entries(values)) {
      const k = layout.variables.indexOf(variable);
      if (k < 0 || array.length !== pop.size)
        throw new ValidationError('the checkpoint does not match this simulation', {
          code: 'checkpoint-mismatch',
          path: `populations.${population}.${variable}`,
          expected: `${array.length} values of ${variable} (as in the checkpoint)`,
          received: k < 0 ? `variables ${layout.variables.join(', ')}` : `${pop.size} neurons`,
          hint: 'build the simulation from checkpoint.network.description',
        });
      snapshot.state.set(array, layout.base + k * pop.size);
    }
  }
  await sim.restore(snapshot);
}
