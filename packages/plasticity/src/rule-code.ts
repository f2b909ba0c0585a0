import { emitJs, emitWgsl, parseExpression, type SymbolTable, type TargetLanguage } from '@spikegpu/models';

/** How generated code reads a name that is not a constant: its text in each language. */
export interface NameBinding {
  wgsl: string;
  js: string;
}

/** Where an expression was written, for error messages: the rule and its field (`traces.xPre.onSpike`). */
export interface RuleLocation {
  rule: string;
  field: string;
}

function symbolsOf(constants: Record<string, number>, names: Record<string, NameBinding>): SymbolTable {
  const symbols: SymbolTable = {};
  for (const [name, value] of Object.entries(constants)) symbols[name] = { kind: 'constant', value, wgsl: '', js: '' };
  for (const [name, binding] of Object.entries(names)) symbols[name] = { kind: 'local', ...binding };
  return symbols;
}

/**
 * One expression of a rule as WGSL or JS: constants are folded in, names read through their
 * bindings, every f32 operation pinned (WGSL `dm_pin`, JS `f`), so both languages compute the same
 * bits (the model expression language of `@spikegpu/models`).
 *
 * @example
 * emitRuleExpression('w + aPlus*xPre', 'wgsl', { rule: 'stdp', field: 'weight.onPost' }, { aPlus: 0.01 }, { w: { wgsl: 'w', js: 'w' }, xPre: { wgsl: 'xPre', js: 'xPre' } })
 * // 'dm_pin(w + dm_pin(0.01f * xPre))'
 */
export function emitRuleExpression(
  source: string,
  lang: TargetLanguage,
  where: RuleLocation,
  constants: Record<string, number>,
  names: Record<string, NameBinding>,
): string {
  const expr = parseExpression(source, { model: where.rule, field: where.field });
  const symbols = symbolsOf(constants, names);
  return lang === 'wgsl' ? emitWgsl(expr, symbols) : emitJs(expr, symbols);
}

/**
 * Assignments run in order, each seeing the ones before (`u = …; available = …; x = available − …`):
 * a name bound in `names` is assigned to its binding (which must be a mutable local), any other name
 * becomes a new local `<localPrefix><name>`. Returns the statements and the bindings after them.
 */
export function emitAssignments(
  assignments: Record<string, string>,
  lang: TargetLanguage,
  where: RuleLocation,
  constants: Record<string, number>,
  names: Record<string, NameBinding>,
  localPrefix: string,
): { code: string[]; names: Record<string, NameBinding> } {
  const scope = { ...names };
  const code: string[] = [];
  for (const [target, source] of Object.entries(assignments)) {
    const value = emitRuleExpression(source, lang, { rule: where.rule, field: `${where.field}.${target}` }, constants, scope);
    const bound = scope[target];
    if (bound) code.push(`${lang === 'wgsl' ? bound.wgsl : bound.js} = ${value};`);
    else {
      const local = `${localPrefix}${target}`;
      code.push(`${lang === 'wgsl' ? 'let' : 'const'} ${local} = ${value};`);
      scope[target] = { wgsl: local, js: local };
    }
  }
  return { code, names: scope };
}
