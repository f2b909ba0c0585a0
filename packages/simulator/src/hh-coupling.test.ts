import type { NetworkDescription } from '@spikegpu/core';
import { describe, expect, it } from 'vitest';
import { Simulation } from './simulation.js';

// Hodgkin–Huxley neurons are really coupled through the simulator's synapses (neural-simulator scaled
// synaptic current by 1e-6, which left its HH networks uncoupled). Units: µA/cm², mS/cm², mV.
function pair(withSynapse: boolean, receptor: 'conductance' | 'current'): NetworkDescription {
  return {
    dt: 0.01,
    seed: 1,
    populations: [
      { name: 'driver', size: 1, model: 'hodgkin-huxley-1952' },
      {
        name: 'follower',
        size: 1,
        model: 'hodgkin-huxley-1952',
        receptors: { syn: receptor === 'conductance' ? { kind: 'conductance', tauMs: 2, reversalMv: 0 } : { kind: 'current', tauMs: 2 } },
      },
    ],
    projections: withSynapse
      ? [
          {
            source: 'driver',
            target: 'follower',
            connectivity: { rule: 'one-to-one' },
            receptor: 'syn',
            weight: receptor === 'conductance' ? 2 : 80,
            delayMs: 1,
          },
        ]
      : [],
    // 10 µA/cm² makes the driver fire repetitively (~68 Hz); the follower gets no input of its own.
    inputs: [{ kind: 'current', target: 'driver', amplitude: 10 }],
  };
}

describe('Hodgkin–Huxley networks are coupled', () => {
  for (const receptor of ['conductance', 'current'] as const) {
    it(`a ${receptor} synapse makes the follower fire after each driver spike, and without it the follower is silent`, async () => {
      const coupled = await Simulation.create(pair(true, receptor), { backend: 'cpu' });
      await coupled.run(200);
      const driver = coupled.spikesOf('driver').times;
      const follower = coupled.spikesOf('follower').times;
      expect(driver.length).toBeGreaterThan(8);
      expect(follower.length).toBeGreaterThanOrEqual(driver.length - 1);
      // Each follower spike comes 1–5 ms after a driver spike: the delay plus the rise to threshold.
      for (const t of follower) {
        const lag = t - Math.max(...Array.from(driver).filter((d) => d <= t));
        expect(lag).toBeGreaterThan(1);
        expect(lag).toBeLessThan(5);
      }
      const alone = await Simulation.create(pair(false, receptor), { backend: 'cpu' });
      await alone.run(200);
      expect(alone.spikesOf('follower').times.length).toBe(0);
    });
  }
});
