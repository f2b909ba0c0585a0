import { didYouMean, invalid } from '@spikegpu/core';

/** Small checks shared by the validators; each throws a ValidationError naming the field. */

/** `base.field`, or `field` when there is no base. */
export function fieldPath(base: string, field: string): string {
  return base ? `${base}.${field}` : field;
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !ArrayBuffer.isView(value);
}

/** A finite number, optionally within [min, max]. */
export function checkNumber(value: unknown, path: string, min = -Infinity, max = Infinity): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max) {
    throw invalid(path, describeRange('a number', min, max), value);
  }
  return value;
}

/** An integer in [min, max]. */
export function checkInteger(value: unknown, path: string, min: number, max: number, hint?: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw invalid(path, describeRange('an integer', min, max), value, hint);
  }
  return value;
}

/** Absent, or a boolean. */
export function checkOptionalBoolean(value: unknown, path: string): boolean | undefined {
  if (value !== undefined && typeof value !== 'boolean') throw invalid(path, 'true or false', value);
  return value;
}

/** Rejects fields the rule does not have, suggesting the closest known one. */
export function checkKnownFields(spec: Record<string, unknown>, known: readonly string[], path: string, owner: string): void {
  for (const field of Object.keys(spec)) {
    if (known.includes(field)) continue;
    throw invalid(fieldPath(path, field), `one of the fields of ${owner}: ${known.join(', ')}`, spec[field], didYouMean(field, known), 'unknown-field');
  }
}

function describeRange(kind: string, min: number, max: number): string {
  if (min === -Infinity && max === Infinity) return kind;
  if (max === Infinity) return min === 0 ? `a non-negative ${kind.replace(/^an? /, '')}` : `${kind} ≥ ${min}`;
  if (min === -Infinity) return `${kind} ≤ ${max}`;
  return `${kind} in [${min}, ${max}]`;
}

export function isIndexList(value: unknown): value is ArrayLike<unknown> {
  return Array.isArray(value) || (ArrayBuffer.isView(value) && !(value instanceof DataView));
}

export function checkIndices(indices: ArrayLike<unknown>, size: number, path: string): void {
  for (let s = 0; s < indices.length; s++) {
    const index = indices[s];
    if (typeof index !== 'number' || !Number.isInteger(index) || index < 0 || index >= size) {
      throw invalid(`${path}[${s}]`, size > 0 ? `an integer in [0, ${size - 1}]` : 'no index (the population is empty)', index);
    }
  }
}

/** Checks a traits × traits matrix of numbers in [min, max]; returns its shape [rows, columns]. */
export function checkTraitMatrix(matrix: unknown, path: string, min: number, max: number): [number, number] {
  if (!Array.isArray(matrix) || matrix.length === 0) throw invalid(path, 'a non-empty array of rows, one per presynaptic trait', matrix);
  const columns = Array.isArray(matrix[0]) ? matrix[0].length : 0;
  matrix.forEach((row: unknown, a) => {
    if (!Array.isArray(row) || row.length !== columns || columns === 0) {
      throw invalid(`${path}[${a}]`, `an array of ${columns || 'one or more'} numbers, one per postsynaptic trait`, row);
    }
    row.forEach((value: unknown, b) => checkNumber(value, `${path}[${a}][${b}]`, min, max));
  });
  return [matrix.length, columns];
}

/** Checks traits given per neuron (each in [0, traitCount)) or as `traitCount` fractions. */
export function checkTraits(traits: unknown, size: number, traitCount: number, path: string): void {
  if (isPlainObject(traits)) {
    const fractions = traits.fractions;
    if (!Array.isArray(fractions) || fractions.length !== traitCount) {
      throw invalid(fieldPath(path, 'fractions'), `${traitCount} fractions, one per trait`, fractions, undefined, 'length-mismatch');
    }
    let sum = 0;
    fractions.forEach((fraction: unknown, t) => (sum += checkNumber(fraction, `${fieldPath(path, 'fractions')}[${t}]`, 0)));
    if (!(sum > 0)) throw invalid(fieldPath(path, 'fractions'), 'fractions with a positive sum', fractions);
    return;
  }
  if (!isIndexList(traits)) throw invalid(path, 'a trait index per neuron, or { fractions: [...] }', traits);
  if (traits.length !== size) throw invalid(path, `${size} traits, one per neuron`, `${traits.length} traits`, undefined, 'length-mismatch');
  checkIndices(traits, traitCount, path);
}
