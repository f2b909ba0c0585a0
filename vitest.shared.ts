import { readFileSync } from 'node:fs';
import { defineConfig } from 'vitest/config';

/** Tests read workspace packages from source (the `source` export condition) and WGSL as text. */
export const packageTest = (testTimeout = 60_000) =>
  defineConfig({
    resolve: { conditions: ['source', 'module', 'node', 'import', 'default'] },
    ssr: { resolve: { conditions: ['source', 'node', 'import', 'default'], externalConditions: ['source'] } },
    plugins: [
      {
        name: 'wgsl-text',
        enforce: 'pre',
        load(id: string) {
          if (id.endsWith('.wgsl')) return `export default ${JSON.stringify(readFileSync(id, 'utf8'))};`;
          return undefined;
        },
      },
    ],
    test: { testTimeout, hookTimeout: testTimeout, pool: 'forks', fileParallelism: false },
  });
