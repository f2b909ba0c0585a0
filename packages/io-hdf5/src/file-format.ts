import { FileFormatError } from '@spikegpu/core';
import packageJson from '../package.json' with { type: 'json' };
import { attributeOf, type H5Group, setAttribute, setIntegerAttribute } from './h5-datasets.js';

/** The kinds of file this package writes, as the root attribute `format` names them. */
export const FORMATS = {
  checkpoint: { name: 'spikegpu-checkpoint', version: 1, words: 'a spikegpu checkpoint (.simstate.h5)' },
  recording: { name: 'spikegpu-recording', version: 1, words: 'a spikegpu recording (.simrec.h5)' },
} as const;
export type FormatKind = keyof typeof FORMATS;

/** Version of this package, written into every file as `spikegpu_version`. */
export const SPIKEGPU_VERSION: string = packageJson.version;

/** Who and what wrote a file: kept as root attributes so any HDF5 tool shows them. */
export interface Provenance {
  /** Version of `@spikegpu/io-hdf5` that wrote the file. */
  spikegpuVersion: string;
  /** When the file was created, ISO 8601, UTC. */
  createdUtc: string;
  /** Backend of the simulation: `cpu` or `webgpu`. */
  backend: string;
  /** The GPU adapter (vendor, architecture, device), empty on the CPU or when not known. */
  adapter: string;
  /** The JavaScript runtime, e.g. `node v20.20.2`. */
  runtime: string;
}

function runtimeName(): string {
  if (typeof process !== 'undefined' && process.versions?.node) return `node v${process.versions.node}`;
  if (typeof navigator !== 'undefined') return navigator.userAgent;
  return 'unknown';
}

export function currentProvenance(backend: string, adapter: string | undefined): Provenance {
  return { spikegpuVersion: SPIKEGPU_VERSION, createdUtc: new Date().toISOString(), backend, adapter: adapter ?? '', runtime: runtimeName() };
}

export function writeHeader(root: H5Group, kind: FormatKind, provenance: Provenance): void {
  setAttribute(root, 'format', FORMATS[kind].name);
  setIntegerAttribute(root, 'format_version', FORMATS[kind].version, 'u32');
  setAttribute(root, 'spikegpu_version', provenance.spikegpuVersion);
  setAttribute(root, 'created_utc', provenance.createdUtc);
  setAttribute(root, 'backend', provenance.backend);
  setAttribute(root, 'adapter', provenance.adapter);
  setAttribute(root, 'runtime', provenance.runtime);
}

export function readProvenance(root: H5Group): Provenance {
  const text = (name: string) => {
    const value = attributeOf(root, name);
    return typeof value === 'string' ? value : '';
  };
  return {
    spikegpuVersion: text('spikegpu_version'),
    createdUtc: text('created_utc'),
    backend: text('backend'),
    adapter: text('adapter'),
    runtime: text('runtime'),
  };
}

/** What another program's file looks like, for a helpful "wrong format" message. */
function recognise(root: H5Group): string {
  const format = attributeOf(root, 'format');
  if (typeof format === 'string') {
    const ours = Object.values(FORMATS).find((f) => f.name === format);
    return ours ? ours.words : `a file of format "${format}"`;
  }
  const keys = root.keys();
  if (attributeOf(root, 'format_version') === '1.1.0-h5' || keys.includes('frames')) return 'a neural-simulator recording (format 1.1.0-h5)';
  if (keys.includes('cp_membrane_potential_v')) return 'a neural-simulator checkpoint';
  if (keys.includes('nodes') || keys.includes('edges') || keys.includes('spikes')) return 'a SONATA file';
  return `an HDF5 file without a "format" attribute (top level: ${keys.slice(0, 5).join(', ') || 'empty'})`;
}

/** Checks the root attributes `format` and `format_version`; returns the version. */
export function checkFormat(root: H5Group, filePath: string, kind: FormatKind): number {
  const expected = FORMATS[kind];
  const format = attributeOf(root, 'format');
  if (format !== expected.name) {
    const received = recognise(root);
    throw new FileFormatError('', {
      code: 'wrong-format',
      path: filePath,
      expected: expected.words,
      received,
      hint: received.startsWith('a neural-simulator')
        ? 'read neural-simulator files with readNeuralSimulatorRecording or readNeuralSimulatorCheckpoint'
        : `open it with the reader for ${received}`,
    });
  }
  const version = attributeOf(root, 'format_version');
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1)
    throw new FileFormatError('', { code: 'missing-attribute', path: `${filePath}:/@format_version`, expected: 'a positive integer', received: version });
  if (version > expected.version)
    throw new FileFormatError('the file was written by a newer spikegpu', {
      code: 'newer-version',
      path: filePath,
      expected: `${expected.name} version ${expected.version} or older`,
      received: `version ${version}${typeof attributeOf(root, 'spikegpu_version') === 'string' ? ` (written by spikegpu ${attributeOf(root, 'spikegpu_version')})` : ''}`,
      hint: 'upgrade @spikegpu/io-hdf5',
    });
  return version;
}
