import { type Expr, type Stmt, UnsupportedCode } from './js-subset.js';
import { COMPARISONS, FLUSHES, isF32Like, isLit, type KernelAnalysis, type Kind, type Variable } from './kernel-analysis.js';
import { comparisonName, comparisonType, type FunctionContext, powerOfTwoScale, ROUNDING, type ScalarCode } from './scalar-code.js';
import { type Code, V128 } from './wasm-binary.js';

/**
 * Code for four neurons at once (i, i+1, i+2, i+3) in WebAssembly SIMD lanes, as the GPU runs a
 * workgroup: an f32 value is an f32x4, an integer an i32x4, a condition a lane mask. Values the
 * analysis finds uniform stay scalar; `if`s on varying conditions run both ways under masks, and
 * assignments blend by the mask. A statement that cannot run in lanes (a call into JS, a loop whose
 * exit varies by neuron, a store to `spikes`) runs as scalar code once per active lane, in lane
 * order, so side effects happen in the order the JS makes them.
 */

/** A statement that must run lane by lane. */
class NeedsScalar extends Error {}

/** A statement run lane by lane assigns this uniform variable: it must be held per lane (recompile). */
export class ForceVarying extends Error {
  readonly variable: Variable;
  constructor(variable: Variable) {
    super(`'${variable.name}' must vary by lane`);
    this.variable = variable;
  }
}

/** The vector kinds: lanes of f32, of integers (or random words), or masks. */
type VectorKind = 'f32' | 'int' | 'u32' | 'bool';

const MIN_NORMAL = 2 ** -126;
const ARITHMETIC = { '+': 'add', '-': 'sub', '*': 'mul', '/': 'div' } as const;

export class VectorCode {
  readonly #analysis: KernelAnalysis;
  readonly #context: FunctionContext;
  readonly #scalar: ScalarCode;
  readonly #temporary: number;
  /** Each lane's four words of its last Philox draw, when a draw and its use are separate statements. */
  readonly #words: number[];

  constructor(analysis: KernelAnalysis, context: FunctionContext, scalar: ScalarCode) {
    this.#analysis = analysis;
    this.#context = context;
    this.#scalar = scalar;
    this.#temporary = context.newLocal(V128);
    this.#words = [0, 1, 2, 3].map(() => context.newLocal(V128));
  }

  get #code(): Code {
    return this.#context.code;
  }

  statements(list: Stmt[], mask: number | null): void {
    for (const s of list) this.statement(s, mask);
  }

  /** One statement for four lanes; `mask` (a local), when given, says which lanes it applies to. */
  statement(s: Stmt, mask: number | null): void {
    const code = this.#code.bytes.length;
    const labels = this.#context.labels.length;
    try {
      this.#vectorStatement(s, mask);
    } catch (error) {
      // Code the lanes cannot express (NeedsScalar), or that only scalar code might (UnsupportedCode).
      if (!(error instanceof NeedsScalar) && !(error instanceof UnsupportedCode)) throw error;
      this.#code.bytes.length = code;
      this.#context.labels.length = labels;
      this.#laneByLane(s, mask);
    }
  }

  #vectorStatement(s: Stmt, mask: number | null): void {
    const a = this.#analysis;
    const c = this.#code;
    const context = this.#context;
    switch (s.kind) {
      case 'declare':
      case 'assign': {
        const value: Expr =
          s.kind === 'declare' ? (s.init as Expr) : s.op === '=' ? s.value : { kind: 'binary', op: s.op[0] as '+', left: s.target, right: s.value };
        if (s.kind === 'assign' && s.target.kind === 'index') {
          this.#store(s.target, value, mask);
          return;
        }
        const v = a.variable(s.kind === 'declare' ? s : s.target);
        if (v.kind === 'words') throw new NeedsScalar();
        if (v.reads === 0 && a.isPure(value)) return;
        this.#setVariable(v, value, s.kind === 'declare' ? null : mask);
        return;
      }
      case 'expression': {
        const e = s.expr;
        if (e.kind !== 'increment') throw new NeedsScalar();
        const v = a.variable(e);
        if (v.isFixed) throw new NeedsScalar();
        if (v.lanes !== 'varying') {
          if (mask !== null) throw new NeedsScalar();
          this.#scalar.statement(s);
          return;
        }
        c.local('local.get', v.vector)
          .v128(new Int32Array(4).fill(e.op === '++' ? 1 : -1))
          .simd('i32x4.add');
        if (mask !== null) c.local('local.get', v.vector).local('local.get', mask).simd('v128.bitselect');
        c.local('local.set', v.vector);
        return;
      }
      case 'if': {
        if (a.lanesOf(s.test) === 'uniform') {
          this.#scalar.value(s.test, 'bool');
          context.open('if');
          this.statements(s.then, mask);
          if (s.otherwise) {
            c.op('else');
            this.statements(s.otherwise, mask);
          }
          context.end();
          return;
        }
        const test = context.newLocal(V128);
        this.#vector(s.test, 'bool');
        c.local('local.set', test);
        const then = context.newLocal(V128);
        c.local('local.get', test);
        if (mask !== null) c.local('local.get', mask).simd('v128.and');
        c.local('local.set', then);
        this.statements(s.then, then);
        if (s.otherwise) {
          const otherwise = context.newLocal(V128);
          if (mask !== null) c.local('local.get', mask).local('local.get', test).simd('v128.andnot');
          else c.local('local.get', test).simd('v128.not');
          c.local('local.set', otherwise);
          this.statements(s.otherwise, otherwise);
        }
        return;
      }
      case 'block':
        this.statements(s.body, mask);
        return;
      case 'for': {
        // Only a loop that every lane runs the same number of times.
        const exits = a.loopExits.get(s) ?? [];
        if (a.lanesOf(s.test) !== 'uniform' || exits.some((t) => a.lanesOf(t) !== 'uniform')) throw new NeedsScalar();
        this.#vectorStatement(s.init, null);
        c.open('block');
        context.labels.push('for-exit');
        context.open('loop');
        this.#scalar.value(s.test, 'bool');
        c.op('i32.eqz').branch('br_if', 1);
        c.open('block');
        context.labels.push('for-continue');
        this.statements(s.body, mask);
        context.end();
        this.#vectorStatement(s.update, null);
        c.branch('br', 0);
        context.end();
        context.end();
        return;
      }
      case 'break':
      case 'continue':
        this.#scalar.statement(s);
        return;
    }
  }

  /** Assigns a variable: a uniform one in scalar code, a varying one as a vector (blended under a mask). */
  #setVariable(v: Variable, value: Expr, mask: number | null): void {
    const c = this.#code;
    if (v.lanes !== 'varying') {
      if (mask !== null) throw new NeedsScalar();
      this.#scalar.value(value, v.kind as Kind);
      c.local('local.set', v.scalar);
      return;
    }
    this.#vector(value, vectorKind(v.kind as Kind));
    if (mask !== null) c.local('local.get', v.vector).local('local.get', mask).simd('v128.bitselect');
    c.local('local.set', v.vector);
  }

  /** A store `array[index] = value`: four consecutive elements when the index is lane 0's plus the lane. */
  #store(target: Expr & { kind: 'index' }, value: Expr, mask: number | null): void {
    const a = this.#analysis;
    const c = this.#code;
    if (target.object.kind !== 'name' || a.lanesOf(target.index) !== 'affine') throw new NeedsScalar();
    const array = a.variable(target.object).array;
    if (!array || array.element === 'u8') throw new NeedsScalar();
    const k = a.kindOf(value) as Kind;
    const kind = array.element === 'f32' ? 'f32' : 'int';
    if (kind === 'f32' ? !isF32Like(k) : !(k === 'int' || k === 'u32' || (isLit(k) && Number.isInteger(k.lit)))) throw new NeedsScalar();
    // Masked stores are not needed by the generators (stores come last, unconditionally): lane by lane.
    if (mask !== null) throw new NeedsScalar();
    this.#scalar.address(target);
    this.#vector(value, kind);
    c.simdMemory('v128.store', array.byteOffset);
  }

  /** Emits `e` for four lanes as `want`. */
  #vector(e: Expr, want: VectorKind): void {
    const a = this.#analysis;
    const c = this.#code;
    const lanes = a.lanesOf(e);
    if (lanes === 'uniform') {
      const k = a.kindOf(e) as Kind;
      if (want === 'f32' && !isF32Like(k)) throw new NeedsScalar();
      if (want === 'bool') {
        c.i32(0);
        this.#scalar.value(e, 'bool');
        c.op('i32.sub').simd('i32x4.splat');
        return;
      }
      this.#scalar.value(e, want);
      c.simd(want === 'f32' ? 'f32x4.splat' : 'i32x4.splat');
      return;
    }
    if (lanes === 'affine') {
      if (want !== 'int') throw new NeedsScalar();
      this.#scalar.value(e, 'int');
      c.simd('i32x4.splat')
        .v128(new Int32Array([0, 1, 2, 3]))
        .simd('i32x4.add');
      return;
    }
    const have = this.#emit(e);
    if (have !== want && !(have === 'int' && want === 'u32') && !(have === 'u32' && want === 'int')) throw new NeedsScalar();
  }

  #emit(e: Expr): VectorKind {
    const a = this.#analysis;
    const c = this.#code;
    switch (e.kind) {
      case 'name': {
        const v = a.variable(e);
        if (v.kind === 'f64' || v.kind === 'words' || v.vector < 0) throw new NeedsScalar();
        c.local('local.get', v.vector);
        return v.kind as VectorKind;
      }
      case 'unary': {
        if (e.op === '!') {
          this.#vector(e.arg, 'bool');
          c.simd('v128.not');
          return 'bool';
        }
        if (e.op === '-' && a.kindOf(e) === 'f32') {
          this.#vector(e.arg, 'f32');
          c.simd('f32x4.neg');
          return 'f32';
        }
        throw new NeedsScalar();
      }
      case 'binary': {
        const [k1, k2] = [a.kindOf(e.left) as Kind, a.kindOf(e.right) as Kind];
        if (COMPARISONS.has(e.op)) {
          const op = comparisonName(e.op);
          if (k1 === 'bool' && k2 === 'bool' && (op === 'eq' || op === 'ne')) {
            this.#vector(e.left, 'bool');
            this.#vector(e.right, 'bool');
            c.simd(`i32x4.${op}`);
            return 'bool';
          }
          const type = comparisonType(k1, k2);
          if (type === 'f64') throw new NeedsScalar();
          this.#vector(e.left, type);
          this.#vector(e.right, type);
          c.simd(type === 'int' ? (`i32x4.${op}${op === 'eq' || op === 'ne' ? '' : '_s'}` as 'i32x4.eq') : `f32x4.${op}`);
          return 'bool';
        }
        if (a.kindOf(e) !== 'int' || e.op === '/') throw new NeedsScalar();
        this.#vector(e.left, 'int');
        this.#vector(e.right, 'int');
        c.simd(e.op === '+' ? 'i32x4.add' : e.op === '-' ? 'i32x4.sub' : 'i32x4.mul');
        return 'int';
      }
      case 'logical':
        if (!a.isPure(e.right)) throw new NeedsScalar();
        this.#vector(e.left, 'bool');
        this.#vector(e.right, 'bool');
        c.simd(e.op === '&&' ? 'v128.and' : 'v128.or');
        return 'bool';
      case 'conditional': {
        if (!a.isPure(e.then) || !a.isPure(e.otherwise)) throw new NeedsScalar();
        const k = a.settledKind(e);
        if (k !== 'f32' && k !== 'int') throw new NeedsScalar();
        this.#vector(e.then, k);
        this.#vector(e.otherwise, k);
        this.#vector(e.test, 'bool');
        c.simd('v128.bitselect');
        return k;
      }
      case 'call':
        return this.#call(e);
      case 'index': {
        if (e.object.kind !== 'name' || a.lanesOf(e.index) !== 'affine') throw new NeedsScalar();
        const array = a.variable(e.object).array;
        if (!array) throw new NeedsScalar();
        if (array.element === 'u8') {
          // Four bytes, widened to four i32.
          this.#scalar.value(e.index, 'int');
          c.simdMemory('v128.load32_zero', array.byteOffset).simd('i16x8.extend_low_i8x16_u').simd('i32x4.extend_low_i16x8_u');
          return 'int';
        }
        this.#scalar.address(e);
        c.simdMemory('v128.load', array.byteOffset);
        return array.element === 'f32' ? 'f32' : array.element === 'u32' ? 'u32' : 'int';
      }
      default:
        throw new NeedsScalar();
    }
  }

  #call(e: Expr & { kind: 'call' }): VectorKind {
    const a = this.#analysis;
    const c = this.#code;
    const [x, y] = e.args as [Expr, Expr];
    if ((FLUSHES.has(e.callee) || e.callee === 'Math.fround') && e.args.length === 1) {
      const isNeverSubnormal = this.#roundToF32(x);
      if (FLUSHES.has(e.callee) && !isNeverSubnormal) this.#flush();
      return 'f32';
    }
    switch (e.callee) {
      case 'Number.isFinite': {
        const k = a.settledKind(x);
        if (k === 'int') {
          c.v128(new Int32Array([-1, -1, -1, -1]));
          return 'bool';
        }
        if (k !== 'f32') throw new NeedsScalar();
        this.#vector(x, 'f32');
        c.local('local.tee', this.#temporary).local('local.get', this.#temporary).simd('f32x4.sub').v128(new Float32Array(4)).simd('f32x4.eq');
        return 'bool';
      }
      case 'Math.abs':
      case 'Math.floor':
      case 'Math.ceil':
      case 'Math.trunc':
      case 'roundHalfEven':
        if (a.kindOf(e) !== 'f32' || e.args.length !== 1) throw new NeedsScalar();
        this.#vector(x, 'f32');
        c.simd(`f32x4.${ROUNDING[e.callee] as 'abs'}`);
        return 'f32';
      case 'Math.min':
      case 'Math.max':
        // f32x4.min/max, like f32.min/max and Math.min/max: NaN if either is NaN, −0 below +0.
        if (a.kindOf(e) !== 'f32' || e.args.length !== 2) throw new NeedsScalar();
        this.#vector(x, 'f32');
        this.#vector(y, 'f32');
        c.simd(e.callee === 'Math.min' ? 'f32x4.min' : 'f32x4.max');
        return 'f32';
      default:
        throw new NeedsScalar();
    }
  }

  /** As ScalarCode's: the f32 rounding of `x` in lanes; true when the result is never subnormal. */
  #roundToF32(x: Expr): boolean {
    const a = this.#analysis;
    const c = this.#code;
    const scaled = powerOfTwoScale(a, x);
    if (scaled) {
      this.#vector(scaled.int, 'int');
      c.simd('f32x4.convert_i32x4_s')
        .v128(new Float32Array(4).fill(2 ** scaled.exponent))
        .simd('f32x4.mul');
      return true;
    }
    if (x.kind === 'binary' && x.op in ARITHMETIC) {
      const [k1, k2] = [a.kindOf(x.left) as Kind, a.kindOf(x.right) as Kind];
      if (isF32Like(k1) && isF32Like(k2) && !(isLit(k1) && isLit(k2))) {
        this.#vector(x.left, 'f32');
        this.#vector(x.right, 'f32');
        c.simd(`f32x4.${ARITHMETIC[x.op as '+']}`);
        return false;
      }
    }
    const k = a.settledKind(x);
    if (k === 'f32') {
      this.#vector(x, 'f32');
      return false;
    }
    if (k === 'int') {
      this.#vector(x, 'int');
      c.simd('f32x4.convert_i32x4_s');
      return true;
    }
    throw new NeedsScalar();
  }

  /** Subnormal lanes → zero of the same sign: clears all but the sign bit where |x| < 2^−126. */
  #flush(): void {
    this.#code
      .local('local.tee', this.#temporary)
      .local('local.get', this.#temporary)
      .simd('f32x4.abs')
      .v128(new Float32Array(4).fill(MIN_NORMAL))
      .simd('f32x4.lt')
      .v128(new Int32Array(4).fill(0x7fffffff))
      .simd('v128.and')
      .simd('v128.andnot');
  }

  /**
   * Runs `s` as scalar code for each lane that `mask` selects (all four without one), in lane order:
   * each outer variable it reads is taken from its lane, each it assigns is put back.
   */
  #laneByLane(s: Stmt, mask: number | null): void {
    const c = this.#code;
    const context = this.#context;
    const { reads, writes, readsWords } = this.#outerNames(s);
    const writesWords = s.kind === 'declare' && this.#analysis.variable(s).kind === 'words';
    for (const v of writes) if (!v.isFixed && v.lanes !== 'varying') throw new ForceVarying(v);
    if (mask !== null) {
      c.local('local.get', mask).simd('v128.any_true');
      context.open('if');
    }
    for (let lane = 0; lane < 4; lane++) {
      if (mask !== null) {
        c.local('local.get', mask).lane('i32x4.extract_lane', lane);
        context.open('if');
      }
      for (const v of reads) {
        if (v.lanes === 'varying') {
          c.local('local.get', v.vector).lane(v.kind === 'f32' ? 'f32x4.extract_lane' : 'i32x4.extract_lane', lane);
          if (v.kind === 'bool') c.i32(1).op('i32.and');
          c.local('local.set', v.scalar);
        } else if (v.lanes === 'affine' && lane > 0) {
          c.local('local.get', v.scalar).i32(lane).op('i32.add').local('local.set', v.scalar);
        }
      }
      if (readsWords)
        this.#words.forEach((vector, k) => {
          c.local('local.get', vector)
            .lane('i32x4.extract_lane', lane)
            .local('local.set', this.#context.words[k] as number);
        });
      this.#scalar.statement(s);
      if (writesWords)
        this.#words.forEach((vector, k) => {
          c.local('local.get', vector)
            .local('local.get', this.#context.words[k] as number)
            .lane('i32x4.replace_lane', lane)
            .local('local.set', vector);
        });
      for (const v of writes) {
        if (v.lanes !== 'varying' || v.vector < 0) continue;
        c.local('local.get', v.vector);
        if (v.kind === 'bool') c.i32(0).local('local.get', v.scalar).op('i32.sub');
        else c.local('local.get', v.scalar);
        c.lane(v.kind === 'f32' ? 'f32x4.replace_lane' : 'i32x4.replace_lane', lane).local('local.set', v.vector);
      }
      for (const v of reads) if (v.lanes === 'affine' && lane > 0) c.local('local.get', v.scalar).i32(lane).op('i32.sub').local('local.set', v.scalar);
      if (mask !== null) context.end();
    }
    if (mask !== null) context.end();
  }

  /** Variables declared outside `s` that it reads or assigns, and whether it reads Philox words drawn outside it. */
  #outerNames(s: Stmt): { reads: Set<Variable>; writes: Set<Variable>; readsWords: boolean } {
    const a = this.#analysis;
    const declared = new Set<Variable>();
    const reads = new Set<Variable>();
    const writes = new Set<Variable>();
    const words = new Set<Variable>();
    const name = (e: Expr, isWrite: boolean) => {
      const v = a.variable(e);
      if (v.kind === 'words') words.add(v);
      if (v.array || v.kind === 'words') return;
      reads.add(v);
      if (isWrite) writes.add(v);
    };
    const expr = (e: Expr): void => {
      switch (e.kind) {
        case 'name':
          name(e, false);
          return;
        case 'increment':
          name(e, true);
          return;
        case 'unary':
          expr(e.arg);
          return;
        case 'binary':
        case 'logical':
          expr(e.left);
          expr(e.right);
          return;
        case 'conditional':
          expr(e.test);
          expr(e.then);
          expr(e.otherwise);
          return;
        case 'call':
          e.args.forEach(expr);
          return;
        case 'index':
          expr(e.object);
          expr(e.index);
          return;
        case 'sequence':
          e.items.forEach(expr);
          return;
        default:
          return;
      }
    };
    const statement = (t: Stmt): void => {
      switch (t.kind) {
        case 'declare':
          expr(t.init as Expr);
          declared.add(a.variable(t));
          return;
        case 'assign':
          expr(t.value);
          if (t.target.kind === 'name') name(t.target, true);
          else expr(t.target);
          return;
        case 'expression':
          expr(t.expr);
          return;
        case 'if':
          expr(t.test);
          t.then.forEach(statement);
          t.otherwise?.forEach(statement);
          return;
        case 'block':
          t.body.forEach(statement);
          return;
        case 'for':
          statement(t.init);
          expr(t.test);
          t.body.forEach(statement);
          statement(t.update);
          return;
        default:
          return;
      }
    };
    statement(s);
    for (const v of declared) {
      reads.delete(v);
      writes.delete(v);
      words.delete(v);
    }
    // A declaration run lane by lane: its variable goes back to its lanes.
    if (s.kind === 'declare' && a.variable(s).kind !== 'words') writes.add(a.variable(s));
    // `rngWords` itself (in a draw) is written, not read; any other words variable from outside is read.
    const readsWords = [...words].some((v) => !v.isFixed);
    return { reads, writes, readsWords };
  }
}

function vectorKind(k: Kind): VectorKind {
  if (k === 'f32' || k === 'int' || k === 'u32' || k === 'bool') return k;
  throw new NeedsScalar();
}
