import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { contentHash, fnv1a64 } from './content-hash.js';

const bytes = (text: string) => new TextEncoder().encode(text);

describe('fnv1a64', () => {
  // Published FNV-1a 64 test vectors (Fowler/Noll/Vo reference test suite).
  it.each([
    ['', 'cbf29ce484222325'],
    ['a', 'af63dc4c8601ec8c'],
    ['foobar', '85944171f73967e8'],
  ])('hashes %j to %s', (text, expected) => {
    expect(fnv1a64(bytes(text))).toBe(expected);
  });

  it('equals a BigInt reference implementation on arbitrary bytes', () => {
    const reference = (data: Uint8Array) => {
      let hash = 0xcbf29ce484222325n;
      for (const byte of data) hash = ((hash ^ BigInt(byte)) * 0x100000001b3n) & 0xffffffffffffffffn;
      return hash.toString(16).padStart(16, '0');
    };
    fc.assert(fc.property(fc.uint8Array({ maxLength: 200 }), (data) => fnv1a64(data) === reference(data)));
  });
});

describe('contentHash', () => {
  it('is equal for equal content and differs when any part changes', () => {
    const code = '@compute @workgroup_size(64) fn main() {}';
    expect(contentHash(code, 'main')).toBe(contentHash(`${code}`, 'main'));
    expect(contentHash(code, 'main')).not.toBe(contentHash(code, 'other'));
    expect(contentHash('ab', 'c')).not.toBe(contentHash('a', 'bc'));
    expect(contentHash('é')).toBe(fnv1a64(new Uint8Array([0xc3, 0xa9, 0xff])));
  });
});
