/**
 * A minimal WebAssembly binary writer: the module sections the CPU kernels need (types, imported
 * functions and memory, functions, exports, code) and an instruction buffer with the opcodes they use.
 * Encoding per the WebAssembly core specification 2.0, §5 (binary format).
 */

/** Value types. */
export const I32 = 0x7f;
export const I64 = 0x7e;
export const F32 = 0x7d;
export const F64 = 0x7c;
export const V128 = 0x7b;
export type ValueType = typeof I32 | typeof I64 | typeof F32 | typeof F64 | typeof V128;
/** Block type of a block with no result. */
export const EMPTY_BLOCK = 0x40;

/** Opcodes (the subset used here), by their text-format names. */
export const OP = {
  unreachable: 0x00,
  block: 0x02,
  loop: 0x03,
  if: 0x04,
  else: 0x05,
  end: 0x0b,
  br: 0x0c,
  br_if: 0x0d,
  return: 0x0f,
  call: 0x10,
  drop: 0x1a,
  select: 0x1b,
  'local.get': 0x20,
  'local.set': 0x21,
  'local.tee': 0x22,
  'i32.load': 0x28,
  'f32.load': 0x2a,
  'i32.load8_u': 0x2d,
  'i32.store': 0x36,
  'f32.store': 0x38,
  'i32.store8': 0x3a,
  'i32.const': 0x41,
  'i64.const': 0x42,
  'f32.const': 0x43,
  'f64.const': 0x44,
  'i32.eqz': 0x45,
  'i32.eq': 0x46,
  'i32.ne': 0x47,
  'i32.lt_s': 0x48,
  'i32.gt_s': 0x4a,
  'i32.le_s': 0x4c,
  'i32.ge_s': 0x4e,
  'f32.eq': 0x5b,
  'f32.ne': 0x5c,
  'f32.lt': 0x5d,
  'f32.gt': 0x5e,
  'f32.le': 0x5f,
  'f32.ge': 0x60,
  'f64.eq': 0x61,
  'f64.ne': 0x62,
  'f64.lt': 0x63,
  'f64.gt': 0x64,
  'f64.le': 0x65,
  'f64.ge': 0x66,
  'i32.add': 0x6a,
  'i32.sub': 0x6b,
  'i32.mul': 0x6c,
  'i32.and': 0x71,
  'i32.or': 0x72,
  'i32.xor': 0x73,
  'i32.shl': 0x74,
  'i32.shr_u': 0x76,
  'i64.mul': 0x7e,
  'i64.shr_u': 0x88,
  'f32.abs': 0x8b,
  'f32.neg': 0x8c,
  'f32.ceil': 0x8d,
  'f32.floor': 0x8e,
  'f32.trunc': 0x8f,
  'f32.nearest': 0x90,
  'f32.add': 0x92,
  'f32.sub': 0x93,
  'f32.mul': 0x94,
  'f32.div': 0x95,
  'f32.min': 0x96,
  'f32.max': 0x97,
  'f64.abs': 0x99,
  'f64.neg': 0x9a,
  'f64.ceil': 0x9b,
  'f64.floor': 0x9c,
  'f64.trunc': 0x9d,
  'f64.nearest': 0x9e,
  'f64.sqrt': 0x9f,
  'f64.add': 0xa0,
  'f64.sub': 0xa1,
  'f64.mul': 0xa2,
  'f64.div': 0xa3,
  'f64.min': 0xa4,
  'f64.max': 0xa5,
  'i32.wrap_i64': 0xa7,
  'i64.extend_i32_u': 0xad,
  'f32.convert_i32_s': 0xb2,
  'f32.convert_i32_u': 0xb3,
  'f32.demote_f64': 0xb6,
  'f64.convert_i32_s': 0xb7,
  'f64.convert_i32_u': 0xb8,
  'f64.promote_f32': 0xbb,
  'i32.reinterpret_f32': 0xbc,
  'f32.reinterpret_i32': 0xbe,
} as const;
export type Opcode = keyof typeof OP;

/** SIMD opcodes (0xfd prefix; WebAssembly 2.0 fixed-width SIMD), by their text-format names. */
export const SIMD = {
  'v128.load': 0x00,
  'v128.store': 0x0b,
  'v128.const': 0x0c,
  'i32x4.splat': 0x11,
  'f32x4.splat': 0x13,
  'i32x4.extract_lane': 0x1b,
  'i32x4.replace_lane': 0x1c,
  'f32x4.extract_lane': 0x1f,
  'f32x4.replace_lane': 0x20,
  'i32x4.eq': 0x37,
  'i32x4.ne': 0x38,
  'i32x4.lt_s': 0x39,
  'i32x4.gt_s': 0x3b,
  'i32x4.le_s': 0x3d,
  'i32x4.ge_s': 0x3f,
  'f32x4.eq': 0x41,
  'f32x4.ne': 0x42,
  'f32x4.lt': 0x43,
  'f32x4.gt': 0x44,
  'f32x4.le': 0x45,
  'f32x4.ge': 0x46,
  'v128.not': 0x4d,
  'v128.and': 0x4e,
  'v128.andnot': 0x4f,
  'v128.or': 0x50,
  'v128.bitselect': 0x52,
  'v128.any_true': 0x53,
  'v128.load32_zero': 0x5c,
  'f32x4.ceil': 0x67,
  'f32x4.floor': 0x68,
  'f32x4.trunc': 0x69,
  'f32x4.nearest': 0x6a,
  'i16x8.extend_low_i8x16_u': 0x89,
  'i32x4.extend_low_i16x8_u': 0xa9,
  'i32x4.add': 0xae,
  'i32x4.sub': 0xb1,
  'i32x4.mul': 0xb5,
  'f32x4.abs': 0xe0,
  'f32x4.neg': 0xe1,
  'f32x4.add': 0xe4,
  'f32x4.sub': 0xe5,
  'f32x4.mul': 0xe6,
  'f32x4.div': 0xe7,
  'f32x4.min': 0xe8,
  'f32x4.max': 0xe9,
  'f32x4.convert_i32x4_s': 0xfa,
} as const;
export type SimdOpcode = keyof typeof SIMD;

/** `i64.trunc_sat_f64_u` (0xfc prefix, 7): f64 → u64, saturating, NaN → 0. */
const TRUNC_SAT_F64_U_TO_I64 = [0xfc, 7];

export function unsignedLeb(n: number): number[] {
  const out: number[] = [];
  do {
    let byte = n % 128;
    n = Math.floor(n / 128);
    if (n > 0) byte |= 0x80;
    out.push(byte);
  } while (n > 0);
  return out;
}

export function signedLeb(n: bigint): number[] {
  const out: number[] = [];
  for (;;) {
    const byte = Number(n & 0x7fn);
    n >>= 7n;
    if ((n === 0n && (byte & 0x40) === 0) || (n === -1n && (byte & 0x40) !== 0)) {
      out.push(byte);
      return out;
    }
    out.push(byte | 0x80);
  }
}

const name = (s: string) => {
  const bytes = new TextEncoder().encode(s);
  return [...unsignedLeb(bytes.length), ...bytes];
};
const vector = (items: number[][]) => [...unsignedLeb(items.length), ...items.flat()];
const section = (id: number, bytes: number[]) => [id, ...unsignedLeb(bytes.length), ...bytes];

/** Instructions of one function body. */
export class Code {
  readonly bytes: number[] = [];

  op(name: Opcode): this {
    this.bytes.push(OP[name]);
    return this;
  }
  local(kind: 'local.get' | 'local.set' | 'local.tee', index: number): this {
    this.bytes.push(OP[kind], ...unsignedLeb(index));
    return this;
  }
  i32(value: number): this {
    this.bytes.push(OP['i32.const'], ...signedLeb(BigInt(value | 0)));
    return this;
  }
  i64(value: bigint): this {
    this.bytes.push(OP['i64.const'], ...signedLeb(BigInt.asIntN(64, value)));
    return this;
  }
  f32(value: number): this {
    this.bytes.push(OP['f32.const'], ...new Uint8Array(new Float32Array([value]).buffer));
    return this;
  }
  f64(value: number): this {
    this.bytes.push(OP['f64.const'], ...new Uint8Array(new Float64Array([value]).buffer));
    return this;
  }
  /** A load or store with a static byte offset (alignment: the natural one). */
  memory(kind: 'i32.load' | 'f32.load' | 'i32.load8_u' | 'i32.store' | 'f32.store' | 'i32.store8', offset: number): this {
    const alignLog2 = kind.endsWith('8_u') || kind.endsWith('store8') ? 0 : 2;
    this.bytes.push(OP[kind], alignLog2, ...unsignedLeb(offset));
    return this;
  }
  /** `block`, `loop` or `if` with a result type, or none. */
  open(kind: 'block' | 'loop' | 'if', result: ValueType | typeof EMPTY_BLOCK = EMPTY_BLOCK): this {
    this.bytes.push(OP[kind], result);
    return this;
  }
  branch(kind: 'br' | 'br_if', depth: number): this {
    this.bytes.push(OP[kind], ...unsignedLeb(depth));
    return this;
  }
  simd(name: SimdOpcode): this {
    this.bytes.push(0xfd, ...unsignedLeb(SIMD[name]));
    return this;
  }
  /** A SIMD load or store with a static byte offset (alignment hint: 4 bytes). */
  simdMemory(kind: 'v128.load' | 'v128.store' | 'v128.load32_zero', offset: number): this {
    this.bytes.push(0xfd, ...unsignedLeb(SIMD[kind]), 2, ...unsignedLeb(offset));
    return this;
  }
  lane(kind: 'i32x4.extract_lane' | 'i32x4.replace_lane' | 'f32x4.extract_lane' | 'f32x4.replace_lane', lane: number): this {
    this.bytes.push(0xfd, ...unsignedLeb(SIMD[kind]), lane);
    return this;
  }
  /** `v128.const` of four f32 or four i32 lanes. */
  v128(lanes: Float32Array | Int32Array): this {
    this.bytes.push(0xfd, ...unsignedLeb(SIMD['v128.const']), ...new Uint8Array(lanes.buffer, lanes.byteOffset, 16));
    return this;
  }
  call(functionIndex: number): this {
    this.bytes.push(OP.call, ...unsignedLeb(functionIndex));
    return this;
  }
  truncSatF64ToU64(): this {
    this.bytes.push(...TRUNC_SAT_F64_U_TO_I64);
    return this;
  }
}

interface FunctionType {
  params: ValueType[];
  results: ValueType[];
}

/** A module: imported memory and functions, then defined functions (indices follow the imports). */
export class ModuleBuilder {
  readonly #types: FunctionType[] = [];
  readonly #imports: Array<{ module: string; name: string; type: number }> = [];
  readonly #functions: Array<{ type: number; locals: ValueType[]; code: Code; exportName: string | null }> = [];
  #memory: { module: string; name: string; pages: number } | null = null;

  #typeIndex(type: FunctionType): number {
    const key = JSON.stringify(type);
    const found = this.#types.findIndex((t) => JSON.stringify(t) === key);
    if (found >= 0) return found;
    this.#types.push(type);
    return this.#types.length - 1;
  }

  importMemory(module: string, name: string, pages: number): void {
    this.#memory = { module, name, pages };
  }

  /** Imports a function; all imports must come before the first defined function is numbered. */
  importFunction(module: string, name: string, params: ValueType[], results: ValueType[]): number {
    if (this.#functions.length > 0) throw new Error('internal: import after a defined function');
    this.#imports.push({ module, name, type: this.#typeIndex({ params, results }) });
    return this.#imports.length - 1;
  }

  /** Reserves the index of a function whose body is given later with {@link define}. */
  declare(params: ValueType[], results: ValueType[], exportName: string | null = null): number {
    this.#functions.push({ type: this.#typeIndex({ params, results }), locals: [], code: new Code(), exportName });
    return this.#imports.length + this.#functions.length - 1;
  }

  define(index: number, locals: ValueType[], code: Code): void {
    const f = this.#functions[index - this.#imports.length];
    if (!f) throw new Error(`internal: no declared function ${index}`);
    f.locals = locals;
    f.code = code;
  }

  toBytes(): Uint8Array {
    const types = vector(this.#types.map((t) => [0x60, ...vector(t.params.map((p) => [p])), ...vector(t.results.map((r) => [r]))]));
    const imports = this.#imports.map((i) => [...name(i.module), ...name(i.name), 0x00, ...unsignedLeb(i.type)]);
    if (this.#memory) imports.push([...name(this.#memory.module), ...name(this.#memory.name), 0x02, 0x00, ...unsignedLeb(this.#memory.pages)]);
    const exports = this.#functions.flatMap((f, k) => (f.exportName === null ? [] : [[...name(f.exportName), 0x00, ...unsignedLeb(this.#imports.length + k)]]));
    const bodies = this.#functions.map((f) => {
      // Locals as runs of one type.
      const runs: number[][] = [];
      for (let k = 0; k < f.locals.length; ) {
        let n = 1;
        while (f.locals[k + n] === f.locals[k]) n++;
        runs.push([...unsignedLeb(n), f.locals[k] as number]);
        k += n;
      }
      const body = [...vector(runs), ...f.code.bytes, OP.end];
      return [...unsignedLeb(body.length), ...body];
    });
    return new Uint8Array([
      0x00,
      0x61,
      0x73,
      0x6d,
      0x01,
      0x00,
      0x00,
      0x00,
      ...section(1, types),
      ...section(2, vector(imports)),
      ...section(3, vector(this.#functions.map((f) => unsignedLeb(f.type)))),
      ...section(7, vector(exports)),
      ...section(10, vector(bodies)),
    ]);
  }
}
