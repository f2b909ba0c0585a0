import packageJson from '../package.json' with { type: 'json' };

/** Version of the spikegpu CLI, written into reports, benchmark results and overrides. */
export const CLI_VERSION: string = packageJson.version;
