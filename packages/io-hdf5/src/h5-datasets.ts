import { FileFormatError } from '@spikegpu/core';
import { readFailure } from './h5-files.js';
import type { H5Module } from './h5-module.js';

export type H5Group = InstanceType<H5Module['Group']>;
export type H5Dataset = InstanceType<H5Module['Dataset']>;

/** Element types we write, in h5wasm's struct notation, with the typed array that holds each. */
export const DTYPES = {
  f32: { dtype: '<f', array: Float32Array, numpy: 'float32' },
  f64: { dtype: '<d', array: Float64Array, numpy: 'float64' },
  i32: { dtype: '<i', array: Int32Array, numpy: 'int32' },
  u8: { dtype: '<B', array: Uint8Array, numpy: 'uint8' },
  u16: { dtype: '<H', array: Uint16Array, numpy: 'uint16' },
  u32: { dtype: '<I', array: Uint32Array, numpy: 'uint32' },
  u64: { dtype: '<Q', array: BigUint64Array, numpy: 'uint64' },
} as const;
export type ElementType = keyof typeof DTYPES;
export type ArrayOf<T extends ElementType> = InstanceType<(typeof DTYPES)[T]['array']>;

/** gzip level used unless a caller picks another: level 4 is most of level 9's ratio at a fraction of the time. */
export const DEFAULT_GZIP_LEVEL = 4;

/** Elements per chunk for 1-D arrays: 64 Ki elements, 256 KiB of u32 — large enough for gzip, small enough to slice. */
const CHUNK_ELEMENTS = 1 << 16;

/**
 * HDF5 link names cannot contain `/` (it separates path parts) and cannot be `.`; population and
 * projection names may. They are percent-encoded (`/` → `%2F`, `%` → `%25`, `.` → `%2E` when alone);
 * the original name is also kept in the group's `name` attribute.
 */
export function linkName(name: string): string {
  const encoded = name.replace(/%/g, '%25').replace(/\//g, '%2F');
  return encoded === '.' ? '%2E' : encoded;
}

/** Writes a whole array as a chunked, gzip-compressed dataset. `shape` defaults to one dimension. */
export function writeArray<T extends ElementType>(
  group: H5Group,
  name: string,
  type: T,
  data: ArrayOf<T>,
  options: { shape?: number[]; level?: number } = {},
): H5Dataset {
  const shape = options.shape ?? [data.length];
  const rowLength = shape.slice(1).reduce((a, b) => a * b, 1);
  const rows = Math.max(1, Math.min(shape[0] ?? 1, Math.floor(CHUNK_ELEMENTS / Math.max(1, rowLength)) || 1));
  const chunks = [rows, ...shape.slice(1).map((n) => Math.max(1, Math.min(n, CHUNK_ELEMENTS)))];
  return group.create_dataset({
    name,
    data,
    shape,
    dtype: DTYPES[type].dtype,
    chunks,
    compression: 'gzip',
    compression_opts: options.level ?? DEFAULT_GZIP_LEVEL,
  });
}

/**
 * A dataset that grows along its first axis (chunked, gzip, unlimited `maxshape`), for data written
 * while a simulation runs. Rows of a 2-D dataset have `columns` elements.
 */
export class AppendableDataset<T extends ElementType> {
  readonly dataset: H5Dataset;
  readonly type: T;
  readonly columns: number;
  #rows = 0;

  constructor(group: H5Group, name: string, type: T, options: { columns?: number; chunkRows?: number; level?: number } = {}) {
    this.type = type;
    this.columns = options.columns ?? 0;
    const rowLength = Math.max(1, this.columns);
    const chunkRows = options.chunkRows ?? Math.max(1, Math.floor(CHUNK_ELEMENTS / rowLength));
    const ArrayType = DTYPES[type].array;
    this.dataset = group.create_dataset({
      name,
      data: new ArrayType(0),
      shape: this.columns ? [0, this.columns] : [0],
      maxshape: this.columns ? [null, this.columns] : [null],
      chunks: this.columns ? [chunkRows, Math.min(this.columns, CHUNK_ELEMENTS)] : [chunkRows],
      dtype: DTYPES[type].dtype,
      compression: 'gzip',
      compression_opts: options.level ?? DEFAULT_GZIP_LEVEL,
    });
  }

  get rows(): number {
    return this.#rows;
  }

  /** Appends rows (for 2-D, `data.length` must be a multiple of `columns`). */
  append(data: ArrayOf<T>): void {
    const rows = this.columns ? data.length / this.columns : data.length;
    if (rows === 0) return;
    const end = this.#rows + rows;
    this.dataset.resize(this.columns ? [end, this.columns] : [end]);
    this.dataset.write_slice(this.columns ? [[this.#rows, end], []] : [[this.#rows, end]], data);
    this.#rows = end;
  }
}

/** One dataset of an open file, checked for presence, element type and length. */
export function readArray<T extends ElementType>(root: H5Group, filePath: string, path: string, type: T, expectedLength?: number): ArrayOf<T> {
  const dataset = datasetAt(root, filePath, path, type);
  let value: unknown;
  try {
    value = dataset.value;
  } catch (error) {
    throw readFailure(error, filePath, path);
  }
  const array = value as ArrayOf<T>;
  if (expectedLength !== undefined && array.length !== expectedLength)
    throw new FileFormatError('', { code: 'wrong-shape', path: `${filePath}:${path}`, expected: `${expectedLength} elements`, received: `${array.length}` });
  return array;
}

/** Part of a 1-D dataset, `[start, end)`, read through HDF5's hyperslab selection (only the chunks it touches). */
export function readSlice<T extends ElementType>(dataset: H5Dataset, filePath: string, type: T, start: number, end: number): ArrayOf<T> {
  if (end <= start) return new DTYPES[type].array(0) as ArrayOf<T>;
  try {
    return dataset.slice([[start, end]]) as ArrayOf<T>;
  } catch (error) {
    throw readFailure(error, filePath, dataset.path);
  }
}

/** A dataset that must exist with the given element type. */
export function datasetAt(root: H5Group, filePath: string, path: string, type: ElementType): H5Dataset {
  const entity = root.get(path);
  if (!entity || !('dtype' in entity) || !('slice' in entity))
    throw new FileFormatError('a dataset is missing', {
      code: 'missing-dataset',
      path: `${filePath}:${path}`,
      expected: `a dataset of ${DTYPES[type].numpy}`,
      received: entity ? 'a group' : 'nothing',
    });
  const dataset = entity as H5Dataset;
  if (dataset.dtype !== DTYPES[type].dtype)
    throw new FileFormatError('a dataset has the wrong element type', {
      code: 'wrong-dtype',
      path: `${filePath}:${path}`,
      expected: `${DTYPES[type].numpy} (${DTYPES[type].dtype})`,
      received: String(dataset.dtype),
    });
  return dataset;
}

/** A group that must exist. */
export function groupAt(root: H5Group, filePath: string, path: string): H5Group {
  const entity = root.get(path);
  if (!entity || !('keys' in entity) || 'slice' in entity)
    throw new FileFormatError('a group is missing', {
      code: 'missing-group',
      path: `${filePath}:${path}`,
      expected: 'a group',
      received: entity ? 'a dataset' : 'nothing',
    });
  return entity as H5Group;
}

/** Writes an integer attribute with an explicit HDF5 type (JS numbers would otherwise become f64). */
export function setIntegerAttribute(object: H5Group | H5Dataset, name: string, value: number | bigint, type: 'u32' | 'u64' | 'i32'): void {
  const scalar = type === 'u64' ? BigInt(value) : Number(value);
  object.create_attribute(name, scalar as number, null, DTYPES[type].dtype);
}

export function setAttribute(object: H5Group | H5Dataset, name: string, value: string | number | string[]): void {
  if (typeof value === 'number') object.create_attribute(name, value, null, '<d');
  else object.create_attribute(name, value);
}

/** An attribute's value, or undefined when absent. */
export function attributeOf(object: H5Group | H5Dataset, name: string): unknown {
  const attribute = object.attrs[name];
  if (!attribute) return undefined;
  const value = attribute.value;
  if (typeof value === 'bigint') return Number(value);
  if (ArrayBuffer.isView(value) && (value as ArrayLike<unknown>).length === 1) {
    const first = (value as unknown as ArrayLike<number | bigint>)[0];
    return typeof first === 'bigint' ? Number(first) : first;
  }
  return value;
}

export function requireAttribute(
  object: H5Group | H5Dataset,
  filePath: string,
  name: string,
  kind: 'string' | 'number' | 'string[]',
): string | number | string[] {
  const value = attributeOf(object, name);
  const ok =
    kind === 'string'
      ? typeof value === 'string'
      : kind === 'number'
        ? typeof value === 'number'
        : typeof value === 'string' || (Array.isArray(value) && value.every((v) => typeof v === 'string'));
  if (!ok)
    throw new FileFormatError('an attribute is missing or has the wrong type', {
      code: 'missing-attribute',
      path: `${filePath}:${object.path}@${name}`,
      expected: kind === 'string[]' ? 'a list of strings' : `a ${kind}`,
      received: value === undefined ? 'nothing' : typeof value,
    });
  if (kind === 'string[]' && typeof value === 'string') return [value];
  return value as string | number | string[];
}
