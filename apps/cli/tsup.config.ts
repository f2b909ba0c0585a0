import { packageBuild } from '../../tsup.shared.ts';

// The CLI bundles the workspace packages (from source) so its bin, and the single-file bundle that
// runs on the GPU machine, need nothing but Node and the `webgpu` package.
export default packageBuild(
  { cli: 'src/cli.ts' },
  {
    dts: false,
    sourcemap: false,
    banner: { js: '#!/usr/bin/env node' },
    noExternal: [/^@spikegpu\//],
    esbuildOptions(options) {
      options.conditions = ['source', 'import', 'module', 'default'];
    },
  },
);
