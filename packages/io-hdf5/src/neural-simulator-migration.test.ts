import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FileFormatError, type SpikegpuError } from '@spikegpu/core';
import { buildProfileNetwork } from '@spikegpu/profiles';
import { Simulation } from '@spikegpu/simulator';
import { afterAll, describe, expect, it } from 'vitest';
import type { H5Group } from './h5-datasets.js';
import { loadH5 } from './h5-module.js';
import { applyNeuralSimulatorState, readNeuralSimulatorCheckpoint } from './neural-simulator-checkpoint.js';
import { formatMigrationReport, readNeuralSimulatorProfile } from './neural-simulator-profile.js';
import { readNeuralSimulatorRecording } from './neural-simulator-recording.js';

const dir = mkdtempSync(join(tmpdir(), 'spikegpu-neural-simulator-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// ---- Fixtures: neural-simulator's layouts (seeds-deep §1.3, §1.4, §1.7), written as h5py would. ----

/** An attribute as h5py stores a Python value: int → int64, float → float64, bool → int8 (h5py: an int8 enum), list/dict → JSON, None → "NoneType". */
function pyAttr(object: H5Group, name: string, value: unknown): void {
  if (value === null) object.create_attribute(name, 'NoneType');
  else if (typeof value === 'boolean') object.create_attribute(name, value ? 1 : 0, null, '<b');
  else if (typeof value === 'number' && Number.isInteger(value) && !Number.isNaN(value))
    object.create_attribute(name, BigInt(value) as unknown as number, null, '<q');
  else if (typeof value === 'number') object.create_attribute(name, value, null, '<d');
  else if (typeof value === 'string') object.create_attribute(name, value);
  else object.create_attribute(name, JSON.stringify(value));
}
/** A gzip dataset (h5py's `compression="gzip"`). */
function pyDataset(group: H5Group, name: string, data: Float32Array | Int32Array | Int8Array, shape?: number[]): void {
  const dtype = data instanceof Float32Array ? '<f' : data instanceof Int32Array ? '<i' : '|b1';
  group.create_dataset({ name, data, dtype, shape: shape ?? [data.length], chunks: shape ?? [data.length], compression: 'gzip', compression_opts: 4 });
}

const N = 20;
/** Trait 1 (FS, inhibitory) for every fifth neuron, trait 0 (RS, excitatory) for the others. */
const TRAITS = Int32Array.from({ length: N }, (_, i) => (i % 5 === 0 ? 1 : 0));
/** The RS defaults (izh_C 100 → a float in Python). */
const CORE_CONFIG: Record<string, unknown> = {
  total_simulation_time_ms: 60000.0,
  dt_ms: 1.0,
  num_neurons: N,
  connections_per_neuron: 100,
  num_traits: 5,
  seed: 1234,
  neuron_model_type: 'IZHIKEVICH',
  default_neuron_type_izh: 'IZH2007_RS_CORTICAL_PYRAMIDAL',
  default_neuron_type_hh: 'HH_L5_CORTICAL_PYRAMIDAL_RS',
  neural_profile_name: 'CORTEX_L23_RS_FS',
  inhibitory_trait_indices: [1],
  izh_C_val: 100.0,
  izh_vpeak_val: 35.0,
  hh_temperature_celsius: 37.0,
  hh_q10_factor: 3.0,
  hh_external_drive_scale: 1.0,
  adex_external_drive_scale: 1.0,
  refractory_period_steps: 2,
  syn_reversal_potential_e: 0.0,
  syn_reversal_potential_i: -70.0,
  syn_tau_g_e: 5.0,
  syn_tau_g_i: 10.0,
  propagation_strength: 0.05,
  inhibitory_propagation_strength: 0.15,
  max_synaptic_delay_ms: 20.0,
  enable_inhibitory_neurons: true,
  inhibitory_trait_index: 1,
  enable_hebbian_learning: true,
  hebbian_learning_rate: 0.0005,
  enable_short_term_plasticity: true,
  stp_U: 0.15,
  stp_tau_d: 200.0,
  stp_tau_f: 50.0,
  enable_homeostasis: true,
  homeostasis_target_rate: 0.02,
  homeostasis_threshold_min: -55.0,
  homeostasis_threshold_max: -30.0,
  enable_watts_strogatz: true,
  connectivity_k: 10,
  connectivity_p_rewire: 0.1,
};
const FRAMES = 6;
/** Frame f (time f ms): neurons f and 10 + f fire. */
const firesAt = (f: number, i: number) => i === f || i === 10 + f;

/** A small CSR over the 20 neurons: neuron i → i+1 and i+2 (mod N). */
function csr() {
  const indptr = Int32Array.from({ length: N + 1 }, (_, i) => 2 * i);
  const indices = Int32Array.from({ length: 2 * N }, (_, s) => (Math.floor(s / 2) + 1 + (s % 2)) % N);
  const data = Float32Array.from({ length: 2 * N }, (_, s) => 0.05 + s / 100);
  return { indptr, indices, data };
}

const izhArrays = (group: H5Group) => {
  for (const [name, value] of Object.entries({ C: 100, k: 0.7, vr: -60, vt: -40, vpeak: 35, a: 0.03, b: -2, c_reset: -50, d_increment: 100 }))
    pyDataset(group, `cp_izh_${name}`, new Float32Array(N).fill(value));
};

async function writeRecording(path: string, edit: { version?: string; dropFrames?: boolean; shortFiring?: boolean; generic?: boolean } = {}): Promise<void> {
  const h5 = await loadH5();
  const file = new h5.File(path, 'w');
  const root = file as unknown as H5Group;
  pyAttr(root, 'format_version', edit.version ?? '1.1.0-h5');
  const generic = edit.generic ? { neural_profile_name: 'GENERIC_UNSTRUCTURED', inhibitory_trait_indices: [] } : {};
  for (const [key, value] of Object.entries({ ...CORE_CONFIG, ...generic })) pyAttr(root, `core_config.${key}`, value);
  pyAttr(root, 'viz_config.camera_radius', 150.0);
  pyAttr(root, 'viz_config.up_vector', [0, 1, 0]);
  pyAttr(root, 'runtime_state.simulation_speed_factor', 1.0);
  pyAttr(root, 'runtime_state.actual_seed_used', 1234);
  const initial = root.create_group('initial_state') as unknown as H5Group;
  pyAttr(initial, 'start_time_ms', 0.0);
  pyAttr(initial, 'start_time_step', 0);
  pyAttr(initial, 'connections_shape_0', N);
  pyAttr(initial, 'connections_shape_1', N);
  pyDataset(initial, 'cp_traits', edit.generic ? Int32Array.from({ length: N }, (_, i) => i % 5) : TRAITS);
  pyDataset(
    initial,
    'cp_neuron_positions_3d',
    Float32Array.from({ length: 3 * N }, (_, i) => i),
    [N, 3],
  );
  izhArrays(initial);
  pyDataset(initial, 'cp_membrane_potential_v', new Float32Array(N).fill(-60));
  pyDataset(initial, 'cp_recovery_variable_u', new Float32Array(N));
  const { indptr, indices, data } = csr();
  pyDataset(initial, 'connections_data', data);
  pyDataset(initial, 'connections_indices', indices);
  pyDataset(initial, 'connections_indptr', indptr);
  if (!edit.dropFrames) {
    const frames = root.create_group('frames') as unknown as H5Group;
    // Created out of order, as a dict's keys may come: the reader sorts by the unpadded index.
    for (const f of [...Array(FRAMES).keys()].reverse()) {
      const frame = frames.create_group(`frame_${f}`) as unknown as H5Group;
      pyAttr(frame, 'time_ms', (f + 1) * 1.0);
      pyAttr(frame, 'step', f + 1);
      pyAttr(frame, '_mock_num_spikes_this_step', 2);
      pyAttr(frame, '_mock_network_avg_firing_rate_hz', 5.0);
      pyAttr(frame, '_mock_total_plasticity_events', 0);
      const length = edit.shortFiring && f === 3 ? N - 1 : N;
      pyDataset(
        frame,
        'cp_membrane_potential_v',
        Float32Array.from({ length: N }, (_, i) => -60 + i + f / 10),
      );
      pyDataset(
        frame,
        'cp_firing_states',
        Int8Array.from({ length }, (_, i) => (firesAt(f, i) ? 1 : 0)),
      );
      pyDataset(frame, 'cp_viz_activity_timers', new Int32Array(N));
      pyDataset(frame, 'cp_conductance_g_e', new Float32Array(N));
      pyDataset(frame, 'cp_conductance_g_i', new Float32Array(N));
      pyDataset(frame, 'cp_recovery_variable_u', new Float32Array(N));
      pyDataset(frame, 'cp_neuron_firing_thresholds', new Float32Array(N).fill(-45));
    }
  }
  file.close();
}

async function writeCheckpoint(path: string, edit: { dropU?: boolean; shortV?: boolean; seed?: number; hh?: boolean } = {}): Promise<void> {
  const h5 = await loadH5();
  const file = new h5.File(path, 'w');
  const root = file as unknown as H5Group;
  const model = edit.hh
    ? { neuron_model_type: 'HODGKIN_HUXLEY', neural_profile_name: 'HIPPOCAMPUS_CA1_RS_FS', default_neuron_type_hh: 'HH_CA1_PYRAMIDAL_BURST' }
    : {};
  for (const [key, value] of Object.entries({ ...CORE_CONFIG, ...model, seed: edit.seed ?? CORE_CONFIG.seed, hh_E_h: null })) pyAttr(root, key, value);
  pyAttr(root, '_mock_total_plasticity_events', 0);
  pyAttr(root, '_mock_network_avg_firing_rate_hz', 0.0);
  pyAttr(root, 'neuron_types_list_for_viz_json', JSON.stringify(Array.from(TRAITS, (t) => (t ? 'FS' : 'RS'))));
  pyAttr(root, 'dpg_filter_settings_json', JSON.stringify({ spiking_mode: 'Highlight Spiking' }));
  pyAttr(root, 'connections_shape_0', N);
  pyAttr(root, 'connections_shape_1', N);
  pyAttr(root, 'cp_adex_w_is_empty', true);
  const perNeuron = (scale: number) => Float32Array.from({ length: N }, (_, i) => scale * i);
  pyDataset(root, 'cp_membrane_potential_v', edit.shortV ? new Float32Array(N - 2) : Float32Array.from({ length: N }, (_, i) => -70 + i));
  for (const name of ['cp_conductance_g_e', 'cp_conductance_g_i', 'cp_external_input_current', 'cp_neuron_activity_ema', 'cp_synapse_pulse_progress'])
    pyDataset(root, name, perNeuron(0.5));
  for (const name of ['cp_firing_states', 'cp_prev_firing_states']) pyDataset(root, name, new Int8Array(N));
  pyDataset(root, 'cp_traits', TRAITS);
  pyDataset(root, 'cp_refractory_timers', new Int32Array(N));
  pyDataset(root, 'cp_viz_activity_timers', new Int32Array(N));
  pyDataset(root, 'cp_synapse_pulse_timers', new Int32Array(N));
  pyDataset(
    root,
    'cp_neuron_positions_3d',
    Float32Array.from({ length: 3 * N }, (_, i) => i / 3),
    [N, 3],
  );
  const { indptr, indices, data } = csr();
  pyDataset(root, 'connections_data', data);
  pyDataset(root, 'connections_indices', indices);
  pyDataset(root, 'connections_indptr', indptr);
  pyDataset(root, 'cp_stp_u', new Float32Array(2 * N).fill(0.15));
  pyDataset(root, 'cp_stp_x', new Float32Array(2 * N).fill(1));
  if (edit.hh) {
    const gates = [
      'cp_gating_variable_m',
      'cp_gating_variable_h',
      'cp_gating_variable_n',
      'cp_hh_m_current_activation',
      'cp_hh_CaT_m',
      'cp_hh_CaT_h',
      'cp_hh_h_current_q',
      'cp_hh_NaP_activation',
    ];
    gates.forEach((name, k) => pyDataset(root, name, perNeuron(0.001 * (k + 1))));
    for (const name of ['C_m', 'g_Na_max', 'g_K_max', 'g_L', 'E_Na', 'E_K', 'E_L', 'v_peak']) pyDataset(root, `cp_hh_${name}`, new Float32Array(N).fill(1));
  } else {
    if (!edit.dropU) pyDataset(root, 'cp_recovery_variable_u', perNeuron(-1));
    izhArrays(root);
  }
  pyDataset(root, 'cp_neuron_firing_thresholds', new Float32Array(N).fill(-45));
  file.close();
}

/** A profile JSON as neural-simulator saves it (§1.7). */
function profileJson(core: Record<string, unknown>): Record<string, unknown> {
  return {
    simulation_configuration: {
      core_config: core,
      viz_config: { camera_radius: 150.0, camera_fov: 60.0, viz_update_interval_steps: 17 },
      runtime_state: { current_time_ms: 0.0, simulation_speed_factor: 1.0, actual_seed_used: 99 },
    },
    gui_configuration: {
      filter_settings: {
        spiking_mode: 'Highlight Spiking',
        type_filter_enabled: false,
        selected_neuron_type: 'All',
        min_abs_weight: 0.01,
        show_synapses_cb: true,
      },
      opengl_visualization_settings: { WINDOW_WIDTH: 800, WINDOW_HEIGHT: 600, POINT_SIZE: 3.0, FIRING_NEURON_COLOR: [1, 1, 0, 1] },
    },
  };
}

async function failure(promise: Promise<unknown> | (() => unknown)): Promise<SpikegpuError> {
  try {
    await (typeof promise === 'function' ? promise() : promise);
  } catch (error) {
    return error as SpikegpuError;
  }
  throw new Error('expected a failure');
}

// ---- Profile JSON ----

describe('neural-simulator profile JSON', () => {
  it('maps profile, model, HH preset, size, seed, drive, weights and STP onto buildProfileNetwork', () => {
    const core = {
      ...CORE_CONFIG,
      num_neurons: 200,
      seed: 42,
      neuron_model_type: 'HODGKIN_HUXLEY',
      neural_profile_name: 'HIPPOCAMPUS_CA1_RS_FS',
      hh_external_drive_scale: 1.5,
      propagation_strength: 0.1,
      syn_tau_g_i: 12.0,
    };
    const { result, report } = readNeuralSimulatorProfile(JSON.stringify(profileJson(core)));
    expect(result.profile).toBe('hippocampus-ca1');
    expect(result.model).toBe('hodgkin-huxley');
    expect(result.durationMs).toBe(60000);
    const reference = buildProfileNetwork('hippocampus-ca1', { size: 200, seed: 42, model: 'hodgkin-huxley', driveScale: 1.5, weightScale: 2 });
    const net = result.description;
    expect(net.seed).toBe(42);
    expect(net.dt).toBe(reference.dt); // dt_ms 1 is too coarse for HH: the kit's dt
    expect(net.populations.map((p) => [p.name, p.size, p.model])).toEqual(reference.populations.map((p) => [p.name, p.size, p.model]));
    // HH_L5 (the default) switches to the profile's preset, CA1 (gNa 60), as neural-simulator did.
    expect(net.populations[0]?.params?.gNa).toBe(60);
    expect(net.inputs).toEqual(reference.inputs);
    expect(net.populations[0]?.receptors?.inh).toEqual({ kind: 'conductance', tauMs: 12, reversalMv: -70 });
    // Inhibitory weights keep neural-simulator's ratio 0.15 / 0.05 relative to the excitatory ones: × 0.5 after weightScale 2.
    const inhRef = reference.projections?.find((p) => p.source === 'inh');
    const inh = net.projections?.find((p) => p.name === inhRef?.name);
    const highOf = (weight: unknown) => (weight as { high: number }).high;
    expect(highOf(inh?.weight)).toBeCloseTo(highOf(inhRef?.weight) * 0.5, 12);
    const excRef = reference.projections?.find((p) => p.source === 'exc');
    expect(net.projections?.find((p) => p.name === excRef?.name)?.weight).toEqual(excRef?.weight);
    for (const projection of net.projections ?? []) expect(projection.plasticity).toEqual([{ rule: 'tsodyks-markram', U: 0.15, tauDMs: 200, tauFMs: 50 }]);

    const dropped = new Map(report.dropped.map((d) => [d.field, d.reason]));
    expect(dropped.get('simulation_configuration.core_config.enable_homeostasis')).toMatch(/homeostatic thresholds/);
    expect(dropped.get('simulation_configuration.core_config.enable_hebbian_learning')).toMatch(/Hebbian/);
    expect(dropped.get('simulation_configuration.core_config.dt_ms')).toMatch(/too coarse/);
    expect(dropped.get('simulation_configuration.core_config.hh_temperature_celsius')).toMatch(/6\.3/);
    expect(dropped.get('simulation_configuration.core_config.enable_watts_strogatz')).toMatch(/never ran/);
    expect(dropped.get('gui_configuration')).toMatch(/GUI settings/);
    expect(dropped.get('simulation_configuration.viz_config')).toMatch(/camera/);
    expect(report.carried.join('\n')).toMatch(/hh_external_drive_scale 1\.5 → driveScale 1\.5/);
    // Every core_config field is either carried or reported.
    const text = formatMigrationReport(report);
    for (const field of Object.keys(core)) expect(text).toContain(field);
  });

  it('builds a network that runs', async () => {
    const { result } = readNeuralSimulatorProfile(profileJson({ ...CORE_CONFIG, num_neurons: 100, seed: -1 }), { seed: 5 });
    expect(result.description.seed).toBe(99); // runtime_state.actual_seed_used
    const sim = await Simulation.create(result.description, { backend: 'cpu' });
    await sim.run(20);
    expect(sim.timeMs).toBeCloseTo(20, 6);
    const unseeded = readNeuralSimulatorProfile({ simulation_configuration: { core_config: { ...CORE_CONFIG, seed: -1 } } }, { seed: 5 });
    expect(unseeded.result.description.seed).toBe(5);
    expect(unseeded.report.dropped.find((d) => d.field.endsWith('.seed'))?.reason).toMatch(/seed 5 used/);
  });

  it('refuses malformed profiles with typed errors naming what was expected', async () => {
    const notJson = await failure(() => readNeuralSimulatorProfile('{"simulation_configuration": '));
    expect(notJson).toBeInstanceOf(FileFormatError);
    expect(notJson.code).toBe('not-json');
    const noCore = await failure(() => readNeuralSimulatorProfile({ simulation_configuration: {} }));
    expect(noCore).toBeInstanceOf(FileFormatError);
    expect(noCore.path).toBe('simulation_configuration.core_config');
    const ours = await failure(() => readNeuralSimulatorProfile({ dt: 0.1, seed: 1, populations: [] }));
    expect(ours.message).toContain('expected a neural-simulator profile');
    const profile = await failure(() => readNeuralSimulatorProfile(profileJson({ ...CORE_CONFIG, neural_profile_name: 'CORTEX_L99' })));
    expect(profile).toBeInstanceOf(FileFormatError);
    expect(profile.message).toContain('simulation_configuration.core_config.neural_profile_name: expected one of');
    const model = await failure(() => readNeuralSimulatorProfile(profileJson({ ...CORE_CONFIG, neuron_model_type: 'LIF' })));
    expect(model.code).toBe('unknown-model');
    expect(model.expected).toContain('IZHIKEVICH, HODGKIN_HUXLEY, ADEX');
    const size = await failure(() => readNeuralSimulatorProfile(profileJson({ ...CORE_CONFIG, num_neurons: 'many' })));
    expect(size.path).toBe('simulation_configuration.core_config.num_neurons');
  });
});

// ---- Recordings ----

describe('neural-simulator recordings (.simrec.h5)', () => {
  it('reads spikes per population with their times, traces, and reports what was dropped', async () => {
    const path = join(dir, 'run.simrec.h5');
    await writeRecording(path);
    const { result, report } = await readNeuralSimulatorRecording(path, { traceNeurons: [3, 10] });
    expect(result.frameCount).toBe(FRAMES);
    expect(result.endTimeMs).toBe(FRAMES);
    expect(result.network.profile).toBe('cortex-l23');
    expect(result.network.description.seed).toBe(1234);
    expect(result.network.description.populations.map((p) => [p.name, p.size])).toEqual([
      ['exc', 16],
      ['inh', 4],
    ]);
    // Expected spikes, computed independently: population by trait, local id = rank within the population.
    const expected = { exc: { times: [] as number[], ids: [] as number[] }, inh: { times: [] as number[], ids: [] as number[] } };
    for (let f = 0; f < FRAMES; f++)
      for (let i = 0; i < N; i++)
        if (firesAt(f, i)) {
          const pop = TRAITS[i] === 1 ? 'inh' : 'exc';
          const rank = [...TRAITS.slice(0, i)].filter((t) => t === TRAITS[i]).length;
          expected[pop].times.push(f + 1);
          expected[pop].ids.push(rank);
        }
    for (const spikes of result.spikes) {
      const want = expected[spikes.population as 'exc' | 'inh'];
      expect(Array.from(spikes.times)).toEqual(want.times);
      expect(Array.from(spikes.ids)).toEqual(want.ids);
    }
    expect(result.neurons[1]?.sourceIds).toEqual(Uint32Array.from([0, 5, 10, 15]));
    expect(result.traces[0]).toMatchObject({ population: 'exc', id: 2, sourceId: 3 });
    expect(Array.from(result.traces[0]?.v ?? [])).toEqual(Array.from({ length: FRAMES }, (_, f) => Math.fround(-57 + f / 10)));
    expect(result.traces[1]).toMatchObject({ population: 'inh', id: 2, sourceId: 10 });

    const dropped = new Map(report.dropped.map((d) => [d.field, d]));
    expect(dropped.get('/frames/frame_{i}/*')?.value).toContain('cp_neuron_firing_thresholds');
    expect(dropped.get('/frames/frame_{i}@_mock_*')?.reason).toMatch(/made-up/);
    expect(dropped.get('/@viz_config.*')).toBeDefined();
    expect(dropped.get('/initial_state/*')?.value).toBe('15 datasets');
    expect(dropped.get('core_config.enable_homeostasis')?.reason).toMatch(/homeostatic thresholds/);
  });

  it("maps GENERIC_UNSTRUCTURED's five traits onto exc and inh by its inhibitory trait", async () => {
    const path = join(dir, 'generic.simrec.h5');
    await writeRecording(path, { generic: true });
    const { result, report } = await readNeuralSimulatorRecording(path);
    expect(result.network.profile).toBe('generic');
    // Traits i % 5; inhibitory_trait_indices [] → inhibitory_trait_index 1: neurons 1, 6, 11, 16.
    expect(result.neurons.find((p) => p.population === 'inh')?.sourceIds).toEqual(Uint32Array.from([1, 6, 11, 16]));
    expect(report.dropped.find((d) => d.field === 'core_config.neural_profile_name')?.reason).toMatch(/5 random traits/);
  });

  it('refuses malformed and other recordings with typed errors', async () => {
    const version = join(dir, 'v2.simrec.h5');
    await writeRecording(version, { version: '2.0.0-h5' });
    const v = await failure(readNeuralSimulatorRecording(version));
    expect(v).toBeInstanceOf(FileFormatError);
    expect(v.message).toContain('format_version "1.1.0-h5"');
    expect(v.message).toContain('got "format_version \\"2.0.0-h5\\""');

    const noFrames = join(dir, 'no-frames.simrec.h5');
    await writeRecording(noFrames, { dropFrames: true });
    const f = await failure(readNeuralSimulatorRecording(noFrames));
    expect(f.code).toBe('missing-group');
    expect(f.path).toBe(`${noFrames}:/frames`);

    const short = join(dir, 'short.simrec.h5');
    await writeRecording(short, { shortFiring: true });
    const s = await failure(readNeuralSimulatorRecording(short));
    expect(s.code).toBe('wrong-shape');
    expect(s.path).toBe(`${short}:/frames/frame_3/cp_firing_states`);

    const checkpoint = join(dir, 'not-a-recording.simstate.h5');
    await writeCheckpoint(checkpoint);
    const c = await failure(readNeuralSimulatorRecording(checkpoint));
    expect(c.code).toBe('wrong-format');

    const missing = await failure(readNeuralSimulatorRecording(join(dir, 'nothing.simrec.h5')));
    expect(missing.code).toBe('file-not-found');
  });
});

// ---- Checkpoints ----

describe('neural-simulator checkpoints (.simstate.h5)', () => {
  it('reads the description, the state per population, connectivity and positions', async () => {
    const path = join(dir, 'state.simstate.h5');
    await writeCheckpoint(path);
    const { result, report } = await readNeuralSimulatorCheckpoint(path);
    expect(result.network.description.populations.map((p) => [p.name, p.size, p.model])).toEqual([
      ['exc', 16, 'izhikevich-2007'],
      ['inh', 4, 'izhikevich-2007'],
    ]);
    expect(Array.from(result.state.inh?.v ?? [])).toEqual([-70, -65, -60, -55]);
    expect(Array.from(result.state.inh?.u ?? [])).toEqual([-0, -5, -10, -15]);
    expect(result.state.exc?.v?.length).toBe(16);
    expect(result.state.exc?.v?.[0]).toBe(-69);
    expect(result.connections?.shape).toEqual([N, N]);
    expect(result.connections?.rowOffsets.length).toBe(N + 1);
    expect(Array.from(result.connections?.targets.slice(0, 4) ?? [])).toEqual([1, 2, 2, 3]);
    expect(result.positions?.length).toBe(3 * N);

    const dropped = new Map(report.dropped.map((d) => [d.field, d.reason]));
    expect(dropped.get('/cp_neuron_firing_thresholds')).toMatch(/homeostatic thresholds/);
    expect(dropped.get('/cp_stp_u')).toMatch(/short-term plasticity/);
    expect(dropped.get('/cp_izh_d_increment')).toMatch(/presets/);
    expect(dropped.get('/@dpg_filter_settings_json')).toMatch(/GUI/);
    expect(dropped.get('/@_mock_total_plasticity_events')).toMatch(/made-up/);
    expect(dropped.get('time and step')).toMatch(/t = 0/);
    expect(dropped.get('attributes.hh_E_h')).toBeDefined();
    // The state fits the network: a simulation of it takes the values, and runs on from them.
    const sim = await Simulation.create(result.network.description, { backend: 'cpu' });
    await applyNeuralSimulatorState(sim, result);
    expect(Array.from(await sim.readState('inh', 'v'))).toEqual([-70, -65, -60, -55]);
    expect(Array.from(await sim.readState('exc', 'u')).slice(0, 2)).toEqual([-1, -2]);
    await sim.run(5);
    expect(sim.timeMs).toBeCloseTo(5, 6);
    const other = await Simulation.create(buildProfileNetwork('cortex-l23', { size: 30, seed: 1 }), { backend: 'cpu' });
    const mismatch = await failure(applyNeuralSimulatorState(other, result));
    expect(mismatch.code).toBe('checkpoint-mismatch');
  });

  it('reads a Hodgkin–Huxley checkpoint into v, m, h, n and the extended gates', async () => {
    const path = join(dir, 'hh.simstate.h5');
    await writeCheckpoint(path, { hh: true });
    const { result, report } = await readNeuralSimulatorCheckpoint(path);
    expect(result.network.model).toBe('hodgkin-huxley');
    expect(result.network.description.populations[0]?.model).toBe('hodgkin-huxley-extended');
    expect(Object.keys(result.state.exc ?? {}).sort()).toEqual(['h', 'hT', 'm', 'mT', 'n', 'p', 'pNaP', 'q', 'v']);
    expect(result.state.inh?.pNaP?.[1]).toBeCloseTo(0.008 * 5, 6);
    expect(report.dropped.find((d) => d.field === '/cp_hh_g_Na_max')?.reason).toMatch(/presets/);
    const sim = await Simulation.create(result.network.description, { backend: 'cpu' });
    await applyNeuralSimulatorState(sim, result);
    expect((await sim.readState('exc', 'm'))[0]).toBeCloseTo(0.001, 6);
  });

  it('refuses malformed checkpoints with typed errors naming the dataset', async () => {
    const noU = join(dir, 'no-u.simstate.h5');
    await writeCheckpoint(noU, { dropU: true });
    const u = await failure(readNeuralSimulatorCheckpoint(noU));
    expect(u).toBeInstanceOf(FileFormatError);
    expect(u.path).toBe(`${noU}:/cp_recovery_variable_u`);
    expect(u.expected).toContain('the u of a izhikevich-2007 network');

    const shortV = join(dir, 'short-v.simstate.h5');
    await writeCheckpoint(shortV, { shortV: true });
    const v = await failure(readNeuralSimulatorCheckpoint(shortV));
    expect(v.code).toBe('wrong-shape');
    expect(v.message).toContain('expected 20 elements');

    const recording = join(dir, 'is-a-recording.simrec.h5');
    await writeRecording(recording);
    const r = await failure(readNeuralSimulatorCheckpoint(recording));
    expect(r.code).toBe('wrong-format');
    expect(r.hint).toContain('readNeuralSimulatorRecording');
  });
});
