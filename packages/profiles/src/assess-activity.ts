/** One population's share of a run's spikes, as {@link assessActivity} reports it. */
export interface PopulationActivity {
  name: string;
  /** Mean rate over the window, Hz. */
  rateHz: number;
  /** The largest fraction of the population that spiked within one bin. */
  peakBinFraction: number;
}

/** What a run's activity looks like: `silent`, `alive` or `seizure`, with the numbers behind it. */
export interface ActivityAssessment {
  verdict: 'silent' | 'alive' | 'seizure';
  /** Why, in words, naming the population and the number that decided it. */
  reason: string;
  populations: PopulationActivity[];
}

/**
 * The criteria (neural-simulator's auto-tune wanted activity "alive but not seizure-like"; these make
 * that testable):
 * - `silent` when no population fires at {@link ACTIVITY_CRITERIA}.minRateHz or more;
 * - `seizure` when a population fires above `maxRateHz` on average, or more than `maxBinFraction` of it
 *   spikes within one `binMs` bin (runaway synchrony; judged only for populations of at least
 *   `minSynchronySize` neurons, where a full bin is not chance);
 * - otherwise `alive`.
 * Spikes before `warmUpMs` (the transient from the initial state) are left out.
 */
export const ACTIVITY_CRITERIA = { minRateHz: 0.5, maxRateHz: 100, maxBinFraction: 0.5, binMs: 2, warmUpMs: 10, minSynchronySize: 20 } as const;

/**
 * Classifies a run's spikes by {@link ACTIVITY_CRITERIA}. `times` (ms) and `ids` (population-local) per
 * population, as `Simulation.spikesOf` returns them.
 *
 * @example
 * ```ts
 * const { verdict, reason } = assessActivity(sim.plan.populations.map((p) => ({ size: p.size, ...sim.spikesOf(p.name) })), 50);
 * ```
 */
export function assessActivity(
  populations: ReadonlyArray<{ population: string; size: number; times: ArrayLike<number> }>,
  durationMs: number,
  criteria: Partial<typeof ACTIVITY_CRITERIA> = {},
): ActivityAssessment {
  const { minRateHz, maxRateHz, maxBinFraction, binMs, warmUpMs, minSynchronySize } = { ...ACTIVITY_CRITERIA, ...criteria };
  const windowMs = Math.max(durationMs - warmUpMs, binMs);
  const sizes = new Map(populations.map((p) => [p.population, p.size]));
  const activity: PopulationActivity[] = populations.map(({ population, size, times }) => {
    const bins = new Float64Array(Math.ceil(windowMs / binMs) + 1);
    let count = 0;
    for (let k = 0; k < times.length; k++) {
      const t = times[k] as number;
      if (t < warmUpMs) continue;
      count++;
      const bin = Math.floor((t - warmUpMs) / binMs);
      bins[bin] = (bins[bin] as number) + 1;
    }
    let peak = 0;
    for (const spikes of bins) peak = Math.max(peak, spikes);
    return { name: population, rateHz: (count / size) * (1000 / windowMs), peakBinFraction: peak / size };
  });
  for (const p of activity) {
    if (p.rateHz > maxRateHz) return { verdict: 'seizure', reason: `'${p.name}' fires at ${p.rateHz.toFixed(1)} Hz (> ${maxRateHz})`, populations: activity };
    if (p.peakBinFraction > maxBinFraction && (sizes.get(p.name) as number) >= minSynchronySize)
      return {
        verdict: 'seizure',
        reason: `${(100 * p.peakBinFraction).toFixed(0)} % of '${p.name}' spiked within ${binMs} ms (> ${100 * maxBinFraction} %)`,
        populations: activity,
      };
  }
  const busiest = activity.reduce((a, b) => (b.rateHz > a.rateHz ? b : a));
  if (busiest.rateHz < minRateHz)
    return {
      verdict: 'silent',
      reason: `no population fires at ${minRateHz} Hz or more (busiest: '${busiest.name}', ${busiest.rateHz.toFixed(2)} Hz)`,
      populations: activity,
    };
  return {
    verdict: 'alive',
    reason: `'${busiest.name}' fires at ${busiest.rateHz.toFixed(1)} Hz, none above ${maxRateHz} Hz or ${100 * maxBinFraction} % in ${binMs} ms`,
    populations: activity,
  };
}
