import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';

it('runs the README example', async () => {
  const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
  const example = /```ts\n([\s\S]*?)```/.exec(readme)?.[1];
  expect(example).toBeDefined();
  const source = (example as string).replace("from '@spikegpu/plasticity'", `from ${JSON.stringify(new URL('./index.ts', import.meta.url).pathname)}`);
  const directory = mkdtempSync(join(new URL('.', import.meta.url).pathname, '.readme-'));
  const logged: unknown[][] = [];
  const log = console.log;
  console.log = (...args: unknown[]) => logged.push(args);
  try {
    writeFileSync(join(directory, 'example.ts'), source);
    await import(/* @vite-ignore */ join(directory, 'example.ts'));
  } finally {
    console.log = log;
    rmSync(directory, { recursive: true });
  }
  expect(String(logged[0]?.[0])).toMatch(/^tsodyks-markram \{"U":0\.05,"tauDMs":125,"tauFMs":1200\}\nstdp \{"aPlus":0\.005/);
  expect(String(logged[1]?.[0])).toBe('projections[0].plasticity[0].U: expected a number in (0, 1], got 1.5');
});
