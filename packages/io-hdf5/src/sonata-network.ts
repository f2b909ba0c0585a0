import { INHIBITORY_REVERSAL_MAX_MV, ValidationError } from '@spikegpu/core';
import type { NetworkPlan, PopulationPlan, ProjectionPlan } from '@spikegpu/simulator';
import { type H5Group, linkName, setAttribute, writeArray } from './h5-datasets.js';
import { fileExists, writeFailure } from './h5-files.js';
import { fileSystemOf, type H5Module, loadH5 } from './h5-module.js';

/** The files a SONATA network export writes into its directory. */
export const SONATA_NETWORK_FILES = ['nodes.h5', 'node_types.csv', 'edges.h5', 'edge_types.csv', 'circuit_config.json'] as const;

/** What {@link exportSonataNetwork} did: files, the model each population maps to, and what was left out. */
export interface SonataNetworkReport {
  directory: string;
  files: string[];
  /** Per population: its node population, node type, and the NEST/BMTK model template (or `spikegpu:<model>`). */
  populations: Array<{ population: string; nodeTypeId: number; modelTemplate: string; note?: string }>;
  /** Per projection: its edge population and edge type. */
  projections: Array<{ projection: string; edgePopulation: string; edgeTypeId: number; synapses: number }>;
  /** Everything of the description that the SONATA files do not carry, one sentence each. */
  notCarried: string[];
}

/** First node type id; population p gets `NODE_TYPE_BASE + p` (BMTK starts its ids at 100 too). */
const NODE_TYPE_BASE = 100;
const EDGE_TYPE_BASE = 100;
const SONATA_MAGIC = 0x0a7a;

/** The NEST model a population maps to, from its model and receptor kinds; null when none matches. */
function nestModel(population: PopulationPlan): { template: string; note?: string } | null {
  const kinds = new Set(population.receptors.map((r) => r.spec.kind));
  const only = (kind: string) => kinds.size === 1 && kinds.has(kind as never);
  switch (population.model.name) {
    case 'lif':
      if (only('conductance')) return { template: 'nest:iaf_cond_exp' };
      if (only('current')) return { template: 'nest:iaf_psc_exp' };
      return null;
    case 'adex':
      return {
        template: 'nest:aeif_cond_exp',
        ...(only('conductance') ? {} : { note: 'NEST aeif_cond_exp has conductance synapses; this population has other receptors' }),
      };
    case 'izhikevich-2003':
      return { template: 'nest:izhikevich' };
    case 'hodgkin-huxley-1952':
      return {
        template: 'nest:hh_psc_alpha',
        note: "NEST hh_psc_alpha has alpha-shaped current synapses and NEST's HH parameter names; check the synapse kinetics and parameters",
      };
    default:
      return null;
  }
}

/** A CSV cell without spaces (the files are space-separated); `NULL` for nothing, as BMTK writes. */
function cell(value: string | number | undefined): string {
  if (value === undefined) return 'NULL';
  const text = typeof value === 'number' ? String(value) : value;
  return text === '' ? 'NULL' : text.replace(/\s+/g, '_');
}

function csv(header: string[], rows: Array<Array<string | number | undefined>>): string {
  return `${[header.join(' '), ...rows.map((row) => row.map(cell).join(' '))].join('\n')}\n`;
}

function writeRoot(file: H5Group): void {
  file.create_attribute('magic', SONATA_MAGIC, null, '<I');
  file.create_attribute('version', new Uint32Array([0, 1]), [2], '<I');
}

const ids = (count: number, value: (k: number) => number) => {
  const out = new BigUint64Array(count);
  for (let k = 0; k < count; k++) out[k] = BigInt(value(k));
  return out;
};

function writeNodes(h5: H5Module, path: string, populations: readonly PopulationPlan[]): void {
  const file = new h5.File(path, 'w');
  try {
    writeRoot(file);
    const nodes = file.create_group('nodes');
    populations.forEach((population, p) => {
      const group = nodes.create_group(linkName(population.name));
      const n = population.size;
      writeArray(
        group,
        'node_id',
        'u64',
        ids(n, (k) => k),
      );
      writeTypeAndGroup(group, 'node', n, NODE_TYPE_BASE + p);
      const attributes = group.create_group('0');
      if (population.positions) {
        const xyz = population.positions;
        for (const [axis, name] of ['x', 'y', 'z'].entries()) {
          const values = new Float32Array(n);
          for (let k = 0; k < n; k++) values[k] = xyz[3 * k + axis] as number;
          writeArray(attributes, name, 'f32', values);
        }
      }
      // Per-neuron parameters (those not constant) are node attributes; constant ones are in node_types.csv.
      for (const [name, param] of Object.entries(population.params))
        if (param.kind === 'per-neuron') writeArray(attributes, name, 'f32', Float32Array.from(param.values));
    });
    file.close();
  } catch (error) {
    try {
      file.close();
    } catch {
      // Report the original failure.
    }
    throw error;
  }
}

function synapseWeights(projection: ProjectionPlan): Float64Array {
  if (projection.plasticity) return Float64Array.from(projection.plasticity.weights);
  const scale = 2 ** -projection.receptor.scaleExp;
  return Float64Array.from(projection.weightsFixed, (w) => w * scale);
}

function synapseDelays(projection: ProjectionPlan, dt: number): Float64Array {
  const count = projection.csr.targets.length;
  if (projection.delaySteps) return Float64Array.from(projection.delaySteps.subarray(0, count), (s) => s * dt);
  return new Float64Array(count).fill(projection.constantDelaySteps * dt);
}

function writeEdges(h5: H5Module, path: string, plan: NetworkPlan, names: readonly string[]): void {
  const file = new h5.File(path, 'w');
  try {
    writeRoot(file);
    const edges = file.create_group('edges');
    plan.projections.forEach((projection, k) => {
      const { csr } = projection;
      const count = csr.targets.length;
      const group = edges.create_group(linkName(names[k] as string));
      const sources = new BigUint64Array(count);
      for (let row = 0; row < csr.sourceSize; row++)
        for (let s = csr.rowOffsets[row] as number; s < (csr.rowOffsets[row + 1] as number); s++) sources[s] = BigInt(row);
      setAttribute(writeArray(group, 'source_node_id', 'u64', sources), 'node_population', projection.source.name);
      setAttribute(
        writeArray(
          group,
          'target_node_id',
          'u64',
          ids(count, (s) => csr.targets[s] as number),
        ),
        'node_population',
        projection.target.name,
      );
      writeTypeAndGroup(group, 'edge', count, EDGE_TYPE_BASE + k);
      const attributes = group.create_group('0');
      writeArray(attributes, 'syn_weight', 'f64', synapseWeights(projection));
      setAttribute(writeArray(attributes, 'delay', 'f64', synapseDelays(projection, plan.dt)), 'units', 'ms');
    });
    file.close();
  } catch (error) {
    try {
      file.close();
    } catch {
      // Report the original failure.
    }
    throw error;
  }
}

/** Creates `directory` and its parents when missing. */
function makeDirectory(h5: H5Module, directory: string): void {
  const fs = fileSystemOf(h5);
  const parts = directory.split('/');
  for (let k = 1; k <= parts.length; k++) {
    const prefix = parts.slice(0, k).join('/');
    if (!prefix || fileExists(h5, prefix)) continue;
    fs.mkdir(prefix);
  }
}

const join = (directory: string, name: string) => (directory.endsWith('/') ? `${directory}${name}` : `${directory}/${name}`);

/**
 * Exports a network's nodes and edges in SONATA's network layout (Dai et al. 2020), which NEST
 * (`nest.SonataNetwork`), BMTK and libsonata read, so a network carries over to a cluster simulator.
 * Writes `nodes.h5`, `node_types.csv`, `edges.h5`, `edge_types.csv` and `circuit_config.json` into
 * `directory` (created if missing). Weights are the plan's (fixed-point weights × 2^−scaleExp, in the
 * receptor's unit; a plastic projection's initial weights), delays its steps × dt in ms.
 * Returns what each population maps to and what the files could not carry (inputs, plasticity, …).
 *
 * @example
 * ```ts
 * const sim = await Simulation.create(cobaNetwork(), { backend: 'cpu' });
 * const report = await exportSonataNetwork(sim, 'coba-sonata');
 * for (const line of report.notCarried) console.warn(line);
 * ```
 */
export async function exportSonataNetwork(
  source: NetworkPlan | { plan: NetworkPlan },
  directory: string,
  options: { overwrite?: boolean } = {},
): Promise<SonataNetworkReport> {
  const plan = 'plan' in source ? source.plan : source;
  const h5 = await loadH5();
  const existing = SONATA_NETWORK_FILES.filter((name) => fileExists(h5, join(directory, name)));
  if (existing.length > 0 && !options.overwrite)
    throw new ValidationError('the files exist', {
      code: 'file-exists',
      path: join(directory, existing[0] as string),
      expected: 'a directory without SONATA network files, or overwrite: true',
      received: existing,
      hint: 'pass { overwrite: true } to replace them',
    });
  const notCarried: string[] = [];
  const description = plan.description;

  // Node types: one per population.
  const populations = plan.populations.map((population, p) => {
    const mapped = nestModel(population);
    const modelTemplate = mapped?.template ?? `spikegpu:${population.model.name}`;
    if (!mapped) {
      const kinds = [...new Set(population.receptors.map((r) => r.spec.kind))].join(' and ');
      notCarried.push(
        ['lif'].includes(population.model.name)
          ? `population '${population.name}': lif with ${kinds} receptors has no NEST model here; its template is ${modelTemplate}`
          : `population '${population.name}': model '${population.model.name}' (a user or unmapped model) has no NEST/BMTK equivalent; its equations are not in the files (template ${modelTemplate})`,
      );
    }
    for (const receptor of population.receptors)
      if (receptor.spec.kind === 'delta')
        notCarried.push(`population '${population.name}': delta receptor '${receptor.name}' (an instantaneous jump of the input) is not carried`);
    if (population.homeostasis) notCarried.push(`population '${population.name}': homeostasis rule '${population.homeostasis.rule.name}' is not carried`);
    return { population: population.name, nodeTypeId: NODE_TYPE_BASE + p, modelTemplate, ...(mapped?.note ? { note: mapped.note } : {}) };
  });
  const paramColumns = [...new Set(plan.populations.flatMap((p) => Object.keys(p.params)))];
  const nodeTypes = csv(
    ['node_type_id', 'model_type', 'model_template', 'pop_name', ...paramColumns],
    plan.populations.map((population, p) => [
      NODE_TYPE_BASE + p,
      'point_neuron',
      populations[p]?.modelTemplate,
      population.name,
      ...paramColumns.map((name) => {
        const param = population.params[name];
        return param?.kind === 'constant' ? param.value : undefined;
      }),
    ]),
  );

  // Edge populations: `<source>_to_<target>`, with a suffix when two projections share both.
  const used = new Map<string, number>();
  const edgeNames = plan.projections.map((projection) => {
    const base = `${projection.source.name}_to_${projection.target.name}`;
    const seen = used.get(base) ?? 0;
    used.set(base, seen + 1);
    return seen === 0 ? base : `${base}_${seen}`;
  });
  const projections = plan.projections.map((projection, k) => {
    if (projection.plasticity)
      notCarried.push(
        `projection '${projection.name}': plasticity (${projection.plasticity.rules.map((r) => r.rule.name).join(', ')}) is not carried; its initial weights are exported`,
      );
    return { projection: projection.name, edgePopulation: edgeNames[k] as string, edgeTypeId: EDGE_TYPE_BASE + k, synapses: projection.csr.targets.length };
  });
  const edgeTypes = csv(
    ['edge_type_id', 'model_template', 'source_query', 'target_query', 'receptor', 'receptor_kind', 'tau_syn_ms', 'reversal_mv', 'nest_weight_sign'],
    plan.projections.map((projection, k) => {
      const spec = projection.receptor.spec;
      const inhibitory =
        spec.kind === 'conductance' ? spec.reversalMv <= INHIBITORY_REVERSAL_MAX_MV : description.populations[projection.source.index]?.sign === 'inhibitory';
      return [
        EDGE_TYPE_BASE + k,
        'static_synapse',
        `pop_name=='${projection.source.name}'`,
        `pop_name=='${projection.target.name}'`,
        projection.receptor.name,
        spec.kind,
        'tauMs' in spec ? spec.tauMs : undefined,
        spec.kind === 'conductance' ? spec.reversalMv : undefined,
        inhibitory ? -1 : 1,
      ];
    }),
  );
  description.inputs?.forEach((input, i) =>
    notCarried.push(`inputs[${i}]: ${input.kind} input to '${input.target}' is not carried (add a NEST generator or a SONATA virtual population)`),
  );
  if (plan.populations.some((p) => Object.keys(p.init).length > 0))
    notCarried.push('initial state values (v, synaptic variables) are not carried; the other simulator starts from its own');

  const config = {
    manifest: { $BASE_DIR: '.' },
    networks: {
      nodes: [{ nodes_file: '$BASE_DIR/nodes.h5', node_types_file: '$BASE_DIR/node_types.csv' }],
      edges: [{ edges_file: '$BASE_DIR/edges.h5', edge_types_file: '$BASE_DIR/edge_types.csv' }],
    },
    components: {},
    spikegpu: { network: description.name ?? '', dt_ms: plan.dt, seed: plan.seed, not_carried: notCarried },
  };

  const fs = fileSystemOf(h5);
  const files = SONATA_NETWORK_FILES.map((name) => join(directory, name));
  let current = directory;
  try {
    makeDirectory(h5, directory);
    current = files[0] as string;
    writeNodes(h5, current, plan.populations);
    current = files[1] as string;
    fs.writeFile(current, nodeTypes);
    current = files[2] as string;
    writeEdges(h5, current, plan, edgeNames);
    current = files[3] as string;
    fs.writeFile(current, edgeTypes);
    current = files[4] as string;
    fs.writeFile(current, `${JSON.stringify(config, null, 2)}\n`);
  } catch (error) {
    throw writeFailure(error, current, 'the SONATA network');
  }
  return { directory, files, populations, projections, notCarried };
}

/** SONATA's per-node or per-edge type id (one type per population or projection), and its single attribute group "0". */
function writeTypeAndGroup(group: H5Group, kind: 'node' | 'edge', count: number, typeId: number): void {
  writeArray(
    group,
    `${kind}_type_id`,
    'u64',
    ids(count, () => typeId),
  );
  writeArray(group, `${kind}_group_id`, 'u32', new Uint32Array(count));
  writeArray(
    group,
    `${kind}_group_index`,
    'u64',
    ids(count, (i) => i),
  );
}
