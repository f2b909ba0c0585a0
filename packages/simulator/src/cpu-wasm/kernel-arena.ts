import type { PopulationPlan } from '../network-plan.js';
import { type CompiledUpdate, compileUpdateKernel, type KernelArray, UnsupportedCode } from './compile-update.js';

/**
 * Lays out the typed arrays the neuron updates touch: in one WebAssembly memory when the updates are
 * to be compiled, else in plain buffers. Then compiles each population's update against that memory.
 */
export class KernelArena {
  readonly #arrays: Array<KernelArray & { length: number }> = [];
  readonly #views = new Map<string, Float32Array | Int32Array | Uint32Array | Uint8Array>();
  #memory: WebAssembly.Memory | null = null;
  readonly #useWasm: boolean;

  constructor(useWasm: boolean) {
    this.#useWasm = useWasm && typeof WebAssembly === 'object';
  }

  add(name: string, element: KernelArray['element'], length: number): void {
    this.#arrays.push({ name, element, length, byteOffset: -1 });
  }

  allocate(): void {
    let bytes = 0;
    for (const a of this.#arrays) {
      a.byteOffset = bytes;
      bytes += Math.ceil((a.length * (a.element === 'u8' ? 1 : 4)) / 8) * 8;
    }
    const pages = Math.max(1, Math.ceil(bytes / 65536));
    // A 32-bit memory holds at most 65,536 pages (4 GiB); V8 allows 65,536 too.
    if (this.#useWasm && pages <= 65536) {
      try {
        this.#memory = new WebAssembly.Memory({ initial: pages, maximum: pages });
      } catch {
        this.#memory = null;
      }
    }
    for (const a of this.#arrays) {
      const type = { f32: Float32Array, i32: Int32Array, u32: Uint32Array, u8: Uint8Array }[a.element];
      this.#views.set(a.name, this.#memory ? new type(this.#memory.buffer, a.byteOffset, a.length) : new type(a.length));
    }
  }

  view(name: string): Float32Array | Int32Array | Uint32Array | Uint8Array {
    const v = this.#views.get(name);
    if (!v) throw new Error(`internal: no kernel array '${name}'`);
    return v;
  }

  /** The population's update as WebAssembly, or null where the JS must run (no memory, or code outside the subset). */
  compile(body: string, pop: PopulationPlan, functions: Record<string, unknown>, lanes: 1 | 4): CompiledUpdate | null {
    if (!this.#memory) return null;
    const own = `spikes${pop.index}`;
    const arrays = this.#arrays.filter((a) => !/^spikes\d+$/.test(a.name) || a.name === own).map((a) => (a.name === own ? { ...a, name: 'spikes' } : a));
    try {
      return compileUpdateKernel({ body, size: pop.size, arrays, functions }, this.#memory, { lanes });
    } catch (error) {
      if (error instanceof UnsupportedCode) return null;
      throw error;
    }
  }
}
