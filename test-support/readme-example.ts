import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Runs the first ```ts block of a package's README against the package's source and returns what it
 * logged (each `console.log` call's arguments), for the package's README test to check.
 * `packageDir` is the URL of the package folder (e.g. `new URL('..', import.meta.url)` from `src/`).
 */
export async function runReadmeExample(packageName: string, packageDir: URL): Promise<unknown[][]> {
  const readme = readFileSync(new URL('README.md', packageDir), 'utf8');
  const example = /```ts\n([\s\S]*?)```/.exec(readme)?.[1];
  if (example === undefined) throw new Error(`${packageName}: README.md has no \`\`\`ts example`);
  const source = example.replaceAll(`from '${packageName}'`, `from ${JSON.stringify(new URL('src/index.ts', packageDir).pathname)}`);
  const directory = mkdtempSync(join(new URL('src/', packageDir).pathname, '.readme-'));
  const logged: unknown[][] = [];
  const log = console.log;
  console.log = (...args: unknown[]) => void logged.push(args);
  try {
    writeFileSync(join(directory, 'example.ts'), source);
    await import(/* @vite-ignore */ join(directory, 'example.ts'));
  } finally {
    console.log = log;
    rmSync(directory, { recursive: true });
  }
  return logged;
}
