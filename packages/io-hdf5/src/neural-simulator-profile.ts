import { FileFormatError, type NetworkDescription, type ValueSpec } from '@spikegpu/core';
import { buildProfileNetwork, findProfile, MODEL_KITS, type ModelFamily, type StructureProfile } from '@spikegpu/profiles';

/**
 * Migration from danthi123/neural-simulator: its profile JSON (`simulation_profiles/*.json`) into a
 * spikegpu {@link NetworkDescription}, with a report of everything that could not be carried over.
 * The layouts are those of seeds-deep §1.3, §1.4 and §1.7; the source's defects (§5) are not copied.
 */

/** One thing of a neural-simulator file that was not carried over, and why. */
export interface MigrationNote {
  /** The field, attribute or dataset, e.g. `core_config.enable_homeostasis` or `/cp_neuron_firing_thresholds`. */
  field: string;
  /** Its value in the file, when short enough to be worth showing. */
  value?: unknown;
  /** Why it was not carried over (or what was done instead). */
  reason: string;
}

/** What a migration carried over and what it left behind. */
export interface MigrationReport {
  /** The file (or `profile JSON`) migrated. */
  source: string;
  /** What was carried over, one line each: `core_config.num_neurons 1000 → 1000 neurons`. */
  carried: string[];
  /** What was not carried over, with the reason. */
  dropped: MigrationNote[];
}

/** A migrated thing and its report. */
export interface Migration<T> {
  result: T;
  report: MigrationReport;
}

/** A neural-simulator profile as a spikegpu network. */
export interface NeuralSimulatorNetwork {
  /** The network, plain data: validate, edit or run it. */
  description: NetworkDescription;
  /** Our structure profile it was built from (e.g. `cortex-l23` for `CORTEX_L23_RS_FS`). */
  profile: string;
  /** Our model family (e.g. `izhikevich-2007` for `IZHIKEVICH`). */
  model: ModelFamily;
  /** `total_simulation_time_ms`: how long neural-simulator ran it, ms. */
  durationMs: number;
}

/** Options of {@link readNeuralSimulatorProfile} and the HDF5 readers. */
export interface NeuralSimulatorMigrationOptions {
  /** Seed to use when the file has none (neural-simulator's `seed` −1 and no `actual_seed_used`); default 0. */
  seed?: number;
}

/** neural-simulator's `NeuronModel` names → our model families. */
export const NEURAL_SIMULATOR_MODELS: Readonly<Record<string, ModelFamily>> = {
  IZHIKEVICH: 'izhikevich-2007',
  HODGKIN_HUXLEY: 'hodgkin-huxley',
  ADEX: 'adex',
};

/** neural-simulator's Hodgkin–Huxley `NeuronType` names → our `hodgkin-huxley` presets. */
export const NEURAL_SIMULATOR_HH_PRESETS: Readonly<Record<string, string>> = {
  HH_L5_CORTICAL_PYRAMIDAL_RS: 'L5-pyramidal',
  HH_THALAMIC_RELAY_TBURST: 'thalamic-relay',
  HH_CA1_PYRAMIDAL_BURST: 'CA1-pyramidal',
  HH_STRIATAL_MSN: 'striatal-MSN',
  HH_TRN_BURST_INHIB: 'TRN',
  HH_CA3_PYRAMIDAL_BURST: 'CA3-pyramidal',
  HH_STN_BURST: 'STN',
  HH_GPE_PACEMAKER: 'GPe',
  HH_EXCITATORY_DEFAULT_LEGACY: 'squid',
};

/** neural-simulator's defaults (§1.3) of the fields we carry only when a user changed them. */
const SOURCE_DEFAULTS = {
  connectivity_k: 10,
  propagation_strength: 0.05,
  inhibitory_propagation_strength: 0.15,
  syn_tau_g_e: 5,
  syn_tau_g_i: 10,
  syn_reversal_potential_e: 0,
  syn_reversal_potential_i: -70,
} as const;

/** Why whole families of fields are not carried over (by field-name prefix, first match wins). */
const DROP_REASONS: Array<[RegExp, string]> = [
  [
    /^(enable_homeostasis|homeostasis_)/,
    'per-neuron homeostatic thresholds are not carried over: neural-simulator used them instead of vpeak as the spike cutoff, which silenced networks (seeds-deep §5.10); add a population `homeostasis` rule (e.g. adaptive-threshold) to get one',
  ],
  [
    /^(enable_hebbian_learning|hebbian_)/,
    'its rate-based Hebbian rule has no spikegpu equivalent; add `{ rule: "stdp" }` plasticity to a projection for learning',
  ],
  [
    /^(enable_stdp|stdp_)/,
    'its STDP weights are in its own units and were re-applied to the same pairs every step (seeds-deep §5.16); add `{ rule: "stdp" }` yourself',
  ],
  [/^(enable_reward_modulation|reward_|current_reward_signal)/, 'reward modulation has no spikegpu equivalent yet'],
  [/^(enable_structural_plasticity|struct_plast_)/, 'structural plasticity has no spikegpu equivalent (and misaligned its arrays, seeds-deep §5.17)'],
  [
    /^(enable_parameter_heterogeneity|heterogeneity_)/,
    'parameter heterogeneity is not carried (it made Izhikevich b NaN, seeds-deep §5.15); give params a distribution instead',
  ],
  [/^(enable_conductance_noise|conductance_noise_)/, 'conductance noise has no spikegpu equivalent'],
  [/^(enable_ou_process|ou_)/, "its OU noise current is replaced by the profile kit's background drive (constant + OU current calibrated per cell)"],
  [
    /^izh_/,
    'Izhikevich parameters come from our presets per population (RS for excitatory, FS for inhibitory; the FS d = −55 of the source is not copied, seeds-deep §5.11)',
  ],
  [
    /^hh_(temperature_celsius|q10_factor)$/,
    'our HH presets run at T = 6.3 °C (φ = 1); at 37 °C with dt 1 ms neural-simulator was unstable (seeds-deep §5.13); set params.T to opt in',
  ],
  [/^hh_external_drive_scale$/, 'used only for Hodgkin–Huxley networks'],
  [/^adex_external_drive_scale$/, 'used only for AdEx networks'],
  [/^hh_/, "Hodgkin–Huxley parameters come from the preset of the profile (neural-simulator's `default_neuron_type_hh`)"],
  [/^adex_/, 'AdEx parameters come from our RS preset'],
  [/^default_neuron_type_izh$/, 'neural-simulator did not use it (cells were RS or FS by trait index, seeds-deep §1.2)'],
  [/^max_synaptic_delay_ms$/, 'neural-simulator had no delays (seeds-deep §5.7); our profiles use distance-dependent delays'],
  [
    /^(enable_watts_strogatz|connectivity_p_rewire|connections_per_neuron)$/,
    "wiring follows our structure profile (neural-simulator's Watts–Strogatz never ran and fell back to a spatial top-k, seeds-deep §5.1, §5.14)",
  ],
  [/^refractory_period_steps$/, 'refractory periods are part of our model parameters'],
  [/^(num_traits|inhibitory_trait_index|inhibitory_trait_indices|enable_inhibitory_neurons)$/, 'populations and their signs come from the structure profile'],
  [/^hardware_performance_note$/, 'a note only'],
];

function dropReason(field: string): string {
  return DROP_REASONS.find(([pattern]) => pattern.test(field))?.[1] ?? 'no spikegpu equivalent';
}

/** A short value for the report (long lists and objects are summarised). */
function shortValue(value: unknown): unknown {
  if (Array.isArray(value)) return value.length > 8 ? `[${value.length} values]` : value;
  if (value !== null && typeof value === 'object') return `{${Object.keys(value).length} fields}`;
  return value;
}

/** An enum as neural-simulator may have written it: `IZHIKEVICH`, `NeuronModel.IZHIKEVICH`, any case. */
function enumName(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const last = value.split('.').pop() ?? value;
  return last.trim().toUpperCase();
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function numberField(core: Record<string, unknown>, field: string, where: string, fallback?: number): number {
  const value = core[field];
  if (value === undefined && fallback !== undefined) return fallback;
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  throw new FileFormatError('', { code: 'invalid-field', path: `${where}.${field}`, expected: 'a finite number', received: value });
}

function scaleValue(spec: ValueSpec, factor: number): ValueSpec | undefined {
  if (typeof spec === 'number') return spec * factor;
  if (isRecord(spec) && spec.dist === 'uniform' && typeof spec.low === 'number' && typeof spec.high === 'number')
    return { ...spec, low: spec.low * factor, high: spec.high * factor } as ValueSpec;
  return undefined;
}

/**
 * Builds our network from neural-simulator's `core_config` (the profile JSON's, or the attributes of
 * its HDF5 files). Fields it carries are listed in `report.carried`; every other field is in
 * `report.dropped` with the reason. `where` names the config in errors (`core_config`).
 */
export function migrateCoreConfig(
  core: Record<string, unknown>,
  report: MigrationReport,
  where: string,
  options: NeuralSimulatorMigrationOptions & { actualSeed?: unknown } = {},
): NeuralSimulatorNetwork {
  const handled = new Set<string>();
  const use = (field: string) => {
    handled.add(field);
    return core[field];
  };

  // Model family.
  const modelName = enumName(use('neuron_model_type')) ?? 'IZHIKEVICH';
  const model = NEURAL_SIMULATOR_MODELS[modelName];
  if (!model)
    throw new FileFormatError('', {
      code: 'unknown-model',
      path: `${where}.neuron_model_type`,
      expected: `one of ${Object.keys(NEURAL_SIMULATOR_MODELS).join(', ')}`,
      received: core.neuron_model_type,
    });
  report.carried.push(`${where}.neuron_model_type ${modelName} → model family ${model}`);

  // Structure profile.
  const profileName = use('neural_profile_name') ?? 'GENERIC_UNSTRUCTURED';
  if (typeof profileName !== 'string')
    throw new FileFormatError('', {
      code: 'invalid-field',
      path: `${where}.neural_profile_name`,
      expected: 'a profile name such as CORTEX_L23_RS_FS',
      received: profileName,
    });
  let profile: StructureProfile;
  try {
    profile = findProfile(profileName);
  } catch (error) {
    throw new FileFormatError('', {
      code: 'unknown-profile',
      path: `${where}.neural_profile_name`,
      expected: "one of neural-simulator's ten structure profiles (e.g. CORTEX_L23_RS_FS)",
      received: profileName,
      cause: error,
    });
  }
  report.carried.push(`${where}.neural_profile_name ${profileName} → structure profile ${profile.name}`);
  if (profile.name === 'generic')
    report.dropped.push({
      field: `${where}.neural_profile_name`,
      value: profileName,
      reason: 'GENERIC_UNSTRUCTURED drew 5 random traits; ours is one excitatory and one inhibitory population (80/20)',
    });

  // Size and seed.
  const size = numberField(core, 'num_neurons', where, 1000);
  use('num_neurons');
  if (!Number.isInteger(size) || size < profile.populations.length)
    throw new FileFormatError('', {
      code: 'invalid-field',
      path: `${where}.num_neurons`,
      expected: `an integer ≥ ${profile.populations.length}`,
      received: size,
    });
  report.carried.push(`${where}.num_neurons ${size} → ${size} neurons`);
  const seedValue = use('seed');
  let seed: number;
  if (typeof seedValue === 'number' && Number.isInteger(seedValue) && seedValue >= 0 && seedValue <= 0xffffffff) {
    seed = seedValue;
    report.carried.push(`${where}.seed ${seed} → seed ${seed} (our generators differ: the same seed gives another network)`);
  } else if (typeof options.actualSeed === 'number' && Number.isInteger(options.actualSeed) && options.actualSeed >= 0) {
    seed = options.actualSeed;
    report.carried.push(`runtime_state.actual_seed_used ${seed} → seed ${seed} (our generators differ: the same seed gives another network)`);
  } else {
    seed = options.seed ?? 0;
    report.dropped.push({ field: `${where}.seed`, value: seedValue, reason: `no fixed seed in the file (−1 = from the clock); seed ${seed} used` });
  }

  // Time step: neural-simulator integrated with forward Euler at dt_ms (1 ms by default).
  const sourceDt = numberField(core, 'dt_ms', where, 1);
  use('dt_ms');
  const kitDt = MODEL_KITS[model].dt;
  const dt = sourceDt > 0 && sourceDt <= kitDt ? sourceDt : kitDt;
  if (dt === sourceDt) report.carried.push(`${where}.dt_ms ${sourceDt} → dt ${dt} ms`);
  else report.dropped.push({ field: `${where}.dt_ms`, value: sourceDt, reason: `too coarse for our integrator of ${model}; dt ${kitDt} ms used` });

  const durationMs = numberField(core, 'total_simulation_time_ms', where, 60000);
  use('total_simulation_time_ms');
  report.carried.push(`${where}.total_simulation_time_ms ${durationMs} → durationMs`);

  // Hodgkin–Huxley preset: a structured profile allows only its own preset (neural-simulator's clamp).
  let hhPreset: string | undefined;
  const hhName = enumName(use('default_neuron_type_hh'));
  if (model === 'hodgkin-huxley') {
    const chosen = hhName ? NEURAL_SIMULATOR_HH_PRESETS[hhName] : undefined;
    if (hhName && !chosen)
      throw new FileFormatError('', {
        code: 'unknown-preset',
        path: `${where}.default_neuron_type_hh`,
        expected: `one of ${Object.keys(NEURAL_SIMULATOR_HH_PRESETS).join(', ')}`,
        received: core.default_neuron_type_hh,
      });
    if (profile.hhPreset && chosen === 'L5-pyramidal' && chosen !== profile.hhPreset)
      report.carried.push(
        `${where}.default_neuron_type_hh ${hhName} (the default) → the profile's preset ${profile.hhPreset}, as neural-simulator switched it`,
      );
    else if (profile.hhPreset && chosen && chosen !== profile.hhPreset)
      report.dropped.push({
        field: `${where}.default_neuron_type_hh`,
        value: hhName,
        reason: `${profileName} allows only its own preset (neural-simulator clamped it too); ${profile.hhPreset} used`,
      });
    else if (chosen) report.carried.push(`${where}.default_neuron_type_hh ${hhName} → preset ${chosen}`);
    hhPreset = profile.hhPreset ? undefined : chosen;
  } else if (hhName) report.dropped.push({ field: `${where}.default_neuron_type_hh`, value: hhName, reason: `not used by ${modelName} networks` });

  // Drive scale of the model in use.
  let driveScale: number | undefined;
  const driveField = model === 'hodgkin-huxley' ? 'hh_external_drive_scale' : model === 'adex' ? 'adex_external_drive_scale' : undefined;
  if (driveField && core[driveField] !== undefined) {
    driveScale = numberField(core, driveField, where);
    use(driveField);
    report.carried.push(`${where}.${driveField} ${driveScale} → driveScale ${driveScale}`);
  }

  // Links per neuron, only when the user changed neural-simulator's default (its profiles' own k were never applied).
  let k: number | undefined;
  const userK = core.connectivity_k;
  if (typeof userK === 'number' && userK !== SOURCE_DEFAULTS.connectivity_k) {
    k = userK;
    use('connectivity_k');
    report.carried.push(`${where}.connectivity_k ${userK} → k ${userK}`);
  } else if (userK !== undefined) {
    use('connectivity_k');
    report.carried.push(
      `${where}.connectivity_k default → the profile's k ${profile.k ?? 10} (neural-simulator never applied its profiles' overrides, seeds-deep §5.2)`,
    );
  }

  // Excitatory weights: propagation_strength relative to its default scales ours.
  const excStrength = numberField(core, 'propagation_strength', where, SOURCE_DEFAULTS.propagation_strength);
  const inhStrength = numberField(core, 'inhibitory_propagation_strength', where, SOURCE_DEFAULTS.inhibitory_propagation_strength);
  use('propagation_strength');
  use('inhibitory_propagation_strength');
  const weightScale = excStrength / SOURCE_DEFAULTS.propagation_strength;
  const inhibitoryFactor = inhStrength / SOURCE_DEFAULTS.inhibitory_propagation_strength / weightScale;
  if (weightScale !== 1) report.carried.push(`${where}.propagation_strength ${excStrength} → weightScale ${weightScale} (relative to its default 0.05)`);

  const description = buildProfileNetwork(profile, {
    size,
    seed,
    model,
    dt,
    ...(driveScale !== undefined ? { driveScale } : {}),
    ...(k !== undefined ? { k } : {}),
    ...(hhPreset !== undefined ? { hhPreset } : {}),
    ...(weightScale !== 1 && Number.isFinite(weightScale) ? { weightScale } : {}),
  });

  // Inhibitory weights relative to excitatory ones.
  if (inhibitoryFactor !== 1 && Number.isFinite(inhibitoryFactor)) {
    const inhibitory = new Set(description.populations.filter((p) => p.sign === 'inhibitory').map((p) => p.name));
    for (const projection of description.projections ?? []) {
      if (!inhibitory.has(projection.source)) continue;
      const scaled = scaleValue(projection.weight, inhibitoryFactor);
      if (scaled !== undefined) projection.weight = scaled;
    }
    report.carried.push(`${where}.inhibitory_propagation_strength ${inhStrength} → inhibitory weights × ${inhibitoryFactor.toPrecision(4)}`);
  }

  // Synaptic time constants and reversal potentials, when the user changed neural-simulator's defaults.
  const receptorFields = [
    ['syn_tau_g_e', 'exc', 'tauMs'],
    ['syn_tau_g_i', 'inh', 'tauMs'],
    ['syn_reversal_potential_e', 'exc', 'reversalMv'],
    ['syn_reversal_potential_i', 'inh', 'reversalMv'],
  ] as const;
  for (const [field, receptor, key] of receptorFields) {
    const value = core[field];
    if (value === undefined) continue;
    use(field);
    if (typeof value !== 'number' || value === SOURCE_DEFAULTS[field]) {
      report.carried.push(`${where}.${field} ${JSON.stringify(value)} (neural-simulator's default) → the profile's receptor ${receptor} ${key}`);
      continue;
    }
    for (const population of description.populations) {
      const spec = population.receptors?.[receptor];
      if (spec && spec.kind === 'conductance') population.receptors = { ...population.receptors, [receptor]: { ...spec, [key]: value } };
    }
    report.carried.push(`${where}.${field} ${value} → receptor ${receptor} ${key} ${value}`);
  }

  // Short-term plasticity: Tsodyks–Markram on every projection (our u relaxes to U, not to 0, seeds-deep §5.8).
  if (use('enable_short_term_plasticity') === true || core.enable_short_term_plasticity === 1) {
    const U = numberField(core, 'stp_U', where, 0.15);
    const tauDMs = numberField(core, 'stp_tau_d', where, 200);
    const tauFMs = numberField(core, 'stp_tau_f', where, 50);
    for (const field of ['stp_U', 'stp_tau_d', 'stp_tau_f']) use(field);
    for (const projection of description.projections ?? [])
      projection.plasticity = [...(projection.plasticity ?? []), { rule: 'tsodyks-markram', U, tauDMs, tauFMs }];
    report.carried.push(
      `${where}.enable_short_term_plasticity, stp_U, stp_tau_d, stp_tau_f → tsodyks-markram (U ${U}, τD ${tauDMs} ms, τF ${tauFMs} ms) on every projection; u relaxes to U, not to 0 as in neural-simulator (seeds-deep §5.8)`,
    );
  } else
    for (const field of ['stp_U', 'stp_tau_d', 'stp_tau_f'])
      if (core[field] !== undefined) report.dropped.push({ field: `${where}.${field}`, value: use(field), reason: 'short-term plasticity is off' });

  description.name = `neural-simulator ${profileName} ${modelName} ${size}`;

  for (const [field, value] of Object.entries(core)) {
    if (handled.has(field)) continue;
    report.dropped.push({ field: `${where}.${field}`, value: shortValue(value), reason: dropReason(field) });
  }
  return { description, profile: profile.name, model, durationMs };
}

/**
 * Reads a neural-simulator profile JSON (`{"simulation_configuration": {"core_config": …,
 * "viz_config": …, "runtime_state": …}, "gui_configuration": …}`) into a spikegpu network built from
 * the same structure profile, model family and HH preset.
 *
 * @example
 * ```ts
 * const { result, report } = readNeuralSimulatorProfile(readFileSync('my_profile.json', 'utf8'));
 * const sim = await Simulation.create(result.description);
 * for (const note of report.dropped) console.log(`${note.field}: ${note.reason}`);
 * ```
 * @throws {FileFormatError} for text that is not JSON or not a neural-simulator profile, naming what was expected.
 */
export function readNeuralSimulatorProfile(json: string | unknown, options: NeuralSimulatorMigrationOptions = {}): Migration<NeuralSimulatorNetwork> {
  const source = 'profile JSON';
  let data: unknown = json;
  if (typeof json === 'string') {
    try {
      data = JSON.parse(json);
    } catch (error) {
      throw new FileFormatError('', { code: 'not-json', path: source, expected: 'JSON text', received: json.slice(0, 40), cause: error });
    }
  }
  const expected = 'a neural-simulator profile: {"simulation_configuration": {"core_config": {…}}, "gui_configuration": {…}}';
  if (!isRecord(data)) throw new FileFormatError('', { code: 'wrong-format', path: source, expected, received: data });
  const simulation = data.simulation_configuration;
  if (!isRecord(simulation))
    throw new FileFormatError('', {
      code: 'wrong-format',
      path: 'simulation_configuration',
      expected,
      received: `an object with ${Object.keys(data).slice(0, 5).join(', ') || 'no fields'}`,
      ...('populations' in data ? { hint: 'this looks like a spikegpu description; read it with the profiles reader' } : {}),
    });
  const core = simulation.core_config;
  if (!isRecord(core))
    throw new FileFormatError('', {
      code: 'missing-field',
      path: 'simulation_configuration.core_config',
      expected: 'an object of CoreSimConfig fields',
      received: core,
    });

  const report: MigrationReport = { source, carried: [], dropped: [] };
  const runtime = isRecord(simulation.runtime_state) ? simulation.runtime_state : {};
  const result = migrateCoreConfig(core, report, 'simulation_configuration.core_config', { ...options, actualSeed: runtime.actual_seed_used });
  for (const [key, value] of Object.entries(simulation)) {
    if (key === 'core_config') continue;
    if (key === 'viz_config')
      report.dropped.push({
        field: 'simulation_configuration.viz_config',
        value: shortValue(value),
        reason: 'camera and view settings: the demo app has its own',
      });
    else if (key === 'runtime_state')
      report.dropped.push({
        field: 'simulation_configuration.runtime_state',
        value: shortValue(value),
        reason: 'run-time values (time, positions, speed); only actual_seed_used is read, positions come from the profile',
      });
    else report.dropped.push({ field: `simulation_configuration.${key}`, value: shortValue(value), reason: 'not a neural-simulator profile field we know' });
  }
  for (const [key, value] of Object.entries(data)) {
    if (key === 'simulation_configuration') continue;
    report.dropped.push({
      field: key,
      value: shortValue(value),
      reason:
        key === 'gui_configuration' ? 'GUI settings (filters, OpenGL window, colours): no spikegpu equivalent' : 'not a neural-simulator profile field we know',
    });
  }
  return { result, report };
}

/** The report as text: one line per carried item, then one per dropped item with its reason. */
export function formatMigrationReport(report: MigrationReport): string {
  const lines = [`Migrated from neural-simulator: ${report.source}`, 'Carried over:', ...report.carried.map((c) => `  ${c}`), 'Not carried over:'];
  for (const note of report.dropped) lines.push(`  ${note.field}${note.value !== undefined ? ` = ${JSON.stringify(note.value)}` : ''}: ${note.reason}`);
  return lines.join('\n');
}
