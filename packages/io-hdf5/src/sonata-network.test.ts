import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ValidationError } from '@spikegpu/core';
import { cobaNetwork, Simulation } from '@spikegpu/simulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { H5Dataset, H5Group } from './h5-datasets.js';
import { loadH5 } from './h5-module.js';
import { exportSonataNetwork, type SonataNetworkReport } from './index.js';

const dir = mkdtempSync(join(tmpdir(), 'spikegpu-sonata-net-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const python = ['/usr/bin/python3', 'python3'].find((exe) => spawnSync(exe, ['-c', 'import h5py'], { stdio: 'ignore' }).status === 0);

describe('SONATA network export', () => {
  let sim: Simulation;
  let report: SonataNetworkReport;
  const out = join(dir, 'coba');
  beforeAll(async () => {
    const description = cobaNetwork({ size: 400 });
    description.populations[0] = { ...description.populations[0]!, positions: { layout: 'box', sizeUm: [100, 100, 100] } } as never;
    sim = await Simulation.create(description, { backend: 'cpu' });
    report = await exportSonataNetwork(sim, out);
  });

  it('writes the five files and reports what it could not carry', () => {
    for (const name of ['nodes.h5', 'node_types.csv', 'edges.h5', 'edge_types.csv', 'circuit_config.json']) expect(existsSync(join(out, name))).toBe(true);
    expect(report.populations.map((p) => p.modelTemplate)).toEqual(['nest:iaf_cond_exp', 'nest:iaf_cond_exp']);
    expect(report.projections.map((p) => p.edgePopulation)).toEqual(['exc_to_exc', 'exc_to_inh', 'inh_to_exc', 'inh_to_inh']);
    expect(report.notCarried.filter((line) => line.startsWith('inputs['))).toHaveLength(2);
    const types = readFileSync(join(out, 'node_types.csv'), 'utf8').trim().split('\n');
    expect(types[0]).toBe('node_type_id model_type model_template pop_name C gL EL vThresh vReset tRef');
    expect(types[1]).toBe('100 point_neuron nest:iaf_cond_exp exc 200 10 -60 -50 -60 5');
    expect(readFileSync(join(out, 'edge_types.csv'), 'utf8').split('\n')[3]).toBe(
      "102 static_synapse pop_name=='inh' pop_name=='exc' inh conductance 10 -80 -1",
    );
    const config = JSON.parse(readFileSync(join(out, 'circuit_config.json'), 'utf8'));
    expect(config.networks.nodes[0]).toEqual({ nodes_file: '$BASE_DIR/nodes.h5', node_types_file: '$BASE_DIR/node_types.csv' });
  });

  it("has counts, ids, weights and delays equal to the plan's CSR (read back with h5wasm)", async () => {
    const h5 = await loadH5();
    const nodes = new h5.File(join(out, 'nodes.h5'), 'r');
    const edges = new h5.File(join(out, 'edges.h5'), 'r');
    try {
      const value = (file: H5Group, path: string) => Array.from((file.get(path) as H5Dataset).value as ArrayLike<bigint | number>, Number);
      for (const [p, population] of sim.plan.populations.entries()) {
        expect(value(nodes, `nodes/${population.name}/node_id`)).toEqual(Array.from({ length: population.size }, (_, k) => k));
        expect(new Set(value(nodes, `nodes/${population.name}/node_type_id`))).toEqual(new Set([100 + p]));
      }
      expect(value(nodes, 'nodes/exc/0/x')).toEqual(Array.from({ length: 320 }, (_, k) => sim.plan.populations[0]!.positions![3 * k]));
      expect((nodes.get('nodes/inh/0') as H5Group).keys()).toEqual([]);
      for (const [k, projection] of sim.plan.projections.entries()) {
        const group = `edges/${report.projections[k]!.edgePopulation}`;
        const { csr } = projection;
        const count = csr.targets.length;
        expect(count).toBeGreaterThan(100);
        const sources = value(edges, `${group}/source_node_id`);
        expect(sources).toHaveLength(count);
        for (let row = 0; row < csr.sourceSize; row++)
          for (let s = csr.rowOffsets[row]!; s < csr.rowOffsets[row + 1]!; s++)
            if (sources[s] !== row) throw new Error(`synapse ${s}: source ${sources[s]}, not ${row}`);
        expect(value(edges, `${group}/target_node_id`)).toEqual(Array.from(csr.targets.subarray(0, count)));
        const scale = 2 ** -projection.receptor.scaleExp;
        expect(value(edges, `${group}/0/syn_weight`)).toEqual(Array.from(projection.weightsFixed, (w) => w * scale));
        expect(new Set(value(edges, `${group}/0/delay`))).toEqual(new Set([projection.constantDelaySteps * sim.plan.dt]));
        expect((edges.get(`${group}/source_node_id`) as H5Dataset).attrs.node_population?.value).toBe(projection.source.name);
        expect((edges.get(`${group}/target_node_id`) as H5Dataset).attrs.node_population?.value).toBe(projection.target.name);
      }
      // COBA's weights: 6 nS excitatory, 67 nS inhibitory.
      expect(new Set(value(edges, 'edges/inh_to_exc/0/syn_weight'))).toEqual(new Set([67]));
    } finally {
      nodes.close();
      edges.close();
    }
  });

  it('refuses to overwrite without overwrite: true', async () => {
    const error = await exportSonataNetwork(sim.plan, out).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).code).toBe('file-exists');
    await expect(exportSonataNetwork(sim.plan, out, { overwrite: true })).resolves.toMatchObject({ directory: out });
  });

  it("has SONATA's names, dtypes and shapes as h5py sees them", (ctx) => {
    if (!python) return ctx.skip('python3-h5py is not installed (apt-get install python3-h5py): the h5py check of the SONATA network did not run');
    const script = `
import h5py, json, sys
out = {}
for name in ("nodes.h5", "edges.h5"):
    with h5py.File(sys.argv[1] + "/" + name, "r") as f:
        out[name] = {"magic": int(f.attrs["magic"]), "version": f.attrs["version"].tolist()}
        def visit(path, obj):
            if isinstance(obj, h5py.Dataset):
                out[name][path] = [str(obj.dtype), list(obj.shape)] + ([obj.attrs["node_population"]] if "node_population" in obj.attrs else [])
        f.visititems(visit)
print(json.dumps(out))
`;
    const result = spawnSync(python, ['-c', script, out], { encoding: 'utf8' });
    expect(result.stderr).toBe('');
    const seen = JSON.parse(result.stdout);
    const header = { magic: 0x0a7a, version: [0, 1] };
    expect(seen['nodes.h5']).toEqual({
      ...header,
      'nodes/exc/node_id': ['uint64', [320]],
      'nodes/exc/node_type_id': ['uint64', [320]],
      'nodes/exc/node_group_id': ['uint32', [320]],
      'nodes/exc/node_group_index': ['uint64', [320]],
      'nodes/exc/0/x': ['float32', [320]],
      'nodes/exc/0/y': ['float32', [320]],
      'nodes/exc/0/z': ['float32', [320]],
      'nodes/inh/node_id': ['uint64', [80]],
      'nodes/inh/node_type_id': ['uint64', [80]],
      'nodes/inh/node_group_id': ['uint32', [80]],
      'nodes/inh/node_group_index': ['uint64', [80]],
    });
    const n = sim.plan.projections[1]!.csr.targets.length;
    expect(seen['edges.h5']).toMatchObject({
      ...header,
      'edges/exc_to_inh/source_node_id': ['uint64', [n], 'exc'],
      'edges/exc_to_inh/target_node_id': ['uint64', [n], 'inh'],
      'edges/exc_to_inh/edge_type_id': ['uint64', [n]],
      'edges/exc_to_inh/edge_group_id': ['uint32', [n]],
      'edges/exc_to_inh/edge_group_index': ['uint64', [n]],
      'edges/exc_to_inh/0/syn_weight': ['float64', [n]],
      'edges/exc_to_inh/0/delay': ['float64', [n]],
    });
  });
});
