import { type Expr, type Stmt, UnsupportedCode } from './js-subset.js';

/**
 * What the compiler knows about a neuron update before it writes code: every name bound to its
 * declaration, the kind of every value (see {@link Kind}), and whether a value is the same for
 * every neuron of a step ("uniform"), a uniform value plus the neuron index ("affine"), or anything
 * else ("varying"), which decides what the vector loop holds in SIMD lanes.
 */

/**
 * What a value is at run time. JS numbers are f64; `f32` marks a number that is exactly an f32
 * (results of `f`, Float32Array elements, f32 literals, exact operations on them), `int` an integer
 * kept as i32, `u32` a random word, `bool` a condition, `words` the four words of a Philox draw.
 * `lit` is a constant not yet given a type.
 */
export type Kind = 'bool' | 'int' | 'u32' | 'f32' | 'f64' | 'words' | { lit: number };
export type ValueKind = Exclude<Kind, 'words' | { lit: number }>;
export type Lanes = 'uniform' | 'affine' | 'varying';

/** A typed array the update reads or writes, placed in the module's memory. */
export interface KernelArray {
  name: string;
  /** Byte offset of element 0 in the memory. */
  byteOffset: number;
  element: 'f32' | 'i32' | 'u32' | 'u8';
}

export interface Variable {
  name: string;
  kind: Kind | null;
  lanes: Lanes | null;
  /** Parameters of the surrounding function, arrays and the loop's names: not inferred. */
  isFixed: boolean;
  array: KernelArray | null;
  /** Assignments (a declaration's value first; `x += y` as `x + y`). */
  values: Expr[];
  /** Per assignment: the conditions under which it runs (enclosing `if` and `for` tests, and the tests guarding a `break`). */
  controls: Expr[][];
  reads: number;
  /** Set by the vector code when a statement it runs once per lane assigns the variable. */
  isForcedVarying: boolean;
  /** Locals: the scalar value (in the vector loop: lane 0's for an affine variable), and the SIMD vector. */
  scalar: number;
  vector: number;
}

/** A variable not yet seen assigned or read; `known` fixes what the surrounding code already says. */
function newVariable(name: string, known: Partial<Pick<Variable, 'kind' | 'lanes' | 'isFixed' | 'array'>> = {}): Variable {
  return {
    name,
    kind: null,
    lanes: null,
    isFixed: false,
    array: null,
    values: [],
    controls: [],
    reads: 0,
    isForcedVarying: false,
    scalar: -1,
    vector: -1,
    ...known,
  };
}

export const isLit = (k: Kind | null): k is { lit: number } => typeof k === 'object' && k !== null;
export const isF32Exact = (x: number) => Object.is(Math.fround(x), x) || Number.isNaN(x);
export const isI32 = (x: number) => Number.isInteger(x) && x >= -0x80000000 && x <= 0x7fffffff && !Object.is(x, -0);
export const isF32Like = (k: Kind) => k === 'f32' || (isLit(k) && isF32Exact(k.lit));
export const isIntLike = (k: Kind) => k === 'int' || (isLit(k) && isI32(k.lit));
export const COMPARISONS = new Set(['<', '<=', '>', '>=', '===', '!==', '==', '!=']);

/** Pure builtins (no side effects, so an unused result may be dropped, and `&&` may evaluate both sides). */
export const PURE_CALLS = new Set([
  'f',
  'f32',
  'dmPin',
  'Math.fround',
  'Math.abs',
  'Math.floor',
  'Math.ceil',
  'Math.trunc',
  'Math.min',
  'Math.max',
  'Math.sqrt',
  'Number.isFinite',
  'uniform01',
  'roundHalfEven',
]);
/** Calls that round their argument to f32 and flush a subnormal: core's `f32`, bound as `f`, and `dmPin`. */
export const FLUSHES = new Set(['f', 'f32', 'dmPin']);
export const isDetMath = (name: string) => /^dm[A-Z]\w*$/.test(name) && name !== 'dmPin';

function join(a: Kind | null, b: Kind | null): Kind | null {
  if (a === null) return b;
  if (b === null) return a;
  if (isLit(a) && isLit(b)) {
    if (Object.is(a.lit, b.lit)) return a;
    if (isI32(a.lit) && isI32(b.lit)) return 'int';
    return isF32Exact(a.lit) && isF32Exact(b.lit) ? 'f32' : 'f64';
  }
  if (isLit(a) || isLit(b)) {
    const [lit, other] = (isLit(a) ? [a.lit, b] : [(b as { lit: number }).lit, a]) as [number, Kind];
    if (other === 'f32') return isF32Exact(lit) ? 'f32' : 'f64';
    if (other === 'int') return isI32(lit) ? 'int' : 'f64';
    if (other === 'f64') return 'f64';
    throw new UnsupportedCode(`a variable holding a number and a ${other}`);
  }
  if (a === b) return a;
  if (a === 'bool' || b === 'bool' || a === 'words' || b === 'words') throw new UnsupportedCode(`a variable holding a ${a} and a ${b}`);
  return 'f64';
}

/** The kind a constant takes where it must have one: an f32 where exact, else an f64. */
export function settled(k: Kind | null): Exclude<Kind, { lit: number }> {
  if (k === null) throw new UnsupportedCode('a variable without a value');
  if (!isLit(k)) return k;
  return isF32Exact(k.lit) ? 'f32' : 'f64';
}

function joinLanes(a: Lanes | null, b: Lanes | null): Lanes | null {
  if (a === null) return b;
  if (b === null) return a;
  return a === b ? a : 'varying';
}

export function arithmetic(op: string, a: number, b: number): number {
  switch (op) {
    case '+':
      return a + b;
    case '-':
      return a - b;
    case '*':
      return a * b;
    default:
      return a / b;
  }
}

/** Names the surrounding function provides. */
export interface OuterName {
  name: string;
  kind: Kind;
  lanes: Lanes;
  array?: KernelArray;
}

export class KernelAnalysis {
  readonly variables: Variable[] = [];
  readonly outer = new Map<string, Variable>();
  readonly #byNode = new Map<object, Variable>();
  readonly #scopes: Array<Map<string, Variable>> = [];
  readonly #controls: Expr[] = [];
  /** Per `for` statement: the tests of the `if`s that guard its `break`s and `continue`s. */
  readonly loopExits = new Map<Stmt, Expr[]>();
  readonly #openLoops: Array<{ loop: Stmt; depth: number }> = [];
  readonly #ifTests: Expr[] = [];

  constructor(statements: Stmt[], outer: OuterName[]) {
    for (const o of outer) {
      this.outer.set(o.name, newVariable(o.name, { kind: o.kind, lanes: o.lanes, isFixed: true, array: o.array ?? null }));
    }
    this.#scopes.push(this.outer);
    this.#resolve(statements);
    this.#scopes.pop();
    this.#inferKinds();
    this.inferLanes();
  }

  variable(e: object): Variable {
    const v = this.#byNode.get(e);
    if (!v) throw new Error('internal: unbound name');
    return v;
  }

  // ————— Names: each declaration is a variable; every name in the code is bound to one. —————

  #lookup(name: string): Variable | null {
    for (let k = this.#scopes.length - 1; k >= 0; k--) {
      const v = this.#scopes[k]?.get(name);
      if (v) return v;
    }
    return null;
  }

  #resolve(statements: Stmt[]): void {
    this.#scopes.push(new Map());
    for (const s of statements) this.#resolveStatement(s);
    this.#scopes.pop();
  }

  #assign(v: Variable, value: Expr): void {
    v.values.push(value);
    v.controls.push([...this.#controls]);
  }

  #resolveStatement(s: Stmt): void {
    switch (s.kind) {
      case 'declare': {
        if (s.init === null) throw new UnsupportedCode(`declaration of '${s.name}' without a value`);
        this.#resolveExpr(s.init);
        const v = newVariable(s.name);
        this.#assign(v, s.init);
        this.#scopes[this.#scopes.length - 1]?.set(s.name, v);
        this.variables.push(v);
        this.#byNode.set(s, v);
        return;
      }
      case 'assign': {
        this.#resolveExpr(s.value);
        if (s.target.kind === 'index') {
          this.#resolveExpr(s.target);
          return;
        }
        const v = this.#bind(s.target as Expr & { kind: 'name' }, false);
        if (v.isFixed) throw new UnsupportedCode(`assignment to '${v.name}'`);
        this.#assign(v, s.op === '=' ? s.value : { kind: 'binary', op: s.op[0] as '+', left: s.target, right: s.value });
        return;
      }
      case 'expression':
        this.#resolveExpr(s.expr);
        return;
      case 'if':
        this.#resolveExpr(s.test);
        this.#controls.push(s.test);
        this.#ifTests.push(s.test);
        this.#resolve(s.then);
        if (s.otherwise) this.#resolve(s.otherwise);
        this.#ifTests.pop();
        this.#controls.pop();
        return;
      case 'block':
        this.#resolve(s.body);
        return;
      case 'for': {
        this.#scopes.push(new Map());
        this.#resolveStatement(s.init);
        this.#resolveExpr(s.test);
        // The loop's exits are known only after its body: assignments in it are controlled by them too.
        const exits: Expr[] = [];
        this.loopExits.set(s, exits);
        this.#controls.push(s.test);
        this.#openLoops.push({ loop: s, depth: this.#ifTests.length });
        const firstVariable = this.variables.length;
        const assignedBefore = new Map([...this.variables, ...this.outer.values()].map((v) => [v, v.values.length]));
        this.#resolve(s.body);
        this.#resolveStatement(s.update);
        this.#openLoops.pop();
        this.#controls.pop();
        for (const v of [...this.variables, ...this.outer.values()]) {
          const from = this.variables.indexOf(v) >= firstVariable ? 0 : (assignedBefore.get(v) ?? 0);
          for (let k = from; k < v.controls.length; k++) v.controls[k]?.push(...exits);
        }
        this.#scopes.pop();
        return;
      }
      case 'break':
      case 'continue': {
        const open = this.#openLoops[this.#openLoops.length - 1];
        if (!open) throw new UnsupportedCode(`${s.kind} outside a for loop`);
        this.loopExits.get(open.loop)?.push(...this.#ifTests.slice(open.depth));
        return;
      }
    }
  }

  #bind(e: Expr & { kind: 'name' }, isRead: boolean): Variable {
    const v = this.#lookup(e.name);
    if (!v) throw new UnsupportedCode(`unknown name '${e.name}'`);
    if (isRead) v.reads++;
    this.#byNode.set(e, v);
    return v;
  }

  #resolveExpr(e: Expr): void {
    switch (e.kind) {
      case 'number':
        return;
      case 'name':
        this.#bind(e, true);
        return;
      case 'unary':
        this.#resolveExpr(e.arg);
        return;
      case 'binary':
      case 'logical':
        this.#resolveExpr(e.left);
        this.#resolveExpr(e.right);
        return;
      case 'conditional':
        this.#resolveExpr(e.test);
        this.#resolveExpr(e.then);
        this.#resolveExpr(e.otherwise);
        return;
      case 'call':
        for (const a of e.args) this.#resolveExpr(a);
        return;
      case 'index':
        this.#resolveExpr(e.object);
        this.#resolveExpr(e.index);
        return;
      case 'sequence':
        for (const item of e.items) this.#resolveExpr(item);
        return;
      case 'increment': {
        const self: Expr = { kind: 'name', name: e.name };
        const v = this.#bind(self as Expr & { kind: 'name' }, true);
        this.#byNode.set(e, v);
        if (v.isFixed) {
          if (v.kind !== 'int') throw new UnsupportedCode(`increment of '${e.name}'`);
        } else {
          this.#assign(v, { kind: 'binary', op: e.op === '++' ? '+' : '-', left: self, right: { kind: 'number', value: 1 } });
        }
        return;
      }
    }
  }

  // ————— Kinds —————

  #inferKinds(): void {
    for (let round = 0; round < 50; round++) {
      let changed = false;
      for (const v of this.variables) {
        let k: Kind | null = null;
        for (const value of v.values) k = join(k, this.kindOf(value));
        if (JSON.stringify(k) !== JSON.stringify(v.kind)) {
          v.kind = k;
          changed = true;
        }
      }
      if (!changed) {
        for (const v of this.variables) v.kind = settled(v.kind);
        return;
      }
    }
    throw new UnsupportedCode('variable kinds do not settle');
  }

  /** The kind of an expression's value; null while a variable it reads is not known yet. */
  kindOf(e: Expr): Kind | null {
    switch (e.kind) {
      case 'number':
        return { lit: e.value };
      case 'name': {
        const v = this.variable(e);
        if (v.array) throw new UnsupportedCode(`array '${v.name}' used as a number`);
        return v.kind;
      }
      case 'unary': {
        const k = this.kindOf(e.arg);
        if (e.op === '!') return 'bool';
        if (k === null) return null;
        if (isLit(k)) return { lit: e.op === '-' ? -k.lit : k.lit };
        if (k === 'bool' || k === 'words') throw new UnsupportedCode(`'${e.op}' of a ${k}`);
        return e.op === '+' ? k : k === 'f32' ? 'f32' : 'f64';
      }
      case 'binary': {
        if (COMPARISONS.has(e.op)) return 'bool';
        const [a, b] = [this.kindOf(e.left), this.kindOf(e.right)];
        if (a === null || b === null) return null;
        if (isLit(a) && isLit(b)) return { lit: arithmetic(e.op, a.lit, b.lit) };
        if (e.op !== '/' && isIntLike(a) && isIntLike(b)) return 'int';
        return 'f64';
      }
      case 'logical':
        return 'bool';
      case 'conditional':
        return join(this.kindOf(e.then), this.kindOf(e.otherwise));
      case 'call':
        return this.#callKind(e);
      case 'index': {
        if (e.object.kind === 'call' && e.object.callee === 'normalPair') return 'f32';
        if (e.object.kind !== 'name') throw new UnsupportedCode('index of a computed value');
        const v = this.variable(e.object);
        if (v.kind === 'words') return 'u32';
        if (v.kind === null) return null;
        if (!v.array) throw new UnsupportedCode(`index of '${v.name}'`);
        return v.array.element === 'f32' ? 'f32' : v.array.element === 'u32' ? 'u32' : 'int';
      }
      case 'sequence':
        return 'words';
      case 'increment':
        return 'int';
    }
  }

  /** {@link kindOf} once every variable is known. */
  settledKind(e: Expr): Exclude<Kind, { lit: number }> {
    return settled(this.kindOf(e));
  }

  #callKind(e: Expr & { kind: 'call' }): Kind | null {
    const args = e.args.map((a) => this.kindOf(a));
    if (args.some((a) => a === null)) return null;
    const a = args[0] as Kind;
    const b = args[1] as Kind;
    switch (e.callee) {
      case 'f':
      case 'f32':
      case 'dmPin':
      case 'Math.fround':
      case 'uniform01':
        return 'f32';
      case 'Number.isFinite':
        return 'bool';
      case 'Math.abs':
      case 'Math.floor':
      case 'Math.ceil':
      case 'Math.trunc':
      case 'roundHalfEven':
        return isF32Like(a) ? 'f32' : 'f64';
      case 'Math.min':
      case 'Math.max':
        return isF32Like(a) && isF32Like(b) ? 'f32' : 'f64';
      case 'Math.sqrt':
        return 'f64';
      default:
        return isDetMath(e.callee) ? 'f32' : 'f64';
    }
  }

  // ————— Lanes —————

  /** (Re)computes every variable's lanes; the vector code calls it again after forcing some to vary. */
  inferLanes(): void {
    for (const v of this.variables) v.lanes = v.isForcedVarying ? 'varying' : null;
    for (let round = 0; round < 50; round++) {
      let changed = false;
      for (const v of this.variables) {
        if (v.lanes === 'varying') continue;
        let lanes: Lanes | null = null;
        v.values.forEach((value, k) => {
          lanes = joinLanes(lanes, this.lanesOf(value));
          if ((v.controls[k] ?? []).some((c) => this.lanesOf(c) !== 'uniform')) lanes = 'varying';
        });
        if (lanes !== v.lanes) {
          v.lanes = lanes;
          changed = true;
        }
      }
      if (!changed) {
        for (const v of this.variables) v.lanes ??= 'uniform';
        return;
      }
    }
    throw new UnsupportedCode('variable lanes do not settle');
  }

  /** Whether a value is the same in every lane, lane 0's plus the lane number, or neither. */
  lanesOf(e: Expr): Lanes {
    const all = (...parts: Expr[]): Lanes => (parts.every((p) => this.lanesOf(p) === 'uniform') ? 'uniform' : 'varying');
    switch (e.kind) {
      case 'number':
        return 'uniform';
      case 'name':
      case 'increment': {
        const v = this.variable(e);
        return v.kind === 'words' ? 'varying' : (v.lanes ?? 'uniform');
      }
      case 'unary':
        return e.op === '+' ? this.lanesOf(e.arg) : all(e.arg);
      case 'binary': {
        if (COMPARISONS.has(e.op) || e.op === '*' || e.op === '/') return all(e.left, e.right);
        const [a, b] = [this.lanesOf(e.left), this.lanesOf(e.right)];
        if (a === 'uniform' && b === 'uniform') return 'uniform';
        const isInt = this.kindOf(e) === 'int';
        if (isInt && ((a === 'affine' && b === 'uniform') || (e.op === '+' && a === 'uniform' && b === 'affine'))) return 'affine';
        return 'varying';
      }
      case 'logical':
        return all(e.left, e.right);
      case 'conditional':
        return all(e.test, e.then, e.otherwise);
      case 'call':
        return all(...e.args);
      case 'index':
        if (e.object.kind !== 'name' || this.variable(e.object).kind === 'words') return 'varying';
        return all(e.index);
      case 'sequence':
        return 'varying';
    }
  }

  isPure(e: Expr): boolean {
    switch (e.kind) {
      case 'number':
      case 'name':
        return true;
      case 'unary':
        return this.isPure(e.arg);
      case 'binary':
      case 'logical':
        return this.isPure(e.left) && this.isPure(e.right);
      case 'conditional':
        return this.isPure(e.test) && this.isPure(e.then) && this.isPure(e.otherwise);
      case 'call':
        return (PURE_CALLS.has(e.callee) || isDetMath(e.callee)) && e.args.every((a) => this.isPure(a));
      case 'index':
        return e.object.kind === 'name' && this.isPure(e.index);
      default:
        return false;
    }
  }
}
