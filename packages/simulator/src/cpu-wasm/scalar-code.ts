import { RNG_KEY_TAG } from '@spikegpu/core';
import { type Expr, type Stmt, UnsupportedCode } from './js-subset.js';
import {
  COMPARISONS,
  FLUSHES,
  isDetMath,
  isF32Exact,
  isF32Like,
  isI32,
  isIntLike,
  isLit,
  type KernelAnalysis,
  type KernelArray,
  type Kind,
  settled,
  type ValueKind,
} from './kernel-analysis.js';
import { Code, F32, F64, I32, type ValueType } from './wasm-binary.js';

/** What `break` and `continue` of a `for` branch to: the open blocks, innermost last. */
export type Label = 'other' | 'for-exit' | 'for-continue';

export interface ImportedFunction {
  index: number;
  fn: unknown;
  params: number;
  hasResult: boolean;
}

/** The function being written: its code, locals, open blocks, imports and shared temporaries. */
export class FunctionContext {
  readonly code = new Code();
  readonly locals: ValueType[];
  labels: Label[] = [];
  readonly imports: Map<string, ImportedFunction>;
  readonly philox: number;
  /** The four words of the last Philox draw (JS: `rngWords`). */
  readonly words: number[];
  readonly bits: number;
  readonly temporaryF32: number;
  readonly temporaryF64: number;

  constructor(parameters: ValueType[], imports: Map<string, ImportedFunction>, philox: number) {
    this.locals = [...parameters];
    this.imports = imports;
    this.philox = philox;
    this.words = [0, 1, 2, 3].map(() => this.newLocal(I32));
    this.bits = this.newLocal(I32);
    this.temporaryF32 = this.newLocal(F32);
    this.temporaryF64 = this.newLocal(F64);
  }

  newLocal(type: ValueType): number {
    this.locals.push(type);
    return this.locals.length - 1;
  }

  /** Opens a block that `break`/`continue` do not target. */
  open(kind: 'block' | 'loop' | 'if', result?: ValueType): void {
    this.code.open(kind, result);
    this.labels.push('other');
  }

  end(): void {
    this.code.op('end');
    this.labels.pop();
  }
}

const valueType = (k: Kind): ValueType => (k === 'f32' ? F32 : k === 'f64' ? F64 : I32);
const SIGN_BIT = 0x80000000 | 0;
const EXPONENT_BITS = 0x7f800000;
const ARITHMETIC = { '+': 'add', '-': 'sub', '*': 'mul', '/': 'div' } as const;

/**
 * `f(int * 2^k)`: an integer times a power of two is exact in f64, and rounding commutes with the
 * scale while the result stays normal, so it is the integer converted to f32 (correctly rounded)
 * times 2^k, never subnormal. Returns k, or null.
 */
export function powerOfTwoScale(analysis: KernelAnalysis, x: Expr): { int: Expr; exponent: number } | null {
  if (x.kind !== 'binary' || x.op !== '*') return null;
  for (const [int, scale] of [
    [x.left, x.right],
    [x.right, x.left],
  ] as const) {
    const k = analysis.kindOf(scale);
    if (analysis.kindOf(int) !== 'int' || !isLit(k) || k.lit <= 0) continue;
    const exponent = Math.log2(k.lit);
    // |int| < 2^31: the product stays within [2^−126, 2^127).
    if (Number.isInteger(exponent) && exponent >= -126 && exponent <= 96) return { int, exponent };
  }
  return null;
}

/** Code for one neuron, as the JS does it: used by the scalar loop and for statements run lane by lane. */
export class ScalarCode {
  readonly #analysis: KernelAnalysis;
  readonly #context: FunctionContext;

  constructor(analysis: KernelAnalysis, context: FunctionContext) {
    this.#analysis = analysis;
    this.#context = context;
  }

  get #code(): Code {
    return this.#context.code;
  }

  statements(list: Stmt[]): void {
    for (const s of list) this.statement(s);
  }

  statement(s: Stmt): void {
    const c = this.#code;
    const a = this.#analysis;
    const context = this.#context;
    switch (s.kind) {
      case 'declare': {
        const v = a.variable(s);
        if (v.kind === 'words') {
          this.value(s.init as Expr, 'words');
          return;
        }
        if (v.reads === 0 && a.isPure(s.init as Expr)) return;
        this.value(s.init as Expr, v.kind as Kind);
        c.local('local.set', v.scalar);
        return;
      }
      case 'assign': {
        const value: Expr = s.op === '=' ? s.value : { kind: 'binary', op: s.op[0] as '+', left: s.target, right: s.value };
        if (s.target.kind === 'index') {
          this.#store(s.target, value);
          return;
        }
        const v = a.variable(s.target);
        if (v.reads === 0 && a.isPure(value)) return;
        this.value(value, v.kind as Kind);
        c.local('local.set', v.scalar);
        return;
      }
      case 'expression': {
        const kind = this.#expressionStatement(s.expr);
        if (kind !== null) c.op('drop');
        return;
      }
      case 'if':
        this.value(s.test, 'bool');
        context.open('if');
        this.statements(s.then);
        if (s.otherwise) {
          c.op('else');
          this.statements(s.otherwise);
        }
        context.end();
        return;
      case 'block':
        this.statements(s.body);
        return;
      case 'for':
        this.statement(s.init);
        c.open('block');
        context.labels.push('for-exit');
        context.open('loop');
        this.value(s.test, 'bool');
        c.op('i32.eqz').branch('br_if', 1);
        c.open('block');
        context.labels.push('for-continue');
        this.statements(s.body);
        context.end();
        this.statement(s.update);
        c.branch('br', 0);
        context.end();
        context.end();
        return;
      case 'break':
      case 'continue': {
        const target = s.kind === 'break' ? 'for-exit' : 'for-continue';
        const k = context.labels.lastIndexOf(target);
        if (k < 0) throw new UnsupportedCode(`${s.kind} outside a for loop`);
        c.branch('br', context.labels.length - 1 - k);
        return;
      }
    }
  }

  /** Emits an expression used as a statement; returns the kind it left on the stack, or null. */
  #expressionStatement(e: Expr): Kind | null {
    if (e.kind === 'increment') {
      const v = this.#analysis.variable(e);
      this.#code
        .local('local.get', v.scalar)
        .i32(e.op === '++' ? 1 : -1)
        .op('i32.add')
        .local('local.set', v.scalar);
      return null;
    }
    if (e.kind === 'call' && this.#context.imports.get(e.callee)?.hasResult === false) {
      this.#call(e);
      return null;
    }
    const kind = this.#analysis.settledKind(e);
    if (kind === 'words') {
      this.value(e, 'words');
      return null;
    }
    this.value(e, kind);
    return kind;
  }

  /** Emits `e` converted to `want` (an exact conversion, or JS's own where the value changes type). */
  value(e: Expr, want: Kind): void {
    const c = this.#code;
    if (want === 'words') {
      if (e.kind === 'name' && this.#analysis.variable(e).kind === 'words') return;
      if (e.kind !== 'sequence') throw new UnsupportedCode('random words from an unknown expression');
      this.#randomWords(e);
      return;
    }
    const have = this.#emit(e, want);
    if (have === want) return;
    if (isLit(want)) throw new Error('internal: literal wanted');
    switch (want) {
      case 'f64':
        if (have === 'f32') c.op('f64.promote_f32');
        else if (have === 'int') c.op('f64.convert_i32_s');
        else if (have === 'u32' || have === 'bool') c.op('f64.convert_i32_u');
        else throw new UnsupportedCode(`a ${have} as a number`);
        return;
      case 'f32':
        if (have === 'f64') c.op('f32.demote_f64');
        else throw new UnsupportedCode(`a ${have} as an f32`);
        return;
      case 'int':
      case 'u32':
        if (have === 'int' || have === 'u32') return;
        throw new UnsupportedCode(`a ${have} as an integer`);
      case 'bool':
        throw new UnsupportedCode(`a ${have} as a condition`);
    }
  }

  /** Emits `e`, preferring the representation `want` where that is exact; returns the kind left on the stack. */
  #emit(e: Expr, want: Kind): ValueKind {
    const c = this.#code;
    const a = this.#analysis;
    switch (e.kind) {
      case 'number':
        return this.constant(e.value, want);
      case 'name': {
        const v = a.variable(e);
        c.local('local.get', v.scalar);
        return v.kind as ValueKind;
      }
      case 'unary': {
        if (e.op === '!') {
          this.value(e.arg, 'bool');
          c.op('i32.eqz');
          return 'bool';
        }
        const k = a.kindOf(e) as Kind;
        if (isLit(k)) return this.constant(k.lit, want);
        if (e.op === '+') return this.#emit(e.arg, want);
        if (k === 'f32') {
          this.value(e.arg, 'f32');
          c.op('f32.neg');
          return 'f32';
        }
        this.value(e.arg, 'f64');
        c.op('f64.neg');
        return 'f64';
      }
      case 'binary':
        return this.#binary(e, want);
      case 'logical': {
        this.value(e.left, 'bool');
        if (a.isPure(e.right)) {
          this.value(e.right, 'bool');
          c.op(e.op === '&&' ? 'i32.and' : 'i32.or');
        } else {
          this.#context.open('if', I32);
          if (e.op === '&&') this.value(e.right, 'bool');
          else c.i32(1);
          c.op('else');
          if (e.op === '&&') c.i32(0);
          else this.value(e.right, 'bool');
          this.#context.end();
        }
        return 'bool';
      }
      case 'conditional': {
        const k = a.kindOf(e) as Kind;
        if (k === 'bool' || k === 'words') throw new UnsupportedCode(`a conditional ${k}`);
        const result = isLit(k) ? (want === 'int' && isI32(k.lit) ? 'int' : settled(k)) : k;
        this.value(e.test, 'bool');
        this.#context.open('if', valueType(result));
        this.value(e.then, result);
        c.op('else');
        this.value(e.otherwise, result);
        this.#context.end();
        return result as ValueKind;
      }
      case 'call':
        return this.#call(e);
      case 'index':
        return this.#load(e);
      case 'sequence':
        throw new UnsupportedCode('a sequence as a number');
      case 'increment': {
        const v = a.variable(e);
        const delta = e.op === '++' ? 1 : -1;
        if (e.prefix) c.local('local.get', v.scalar).i32(delta).op('i32.add').local('local.tee', v.scalar);
        else c.local('local.get', v.scalar).local('local.get', v.scalar).i32(delta).op('i32.add').local('local.set', v.scalar);
        return 'int';
      }
    }
  }

  constant(value: number, want: Kind): 'f32' | 'f64' | 'int' {
    const c = this.#code;
    if (want === 'f32' && isF32Exact(value)) {
      c.f32(value);
      return 'f32';
    }
    if ((want === 'int' || want === 'u32') && isI32(value)) {
      c.i32(value);
      return 'int';
    }
    c.f64(value);
    return 'f64';
  }

  #binary(e: Expr & { kind: 'binary' }, want: Kind): ValueKind {
    const c = this.#code;
    const a = this.#analysis.kindOf(e.left) as Kind;
    const b = this.#analysis.kindOf(e.right) as Kind;
    if (COMPARISONS.has(e.op)) {
      const op = comparisonName(e.op);
      if (a === 'bool' && b === 'bool' && (op === 'eq' || op === 'ne')) {
        this.value(e.left, 'bool');
        this.value(e.right, 'bool');
        c.op(`i32.${op}`);
        return 'bool';
      }
      const type = comparisonType(a, b);
      this.value(e.left, type);
      this.value(e.right, type);
      c.op(type === 'int' ? (`i32.${op}${op === 'eq' || op === 'ne' ? '' : '_s'}` as 'i32.eq') : (`${type}.${op}` as 'f32.eq'));
      return 'bool';
    }
    const k = this.#analysis.kindOf(e) as Kind;
    if (isLit(k)) return this.constant(k.lit, want);
    if (k === 'int') {
      this.value(e.left, 'int');
      this.value(e.right, 'int');
      c.op(e.op === '+' ? 'i32.add' : e.op === '-' ? 'i32.sub' : 'i32.mul');
      return 'int';
    }
    this.value(e.left, 'f64');
    this.value(e.right, 'f64');
    c.op(`f64.${ARITHMETIC[e.op as '+']}`);
    return 'f64';
  }

  #call(e: Expr & { kind: 'call' }): ValueKind {
    const c = this.#code;
    const a = this.#analysis;
    const [x, y] = e.args as [Expr, Expr];
    const arity = (n: number) => {
      if (e.args.length !== n) throw new UnsupportedCode(`${e.callee} with ${e.args.length} arguments`);
    };
    if (FLUSHES.has(e.callee) || e.callee === 'Math.fround') {
      arity(1);
      const isNeverSubnormal = this.#roundToF32(x);
      if (FLUSHES.has(e.callee) && !isNeverSubnormal) this.flush();
      return 'f32';
    }
    switch (e.callee) {
      case 'uniform01':
        arity(1);
        this.value(x, 'u32');
        // ((u >>> 9) + 0.5)·2^−23: every step exact in f32.
        c.i32(9)
          .op('i32.shr_u')
          .op('f32.convert_i32_u')
          .f32(0.5)
          .op('f32.add')
          .f32(2 ** -23)
          .op('f32.mul');
        return 'f32';
      case 'Number.isFinite': {
        arity(1);
        const k = a.settledKind(x);
        if (k === 'f32' || k === 'f64') {
          this.value(x, k);
          const t = k === 'f32' ? this.#context.temporaryF32 : this.#context.temporaryF64;
          c.local('local.tee', t).local('local.get', t).op(`${k}.sub`);
          if (k === 'f32') c.f32(0).op('f32.eq');
          else c.f64(0).op('f64.eq');
        } else {
          this.value(x, k);
          c.op('drop').i32(1);
        }
        return 'bool';
      }
      case 'Math.abs':
      case 'Math.floor':
      case 'Math.ceil':
      case 'Math.trunc':
      case 'roundHalfEven': {
        arity(1);
        const k = a.kindOf(e) as 'f32' | 'f64';
        this.value(x, k);
        c.op(`${k}.${ROUNDING[e.callee] as 'abs'}`);
        return k;
      }
      case 'Math.min':
      case 'Math.max': {
        arity(2);
        const k = a.kindOf(e) as 'f32' | 'f64';
        this.value(x, k);
        this.value(y, k);
        c.op(`${k}.${e.callee === 'Math.min' ? 'min' : 'max'}`);
        return k;
      }
      case 'Math.sqrt':
        arity(1);
        this.value(x, 'f64');
        c.op('f64.sqrt');
        return 'f64';
      default: {
        const imported = this.#context.imports.get(e.callee);
        if (!imported) throw new UnsupportedCode(`unknown function '${e.callee}'`);
        for (const arg of e.args) this.value(arg, 'f64');
        c.call(imported.index);
        if (!imported.hasResult) return 'bool'; // No value; only used as a statement.
        if (isDetMath(e.callee)) {
          c.op('f32.demote_f64');
          return 'f32';
        }
        return 'f64';
      }
    }
  }

  /**
   * Emits `x` rounded to f32 as JS's `Math.fround(x)` does: an f32 operation where that is exact.
   * Returns true when the result is known never to be subnormal.
   */
  #roundToF32(x: Expr): boolean {
    const c = this.#code;
    const a = this.#analysis;
    const scaled = powerOfTwoScale(a, x);
    if (scaled) {
      this.value(scaled.int, 'int');
      c.op('f32.convert_i32_s')
        .f32(2 ** scaled.exponent)
        .op('f32.mul');
      return true;
    }
    if (x.kind === 'binary' && x.op in ARITHMETIC) {
      const [k1, k2] = [a.kindOf(x.left) as Kind, a.kindOf(x.right) as Kind];
      if (isF32Like(k1) && isF32Like(k2) && !(isLit(k1) && isLit(k2))) {
        this.value(x.left, 'f32');
        this.value(x.right, 'f32');
        c.op(`f32.${ARITHMETIC[x.op as '+']}`);
        return false;
      }
    }
    const k = a.settledKind(x);
    if (k === 'f32') {
      this.value(x, 'f32');
      return false;
    }
    if (k === 'int') {
      // An i32 rounds to f32 as its f64 value does; it is 0 or at least 1 in magnitude.
      this.value(x, 'int');
      c.op('f32.convert_i32_s');
      return true;
    }
    this.value(x, 'f64');
    c.op('f32.demote_f64');
    return false;
  }

  /** Subnormal f32 → zero of the same sign: WGSL dm_pin's `select(bits, bits & sign, exponent == 0)`. */
  flush(): void {
    const bits = this.#context.bits;
    this.#code
      .op('i32.reinterpret_f32')
      .local('local.tee', bits)
      .i32(SIGN_BIT)
      .op('i32.and')
      .local('local.get', bits)
      .local('local.get', bits)
      .i32(EXPONENT_BITS)
      .op('i32.and')
      .op('i32.eqz')
      .op('select')
      .op('f32.reinterpret_i32');
  }

  /** Emits the byte address (element index × size) of an array element; returns the array. */
  address(e: Expr & { kind: 'index' }): KernelArray {
    if (e.object.kind !== 'name') throw new UnsupportedCode('index of a computed value');
    const v = this.#analysis.variable(e.object);
    if (!v.array) throw new UnsupportedCode(`index of '${v.name}'`);
    if (!isIntLike(this.#analysis.kindOf(e.index) as Kind)) throw new UnsupportedCode('an index that is not an integer');
    this.value(e.index, 'int');
    if (v.array.element !== 'u8') this.#code.i32(2).op('i32.shl');
    return v.array;
  }

  #load(e: Expr & { kind: 'index' }): 'f32' | 'int' | 'u32' {
    const c = this.#code;
    if (e.object.kind === 'call' && e.object.callee === 'normalPair') {
      const imported = this.#context.imports.get(`normalPair${(e.index as { value: number }).value}`);
      if (!imported) throw new UnsupportedCode('normalPair');
      for (const arg of e.object.args) this.value(arg, 'f64');
      c.call(imported.index).op('f32.demote_f64');
      return 'f32';
    }
    if (e.object.kind === 'name' && this.#analysis.variable(e.object).kind === 'words') {
      if (e.index.kind !== 'number' || ![0, 1, 2, 3].includes(e.index.value)) throw new UnsupportedCode('random word index');
      c.local('local.get', this.#context.words[e.index.value] as number);
      return 'u32';
    }
    const array = this.address(e);
    const load = { f32: 'f32.load', i32: 'i32.load', u32: 'i32.load', u8: 'i32.load8_u' } as const;
    c.memory(load[array.element], array.byteOffset);
    return array.element === 'f32' ? 'f32' : array.element === 'u32' ? 'u32' : 'int';
  }

  #store(target: Expr & { kind: 'index' }, value: Expr): void {
    const array = this.address(target);
    const c = this.#code;
    if (array.element === 'f32') {
      // A Float32Array store rounds to f32 and keeps subnormals.
      const k = this.#analysis.settledKind(value);
      this.value(value, k === 'f32' ? 'f32' : 'f64');
      if (k !== 'f32') c.op('f32.demote_f64');
      c.memory('f32.store', array.byteOffset);
    } else if (array.element === 'u8') {
      throw new UnsupportedCode('a store to a byte array');
    } else {
      const k = this.#analysis.kindOf(value) as Kind;
      if (!isIntLike(k) && k !== 'u32') throw new UnsupportedCode('a number stored to an integer array');
      this.value(value, k === 'u32' ? 'u32' : 'int');
      c.memory('i32.store', array.byteOffset);
    }
  }

  /** `(randomU32x4Into(rngWords, seed, stream, step, index, draw), rngWords)`: Philox into the four word locals. */
  #randomWords(e: Expr & { kind: 'sequence' }): void {
    const a = this.#analysis;
    const [call, words] = e.items;
    if (
      e.items.length !== 2 ||
      call?.kind !== 'call' ||
      call.callee !== 'randomU32x4Into' ||
      call.args.length !== 6 ||
      words?.kind !== 'name' ||
      call.args[0]?.kind !== 'name' ||
      a.variable(words).kind !== 'words' ||
      a.variable(call.args[0]).kind !== 'words'
    )
      throw new UnsupportedCode('random words from an unknown expression');
    const [, seed, stream, step, index, draw] = call.args as Expr[];
    // Counter (index, step, stream, draw), key (seed, 'SPIK'), each word as JS's `x | 0` takes it.
    for (const arg of [index, step, stream, draw, seed] as Expr[]) this.#toWord(arg);
    this.#code.i32(RNG_KEY_TAG).call(this.#context.philox);
    for (let k = 3; k >= 0; k--) this.#code.local('local.set', this.#context.words[k] as number);
  }

  /** A number as a u32 word, as JS's ToInt32 gives it (exact for the non-negative integers the generators pass). */
  #toWord(e: Expr): void {
    const k = this.#analysis.kindOf(e) as Kind;
    if (isIntLike(k) || k === 'u32') {
      this.value(e, k === 'u32' ? 'u32' : 'int');
      return;
    }
    if (settled(k) !== 'f64' && settled(k) !== 'f32') throw new UnsupportedCode('a random counter that is not a number');
    this.value(e, 'f64');
    this.#code.truncSatF64ToU64().op('i32.wrap_i64');
  }
}

export const ROUNDING = { 'Math.abs': 'abs', 'Math.floor': 'floor', 'Math.ceil': 'ceil', 'Math.trunc': 'trunc', roundHalfEven: 'nearest' } as Record<
  string,
  'abs' | 'floor' | 'ceil' | 'trunc' | 'nearest'
>;

export function comparisonName(op: string): 'lt' | 'le' | 'gt' | 'ge' | 'eq' | 'ne' {
  return ({ '<': 'lt', '<=': 'le', '>': 'gt', '>=': 'ge', '===': 'eq', '==': 'eq', '!==': 'ne', '!=': 'ne' } as const)[op as '<'];
}

/** The type two operands are compared in: f32 or i32 where both are exactly that, else f64. */
export function comparisonType(a: Kind, b: Kind): 'f32' | 'int' | 'f64' {
  if (isF32Like(a) && isF32Like(b) && !(isLit(a) && isLit(b))) return 'f32';
  if (isIntLike(a) && isIntLike(b) && !(isLit(a) && isLit(b))) return 'int';
  return 'f64';
}
