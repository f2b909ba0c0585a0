import type * as H5 from 'h5wasm';

/** The h5wasm module: `File`, `Group`, `Dataset` and Emscripten's file system. */
export type H5Module = typeof H5;
/** Emscripten's file system: the host's files in Node (NODERAWFS), an in-memory one in the browser. */
export type H5FileSystem = NonNullable<typeof H5.FS>;

let loading: Promise<H5Module> | null = null;

const isNode = typeof process !== 'undefined' && typeof process.versions?.node === 'string';

/**
 * Loads h5wasm once: `h5wasm/node` in Node (files are the host's files), `h5wasm` in the browser
 * (files live in Emscripten's in-memory file system, `FS`). HDF5 errors are turned into thrown
 * JS errors (instead of negative ids and a trace on stderr), so every failure reaches our mapping.
 */
export function loadH5(): Promise<H5Module> {
  loading ??= (async () => {
    // The Node build's specifier is a variable so browser bundlers leave it out; the browser build's
    // is a literal so they bundle it.
    const nodeBuild = 'h5wasm/node';
    const h5 = (isNode ? await import(/* @vite-ignore */ nodeBuild) : await import('h5wasm')) as H5Module;
    const module = await h5.ready;
    module.activate_throwing_error_handler();
    return h5;
  })();
  return loading;
}

/** Emscripten's file system of a loaded module. */
export function fileSystemOf(h5: H5Module): H5FileSystem {
  return h5.FS as H5FileSystem;
}
