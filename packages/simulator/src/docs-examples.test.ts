import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

// The guides' code must run: each guide's ```ts blocks are joined into one module (imports merged;
// a block that declares a name again starts a new scope, as the guide then starts a new example), with
// `backend: 'auto'` pinned to the CPU so the test is the same with or without a GPU, and executed.
const root = fileURLToPath(new URL('../../../', import.meta.url));
const scratch = fileURLToPath(new URL('./.docs-examples/', import.meta.url));

function moduleFrom(markdown: string): string {
  const blocks = [...markdown.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1] as string);
  const imports = new Map<string, { values: Set<string>; types: Set<string> }>();
  const body: string[] = ['{'];
  let declared = new Set<string>();
  for (const block of blocks) {
    const names = [...block.matchAll(/^(?:const|let) (\w+)/gm)].map((m) => m[1] as string);
    if (names.some((n) => declared.has(n))) {
      body.push('}', '{');
      declared = new Set();
    }
    for (const n of names) declared.add(n);
    for (const line of block.split('\n')) {
      const found = /^import (type )?\{([^}]*)\} from '([^']+)';$/.exec(line.trim());
      if (!found) {
        body.push(line);
        continue;
      }
      const entry = imports.get(found[3] as string) ?? { values: new Set<string>(), types: new Set<string>() };
      for (const raw of (found[2] as string)
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean)) {
        if (found[1] || raw.startsWith('type ')) entry.types.add(raw.replace(/^type /, ''));
        else entry.values.add(raw);
      }
      imports.set(found[3] as string, entry);
    }
  }
  const header = [...imports].map(([from, { values, types }]) => {
    const names = [...values, ...[...types].filter((t) => !values.has(t)).map((t) => `type ${t}`)];
    return `import { ${names.join(', ')} } from '${from}';`;
  });
  body.push('}');
  return `${header.join('\n')}\n${body.join('\n').replaceAll("backend: 'auto'", "backend: 'cpu'")}\nexport {};\n`;
}

describe('the code in the guides runs', () => {
  mkdirSync(scratch, { recursive: true });
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));
  for (const guide of ['README.md', 'docs/getting-started.md', 'packages/simulator/README.md', 'packages/core/README.md']) {
    it(guide, async () => {
      const file = join(scratch, `${guide.replace(/\W/g, '_')}.ts`);
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, moduleFrom(readFileSync(join(root, guide), 'utf8')));
      const logged: unknown[] = [];
      const log = console.log;
      const table = console.table;
      console.log = (...args: unknown[]) => void logged.push(args);
      console.table = (...args: unknown[]) => void logged.push(args);
      try {
        await import(/* @vite-ignore */ file);
      } finally {
        console.log = log;
        console.table = table;
      }
      expect(logged.length).toBeGreaterThan(0);
    }, 120_000);
  }
});
