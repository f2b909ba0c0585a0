import { FileFormatError, type NetworkDescription, ValidationError } from '@spikegpu/core';

/**
 * The description as UTF-8 JSON, the way files carry it. A description is plain data; a value JSON
 * cannot hold exactly (NaN, ±Infinity, a function) is refused here rather than silently changed,
 * because the restored network must be the same network.
 */
export function encodeDescription(description: NetworkDescription): Uint8Array {
  const text = JSON.stringify(description, (key, value: unknown) => {
    if (typeof value === 'number' && !Number.isFinite(value))
      throw new ValidationError('', {
        code: 'not-json',
        path: `description${key ? `.${key}` : ''}`,
        expected: 'a finite number (files store the description as JSON)',
        received: value,
      });
    if (typeof value === 'function' || typeof value === 'symbol' || typeof value === 'bigint')
      throw new ValidationError('', { code: 'not-json', path: `description${key ? `.${key}` : ''}`, expected: 'plain JSON data', received: typeof value });
    // Typed arrays (e.g. explicit connectivity built in code) become plain number lists.
    if (ArrayBuffer.isView(value) && !(value instanceof DataView)) return Array.from(value as unknown as ArrayLike<number>);
    return value;
  });
  return new TextEncoder().encode(text);
}

export function decodeDescription(bytes: Uint8Array, filePath: string, dataset: string): NetworkDescription {
  try {
    const value: unknown = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
    if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error('not an object');
    return value as NetworkDescription;
  } catch (error) {
    throw new FileFormatError('the stored description is not valid JSON', {
      code: 'corrupt-description',
      path: `${filePath}:${dataset}`,
      expected: 'a UTF-8 JSON network description',
      received: String((error as Error).message),
      cause: error,
    });
  }
}

/** Where two JSON values first differ, as a field path with both values; null when equal. */
export function firstDifference(expected: unknown, received: unknown, path = ''): { path: string; expected: unknown; received: unknown } | null {
  if (Object.is(expected, received)) return null;
  if (
    typeof expected !== 'object' ||
    typeof received !== 'object' ||
    expected === null ||
    received === null ||
    Array.isArray(expected) !== Array.isArray(received)
  )
    return { path, expected, received };
  if (Array.isArray(expected) && Array.isArray(received)) {
    if (expected.length !== received.length) return { path: `${path}.length`, expected: expected.length, received: received.length };
    for (let k = 0; k < expected.length; k++) {
      const difference = firstDifference(expected[k], received[k], `${path}[${k}]`);
      if (difference) return difference;
    }
    return null;
  }
  const a = expected as Record<string, unknown>;
  const b = received as Record<string, unknown>;
  for (const key of new Set([...Object.keys(a), ...Object.keys(b)])) {
    if (a[key] === undefined && b[key] === undefined) continue;
    const difference = firstDifference(a[key], b[key], path ? `${path}.${key}` : key);
    if (difference) return difference;
  }
  return null;
}
