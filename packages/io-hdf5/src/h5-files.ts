import { CapacityError, FileFormatError, SpikegpuError, ValidationError } from '@spikegpu/core';
import { fileSystemOf, type H5Module } from './h5-module.js';

type H5File = InstanceType<H5Module['File']>;

/** The 8-byte HDF5 signature; a file may carry it at 0, 512, 1024, 2048… (after a user block). */
const HDF5_SIGNATURE = [0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a];

/** Emscripten errno numbers (its own table, not Linux's) for the failures we name. */
const ERRNO = { ENOENT: 44, EEXIST: 20, EACCES: 2, EISDIR: 31, ENOTDIR: 54, ENOSPC: 51, EROFS: 69, EPERM: 63 } as const;

function errnoOf(error: unknown): number | undefined {
  if (typeof error === 'object' && error !== null && 'errno' in error && typeof error.errno === 'number') return error.errno;
  const match = /errno = (\d+)/.exec(error instanceof Error ? error.message : String(error));
  return match ? Number(match[1]) : undefined;
}

/** The innermost line of an HDF5 error stack, e.g. `truncated file: eof = 185610, … stored_eof = 371221`. */
export function hdf5Reason(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  const lines = text.split('\n').filter((l) => /line \d+ in /.test(l));
  const last = lines[lines.length - 1];
  return last ? last.replace(/^.* in [A-Za-z0-9_]+\(\): /, '').trim() : (text.split('\n')[0] ?? text);
}

export function fileExists(h5: H5Module, path: string): boolean {
  try {
    fileSystemOf(h5).stat(path);
    return true;
  } catch {
    return false;
  }
}

/** Deletes a file this package created and could not finish; never a device or directory (e.g. `/dev/full`). */
export function removeIfRegularFile(h5: H5Module, path: string): void {
  const fs = fileSystemOf(h5);
  try {
    if (fs.isFile(fs.stat(path).mode)) fs.unlink(path);
  } catch {
    // Nothing to remove, or it cannot be removed: the original failure is what matters.
  }
}

/** Turns a failure to create or write `path` into a typed error: disk full, unwritable path, or I/O. */
export function writeFailure(error: unknown, path: string, what: string): SpikegpuError {
  if (error instanceof ValidationError || error instanceof CapacityError || error instanceof FileFormatError) return error;
  const errno = errnoOf(error);
  const reason = hdf5Reason(error);
  if (errno === ERRNO.ENOSPC || /no space left/i.test(reason))
    return new CapacityError(`could not write ${what}`, {
      code: 'disk-full',
      path,
      expected: 'free space on the disk',
      received: 'no space left on device',
      hint: 'free some space or write to another disk',
      cause: error,
    });
  if (errno === ERRNO.ENOENT || errno === ERRNO.ENOTDIR || errno === ERRNO.EACCES || errno === ERRNO.EROFS || errno === ERRNO.EPERM || errno === ERRNO.EISDIR)
    return new ValidationError(`cannot write ${what}`, {
      code: 'unwritable-path',
      path,
      expected: 'a file path in an existing directory that this process may write',
      received: reason,
      hint: 'create the directory first, or choose another path',
      cause: error,
    });
  return new FileFormatError(`could not write ${what}: ${reason}`, { code: 'write-failed', path, cause: error });
}

/** Refuses to replace an existing file unless asked to. */
export function checkOverwrite(h5: H5Module, path: string, overwrite: boolean | undefined): void {
  if (!overwrite && fileExists(h5, path))
    throw new ValidationError('the file exists', {
      code: 'file-exists',
      path,
      expected: 'a path with no file, or overwrite: true',
      received: 'an existing file',
      hint: 'pass { overwrite: true } to replace it',
    });
}

function startsWithSignature(bytes: Uint8Array, at: number): boolean {
  return HDF5_SIGNATURE.every((b, k) => bytes[at + k] === b);
}

/** A few words about what a non-HDF5 file looks like, for the error message. */
function describeBytes(bytes: Uint8Array, size: number): string {
  if (size === 0) return 'an empty file';
  const head = new TextDecoder().decode(bytes.subarray(0, Math.min(bytes.length, 64)));
  if (/^\s*[{[]/.test(head)) return 'a JSON or text file';
  if ([...head].every((c) => c === '\t' || c === '\n' || c === '\r' || (c >= ' ' && c <= '~'))) return `a text file starting "${head.slice(0, 24)}"`;
  return `a file starting with bytes ${Array.from(bytes.subarray(0, 8), (b) => b.toString(16).padStart(2, '0')).join(' ')}`;
}

/**
 * Opens an HDF5 file for reading with errors that say what is wrong: missing, not HDF5, truncated or
 * corrupt. A file left behind by a streaming writer that was killed is still marked "open for
 * writing" (SWMR); it is opened in SWMR-read mode, which HDF5 allows for exactly this case.
 */
export function openForReading(h5: H5Module, path: string, expected: string): H5File {
  const fs = fileSystemOf(h5);
  let size: number;
  try {
    size = fs.stat(path).size;
  } catch (error) {
    throw new ValidationError('no such file', { code: 'file-not-found', path, expected: `an existing ${expected}`, received: 'nothing', cause: error });
  }
  const head = new Uint8Array(Math.min(size, 2056));
  const stream = fs.open(path, 'r');
  try {
    fs.read(stream, head, 0, head.length, 0);
  } finally {
    fs.close(stream);
  }
  const signatureAt = [0, 512, 1024, 2048].find((at) => startsWithSignature(head, at));
  if (signatureAt === undefined)
    throw new FileFormatError('not an HDF5 file', { code: 'not-hdf5', path, expected: `${expected} (an HDF5 file)`, received: describeBytes(head, size) });
  try {
    return new h5.File(path, 'r');
  } catch (error) {
    const reason = hdf5Reason(error);
    if (/already open for write/.test(reason)) {
      try {
        return new h5.File(path, 'Sr');
      } catch (swmrError) {
        throw corruptFile(path, expected, swmrError);
      }
    }
    throw corruptFile(path, expected, error);
  }
}

function corruptFile(path: string, expected: string, error: unknown): FileFormatError {
  const reason = hdf5Reason(error);
  const match = /truncated file: eof = (\d+).*stored_eof = (\d+)/.exec(reason);
  if (match)
    return new FileFormatError('the file is truncated', {
      code: 'truncated-file',
      path,
      expected: `${expected} of ${match[2]} bytes (as its header says)`,
      received: `${match[1]} bytes`,
      hint: 'the copy or download was cut short',
      cause: error,
    });
  return new FileFormatError(`the HDF5 file is damaged (${reason})`, { code: 'corrupt-file', path, expected, cause: error });
}

/** Any failure while reading an open file: ours pass through, HDF5's become a {@link FileFormatError}. */
export function damagedFile(error: unknown, path: string, expected: string): SpikegpuError {
  if (error instanceof SpikegpuError) return error;
  return new FileFormatError(`the HDF5 file is damaged (${hdf5Reason(error)})`, { code: 'corrupt-file', path, expected, cause: error });
}

/** Wraps a failure while reading one dataset of an open file. */
export function readFailure(error: unknown, path: string, dataset: string): FileFormatError {
  if (error instanceof FileFormatError) return error;
  return new FileFormatError(`could not read dataset ${dataset} (${hdf5Reason(error)})`, {
    code: 'corrupt-data',
    path,
    expected: 'readable, undamaged data',
    received: 'a damaged dataset',
    cause: error,
  });
}
