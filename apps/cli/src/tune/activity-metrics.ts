/**
 * What `spikegpu tune` calls alive but not seizure-like, and how it measures it. Every number is
 * taken after a transient, over all neurons of the network:
 * - **rate**: spikes per neuron per second;
 * - **active fraction**: neurons that spiked at least once;
 * - **synchrony** ρ = (F − 1)/(N − 1), where F is the Fano factor (variance / mean) of the network's
 *   spike count in bins of `binMs`. For N independent Poisson neurons F = 1 and ρ = 0; if every pair's
 *   counts are correlated with coefficient c, F = 1 + (N − 1)·c, so ρ estimates the mean pairwise
 *   correlation of spike counts and, unlike F, does not grow with N. Population bursts (every neuron
 *   firing together, the seizure-like state) give ρ near 1.
 */
export interface ActivityCriteria {
  /** Alive: mean rate at least this, Hz. */
  minRateHz: number;
  /** Not seizure-like: mean rate at most this, Hz. */
  maxRateHz: number;
  /** Alive: at least this fraction of neurons spiked. */
  minActiveFraction: number;
  /** Not seizure-like: synchrony ρ at most this. */
  maxSynchrony: number;
  /** Bin of the spike-count statistics, ms. */
  binMs: number;
  /** Activity before this time is the transient from the initial state and is not measured, ms. */
  transientMs: number;
}

/** The criteria `spikegpu tune` applies unless told otherwise (documented in the CLI README). */
export const DEFAULT_CRITERIA: ActivityCriteria = {
  minRateHz: 1,
  maxRateHz: 50,
  minActiveFraction: 0.2,
  maxSynchrony: 0.1,
  binMs: 5,
  transientMs: 100,
};

/** Activity of one run, measured after the transient. */
export interface ActivityMetrics {
  spikes: number;
  rateHz: number;
  activeFraction: number;
  /** Fano factor of the network's spike count per bin; NaN without spikes. */
  fanoFactor: number;
  /** ρ = (F − 1)/(N − 1); NaN without spikes. */
  synchrony: number;
}

/**
 * Collects a run's spikes step by step (as `sim.onSpikes` delivers them: global ids) into the counts
 * that {@link ActivityMetrics} needs: memory per neuron and per bin, never per spike.
 */
export class ActivityMeter {
  readonly #neurons: number;
  readonly #firstStep: number;
  readonly #binSteps: number;
  readonly #dt: number;
  readonly #hasSpiked: Uint8Array;
  readonly #binCounts: number[] = [];
  #spikes = 0;

  /** Counts spikes from `firstStep` on (the end of the transient). */
  constructor(neurons: number, dt: number, firstStep: number, binMs: number) {
    this.#neurons = neurons;
    this.#dt = dt;
    this.#firstStep = firstStep;
    this.#binSteps = Math.max(1, Math.round(binMs / dt));
    this.#hasSpiked = new Uint8Array(neurons);
  }

  add(step: number, ids: Uint32Array): void {
    if (step < this.#firstStep) return;
    const bin = Math.floor((step - this.#firstStep) / this.#binSteps);
    while (this.#binCounts.length <= bin) this.#binCounts.push(0);
    this.#binCounts[bin] = (this.#binCounts[bin] as number) + ids.length;
    for (const id of ids) this.#hasSpiked[id] = 1;
    this.#spikes += ids.length;
  }

  /** The metrics of steps `[firstStep, endStep)`; only whole bins enter the Fano factor. */
  metrics(endStep: number): ActivityMetrics {
    const steps = Math.max(0, endStep - this.#firstStep);
    const seconds = (steps * this.#dt) / 1000;
    let active = 0;
    for (const s of this.#hasSpiked) active += s;
    const bins = Math.floor(steps / this.#binSteps);
    const counts = Array.from({ length: bins }, (_, k) => this.#binCounts[k] ?? 0);
    const mean = counts.reduce((a, b) => a + b, 0) / Math.max(1, bins);
    const variance = bins > 1 ? counts.reduce((a, c) => a + (c - mean) ** 2, 0) / (bins - 1) : Number.NaN;
    const fanoFactor = mean > 0 ? variance / mean : Number.NaN;
    return {
      spikes: this.#spikes,
      rateHz: seconds > 0 ? this.#spikes / this.#neurons / seconds : 0,
      activeFraction: active / this.#neurons,
      fanoFactor,
      synchrony: this.#neurons > 1 ? (fanoFactor - 1) / (this.#neurons - 1) : Number.NaN,
    };
  }
}

/** The criteria a run's activity breaks, in words (empty when it meets them all). */
export function criteriaFailures(metrics: ActivityMetrics, criteria: ActivityCriteria): string[] {
  const failures: string[] = [];
  if (!(metrics.rateHz >= criteria.minRateHz)) failures.push(`rate ${metrics.rateHz.toFixed(2)} Hz < ${criteria.minRateHz} Hz`);
  if (metrics.rateHz > criteria.maxRateHz) failures.push(`rate ${metrics.rateHz.toFixed(1)} Hz > ${criteria.maxRateHz} Hz`);
  if (!(metrics.activeFraction >= criteria.minActiveFraction))
    failures.push(`active ${(metrics.activeFraction * 100).toFixed(0)} % < ${(criteria.minActiveFraction * 100).toFixed(0)} %`);
  if (metrics.synchrony > criteria.maxSynchrony) failures.push(`synchrony ${metrics.synchrony.toFixed(3)} > ${criteria.maxSynchrony}`);
  return failures;
}
