import type { NetworkDescription } from '@spikegpu/core';
import { acquireGpu, type GpuContext } from '@spikegpu/gpu-runtime';
import { stpPresets } from '@spikegpu/plasticity';
import { afterAll, describe, expect, it } from 'vitest';
import { izhikevich2003Network } from './networks/index.js';
import { Simulation } from './simulation.js';

/** Izhikevich (2003) with STDP on E→E and STDP plus facilitating STP on E→I. */
function plasticNetwork(): NetworkDescription {
  const net = izhikevich2003Network();
  const [ee, ei, ...others] = net.projections as NonNullable<NetworkDescription['projections']>;
  const stdp = { rule: 'stdp', aPlus: 0.02, aMinus: 0.025, wMin: 0, wMax: 0.5 };
  return {
    ...net,
    projections: [
      { ...ee!, name: 'ee', plasticity: [stdp] },
      { ...ei!, name: 'ei', plasticity: [stpPresets.excitatoryToInhibitory.spec, { ...stdp, pairing: 'nearest-spike' }] },
      ...others,
    ],
  };
}

const tail = (s: Simulation, fromStep: number) => Array.from(s.spikes.ids).filter((_, k) => (s.spikes.steps[k] as number) >= fromStep);

describe('snapshots of plastic networks', async () => {
  const gpu: GpuContext | null = await acquireGpu();
  afterAll(() => gpu?.destroy());
  const whole = await Simulation.create(plasticNetwork(), { backend: 'cpu' });
  await whole.run(200);
  const first = await Simulation.create(plasticNetwork(), { backend: 'cpu' });
  await first.run(120);
  const snapshot = await first.snapshot();

  it('hold weights, traces and STP state by projection', () => {
    expect(Object.keys(snapshot.projections ?? {}).sort()).toEqual(['ee', 'ei']);
    expect(Object.keys(snapshot.projections?.ee ?? {}).sort()).toEqual(['weights', 'xPre', 'yPost']);
    expect(Object.keys(snapshot.projections?.ei ?? {}).sort()).toEqual(['u', 'weights', 'x', 'xPre', 'yPost']);
  });

  it('continue bit-identically after a restore (CPU)', async () => {
    const resumed = await Simulation.create(plasticNetwork(), { backend: 'cpu' });
    await resumed.restore(snapshot);
    await resumed.run(80);
    expect(tail(resumed, 120).length).toBeGreaterThan(0);
    expect(tail(resumed, 120)).toEqual(tail(whole, 120));
    expect(await resumed.readWeights('ee')).toEqual(await whole.readWeights('ee'));
    expect(await resumed.readPlasticity('ei')).toEqual(await whole.readPlasticity('ei'));
  });

  it.skipIf(!gpu)('continue a CPU snapshot on WebGPU bit-identically', async () => {
    const resumed = await Simulation.create(plasticNetwork(), { gpu: gpu as GpuContext });
    await resumed.restore(snapshot);
    await resumed.run(80);
    expect(tail(resumed, 120)).toEqual(tail(whole, 120));
    const [back, end] = [await resumed.snapshot(), await whole.snapshot()];
    expect(back.projections).toEqual(end.projections);
    resumed.destroy();
  });

  it('refuse a snapshot without the plasticity state, naming the array', async () => {
    const resumed = await Simulation.create(plasticNetwork(), { backend: 'cpu' });
    const { projections: _dropped, ...bare } = snapshot;
    await expect(resumed.restore(bare)).rejects.toThrow(/snapshot\.projections\.ee\.weights: expected the plasticity state 'weights' of projection 'ee'/);
  });
});
