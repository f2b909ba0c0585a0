import type { NetworkDescription } from '@spikegpu/core';
import type { GpuContext } from '@spikegpu/gpu-runtime';
import { Simulation } from '@spikegpu/simulator';
import { type ActivityCriteria, ActivityMeter, criteriaFailures } from './activity-metrics.js';
import { scaleDrive } from './drive-scale.js';
import type { SweepPoint, TunedNetwork } from './overrides-file.js';

/** How `tuneNetwork` sweeps: the scales, the run length, the criteria and where to run. */
export interface TuneSettings {
  scales: number[];
  durationMs: number;
  criteria: ActivityCriteria;
  /** The device to run on; the CPU without one (both give the same spikes, so the same choice). */
  gpu: GpuContext | null;
  log: (message: string) => void;
  /** Called before candidate k runs. */
  progress?: (k: number) => void;
  /** Checked between candidates. */
  signal?: AbortSignal;
}

/**
 * How far a run is from meeting the criteria: 0 when it meets them, else the sum of each broken
 * criterion's relative miss (rates on a log scale). Used only when no scale meets them all.
 */
function miss(point: SweepPoint, c: ActivityCriteria): number {
  let total = 0;
  if (!(point.rateHz >= c.minRateHz)) total += point.rateHz > 0 ? Math.log(c.minRateHz / point.rateHz) : 10;
  if (point.rateHz > c.maxRateHz) total += Math.log(point.rateHz / c.maxRateHz);
  if (!(point.activeFraction >= c.minActiveFraction)) total += (c.minActiveFraction - point.activeFraction) / c.minActiveFraction;
  if (point.synchrony > c.maxSynchrony) total += (point.synchrony - c.maxSynchrony) / c.maxSynchrony;
  return total;
}

/**
 * The scale to keep. Among the scales that meet every criterion: the one whose rate is closest, on a
 * log scale, to the middle of the allowed range (√(min·max), 7.1 Hz for 1–50 Hz), then the less
 * synchronous, then the smaller scale. When none meets them: the smallest miss.
 */
export function chooseScale(sweep: SweepPoint[], criteria: ActivityCriteria): { point: SweepPoint; meetsCriteria: boolean } {
  const target = Math.sqrt(Math.max(criteria.minRateHz, 1e-3) * criteria.maxRateHz);
  const passing = sweep.filter((p) => p.failures.length === 0);
  const ranked = (passing.length > 0 ? passing : sweep)
    .map((point) => ({
      point,
      key: passing.length > 0 ? Math.abs(Math.log(point.rateHz / target)) : miss(point, criteria),
    }))
    .sort((a, b) => a.key - b.key || (a.point.synchrony || 0) - (b.point.synchrony || 0) || a.point.driveScale - b.point.driveScale);
  return { point: (ranked[0] as { point: SweepPoint }).point, meetsCriteria: passing.length > 0 };
}

/**
 * Runs the network once per drive scale, from the same seed, and measures each run's activity after
 * the transient; returns the sweep and the chosen scale. Every candidate is a fresh simulation, so
 * the result depends on the description, the scales and the criteria only.
 */
export async function tuneNetwork(description: NetworkDescription, settings: TuneSettings): Promise<TunedNetwork | null> {
  const sweep: SweepPoint[] = [];
  let neurons = 0;
  let backend = 'cpu';
  for (const [k, driveScale] of settings.scales.entries()) {
    // The CPU engine never leaves the microtask queue: let the event loop deliver SIGINT.
    await new Promise((resolve) => setImmediate(resolve));
    if (settings.signal?.aborted) return null;
    settings.progress?.(k);
    const candidate: NetworkDescription = { ...scaleDrive(description, driveScale), recording: { spikes: true } };
    const sim = await Simulation.create(candidate, {
      ...(settings.gpu ? { gpu: settings.gpu } : { backend: 'cpu' }),
      keepSpikesInMemory: false,
      log: settings.log,
    });
    try {
      neurons = sim.plan.totalNeurons;
      backend = sim.backend;
      const transientSteps = Math.round(settings.criteria.transientMs / sim.plan.dt);
      const meter = new ActivityMeter(neurons, sim.plan.dt, transientSteps, settings.criteria.binMs);
      sim.onSpikes((step, ids) => meter.add(step, ids));
      await sim.run(settings.durationMs);
      const metrics = meter.metrics(sim.step);
      const point: SweepPoint = { driveScale, ...metrics, failures: criteriaFailures(metrics, settings.criteria) };
      sweep.push(point);
    } finally {
      sim.destroy();
    }
  }
  const { point, meetsCriteria } = chooseScale(sweep, settings.criteria);
  return { driveScale: point.driveScale, meetsCriteria, neurons, durationMs: settings.durationMs, dtMs: description.dt, backend, sweep };
}
