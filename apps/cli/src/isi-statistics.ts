/**
 * Inter-spike intervals of every neuron of a population, accumulated spike by spike (Welford's
 * running mean and variance per neuron), so a run of any length needs memory per neuron, not per spike.
 */
export class IsiStatistics {
  readonly #lastMs: Float64Array;
  readonly #count: Uint32Array;
  readonly #mean: Float64Array;
  readonly #m2: Float64Array;

  constructor(neurons: number) {
    this.#lastMs = new Float64Array(neurons).fill(Number.NaN);
    this.#count = new Uint32Array(neurons);
    this.#mean = new Float64Array(neurons);
    this.#m2 = new Float64Array(neurons);
  }

  /**
   * Adds a spike of `neuron` at `timeMs` (spikes of one neuron in time order). Returns the interval
   * since its previous spike, or NaN for its first.
   */
  add(neuron: number, timeMs: number): number {
    const last = this.#lastMs[neuron] as number;
    this.#lastMs[neuron] = timeMs;
    if (Number.isNaN(last)) return Number.NaN;
    const isi = timeMs - last;
    const n = ++this.#count[neuron]!;
    const delta = isi - (this.#mean[neuron] as number);
    this.#mean[neuron] = (this.#mean[neuron] as number) + delta / n;
    this.#m2[neuron] = (this.#m2[neuron] as number) + delta * (isi - (this.#mean[neuron] as number));
    return isi;
  }

  /** Intervals seen so far, over all neurons. */
  get intervals(): number {
    let n = 0;
    for (const c of this.#count) n += c;
    return n;
  }

  /**
   * Coefficient of variation (sample standard deviation / mean) of the intervals, averaged over the
   * neurons with at least 3 spikes; NaN when there are none.
   */
  meanCv(): number {
    let sum = 0;
    let neurons = 0;
    for (let i = 0; i < this.#count.length; i++) {
      const n = this.#count[i] as number;
      const mean = this.#mean[i] as number;
      if (n < 2 || !(mean > 0)) continue;
      sum += Math.sqrt((this.#m2[i] as number) / (n - 1)) / mean;
      neurons++;
    }
    return neurons > 0 ? sum / neurons : Number.NaN;
  }
}
