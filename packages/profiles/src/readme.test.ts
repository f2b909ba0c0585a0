import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';

it('runs the README example', async () => {
  const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
  const example = /```ts\n([\s\S]*?)```/.exec(readme)?.[1];
  expect(example).toBeDefined();
  const source = (example as string).replace("from '@spikegpu/profiles'", `from ${JSON.stringify(new URL('./index.ts', import.meta.url).pathname)}`);
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
  expect(logged).toHaveLength(2);
  expect(logged[0]?.[0]).toBe('alive');
});
