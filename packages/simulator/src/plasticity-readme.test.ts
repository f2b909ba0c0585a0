import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';

it("runs the plasticity README's simulation example", async () => {
  const readme = readFileSync(new URL('../../plasticity/README.md', import.meta.url), 'utf8');
  const example = [...readme.matchAll(/```ts\n([\s\S]*?)```/g)][1]?.[1];
  expect(example).toBeDefined();
  const source = (example as string).replace("from '@spikegpu/simulator'", `from ${JSON.stringify(new URL('./index.ts', import.meta.url).pathname)}`);
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
  expect(logged[0]?.[0]).toBe('mean E→E weight after 1 s:');
  expect(logged[0]?.[1]).toBeGreaterThan(0);
  expect(logged[1]?.[1]).toEqual(['u', 'x']);
});
