/**
 * Recorded spikes in memory: for each spike its step and global neuron id, in step order and, within
 * a step, ascending id — the same order on every backend, so trains compare with `===`.
 */
export class SpikeRecord {
  #steps = new Uint32Array(1024);
  #ids = new Uint32Array(1024);
  #length = 0;

  /** Appends one step's spikes (ids ascending). */
  append(step: number, ids: Uint32Array): void {
    const needed = this.#length + ids.length;
    if (needed > this.#ids.length) {
      const capacity = Math.max(needed, this.#ids.length * 2);
      const steps = new Uint32Array(capacity);
      steps.set(this.#steps.subarray(0, this.#length));
      const grown = new Uint32Array(capacity);
      grown.set(this.#ids.subarray(0, this.#length));
      this.#steps = steps;
      this.#ids = grown;
    }
    this.#steps.fill(step, this.#length, needed);
    this.#ids.set(ids, this.#length);
    this.#length = needed;
  }

  get length(): number {
    return this.#length;
  }

  /** Step of each spike. */
  get steps(): Uint32Array {
    return this.#steps.subarray(0, this.#length);
  }

  /** Global neuron id of each spike. */
  get ids(): Uint32Array {
    return this.#ids.subarray(0, this.#length);
  }

  clear(): void {
    this.#length = 0;
  }
}
