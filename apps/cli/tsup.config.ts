import { packageBuild } from '../../tsup.shared.ts';

// The CLI bundles the workspace packages so the bin runs without a build of each.
export default packageBuild({ cli: 'src/cli.ts' }, { dts: false, banner: { js: '#!/usr/bin/env node' }, noExternal: [/^@spikegpu\//] });
