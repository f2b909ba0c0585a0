import { defineConfig, type Options } from 'tsup';

/** One build for every package: ESM + .d.ts, WGSL inlined as text. */
export function packageBuild(entry: Record<string, string> = { index: 'src/index.ts' }, extra: Partial<Options> = {}) {
  return defineConfig({
    entry,
    format: ['esm'],
    dts: true,
    sourcemap: true,
    clean: true,
    target: 'es2022',
    loader: { '.wgsl': 'text' },
    external: ['webgpu'],
    ...extra,
  });
}
