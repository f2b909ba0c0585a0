/**
 * Sorts the unsigned integers of `values[begin .. end)` ascending, in place. Long segments go through
 * a least-significant-digit radix sort on 11-bit digits (two passes below 2^22): about twice as fast
 * as `TypedArray.prototype.sort` for the ~1000-entry rows of a connectivity build. Short ones use the
 * built-in sort, whose cost has no 2048-bucket floor.
 */
export class SegmentSorter {
  private scratch = new Uint32Array(1024);
  private readonly counts = new Uint32Array(2048);

  /** `valueLimit`: every value is below it (the population size). */
  sort(values: Uint32Array, begin: number, end: number, valueLimit: number): void {
    const length = end - begin;
    if (length < 2) return;
    if (length < 256) {
      values.subarray(begin, end).sort();
      return;
    }
    if (this.scratch.length < length) this.scratch = new Uint32Array(Math.max(length, 2 * this.scratch.length));
    const counts = this.counts;
    let source = values;
    let sourceStart = begin;
    let target = this.scratch;
    let targetStart = 0;
    for (let shift = 0; shift < 32; shift += 11) {
      if (shift > 0 && valueLimit - 1 < 2 ** shift) break;
      counts.fill(0);
      for (let i = 0; i < length; i++) {
        const digit = ((source[sourceStart + i] as number) >>> shift) & 2047;
        counts[digit] = (counts[digit] as number) + 1;
      }
      let sum = 0;
      for (let digit = 0; digit < 2048; digit++) {
        const count = counts[digit] as number;
        counts[digit] = sum;
        sum += count;
      }
      for (let i = 0; i < length; i++) {
        const value = source[sourceStart + i] as number;
        const digit = (value >>> shift) & 2047;
        const slot = counts[digit] as number;
        counts[digit] = slot + 1;
        target[targetStart + slot] = value;
      }
      [source, target] = [target, source];
      [sourceStart, targetStart] = [targetStart, sourceStart];
    }
    if (source !== values) values.set(source.subarray(sourceStart, sourceStart + length), begin);
  }
}
