import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NetworkDescription } from '@spikegpu/core';
import { izhikevich2003Network, Simulation } from '@spikegpu/simulator';
import { afterAll, expect, it } from 'vitest';
import { readCheckpoint, restoreCheckpoint, writeCheckpoint } from './index.js';

const dir = mkdtempSync(join(tmpdir(), 'spikegpu-plastic-checkpoint-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Izhikevich (2003), 500 neurons, with STDP on E→E and depressing STP on E→I. */
function plasticNetwork(): NetworkDescription {
  const net = izhikevich2003Network({ excitatory: 400, inhibitory: 100 });
  const [ee, ei, ...others] = net.projections as NonNullable<NetworkDescription['projections']>;
  return {
    ...net,
    projections: [
      { ...ee!, name: 'ee', plasticity: [{ rule: 'stdp', aPlus: 0.02, aMinus: 0.025, wMax: 0.5 }] },
      { ...ei!, name: 'e/i', plasticity: [{ rule: 'tsodyks-markram', U: 0.5, tauDMs: 800, tauFMs: 0 }] },
      ...others,
    ],
  };
}

it('saves plastic weights, traces and STP state under /state/projections and continues bit for bit', async () => {
  const reference = await Simulation.create(plasticNetwork(), { backend: 'cpu' });
  await reference.run(200);
  const first = await Simulation.create(plasticNetwork(), { backend: 'cpu' });
  await first.run(120);
  const path = join(dir, 'plastic.simstate.h5');
  await writeCheckpoint(path, first);
  const checkpoint = await readCheckpoint(path);
  expect(checkpoint.unknownState).toEqual([]);
  expect(Object.keys(checkpoint.snapshot.projections ?? {}).sort()).toEqual(['e/i', 'ee']);
  expect(checkpoint.snapshot.projections).toEqual((await first.snapshot()).projections);
  const resumed = await restoreCheckpoint(path, { backend: 'cpu' });
  await resumed.run(80);
  const tail = (s: Simulation) => Array.from(s.spikes.ids).filter((_, k) => (s.spikes.steps[k] as number) >= 120);
  expect(tail(resumed).length).toBeGreaterThan(100);
  expect(tail(resumed)).toEqual(tail(reference));
  expect((await resumed.readWeights('ee')).weights).toEqual((await reference.readWeights('ee')).weights);
});
