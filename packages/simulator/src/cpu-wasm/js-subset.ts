/**
 * A parser for the JavaScript that the code generators emit for the CPU backend (neuron-kernel's
 * skeleton, the models' step code, plasticity's neuron code): declarations, assignments, `if`,
 * blocks, counted `for` loops, `break`, and expressions of numbers, names, typed-array elements and
 * calls. Anything else is an {@link UnsupportedCode} error, upon which the caller keeps the JS.
 */

export type Expr =
  | { kind: 'number'; value: number }
  | { kind: 'name'; name: string }
  | { kind: 'unary'; op: '-' | '+' | '!'; arg: Expr }
  | { kind: 'binary'; op: BinaryOp; left: Expr; right: Expr }
  | { kind: 'logical'; op: '&&' | '||'; left: Expr; right: Expr }
  | { kind: 'conditional'; test: Expr; then: Expr; otherwise: Expr }
  | { kind: 'call'; callee: string; args: Expr[] }
  | { kind: 'index'; object: Expr; index: Expr }
  | { kind: 'sequence'; items: Expr[] }
  | { kind: 'increment'; op: '++' | '--'; prefix: boolean; name: string };

export type BinaryOp = '+' | '-' | '*' | '/' | '<' | '<=' | '>' | '>=' | '===' | '!==' | '==' | '!=';

export type Stmt =
  | { kind: 'declare'; name: string; isConst: boolean; init: Expr | null }
  | { kind: 'assign'; target: Expr; op: '=' | '+=' | '-=' | '*='; value: Expr }
  | { kind: 'expression'; expr: Expr }
  | { kind: 'if'; test: Expr; then: Stmt[]; otherwise: Stmt[] | null }
  | { kind: 'block'; body: Stmt[] }
  | { kind: 'for'; init: Stmt; test: Expr; update: Stmt; body: Stmt[] }
  | { kind: 'break' }
  | { kind: 'continue' };

/** Code outside the subset: the caller falls back to running the JS. */
export class UnsupportedCode extends Error {}

const PUNCTUATORS = ['===', '!==', '>>>', '<=', '>=', '==', '!=', '&&', '||', '++', '--', '+=', '-=', '*=', '/=', '<<', '>>', '**'];
const SINGLE = '(){}[];,.?:+-*/%<>=!&|^~';

interface Token {
  type: 'number' | 'name' | 'punct' | 'end';
  text: string;
}

function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let k = 0;
  const number = /(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?/y;
  const identifier = /[A-Za-z_$][\w$]*/y;
  while (k < source.length) {
    const c = source[k] as string;
    if (/\s/.test(c)) {
      k++;
      continue;
    }
    if (source.startsWith('//', k)) {
      const end = source.indexOf('\n', k);
      k = end < 0 ? source.length : end;
      continue;
    }
    number.lastIndex = k;
    identifier.lastIndex = k;
    const n = /[\d.]/.test(c) && !(c === '.' && !/\d/.test(source[k + 1] ?? '')) ? number.exec(source) : null;
    if (n) {
      tokens.push({ type: 'number', text: n[0] });
      k += n[0].length;
      continue;
    }
    const id = identifier.exec(source);
    if (id) {
      tokens.push({ type: 'name', text: id[0] });
      k += id[0].length;
      continue;
    }
    const p = PUNCTUATORS.find((p) => source.startsWith(p, k)) ?? (SINGLE.includes(c) ? c : null);
    if (!p) throw new UnsupportedCode(`character '${c}'`);
    tokens.push({ type: 'punct', text: p });
    k += p.length;
  }
  tokens.push({ type: 'end', text: '' });
  return tokens;
}

const BINARY_LEVELS: BinaryOp[][] = [
  ['===', '!==', '==', '!='],
  ['<', '<=', '>', '>='],
  ['+', '-'],
  ['*', '/'],
];

/** Parses a sequence of statements. */
export function parseStatements(source: string): Stmt[] {
  const tokens = tokenize(source);
  let pos = 0;
  const peek = (offset = 0) => tokens[pos + offset] as Token;
  const next = () => tokens[pos++] as Token;
  const is = (text: string) => peek().type !== 'end' && peek().type !== 'number' && peek().text === text;
  const expect = (text: string) => {
    const t = next();
    if (t.text !== text || t.type === 'number') throw new UnsupportedCode(`expected '${text}', got '${t.text}'`);
  };

  function statement(): Stmt {
    const t = peek();
    if (t.type === 'name' && (t.text === 'let' || t.text === 'const')) {
      const s = declaration();
      expect(';');
      return s;
    }
    if (t.type === 'name' && t.text === 'if') {
      next();
      expect('(');
      const test = expression();
      expect(')');
      const then = body();
      let otherwise: Stmt[] | null = null;
      if (peek().type === 'name' && peek().text === 'else') {
        next();
        otherwise = peek().type === 'name' && peek().text === 'if' ? [statement()] : body();
      }
      return { kind: 'if', test, then, otherwise };
    }
    if (t.type === 'name' && t.text === 'for') {
      next();
      expect('(');
      const init = declaration();
      expect(';');
      const test = expression();
      expect(';');
      const update = simple();
      expect(')');
      return { kind: 'for', init, test, update, body: body() };
    }
    if (t.type === 'name' && (t.text === 'break' || t.text === 'continue')) {
      next();
      expect(';');
      return { kind: t.text };
    }
    if (is('{')) return { kind: 'block', body: body() };
    const s = simple();
    expect(';');
    return s;
  }

  function declaration(): Stmt {
    const keyword = next();
    if (keyword.text !== 'let' && keyword.text !== 'const') throw new UnsupportedCode(`declaration '${keyword.text}'`);
    const name = next();
    if (name.type !== 'name') throw new UnsupportedCode(`declaration of '${name.text}'`);
    let init: Expr | null = null;
    if (is('=')) {
      next();
      init = expression();
    }
    if (is(',')) throw new UnsupportedCode('several declarations in one statement');
    return { kind: 'declare', name: name.text, isConst: keyword.text === 'const', init };
  }

  /** An assignment or an expression (no trailing semicolon). */
  function simple(): Stmt {
    const target = expression();
    const t = peek();
    if (t.type === 'punct' && (t.text === '=' || t.text === '+=' || t.text === '-=' || t.text === '*=')) {
      next();
      if (target.kind !== 'name' && target.kind !== 'index') throw new UnsupportedCode('assignment target');
      return { kind: 'assign', target, op: t.text, value: expression() };
    }
    return { kind: 'expression', expr: target };
  }

  function body(): Stmt[] {
    if (!is('{')) return [statement()];
    next();
    const list: Stmt[] = [];
    while (!is('}')) {
      if (peek().type === 'end') throw new UnsupportedCode('unclosed block');
      list.push(statement());
    }
    next();
    return list;
  }

  function expression(): Expr {
    const test = logical('||');
    if (!is('?')) return test;
    next();
    const then = expression();
    expect(':');
    return { kind: 'conditional', test, then, otherwise: expression() };
  }

  function logical(op: '&&' | '||'): Expr {
    const operand = () => (op === '||' ? logical('&&') : binary(0));
    let left = operand();
    while (is(op)) {
      next();
      left = { kind: 'logical', op, left, right: operand() };
    }
    return left;
  }

  function binary(level: number): Expr {
    if (level === BINARY_LEVELS.length) return unary();
    const ops = BINARY_LEVELS[level] as BinaryOp[];
    let left = binary(level + 1);
    while (peek().type === 'punct' && (ops as string[]).includes(peek().text)) {
      const op = next().text as BinaryOp;
      left = { kind: 'binary', op, left, right: binary(level + 1) };
    }
    if (peek().type === 'punct' && ['%', '&', '|', '^', '<<', '>>', '>>>', '**', '~'].includes(peek().text))
      throw new UnsupportedCode(`operator '${peek().text}'`);
    return left;
  }

  function unary(): Expr {
    if (is('-') || is('+') || is('!')) {
      const op = next().text as '-' | '+' | '!';
      return { kind: 'unary', op, arg: unary() };
    }
    if (is('++') || is('--')) {
      const op = next().text as '++' | '--';
      const t = next();
      if (t.type !== 'name') throw new UnsupportedCode('increment target');
      return { kind: 'increment', op, prefix: true, name: t.text };
    }
    return postfix();
  }

  function postfix(): Expr {
    let e = primary();
    for (;;) {
      if (is('[')) {
        next();
        const index = expression();
        expect(']');
        e = { kind: 'index', object: e, index };
      } else if (is('(')) {
        next();
        if (e.kind !== 'name') throw new UnsupportedCode('call of a computed function');
        const args: Expr[] = [];
        while (!is(')')) {
          args.push(expression());
          if (!is(')')) expect(',');
        }
        next();
        e = { kind: 'call', callee: e.name, args };
      } else if (is('.')) {
        next();
        const member = next();
        if (e.kind !== 'name' || member.type !== 'name') throw new UnsupportedCode('member access');
        e = { kind: 'name', name: `${e.name}.${member.text}` };
      } else if ((is('++') || is('--')) && e.kind === 'name') {
        e = { kind: 'increment', op: next().text as '++' | '--', prefix: false, name: e.name };
      } else {
        return e;
      }
    }
  }

  function primary(): Expr {
    const t = next();
    if (t.type === 'number') return { kind: 'number', value: Number(t.text) };
    if (t.type === 'name') {
      if (['true', 'false', 'null', 'undefined', 'function', 'return', 'new', 'this', 'typeof'].includes(t.text))
        throw new UnsupportedCode(`keyword '${t.text}'`);
      return { kind: 'name', name: t.text };
    }
    if (t.text === '(') {
      const items = [expression()];
      while (is(',')) {
        next();
        items.push(expression());
      }
      expect(')');
      return items.length === 1 ? (items[0] as Expr) : { kind: 'sequence', items };
    }
    throw new UnsupportedCode(`token '${t.text}'`);
  }

  const statements: Stmt[] = [];
  while (peek().type !== 'end') statements.push(statement());
  return statements;
}
