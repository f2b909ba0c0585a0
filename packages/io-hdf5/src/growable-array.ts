type NumericArray = Uint32Array | Float32Array | Float64Array | BigUint64Array;
type ArrayConstructorOf<T extends NumericArray> = { new (length: number): T };

/** An append-only typed array that doubles its storage when full; `clear()` keeps the storage for reuse. */
export class GrowableArray<T extends NumericArray> {
  readonly #make: ArrayConstructorOf<T>;
  #data: T;
  #length = 0;

  constructor(make: ArrayConstructorOf<T>, initialCapacity = 1024) {
    this.#make = make;
    this.#data = new make(Math.max(16, initialCapacity));
  }

  get length(): number {
    return this.#length;
  }

  get byteLength(): number {
    return this.#data.byteLength;
  }

  #reserve(extra: number): void {
    if (this.#length + extra <= this.#data.length) return;
    let capacity = this.#data.length * 2;
    while (capacity < this.#length + extra) capacity *= 2;
    const data = new this.#make(capacity);
    (data as Uint32Array).set(this.#data as Uint32Array);
    this.#data = data;
  }

  push(value: T extends BigUint64Array ? bigint : number): void {
    this.#reserve(1);
    (this.#data as unknown as Array<typeof value>)[this.#length++] = value;
  }

  pushAll(values: ArrayLike<number>): void {
    this.#reserve(values.length);
    (this.#data as Uint32Array).set(values, this.#length);
    this.#length += values.length;
  }

  /** Appends `count` copies of `value`. */
  pushRepeated(value: number, count: number): void {
    this.#reserve(count);
    (this.#data as Uint32Array).fill(value, this.#length, this.#length + count);
    this.#length += count;
  }

  /** Appends `values[k] − shift` for each k (e.g. global neuron ids made population-local). */
  pushShifted(values: ArrayLike<number>, shift: number): void {
    this.#reserve(values.length);
    const data = this.#data as Uint32Array;
    for (let k = 0, at = this.#length; k < values.length; k++, at++) data[at] = (values[k] as number) - shift;
    this.#length += values.length;
  }

  /** The filled part, as a view (valid until the next push or clear). */
  view(): T {
    return this.#data.subarray(0, this.#length) as T;
  }

  clear(): void {
    this.#length = 0;
  }
}
