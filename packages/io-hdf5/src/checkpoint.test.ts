import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cobaNetwork, izhikevich2003Network, Simulation } from '@spikegpu/simulator';
import { afterAll, describe, expect, it } from 'vitest';
import { applyCheckpoint, readCheckpoint, readFileBytes, restoreCheckpoint, writeCheckpoint, writeFileBytes } from './index.js';

const dir = mkdtempSync(join(tmpdir(), 'spikegpu-checkpoint-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Spikes as (step, global id) pairs from `from` on. */
function spikeTrain(sim: Simulation, fromStep = 0): Array<[number, number]> {
  const { steps, ids } = sim.spikes;
  const train: Array<[number, number]> = [];
  for (let k = 0; k < ids.length; k++) if ((steps[k] as number) >= fromStep) train.push([steps[k] as number, ids[k] as number]);
  return train;
}

describe('checkpoint round trip', () => {
  for (const [name, network] of [
    ['COBA (conductances, refractoriness, Poisson drive)', () => cobaNetwork({ size: 400 })],
    ['Izhikevich 2003 (delta synapses, white noise)', () => izhikevich2003Network({ excitatory: 400, inhibitory: 100 })],
  ] as const) {
    it(`continues ${name} bit for bit: 120 ms + checkpoint + 80 ms equals 200 ms`, async () => {
      const reference = await Simulation.create(network(), { backend: 'cpu' });
      await reference.run(200);
      const first = await Simulation.create(network(), { backend: 'cpu' });
      await first.run(120);
      const path = join(dir, `${name.split(' ')[0]}.simstate.h5`);
      await writeCheckpoint(path, first);
      const resumed = await restoreCheckpoint(path, { backend: 'cpu' });
      expect(resumed.step).toBe(first.step);
      await resumed.run(80);
      const splitStep = first.step;
      const expected = spikeTrain(reference, splitStep);
      expect(expected.length).toBeGreaterThan(100);
      expect(spikeTrain(resumed)).toEqual(expected);
      const finalReference = await reference.snapshot();
      const finalResumed = await resumed.snapshot();
      expect(Buffer.from(finalResumed.state.buffer).equals(Buffer.from(finalReference.state.buffer))).toBe(true);
      expect(Array.from(finalResumed.spikeTotals)).toEqual(Array.from(finalReference.spikeTotals));
    });
  }

  it('continues a checkpoint written before Poisson inputs carried their phase, drawing the phase afresh', async () => {
    const sim = await Simulation.create(cobaNetwork({ size: 200 }), { backend: 'cpu' });
    await sim.run(30);
    const path = join(dir, 'old-poisson.simstate.h5');
    await writeCheckpoint(path, sim, { adapter: '' });
    const current = await readCheckpoint(path);
    // What simulator 0.1 wrote: the same layout without the poisson_<input> variables.
    let from = 0;
    const kept: Float32Array[] = [];
    const populations = current.populations.map((p) => {
      for (const [k, v] of p.variables.entries()) if (v !== 'poisson_0') kept.push(current.snapshot.state.subarray(from + k * p.size, from + (k + 1) * p.size));
      from += p.variables.length * p.size;
      return { ...p, variables: p.variables.filter((v) => v !== 'poisson_0') };
    });
    const state = new Float32Array(kept.reduce((n, a) => n + a.length, 0));
    let at = 0;
    for (const part of kept) {
      state.set(part, at);
      at += part.length;
    }
    const old = { ...current, populations, snapshot: { ...current.snapshot, state } };

    const resumed = await Simulation.create(cobaNetwork({ size: 200 }), { backend: 'cpu' });
    await applyCheckpoint(resumed, old);
    expect(resumed.step).toBe(sim.step);
    for (const variable of ['v', 'syn_exc', 'refractory'])
      expect(Array.from(await resumed.readState('inh', variable))).toEqual(Array.from(await sim.readState('inh', variable)));
    expect(Array.from(await resumed.readState('exc', 'poisson_0'))).toEqual(Array.from(resumed.plan.populations[0]!.init.poisson_0 as Float32Array));
    await resumed.run(50);
    const [exc] = await resumed.summary();
    expect(exc!.rateHz).toBeGreaterThan(1);
    // Anything else missing is still refused.
    const broken = { ...old, populations: old.populations.map((p) => ({ ...p, variables: p.variables.filter((v) => v !== 'syn_inh') })) };
    await expect(applyCheckpoint(await Simulation.create(cobaNetwork({ size: 200 }), { backend: 'cpu' }), broken)).rejects.toThrow(/does not match/);
  });

  it('reads back exactly the snapshot it wrote, with provenance', async () => {
    const sim = await Simulation.create(cobaNetwork({ size: 200 }), { backend: 'cpu' });
    await sim.run(30);
    const path = join(dir, 'exact.simstate.h5');
    await writeCheckpoint(path, sim, { adapter: '' });
    const snapshot = await sim.snapshot();
    const checkpoint = await readCheckpoint(path);
    expect(checkpoint.snapshot.step).toBe(snapshot.step);
    expect(checkpoint.timeMs).toBeCloseTo(30, 9);
    expect(checkpoint.snapshot.state).toEqual(snapshot.state);
    expect(checkpoint.snapshot.inputRing).toEqual(snapshot.inputRing);
    expect(checkpoint.snapshot.spikeTotals).toEqual(snapshot.spikeTotals);
    expect(checkpoint.populations.map((p) => p.name)).toEqual(['exc', 'inh']);
    expect(checkpoint.populations[0]?.variables).toEqual(['v', 'syn_exc', 'syn_inh', 'poisson_0', 'refractory']);
    expect(checkpoint.provenance.backend).toBe('cpu');
    expect(checkpoint.formatVersion).toBe(1);
    expect(checkpoint.unknownState).toEqual([]);
  });

  it('moves as bytes (a browser download and upload) without change', async () => {
    const sim = await Simulation.create(cobaNetwork({ size: 100 }), { backend: 'cpu' });
    await sim.run(10);
    const path = join(dir, 'download.simstate.h5');
    await writeCheckpoint(path, sim);
    const copy = join(dir, 'upload.simstate.h5');
    await writeFileBytes(copy, await readFileBytes(path));
    expect((await readCheckpoint(copy)).snapshot).toEqual((await readCheckpoint(path)).snapshot);
  });
});
