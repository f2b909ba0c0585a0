import { closestName } from '@spikegpu/core';
import type { Identifier } from './expression-ast.js';
import { ExpressionError } from './expression-error.js';
import { BUILTIN_CONSTANTS } from './expression-functions.js';
import { f32ConstantProblem } from './f32-literal.js';

/** What a name in an expression stands for. The emitters treat all kinds alike; the kind is for messages and callers. */
export type SymbolKind = 'state' | 'param' | 'constant' | 'external' | 'local';

/**
 * One name an expression may use, and how generated code reads it.
 *
 * @example
 * { kind: 'state', wgsl: 'v', js: 'v' }                 // a local the kernel loaded the state into
 * { kind: 'param', wgsl: 'params.a', js: 'a', value: 0.02 } // known at codegen: folded in as 0.02f
 * { kind: 'external', wgsl: 'input_current', js: 'I' }
 */
export interface SymbolEntry {
  readonly kind: SymbolKind;
  /**
   * WGSL expression text to emit for the name. Emitted as is when it is a plain name or access path
   * (`v`, `state.v[i]`), otherwise in parentheses. It must be of type f32.
   */
  readonly wgsl: string;
  /** JS expression text to emit for the name; it must evaluate to an f32 value (e.g. read from a Float32Array). */
  readonly js: string;
  /**
   * The value, when known at codegen. The name is then a compile-time constant: rounded to f32 and
   * folded into the generated code (as literals, and into reciprocals for `x / name`).
   */
  readonly value?: number;
}

/** Names an expression may use. Own properties only; a name here shadows the built-in `pi` and `e`. */
export type SymbolTable = Record<string, SymbolEntry>;

/** A name resolved to a compile-time f32 constant, or to the symbol that emits it. */
export type Resolution = { readonly constant: number } | { readonly symbol: SymbolEntry };

const SIMPLE_ACCESS = /^[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*|\[[A-Za-z0-9_+* ]*\])*$/;

/** The symbol's code text, parenthesised unless it is a plain name or access path. */
export function symbolText(text: string): string {
  return SIMPLE_ACCESS.test(text) ? text : `(${text})`;
}

/**
 * What `identifier` refers to: the symbol table first, then the built-in constants.
 *
 * @throws {ExpressionError} `expression-unknown-identifier` with a "did you mean" suggestion, or
 *   `expression-constant` when a known value is not a usable f32 constant.
 */
export function resolveIdentifier(identifier: Identifier, symbols: SymbolTable): Resolution {
  const { name, span } = identifier;
  const constant = (value: number): Resolution => {
    const problem = f32ConstantProblem(value);
    if (problem) {
      throw new ExpressionError(`the value of '${name}' (${value}) ${problem}`, span, { code: 'expression-constant', received: value });
    }
    return { constant: Math.fround(value) };
  };
  if (Object.hasOwn(symbols, name)) {
    const symbol = symbols[name] as SymbolEntry;
    return symbol.value === undefined ? { symbol } : constant(symbol.value);
  }
  if (Object.hasOwn(BUILTIN_CONSTANTS, name)) return constant(BUILTIN_CONSTANTS[name] as number);
  const known = [...Object.keys(symbols), ...Object.keys(BUILTIN_CONSTANTS)];
  const suggestion = closestName(name, known);
  throw new ExpressionError(`unknown name '${name}'${suggestion ? ` (did you mean '${suggestion}'?)` : ''}`, span, {
    code: 'expression-unknown-identifier',
    expected: `one of ${known.join(', ')}`,
    received: name,
  });
}
