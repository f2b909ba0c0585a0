import {
  didYouMean,
  FileFormatError,
  type ModelCatalog,
  type NetworkDescription,
  type RuleCatalog,
  SpikegpuError,
  ValidationError,
  validateNetwork,
} from '@spikegpu/core';
import { checkOverwrite, writeFailure } from './h5-files.js';
import { fileSystemOf, loadH5 } from './h5-module.js';

/** The `format` a profile declares. */
export const PROFILE_FORMAT = 'spikegpu-profile';
/** The newest profile version this package reads and the one it writes. */
export const PROFILE_VERSION = 2;

/**
 * A profile (`.json`): a whole network description plus the settings of the program that shows it.
 * `ui` and `visualization` are free-form JSON objects owned by the app (panels, colours, camera…);
 * this package checks only that they are objects.
 */
export interface Profile {
  format: typeof PROFILE_FORMAT;
  version: typeof PROFILE_VERSION;
  network: NetworkDescription;
  ui?: Record<string, unknown>;
  visualization?: Record<string, unknown>;
}

/** Catalogs to check model and rule names against (the simulator's registries); without them only the structure is checked. */
export interface ProfileOptions {
  catalog?: ModelCatalog;
  rules?: RuleCatalog;
}

const TOP_LEVEL = ['format', 'version', 'network', 'ui', 'visualization'] as const;
/** Fields of a bare description (version 1): what `spikegpu run net.json` accepted. */
const DESCRIPTION_FIELDS = ['name', 'dt', 'seed', 'populations', 'projections', 'inputs', 'recording'];

const isRecord = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);

/** Re-throws a validation error of the description with its path under `prefix` (e.g. `network.`). */
function validateUnder(network: NetworkDescription, prefix: string, options: ProfileOptions): void {
  try {
    validateNetwork(network, options.catalog, options.rules);
  } catch (error) {
    if (!(error instanceof SpikegpuError) || !prefix) throw error;
    const path = error.path ? `${prefix}.${error.path}` : prefix;
    let text = error.message;
    if (error.path && text.startsWith(`${error.path}: `)) text = text.slice(error.path.length + 2);
    if (error.hint && text.endsWith(` (hint: ${error.hint})`)) text = text.slice(0, -` (hint: ${error.hint})`.length);
    if (error.expected !== undefined) {
      const cut = text.indexOf(`expected ${error.expected}`);
      if (cut >= 0) text = text.slice(0, cut).replace(/:\s*$/, '');
    }
    throw new ValidationError(text, {
      code: error.code,
      path,
      ...(error.expected === undefined ? {} : { expected: error.expected, received: error.received }),
      ...(error.hint ? { hint: error.hint } : {}),
      cause: error,
    });
  }
}

/**
 * Brings any profile this package knows to the current version and checks it, without touching files.
 *
 * - Version 1 is a bare network description (what `spikegpu run net.json` took before profiles had an
 *   envelope): it is wrapped as `{ format, version: 2, network }`. Its error paths stay as in the file
 *   (`populations[0].size`).
 * - Version 2 is checked: no unknown top-level field, `network` valid (errors name `network.<field>`),
 *   `ui` and `visualization` objects when present.
 * - A newer version, or another `format`, is refused with a {@link FileFormatError}.
 *
 * @param source where the JSON came from, for error messages.
 */
export function migrateProfile(json: unknown, options: ProfileOptions & { source?: string } = {}): Profile {
  const source = options.source ?? '';
  const at = (field: string) => (source ? `${source}:${field}` : field);
  if (!isRecord(json))
    throw new FileFormatError('', {
      code: 'wrong-format',
      path: source,
      expected: 'a spikegpu profile (a JSON object)',
      received: Array.isArray(json) ? 'a JSON array' : json === null ? 'null' : typeof json,
    });
  if (!('format' in json) && !('version' in json) && !('network' in json)) {
    // Version 1: a bare description.
    if (!DESCRIPTION_FIELDS.some((f) => f in json))
      throw new FileFormatError('', {
        code: 'wrong-format',
        path: source,
        expected: `a spikegpu profile ({ format: '${PROFILE_FORMAT}', version: ${PROFILE_VERSION}, network }) or a network description`,
        received: `an object with fields ${Object.keys(json).join(', ') || 'none'}`,
      });
    const network = json as unknown as NetworkDescription;
    validateUnder(network, '', options);
    return { format: PROFILE_FORMAT, version: PROFILE_VERSION, network };
  }
  if (json.format !== PROFILE_FORMAT)
    throw new FileFormatError('', {
      code: 'wrong-format',
      path: at('format'),
      expected: `'${PROFILE_FORMAT}'`,
      received: json.format,
      ...(typeof json.format === 'string' ? { hint: didYouMean(json.format, [PROFILE_FORMAT]) } : {}),
    });
  const version = json.version;
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1)
    throw new FileFormatError('', { code: 'invalid-version', path: at('version'), expected: `a profile version (1 to ${PROFILE_VERSION})`, received: version });
  if (version > PROFILE_VERSION)
    throw new FileFormatError('the profile was written by a newer spikegpu', {
      code: 'newer-version',
      path: at('version'),
      expected: `${PROFILE_FORMAT} version ${PROFILE_VERSION} or older (this version of @spikegpu/io-hdf5 supports up to ${PROFILE_VERSION})`,
      received: `version ${version}`,
      hint: 'upgrade @spikegpu/io-hdf5',
    });
  const unknown = Object.keys(json).filter((key) => !(TOP_LEVEL as readonly string[]).includes(key));
  if (unknown.length > 0)
    throw new ValidationError(`unknown top-level field${unknown.length > 1 ? 's' : ''} ${unknown.map((k) => `'${k}'`).join(', ')}`, {
      code: 'unknown-field',
      path: at(unknown[0] as string),
      expected: `only ${TOP_LEVEL.join(', ')}`,
      received: unknown,
      hint: unknown.map((k) => `${k}: ${didYouMean(k, TOP_LEVEL)}`).join('; '),
    });
  if (!isRecord(json.network))
    throw new ValidationError('', { code: 'invalid-type', path: at('network'), expected: 'a network description object', received: json.network });
  for (const field of ['ui', 'visualization'] as const)
    if (json[field] !== undefined && !isRecord(json[field]))
      throw new ValidationError('', { code: 'invalid-type', path: at(field), expected: 'an object', received: json[field] });
  const network = json.network as unknown as NetworkDescription;
  validateUnder(network, at('network'), options);
  const profile: Profile = { format: PROFILE_FORMAT, version: PROFILE_VERSION, network };
  if (json.ui !== undefined) profile.ui = json.ui as Record<string, unknown>;
  if (json.visualization !== undefined) profile.visualization = json.visualization as Record<string, unknown>;
  return profile;
}

function parseJson(text: string, source: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new FileFormatError('not valid JSON', {
      code: 'not-json',
      path: source,
      expected: 'a spikegpu profile (JSON)',
      received: (error as Error).message,
      cause: error,
    });
  }
}

/**
 * Reads a profile from a path (the host's file in Node, Emscripten's file system in the browser) or
 * from JSON text (anything starting with `{`), migrates it to the current version and validates it.
 *
 * @example
 * ```ts
 * const { network, ui } = await readProfile('coba.json');
 * const sim = await Simulation.create(network);
 * ```
 */
export async function readProfile(pathOrText: string, options: ProfileOptions = {}): Promise<Profile> {
  if (/^\s*\{/.test(pathOrText)) return migrateProfile(parseJson(pathOrText, ''), options);
  const fs = fileSystemOf(await loadH5());
  let text: string;
  try {
    text = fs.readFile(pathOrText, { encoding: 'utf8' }) as unknown as string;
  } catch (error) {
    throw new ValidationError('no such file', {
      code: 'file-not-found',
      path: pathOrText,
      expected: 'an existing profile (.json)',
      received: 'nothing',
      cause: error,
    });
  }
  return migrateProfile(parseJson(text, pathOrText), { ...options, source: pathOrText });
}

/** The profile as JSON text; refuses values JSON cannot hold exactly (NaN, ±Infinity). */
export function formatProfile(profile: Profile): string {
  return `${JSON.stringify(
    profile,
    (key, value: unknown) => {
      if (typeof value === 'number' && !Number.isFinite(value))
        throw new ValidationError('', { code: 'not-json', path: key, expected: 'a finite number (profiles are JSON)', received: value });
      if (ArrayBuffer.isView(value) && !(value instanceof DataView)) return Array.from(value as unknown as ArrayLike<number>);
      return value;
    },
    2,
  )}\n`;
}

/**
 * Validates and writes a profile as version {@link PROFILE_VERSION}. A bare description or an older
 * profile is migrated first. An existing file is replaced only with `overwrite: true`.
 */
export async function writeProfile(
  path: string,
  profile: Profile | NetworkDescription,
  options: ProfileOptions & { overwrite?: boolean } = {},
): Promise<Profile> {
  const current = migrateProfile(profile, options);
  const text = formatProfile(current);
  const h5 = await loadH5();
  checkOverwrite(h5, path, options.overwrite);
  try {
    fileSystemOf(h5).writeFile(path, text);
  } catch (error) {
    throw writeFailure(error, path, 'the profile');
  }
  return current;
}
