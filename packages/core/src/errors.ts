/** What kind of failure a {@link SpikegpuError} reports. */
export type ErrorKind = 'validation' | 'device' | 'file-format' | 'numerical' | 'capacity';

export interface SpikegpuErrorDetails {
  /** Machine-readable code, e.g. `'out-of-range'`, `'unknown-model'`. */
  code: string;
  /** Path of the offending field, e.g. `populations[1].size`. Empty when the error is not about a field. */
  path?: string;
  /** What was allowed, in words: `a positive integer`, `a number in [0, 1]`. */
  expected?: string;
  /** The value that was given (kept for programs; the message shows a short rendering). */
  received?: unknown;
  /** What the user can do about it. */
  hint?: string;
  cause?: unknown;
}

function render(value: unknown): string {
  if (typeof value === 'number') return Number.isNaN(value) ? 'NaN' : String(value);
  if (typeof value === 'string') return JSON.stringify(value);
  if (value === undefined) return 'nothing';
  try {
    const text = JSON.stringify(value);
    return text.length > 60 ? `${text.slice(0, 57)}...` : text;
  } catch {
    return String(value);
  }
}

/**
 * The one base class of every error spikegpu throws at an API boundary. The message reads
 * `path: expected …, got …` so a user sees the field and the allowed values at once.
 */
export class SpikegpuError extends Error {
  readonly kind: ErrorKind;
  readonly code: string;
  readonly path: string;
  readonly expected: string | undefined;
  readonly received: unknown;
  readonly hint: string | undefined;

  constructor(kind: ErrorKind, message: string, details: SpikegpuErrorDetails) {
    let text = message;
    if (details.expected !== undefined) {
      text += `${text ? ': ' : ''}expected ${details.expected}`;
      if ('received' in details) text += `, got ${render(details.received)}`;
    }
    const parts = [details.path ? `${details.path}: ${text}` : text];
    if (details.hint) parts.push(`(hint: ${details.hint})`);
    super(parts.join(' '), details.cause === undefined ? undefined : { cause: details.cause });
    this.name = new.target.name;
    this.kind = kind;
    this.code = details.code;
    this.path = details.path ?? '';
    this.expected = details.expected;
    this.received = details.received;
    this.hint = details.hint;
  }
}

/** A description, definition or argument that breaks a rule. Thrown before anything is allocated. */
export class ValidationError extends SpikegpuError {
  constructor(message: string, details: SpikegpuErrorDetails) {
    super('validation', message, details);
  }
}

/** No usable GPU, a lost device, or a WebGPU call that failed. */
export class DeviceError extends SpikegpuError {
  constructor(message: string, details: SpikegpuErrorDetails) {
    super('device', message, details);
  }
}

/** A network or recording that does not fit the device's or the host's memory. */
export class CapacityError extends SpikegpuError {
  constructor(message: string, details: SpikegpuErrorDetails) {
    super('capacity', message, details);
  }
}

/** An integration that produced NaN or Infinity. */
export class NumericalError extends SpikegpuError {
  constructor(message: string, details: SpikegpuErrorDetails) {
    super('numerical', message, details);
  }
}

/** A file that is not what it claims to be: truncated, corrupt, another format or a newer version. */
export class FileFormatError extends SpikegpuError {
  constructor(message: string, details: SpikegpuErrorDetails) {
    super('file-format', message, details);
  }
}

/** Shorthand for the common "expected X, got Y at path" validation failure. */
export function invalid(path: string, expected: string, received: unknown, hint?: string, code = 'invalid-value'): ValidationError {
  return new ValidationError('', { code, path, expected, received, ...(hint ? { hint } : {}) });
}
