import { type Expr, emitJs, emitWgsl, expectType, freeIdentifiers, parseExpression, type SymbolTable } from './expression/index.js';
import type { NeuronModel } from './neuron-model.js';

/** The two languages a model is compiled to. */
export type TargetLanguage = 'wgsl' | 'js';

/** How the generated step reads what is not a state variable. */
export interface StepCodeContext {
  /** Network step in ms. */
  dtMs: number;
  /** Each parameter: a constant (folded into the code) or the code that loads it for the current neuron. */
  params: Record<string, { constant: number } | { wgsl: string; js: string }>;
  /** Per-neuron values the current expression reads (receptor states, input currents), by name. */
  externals: Record<string, { wgsl: string; js: string }>;
  /**
   * The input current `I` the equations see, in the model expression language, over state variables
   * and externals, e.g. `I_ext + g_exc*(0 - v) + g_inh*(-80 - v)`. Re-evaluated at every integrator stage,
   * so conductance currents follow v within a step.
   */
  currentExpression: string;
}

/** Statements over locals `s_<var>` (declared and stored by the caller's kernel skeleton). */
export interface StepCode {
  /** Advances every state variable by one network step. */
  integrate: string;
  /** A boolean expression: the neuron spikes this step. */
  threshold: string;
  /** Applies the reset (all right-hand sides see pre-reset values). */
  reset: string;
  /** Name of the local holding a variable's value. */
  local(variable: string): string;
}

const local = (v: string) => `s_${v}`;

function f32(x: number): number {
  return Math.fround(x);
}

/**
 * Generates one step of a model's integration, threshold and reset in WGSL or JS. Both outputs do the
 * same f32 operations in the same order (no contraction, det-math functions), so the CPU backend
 * reproduces the GPU bit for bit.
 */
export function generateStepCode(model: NeuronModel, lang: TargetLanguage, ctx: StepCodeContext): StepCode {
  const emit = (e: Expr, symbols: SymbolTable) => (lang === 'wgsl' ? emitWgsl(e, symbols) : emitJs(e, symbols));
  const where = (field: string) => ({ model: model.name, field });
  const decl = lang === 'wgsl' ? 'let' : 'const';
  const { method, substeps } = model.integratorSpec;
  const h = f32(ctx.dtMs / substeps);

  // The symbol table for one evaluation point: state variables read the given locals.
  const symbolsFor = (stateLocal: (v: string) => string, currentLocal?: string): SymbolTable => {
    const table: SymbolTable = {};
    for (const s of model.stateNames) table[s] = { kind: 'state', wgsl: stateLocal(s), js: stateLocal(s) };
    for (const p of model.paramNames) {
      const how = ctx.params[p];
      if (!how) throw new Error(`internal: no binding for parameter '${p}' of model '${model.name}'`);
      table[p] = 'constant' in how ? { kind: 'constant', value: f32(how.constant), wgsl: '', js: '' } : { kind: 'param', wgsl: how.wgsl, js: how.js };
    }
    for (const [name, code] of Object.entries(ctx.externals)) table[name] = { kind: 'external', ...code };
    table.dt = { kind: 'constant', value: f32(ctx.dtMs), wgsl: '', js: '' };
    if (currentLocal) table.I = { kind: 'local', wgsl: currentLocal, js: currentLocal };
    return table;
  };
  const equations = model.stateNames.filter((s) => (model.equations as Record<string, string | undefined>)[s] !== undefined);
  const derivative = new Map(equations.map((s) => [s, parseExpression((model.equations as Record<string, string>)[s] as string, where(`equations.${s}`))]));
  const current = parseExpression(ctx.currentExpression, where('input current'));
  const axpy = parseExpression('x + h*k', where('integrator'));

  const lines: string[] = [];
  // Evaluates every derivative at the point whose state is read through `at`; returns locals k_<stage>_<var>.
  const stage = (tag: string, at: (v: string) => string, indent: string) => {
    const currentLocal = `I_${tag}`;
    lines.push(`${indent}${decl} ${currentLocal} = ${emit(current, symbolsFor(at))};`);
    const symbols = symbolsFor(at, currentLocal);
    for (const s of equations) lines.push(`${indent}${decl} k${tag}_${s} = ${emit(derivative.get(s) as Expr, symbols)};`);
  };
  const step = (target: string, base: string, hValue: number, k: string, indent: string) => {
    const table: SymbolTable = {
      x: { kind: 'local', wgsl: base, js: base },
      h: { kind: 'constant', value: hValue, wgsl: '', js: '' },
      k: { kind: 'local', wgsl: k, js: k },
    };
    lines.push(`${indent}${target} = ${emit(axpy, table)};`);
  };

  const loopOpen =
    lang === 'wgsl' ? `for (var substep = 0u; substep < ${substeps}u; substep++) {` : `for (let substep = 0; substep < ${substeps}; substep++) {`;
  if (substeps > 1) lines.push(loopOpen);
  const ind = substeps > 1 ? '  ' : '';
  if (method === 'euler' || equations.length === 0) {
    stage('1', local, ind);
    for (const s of equations) step(local(s), local(s), h, `k1_${s}`, ind);
  } else if (method === 'rk4') {
    const half = f32(h / 2);
    stage('1', local, ind);
    for (const s of equations) lines.push(`${ind}${lang === 'wgsl' ? 'var' : 'let'} y2_${s} = 0${lang === 'wgsl' ? '.0' : ''};`);
    for (const s of equations) step(`y2_${s}`, local(s), half, `k1_${s}`, ind);
    const at = (prefix: string) => (v: string) => (equations.includes(v) ? `${prefix}_${v}` : local(v));
    stage('2', at('y2'), ind);
    for (const s of equations) step(`y2_${s}`, local(s), half, `k2_${s}`, ind);
    stage('3', at('y2'), ind);
    for (const s of equations) step(`y2_${s}`, local(s), h, `k3_${s}`, ind);
    stage('4', at('y2'), ind);
    const combine = parseExpression('x + h6*(a + 2*b + 2*c + d)', where('integrator'));
    for (const s of equations) {
      const table: SymbolTable = {
        x: { kind: 'local', wgsl: local(s), js: local(s) },
        h6: { kind: 'constant', value: f32(h / 6), wgsl: '', js: '' },
        a: { kind: 'local', wgsl: `k1_${s}`, js: `k1_${s}` },
        b: { kind: 'local', wgsl: `k2_${s}`, js: `k2_${s}` },
        c: { kind: 'local', wgsl: `k3_${s}`, js: `k3_${s}` },
        d: { kind: 'local', wgsl: `k4_${s}`, js: `k4_${s}` },
      };
      lines.push(`${ind}${local(s)} = ${emit(combine, table)};`);
    }
  } else {
    // Exponential Euler (Rush–Larsen): a variable whose derivative is linear in itself, f = A + B·x
    // with A and B free of x, is advanced exactly over the sub-step with A and B frozen at its start:
    // x ← x + f(x)·expm1(B·h)/B. B = ∂f/∂x is taken on the syntax tree (with `I` inlined, so
    // conductance currents count). Every B is evaluated before any variable moves, so all variables
    // see the sub-step's starting values. Other variables take a forward-Euler step.
    stage('1', local, ind);
    const symbols = symbolsFor(local, 'I_1');
    const slopes = new Map<string, string>();
    for (const s of equations) {
      const f = derivative.get(s) as Expr;
      const degree = degreeIn(f, s, degreeIn(current, s, Number.POSITIVE_INFINITY));
      if (degree !== 1) continue;
      const slope = derivativeIn(f, s, derivativeIn(current, s, null));
      if (!slope) continue;
      lines.push(`${ind}${decl} b_${s} = ${emit(slope, symbols)};`);
      slopes.set(s, `b_${s}`);
    }
    // For |B·h| below 1e-6 the series h·(1 + B·h/2) replaces expm1(B·h)/B (exact to ~1e-13, and B = 0 is 0/0).
    const exponential = parseExpression('x + k*(abs(b*h) < 1e-6 ? h + 0.5*h*(b*h) : expm1(b*h)/b)', where('integrator'));
    for (const s of equations) {
      const slope = slopes.get(s);
      if (!slope) {
        step(local(s), local(s), h, `k1_${s}`, ind);
        continue;
      }
      const table: SymbolTable = {
        x: { kind: 'local', wgsl: local(s), js: local(s) },
        k: { kind: 'local', wgsl: `k1_${s}`, js: `k1_${s}` },
        b: { kind: 'local', wgsl: slope, js: slope },
        h: { kind: 'constant', value: h, wgsl: '', js: '' },
      };
      lines.push(`${ind}${local(s)} = ${emit(exponential, table)};`);
    }
  }
  if (substeps > 1) lines.push('}');

  const base = symbolsFor(local);
  // The threshold may compare with values at the start of the step (`v_prev`), for upward-crossing
  // detection as in Hodgkin–Huxley models without a reset.
  const thresholdExpr = parseExpression(model.threshold, where('threshold'));
  const previous = model.stateNames.filter((s) => freeIdentifiers(thresholdExpr).has(`${s}_prev`));
  const thresholdSymbols: SymbolTable = { ...base };
  for (const s of previous) thresholdSymbols[`${s}_prev`] = { kind: 'local', wgsl: `prev_${s}`, js: `prev_${s}` };
  if (previous.length) lines.unshift(...previous.map((s) => `${decl} prev_${s} = ${local(s)};`));
  const threshold = emit(thresholdExpr, thresholdSymbols);
  const resetEntries = Object.entries(model.reset ?? {}) as Array<[string, string]>;
  const reset: string[] = resetEntries.map(([v, src]) => `${decl} r_${v} = ${emit(parseExpression(src, where(`reset.${v}`)), base)};`);
  for (const [v] of resetEntries) reset.push(`${local(v)} = r_${v};`);
  return { integrate: lines.join('\n'), threshold, reset: reset.join('\n'), local };
}

/**
 * Parses and type-checks every expression of a model and checks that each name it uses exists, so a
 * definition with a typo fails where it is made, naming the model, the field and the column.
 */
export function checkModelExpressions(model: NeuronModel): void {
  const where = (field: string) => ({ model: model.name, field });
  const known = new Set<string>([...model.stateNames, ...model.paramNames, 'I', 't', 'dt', 'pi', 'e']);
  const thresholdOnly = new Set<string>(model.stateNames.map((s) => `${s}_prev`));
  const symbols: SymbolTable = {};
  for (const name of known) symbols[name] = { kind: 'local', wgsl: name, js: name };
  const check = (source: string, field: string, type: 'number' | 'boolean') => {
    const expr = parseExpression(source, where(field));
    expectType(expr, type);
    const table: SymbolTable = { ...symbols };
    if (field === 'threshold') for (const name of thresholdOnly) table[name] = { kind: 'local', wgsl: name, js: name };
    // Emitting resolves every name: an unknown one throws with its column and a suggestion.
    emitJs(expr, table);
  };
  for (const [v, src] of Object.entries(model.equations as Record<string, string>)) check(src, `equations.${v}`, 'number');
  check(model.threshold, 'threshold', 'boolean');
  for (const [v, src] of Object.entries((model.reset ?? {}) as Record<string, string>)) check(src, `reset.${v}`, 'number');
}

/**
 * The degree of `e` as a polynomial in the variable `x`: 0 (free of x), 1 (linear), or Infinity
 * (anything else: x², x inside a function, a divisor or a condition). `I` counts with `currentDegree`.
 */
function degreeIn(e: Expr, x: string, currentDegree: number): number {
  const d = (child: Expr) => degreeIn(child, x, currentDegree);
  const constantOnly = (...children: Expr[]) => (children.every((c) => d(c) === 0) ? 0 : Number.POSITIVE_INFINITY);
  switch (e.kind) {
    case 'number':
    case 'boolean':
      return 0;
    case 'identifier':
      return e.name === x ? 1 : e.name === 'I' ? currentDegree : 0;
    case 'unary':
      return e.op === '!' ? constantOnly(e.operand) : d(e.operand);
    case 'binary':
      if (e.op === '+' || e.op === '-') return Math.max(d(e.left), d(e.right));
      if (e.op === '*') return d(e.left) + d(e.right);
      if (e.op === '/') return d(e.right) === 0 ? d(e.left) : Number.POSITIVE_INFINITY;
      return constantOnly(e.left, e.right);
    case 'conditional':
      return d(e.test) === 0 ? Math.max(d(e.whenTrue), d(e.whenFalse)) : Number.POSITIVE_INFINITY;
    case 'call':
      return constantOnly(...e.args);
  }
}

/**
 * ∂e/∂x on the syntax tree, for an `e` of degree ≤ 1 in x (see {@link degreeIn}); `null` stands for 0.
 * `currentSlope` is ∂I/∂x. New nodes carry the span of the node they come from, so an error in them
 * still points at the model's text.
 */
function derivativeIn(e: Expr, x: string, currentSlope: Expr | null): Expr | null {
  const D = (child: Expr) => derivativeIn(child, x, currentSlope);
  const span = e.span;
  const num = (value: number): Expr => ({ kind: 'number', value, span });
  const bin = (op: '+' | '-' | '*' | '/', left: Expr, right: Expr): Expr => ({ kind: 'binary', op, left, right, span });
  switch (e.kind) {
    case 'number':
    case 'boolean':
    case 'call':
      return null;
    case 'identifier':
      return e.name === x ? num(1) : e.name === 'I' ? currentSlope : null;
    case 'unary': {
      if (e.op === '!') return null;
      const inner = D(e.operand);
      return inner && e.op === '-' ? { kind: 'unary', op: '-', operand: inner, span } : inner;
    }
    case 'binary': {
      if (e.op === '+' || e.op === '-') {
        const [l, r] = [D(e.left), D(e.right)];
        if (l && r) return bin(e.op, l, r);
        if (r) return e.op === '-' ? { kind: 'unary', op: '-', operand: r, span } : r;
        return l;
      }
      if (e.op === '*') {
        const [l, r] = [D(e.left), D(e.right)];
        if (l && r) return bin('+', bin('*', l, e.right), bin('*', e.left, r));
        if (l) return bin('*', l, e.right);
        return r && bin('*', e.left, r);
      }
      if (e.op === '/') {
        const l = D(e.left);
        return l && bin('/', l, e.right);
      }
      return null;
    }
    case 'conditional': {
      const [t, f] = [D(e.whenTrue), D(e.whenFalse)];
      if (!t && !f) return null;
      return { kind: 'conditional', test: e.test, whenTrue: t ?? num(0), whenFalse: f ?? num(0), span };
    }
  }
}
