/**
 * A set of unordered neuron pairs {a, b} (a ≠ b, both below `size`), open addressing with linear
 * probing over a Float64Array of keys min·size + max (exact below 2^53). A JavaScript `Set` tops out at
 * 2^24 entries and costs ~40 bytes per entry; this holds up to 2^31 pairs at 16 bytes each.
 */
export class PairSet {
  private keys: Float64Array;
  private mask: number;
  private readonly size: number;

  /** `capacity`: the most pairs held at once. */
  constructor(size: number, capacity: number) {
    this.size = size;
    let slots = 16;
    while (slots < 2 * capacity) slots *= 2;
    this.keys = new Float64Array(slots).fill(EMPTY);
    this.mask = slots - 1;
  }

  has(a: number, b: number): boolean {
    const key = this.key(a, b);
    for (let slot = this.slotOf(key); ; slot = (slot + 1) & this.mask) {
      const stored = this.keys[slot] as number;
      if (stored === key) return true;
      if (stored === EMPTY) return false;
    }
  }

  /** Adds the pair; false when it was there already. */
  add(a: number, b: number): boolean {
    const key = this.key(a, b);
    for (let slot = this.slotOf(key); ; slot = (slot + 1) & this.mask) {
      const stored = this.keys[slot] as number;
      if (stored === key) return false;
      if (stored === EMPTY) {
        this.keys[slot] = key;
        return true;
      }
    }
  }

  /** Removes the pair, shifting later entries of its probe run back (no tombstones, so the table never clogs). */
  delete(a: number, b: number): void {
    const key = this.key(a, b);
    let hole = this.slotOf(key);
    while (this.keys[hole] !== key) {
      if (this.keys[hole] === EMPTY) return;
      hole = (hole + 1) & this.mask;
    }
    for (let slot = (hole + 1) & this.mask; this.keys[slot] !== EMPTY; slot = (slot + 1) & this.mask) {
      const home = this.slotOf(this.keys[slot] as number);
      // The entry may move into the hole when the hole lies on its probe path, home … slot.
      const reachesHole = hole <= slot ? home <= hole || home > slot : home <= hole && home > slot;
      if (reachesHole) {
        this.keys[hole] = this.keys[slot] as number;
        hole = slot;
      }
    }
    this.keys[hole] = EMPTY;
  }

  private key(a: number, b: number): number {
    return a < b ? a * this.size + b : b * this.size + a;
  }

  /** Mixes both 32-bit halves of the key (murmur3's finaliser) so consecutive pairs spread out. */
  private slotOf(key: number): number {
    let h = (key >>> 0) ^ Math.imul(Math.floor(key / 4294967296), 0x9e3779b1);
    h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
    h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
    return (h ^ (h >>> 16)) & this.mask;
  }
}

const EMPTY = -1;
