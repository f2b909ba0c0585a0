import type { NetworkDescription } from '@spikegpu/core';
import { acquireGpu } from '@spikegpu/gpu-runtime';
import { afterAll, describe, expect, it } from 'vitest';
import { izhikevich2003Network } from './networks/index.js';
import { Simulation } from './simulation.js';
import { cobaWithDelays } from './test-networks.js';

describe('profilePhases: GPU time per phase from timestamp queries (SwiftShader in CI)', async () => {
  const gpu = await acquireGpu();
  if (!gpu?.hasTimestampQuery) {
    it.skip('needs a WebGPU adapter with timestamp-query', () => {});
    return;
  }
  afterAll(() => gpu.destroy());

  /** The phases a short run reports, and whether each took time. */
  const phasesOf = async (net: NetworkDescription, options: Parameters<typeof Simulation.create>[1]) => {
    const sim = await Simulation.create(net, { gpu, ...options });
    await sim.run(20);
    const profile = sim.profile();
    sim.destroy();
    expect(profile.source).toBe('gpu-timestamps');
    expect(Object.values(profile.totalsMs).every((ms) => (ms as number) > 0)).toBe(true);
    return Object.keys(profile.totalsMs).sort();
  };

  it('times update and propagation apart, the plastic passes apart, a batch or a fused batch whole', async () => {
    const net = cobaWithDelays(300);
    const [ee, ...rest] = net.projections ?? [];
    const plastic = {
      ...net,
      projections: [{ ...ee!, plasticity: [{ rule: 'stdp', aPlus: 0.01, aMinus: 0.01, tauPlusMs: 20, tauMinusMs: 20, wMin: 0, wMax: 20 }] }, ...rest],
    } as NetworkDescription;
    expect(await phasesOf(net, { stepKernel: 'split', profilePhases: true })).toEqual(['propagate', 'update']);
    expect(await phasesOf(plastic, { profilePhases: true })).toEqual(['plastic', 'propagate', 'update']);
    expect(await phasesOf(net, { stepKernel: 'split', profilePhases: 'batch' })).toEqual(['total']);
    expect(await phasesOf(izhikevich2003Network(), { stepKernel: 'fused', profilePhases: true })).toEqual(['fused']);
  });
});
