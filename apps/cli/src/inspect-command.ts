import { type FileSummary, formatFileSummary, inspectFile } from '@spikegpu/io-hdf5';

/**
 * `spikegpu inspect <file>`: what a checkpoint, a recording or a SONATA spike report holds, read
 * without loading its arrays. A file of another kind fails with the reader's typed error.
 */
export async function inspectCommand(path: string, options: { json: boolean }, out: NodeJS.WritableStream = process.stdout): Promise<FileSummary> {
  const summary = await inspectFile(path);
  out.write(`${options.json ? JSON.stringify(summary, null, 2) : formatFileSummary(summary)}\n`);
  return summary;
}
