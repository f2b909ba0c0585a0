import { fileSystemOf, loadH5 } from './h5-module.js';

/**
 * The bytes of a file as h5wasm sees it: on disk in Node, in Emscripten's in-memory file system in the
 * browser. A web page writes a checkpoint or recording to a path, then takes its bytes for a download.
 *
 * @example
 * ```ts
 * await writeCheckpoint('/net.simstate.h5', sim);
 * const blob = new Blob([await readFileBytes('/net.simstate.h5')]);
 * ```
 */
export async function readFileBytes(path: string): Promise<Uint8Array> {
  return fileSystemOf(await loadH5()).readFile(path) as Uint8Array;
}

/** Puts bytes (e.g. an uploaded file) at `path`, where the readers here can open them. */
export async function writeFileBytes(path: string, bytes: Uint8Array): Promise<void> {
  fileSystemOf(await loadH5()).writeFile(path, bytes);
}
