import { type Expr, parseStatements, type Stmt, UnsupportedCode } from './js-subset.js';
import { KernelAnalysis, type KernelArray, PURE_CALLS } from './kernel-analysis.js';
import { FunctionContext, type ImportedFunction, ScalarCode } from './scalar-code.js';
import { ForceVarying, VectorCode } from './vector-code.js';
import { Code, F32, F64, I32, I64, ModuleBuilder, V128, type ValueType } from './wasm-binary.js';

/**
 * Compiles a population's generated neuron update (the JS that `generateNeuronUpdate('js', …)` emits
 * for one neuron `i`) to a WebAssembly function that loops over the population's neurons, with the
 * same results bit for bit.
 *
 * Why: the JS emulates each pinned f32 operation as `f(x)`, i.e. `Math.fround` and a branch that
 * flushes subnormals; WebAssembly has f32 arithmetic, and the flush is a few branch-free operations
 * (in scalar code, the same `select` as WGSL's `dm_pin`). The loop runs four neurons at a time in SIMD
 * lanes (vector-code.ts), the rest one at a time (scalar-code.ts).
 *
 * Exactness: JS numbers are f64. A value is kept as f32 only where its f64 value is exactly an f32
 * (results of `f`, elements of Float32Arrays, f32 literals, and exact operations on them); then
 * `f(a op b)` for op in + − × ÷ is the f32 operation, since rounding the f64 result to f32 gives the
 * correctly rounded f32 result (53 ≥ 2·24 + 2: Figueroa 1995, "When is double rounding innocuous?").
 * Everything else is computed in f64 as JS does. Integer values (loop counters, neuron and ring
 * indices) are kept as i32, assuming, as the generators guarantee, that they stay below 2^31.
 * Calls to det-math and other runtime functions are imported from JS; Philox4x32-10 is compiled in.
 * The tests run every built-in model, input, receptor and rule both ways and compare the bits.
 */

export type { KernelArray };
export { UnsupportedCode };

export interface UpdateKernelSource {
  /** JS for one neuron `i`, reading `step`, `slot`, `seed`, appending spikes with `spikes[spikeCount++] = i`. */
  body: string;
  /** Neurons in the population. */
  size: number;
  arrays: KernelArray[];
  /** Runtime functions the body may call (det-math, `fail`, …), by name. */
  functions: Record<string, unknown>;
}

/**
 * Runs the update of every neuron of the population for one step; returns the number of spikes.
 * `lanes`: 4 when it runs four neurons at a time in SIMD lanes, 1 when one at a time.
 */
export type CompiledUpdate = ((step: number, slot: number, seed: number) => number) & { readonly lanes: 1 | 4 };

/**
 * Compiles `source` against `memory`; throws {@link UnsupportedCode} for code outside the subset
 * (the caller then runs the JS). `lanes: 1` leaves out the four-lane loop.
 */
export function compileUpdateKernel(source: UpdateKernelSource, memory: WebAssembly.Memory, options: { lanes?: 1 | 4 } = {}): CompiledUpdate {
  const statements = parseStatements(source.body);
  const analysis = new KernelAnalysis(statements, [
    { name: 'step', kind: 'f64', lanes: 'uniform' },
    { name: 'slot', kind: 'int', lanes: 'uniform' },
    { name: 'seed', kind: 'u32', lanes: 'uniform' },
    { name: 'i', kind: 'int', lanes: 'affine' },
    { name: 'spikeCount', kind: 'int', lanes: 'uniform' },
    { name: 'rngWords', kind: 'words', lanes: 'varying' },
    ...source.arrays.map((array) => ({ name: array.name, kind: 'int' as const, lanes: 'uniform' as const, array })),
  ]);
  const imports = collectImports(statements, source.functions);
  let bytes: Uint8Array | null = null;
  const useLanes = options.lanes !== 1 && source.size >= 4 && !analysis.variables.some((v) => v.lanes === 'varying' && v.kind === 'f64');
  if (useLanes) {
    // A statement run lane by lane may turn a uniform variable into a varying one: then start again.
    for (let attempt = 0; attempt < 20 && bytes === null; attempt++) {
      if (analysis.variables.some((v) => v.lanes === 'varying' && v.kind === 'f64')) break;
      try {
        bytes = assemble(analysis, statements, source.size, imports, memory, true);
      } catch (error) {
        if (!(error instanceof ForceVarying)) throw error;
        error.variable.isForcedVarying = true;
        analysis.inferLanes();
      }
    }
  }
  const env: Record<string, unknown> = { memory };
  for (const [name, i] of imports) env[name] = i.fn;
  const instantiate = (code: Uint8Array, lanes: 1 | 4): CompiledUpdate => {
    const module = new WebAssembly.Module(code as BufferSource);
    const instance = new WebAssembly.Instance(module, { env: env as WebAssembly.ModuleImports });
    return Object.assign(instance.exports.update as (step: number, slot: number, seed: number) => number, { lanes });
  };
  if (bytes) {
    try {
      return instantiate(bytes, 4);
    } catch (error) {
      // An engine without SIMD: one neuron at a time.
      if (!(error instanceof WebAssembly.CompileError)) throw error;
    }
  }
  try {
    return instantiate(assemble(analysis, statements, source.size, imports, memory, false), 1);
  } catch (error) {
    if (error instanceof WebAssembly.CompileError || error instanceof WebAssembly.LinkError) throw new UnsupportedCode(`WebAssembly: ${error.message}`);
    throw error;
  }
}

/** The module: imported memory and functions, `update(step, slot, seed)` and Philox. */
function assemble(
  analysis: KernelAnalysis,
  statements: Stmt[],
  size: number,
  imports: Map<string, ImportedFunction>,
  memory: WebAssembly.Memory,
  useLanes: boolean,
): Uint8Array {
  const module = new ModuleBuilder();
  module.importMemory('env', 'memory', memory.buffer.byteLength / 65536);
  for (const [name, i] of imports) i.index = module.importFunction('env', name, Array(i.params).fill(F64), i.hasResult ? [F64] : []);
  const update = module.declare([F64, I32, I32], [I32], 'update');
  const philox = module.declare([I32, I32, I32, I32, I32, I32], [I32, I32, I32, I32]);
  const context = new FunctionContext([F64, I32, I32], imports, philox);
  const outer = analysis.outer;
  const local = (name: string, index: number) => {
    (outer.get(name) as { scalar: number }).scalar = index;
  };
  local('step', 0);
  local('slot', 1);
  local('seed', 2);
  const neuron = context.newLocal(I32);
  const spikeCount = context.newLocal(I32);
  local('i', neuron);
  local('spikeCount', spikeCount);
  for (const v of analysis.variables) {
    if (v.kind === 'words') continue;
    v.scalar = context.newLocal(scalarType(v.kind as string));
    v.vector = useLanes && v.lanes === 'varying' ? context.newLocal(V128) : -1;
  }
  const scalar = new ScalarCode(analysis, context);
  const c = context.code;
  c.i32(0).local('local.set', neuron);
  c.i32(0).local('local.set', spikeCount);
  if (useLanes) {
    // Four neurons at a time while four remain.
    const vector = new VectorCode(analysis, context, scalar);
    context.open('block');
    context.open('loop');
    c.local('local.get', neuron).i32(4).op('i32.add').i32(size).op('i32.gt_s').branch('br_if', 1);
    vector.statements(statements, null);
    c.local('local.get', neuron).i32(4).op('i32.add').local('local.set', neuron).branch('br', 0);
    context.end();
    context.end();
  }
  context.open('block');
  context.open('loop');
  c.local('local.get', neuron).i32(size).op('i32.ge_s').branch('br_if', 1);
  scalar.statements(statements);
  c.local('local.get', neuron).i32(1).op('i32.add').local('local.set', neuron).branch('br', 0);
  context.end();
  context.end();
  c.local('local.get', spikeCount);
  module.define(update, context.locals.slice(3), c);
  module.define(philox, [I64, I64, I32, I32], philoxCode());
  return module.toBytes();
}

function scalarType(kind: string): ValueType {
  return kind === 'f32' ? F32 : kind === 'f64' ? F64 : I32;
}

/** Every runtime function the code calls, imported as (f64, …) → f64 (or nothing, for `fail`). */
function collectImports(statements: Stmt[], functions: Record<string, unknown>): Map<string, ImportedFunction> {
  const imports = new Map<string, ImportedFunction>();
  const add = (name: string, params: number, fn?: unknown) => {
    if (imports.has(name)) return;
    const found = fn ?? functions[name];
    if (typeof found !== 'function') throw new UnsupportedCode(`unknown function '${name}'`);
    imports.set(name, { index: -1, fn: found, params, hasResult: name !== 'fail' });
  };
  const visit = (e: Expr): void => {
    switch (e.kind) {
      case 'call':
        if (!PURE_CALLS.has(e.callee) && e.callee !== 'randomU32x4Into' && e.callee !== 'normalPair') add(e.callee, e.args.length);
        e.args.forEach(visit);
        return;
      case 'index':
        if (e.object.kind === 'call' && e.object.callee === 'normalPair') {
          if (e.index.kind !== 'number' || (e.index.value !== 0 && e.index.value !== 1)) throw new UnsupportedCode('normalPair index');
          const pair = functions.normalPair as ((a: number, b: number) => [number, number]) | undefined;
          if (!pair) throw new UnsupportedCode('no normalPair');
          const k = e.index.value;
          add(`normalPair${k}`, 2, (a: number, b: number) => pair(a, b)[k]);
          e.object.args.forEach(visit);
        } else {
          visit(e.object);
        }
        visit(e.index);
        return;
      case 'unary':
        visit(e.arg);
        return;
      case 'binary':
      case 'logical':
        visit(e.left);
        visit(e.right);
        return;
      case 'conditional':
        visit(e.test);
        visit(e.then);
        visit(e.otherwise);
        return;
      case 'sequence':
        e.items.forEach(visit);
        return;
      default:
        return;
    }
  };
  const walk = (list: Stmt[]): void => {
    for (const s of list) {
      if (s.kind === 'declare' && s.init) visit(s.init);
      else if (s.kind === 'assign') {
        visit(s.target);
        visit(s.value);
      } else if (s.kind === 'expression') visit(s.expr);
      else if (s.kind === 'if') {
        visit(s.test);
        walk(s.then);
        if (s.otherwise) walk(s.otherwise);
      } else if (s.kind === 'block') walk(s.body);
      else if (s.kind === 'for') {
        walk([s.init, s.update, ...s.body]);
        visit(s.test);
      }
    }
  };
  walk(statements);
  return imports;
}

/**
 * Philox4x32-10 (Salmon et al. 2011) as a WebAssembly function (c0, c1, c2, c3, k0, k1) → four words;
 * the 32×32 → 64-bit products are one i64 multiplication each. Twin of core's `philox4x32Into`.
 */
function philoxCode(): Code {
  const c = new Code();
  // Parameters 0–3: x0–x3, 4–5: key; locals 6–7: products (i64), 8–9: new x0 and x2.
  const [x0, x1, x2, x3, k0, k1, p0, p1, n0, n2] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9] as const;
  const high = (p: number) => c.local('local.get', p).i64(32n).op('i64.shr_u').op('i32.wrap_i64');
  for (let round = 0; round < 10; round++) {
    c.local('local.get', x0).op('i64.extend_i32_u').i64(0xd2511f53n).op('i64.mul').local('local.set', p0);
    c.local('local.get', x2).op('i64.extend_i32_u').i64(0xcd9e8d57n).op('i64.mul').local('local.set', p1);
    high(p1).local('local.get', x1).op('i32.xor').local('local.get', k0).op('i32.xor').local('local.set', n0);
    high(p0).local('local.get', x3).op('i32.xor').local('local.get', k1).op('i32.xor').local('local.set', n2);
    c.local('local.get', p1).op('i32.wrap_i64').local('local.set', x1);
    c.local('local.get', p0).op('i32.wrap_i64').local('local.set', x3);
    c.local('local.get', n0).local('local.set', x0);
    c.local('local.get', n2).local('local.set', x2);
    c.local('local.get', k0).i32(0x9e3779b9).op('i32.add').local('local.set', k0);
    c.local('local.get', k1).i32(0xbb67ae85).op('i32.add').local('local.set', k1);
  }
  for (const x of [x0, x1, x2, x3]) c.local('local.get', x);
  return c;
}
