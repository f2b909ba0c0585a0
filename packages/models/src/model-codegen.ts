import {
  type Expr,
  emitJs,
  emitWgsl,
  expectType,
  foldConstants,
  freeIdentifiers,
  parseExpression,
  type SymbolEntry,
  type SymbolTable,
} from './expression/index.js';
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
  /**
   * Put the statements that depend on parameters alone (subexpressions such as a temperature factor
   * `Q10**((T - 6.3)/10)` with a per-neuron T) in {@link StepCode.setup} instead of at the top of
   * `integrate`, for a caller that loops over steps itself and can run them once before the loop (the
   * parameters must not change within it). Default false.
   */
  separateSetup?: boolean;
}

/** Statements over locals `s_<var>` (declared and stored by the caller's kernel skeleton). */
export interface StepCode {
  /** With `separateSetup`: statements to run before `integrate` (parameter-only subexpressions); otherwise empty. */
  setup: string;
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
 *
 * Subexpressions become locals: those that depend on parameters alone once per step (or in `setup`,
 * see {@link StepCodeContext.separateSetup}; folded away when the parameters are constants), the others
 * once per integrator stage, where the equations read them. Threshold and reset get them inlined.
 */
export function generateStepCode(model: NeuronModel, lang: TargetLanguage, ctx: StepCodeContext): StepCode {
  const emit = (e: Expr, symbols: SymbolTable) => (lang === 'wgsl' ? emitWgsl(e, symbols) : emitJs(e, symbols));
  const where = (field: string) => ({ model: model.name, field });
  const decl = lang === 'wgsl' ? 'let' : 'const';
  const { method, substeps } = model.integratorSpec;
  const h = f32(ctx.dtMs / substeps);
  const localEntry = (name: string): SymbolEntry => ({ kind: 'local', wgsl: name, js: name });

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
    if (currentLocal) table.I = localEntry(currentLocal);
    return table;
  };
  const equations = model.stateNames.filter((s) => (model.equations as Record<string, string | undefined>)[s] !== undefined);
  const derivative = new Map(equations.map((s) => [s, parseExpression((model.equations as Record<string, string>)[s] as string, where(`equations.${s}`))]));
  const current = parseExpression(ctx.currentExpression, where('input current'));
  const axpy = parseExpression('x + h*k', where('integrator'));

  // Subexpressions: which the equations need, and which are the same at every stage (parameters only).
  const subexpressions = parseSubexpressions(model);
  const definitions = new Map(subexpressions.map((x) => [x.name, x.expr]));
  const needed = new Set<string>();
  const need = (e: Expr) => {
    for (const name of freeIdentifiers(e))
      if (definitions.has(name) && !needed.has(name)) {
        needed.add(name);
        need(definitions.get(name) as Expr);
      }
  };
  for (const e of derivative.values()) need(e);
  const parameterOnly = new Set<string>([...model.paramNames, 'dt', 'pi', 'e']);
  const invariant: SymbolTable = {};
  const setup: string[] = [];
  for (const { name, expr } of subexpressions) {
    if (![...freeIdentifiers(expr)].every((id) => parameterOnly.has(id))) continue;
    parameterOnly.add(name);
    if (!needed.has(name)) continue;
    const table = { ...symbolsFor(local), ...invariant };
    const folded = foldConstants(expr, table);
    if (folded.kind === 'number') invariant[name] = { kind: 'constant', value: folded.value, wgsl: '', js: '' };
    else {
      setup.push(`${decl} sub_${name} = ${emit(expr, table)};`);
      invariant[name] = localEntry(`sub_${name}`);
    }
  }

  const lines: string[] = [];
  // Evaluates every derivative at the point whose state is read through `at`; returns locals
  // k<stage>_<var> and the symbols it used (subexpressions as locals sub<stage>_<name>).
  const stage = (tag: string, at: (v: string) => string, indent: string): SymbolTable => {
    const currentLocal = `I_${tag}`;
    lines.push(`${indent}${decl} ${currentLocal} = ${emit(current, symbolsFor(at))};`);
    const symbols = { ...symbolsFor(at, currentLocal), ...invariant };
    for (const { name, expr } of subexpressions) {
      if (!needed.has(name) || parameterOnly.has(name)) continue;
      lines.push(`${indent}${decl} sub${tag}_${name} = ${emit(expr, symbols)};`);
      symbols[name] = localEntry(`sub${tag}_${name}`);
    }
    for (const s of equations) lines.push(`${indent}${decl} k${tag}_${s} = ${emit(derivative.get(s) as Expr, symbols)};`);
    return symbols;
  };
  const step = (target: string, base: string, hValue: number, k: string, indent: string) => {
    const table: SymbolTable = {
      x: localEntry(base),
      h: { kind: 'constant', value: hValue, wgsl: '', js: '' },
      k: localEntry(k),
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
    const mutable = lang === 'wgsl' ? 'var' : 'let';
    const at = (prefix: string) => (v: string) => (equations.includes(v) ? `${prefix}_${v}` : local(v));
    // x + h/6·(k1 + 2k2 + 2k3 + k4) with the sum accumulated as the stages come: the same f32 operations
    // in the same order as the sum written at once, but a kernel keeps one running sum per variable
    // instead of every k until the end.
    const accumulate = (target: string, source: string, symbols: Record<string, string>) => {
      const table: SymbolTable = Object.fromEntries(Object.entries(symbols).map(([name, code]) => [name, localEntry(code)]));
      table.h6 = { kind: 'constant', value: f32(h / 6), wgsl: '', js: '' };
      lines.push(`${ind}${target} = ${emit(parseExpression(source, where('integrator')), table)};`);
    };
    stage('1', local, ind);
    for (const s of equations) lines.push(`${ind}${mutable} y2_${s} = 0${lang === 'wgsl' ? '.0' : ''};`);
    for (const s of equations) step(`y2_${s}`, local(s), half, `k1_${s}`, ind);
    stage('2', at('y2'), ind);
    for (const s of equations) accumulate(`${mutable} rk_${s}`, 'a + 2*b', { a: `k1_${s}`, b: `k2_${s}` });
    for (const s of equations) step(`y2_${s}`, local(s), half, `k2_${s}`, ind);
    stage('3', at('y2'), ind);
    for (const s of equations) accumulate(`rk_${s}`, 'a + 2*b', { a: `rk_${s}`, b: `k3_${s}` });
    for (const s of equations) step(`y2_${s}`, local(s), h, `k3_${s}`, ind);
    stage('4', at('y2'), ind);
    for (const s of equations) accumulate(local(s), 'x + h6*(a + b)', { x: local(s), a: `rk_${s}`, b: `k4_${s}` });
  } else {
    // Exponential Euler (Rush–Larsen): a variable whose derivative is linear in itself, f = A + B·x
    // with A and B free of x, is advanced exactly over the sub-step with A and B frozen at its start:
    // x ← x + f(x)·expm1(B·h)/B. B = ∂f/∂x is taken on the syntax tree, seeing through `I` (so
    // conductance currents count) and subexpressions. Every B is evaluated before any variable moves,
    // so all variables see the sub-step's starting values. Other variables take a forward-Euler step.
    const symbols = stage('1', local, ind);
    const slopes = new Map<string, string>();
    for (const s of equations) {
      const f = derivative.get(s) as Expr;
      // Degree in s and ∂/∂s of `I` and of each subexpression, in definition order (each sees the ones before it).
      const degrees = new Map<string, number>([['I', degreeIn(current, s, new Map())]]);
      const partials = new Map<string, Expr | null>([['I', derivativeIn(current, s, new Map())]]);
      for (const x of subexpressions) {
        degrees.set(x.name, degreeIn(x.expr, s, degrees));
        partials.set(x.name, derivativeIn(x.expr, s, partials));
      }
      if (degreeIn(f, s, degrees) !== 1) continue;
      const slope = derivativeIn(f, s, partials);
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
        x: localEntry(local(s)),
        k: localEntry(`k1_${s}`),
        b: localEntry(slope),
        h: { kind: 'constant', value: h, wgsl: '', js: '' },
      };
      lines.push(`${ind}${local(s)} = ${emit(exponential, table)};`);
    }
  }
  if (substeps > 1) lines.push('}');
  if (!ctx.separateSetup) lines.unshift(...setup);

  // Threshold and reset read the end-of-step state; subexpressions are inlined into them.
  const inlined = new Map<string, Expr>();
  for (const { name, expr } of subexpressions) inlined.set(name, substitute(expr, inlined));
  const base = symbolsFor(local);
  // The threshold may compare with values at the start of the step (`v_prev`), for upward-crossing
  // detection as in Hodgkin–Huxley models without a reset.
  const thresholdExpr = substitute(parseExpression(model.threshold, where('threshold')), inlined);
  const previous = model.stateNames.filter((s) => freeIdentifiers(thresholdExpr).has(`${s}_prev`));
  const thresholdSymbols: SymbolTable = { ...base };
  for (const s of previous) thresholdSymbols[`${s}_prev`] = localEntry(`prev_${s}`);
  if (previous.length) lines.unshift(...previous.map((s) => `${decl} prev_${s} = ${local(s)};`));
  const threshold = emit(thresholdExpr, thresholdSymbols);
  const resetEntries = Object.entries(model.reset ?? {}) as Array<[string, string]>;
  const reset: string[] = resetEntries.map(([v, src]) => `${decl} r_${v} = ${emit(substitute(parseExpression(src, where(`reset.${v}`)), inlined), base)};`);
  for (const [v] of resetEntries) reset.push(`${local(v)} = r_${v};`);
  return { setup: ctx.separateSetup ? setup.join('\n') : '', integrate: lines.join('\n'), threshold, reset: reset.join('\n'), local };
}

/** A model's subexpressions, parsed, in definition order. */
function parseSubexpressions(model: NeuronModel): Array<{ name: string; expr: Expr }> {
  return Object.entries(model.subexpressions ?? {}).map(([name, source]) => ({
    name,
    expr: parseExpression(source, { model: model.name, field: `subexpressions.${name}` }),
  }));
}

/** `e` with every name that `definitions` defines replaced by its definition's tree. */
function substitute(e: Expr, definitions: ReadonlyMap<string, Expr>): Expr {
  if (definitions.size === 0) return e;
  const visit = (node: Expr): Expr => {
    switch (node.kind) {
      case 'number':
      case 'boolean':
        return node;
      case 'identifier':
        return definitions.get(node.name) ?? node;
      case 'unary':
        return { ...node, operand: visit(node.operand) };
      case 'binary':
        return { ...node, left: visit(node.left), right: visit(node.right) };
      case 'conditional':
        return { ...node, test: visit(node.test), whenTrue: visit(node.whenTrue), whenFalse: visit(node.whenFalse) };
      case 'call':
        return { ...node, args: node.args.map(visit) };
    }
  };
  return visit(e);
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
  // Each subexpression sees the ones before it; equations, threshold and reset see them all.
  for (const [name, src] of Object.entries(model.subexpressions ?? {})) {
    check(src, `subexpressions.${name}`, 'number');
    symbols[name] = { kind: 'local', wgsl: name, js: name };
  }
  for (const [v, src] of Object.entries(model.equations as Record<string, string>)) check(src, `equations.${v}`, 'number');
  check(model.threshold, 'threshold', 'boolean');
  for (const [v, src] of Object.entries((model.reset ?? {}) as Record<string, string>)) check(src, `reset.${v}`, 'number');
}

/**
 * The degree of `e` as a polynomial in the variable `x`: 0 (free of x), 1 (linear), or Infinity
 * (anything else: x², x inside a function, a divisor or a condition). A name in `names` (`I`, a
 * subexpression) counts with the degree given there.
 */
function degreeIn(e: Expr, x: string, names: ReadonlyMap<string, number>): number {
  const d = (child: Expr) => degreeIn(child, x, names);
  const constantOnly = (...children: Expr[]) => (children.every((c) => d(c) === 0) ? 0 : Number.POSITIVE_INFINITY);
  switch (e.kind) {
    case 'number':
    case 'boolean':
      return 0;
    case 'identifier':
      return e.name === x ? 1 : (names.get(e.name) ?? 0);
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
 * `partials` gives ∂/∂x of names that stand for expressions (`I`, subexpressions). New nodes carry the
 * span of the node they come from, so an error in them still points at the model's text.
 */
function derivativeIn(e: Expr, x: string, partials: ReadonlyMap<string, Expr | null>): Expr | null {
  const D = (child: Expr) => derivativeIn(child, x, partials);
  const span = e.span;
  const num = (value: number): Expr => ({ kind: 'number', value, span });
  const bin = (op: '+' | '-' | '*' | '/', left: Expr, right: Expr): Expr => ({ kind: 'binary', op, left, right, span });
  switch (e.kind) {
    case 'number':
    case 'boolean':
    case 'call':
      return null;
    case 'identifier':
      return e.name === x ? num(1) : (partials.get(e.name) ?? null);
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
