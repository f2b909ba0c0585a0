const utf8 = new TextEncoder();

/**
 * FNV-1a 64-bit hash (Fowler, Noll & Vo 1991) of `bytes`, as 16 hex digits. The 64-bit state is kept
 * in two 32-bit halves; multiplying by the prime 2^40 + 0x1b3 is h·0x1b3 + (h << 40), and h << 40
 * only adds (low << 8) to the high half.
 * @example fnv1a64(new TextEncoder().encode('foobar')) // '85944171f73967e8'
 */
export function fnv1a64(bytes: Uint8Array): string {
  let high = 0xcbf29ce4;
  let low = 0x84222325;
  for (const byte of bytes) {
    low = (low ^ byte) >>> 0;
    const lowProduct = low * 0x1b3; // < 2^41: exact in a double
    high = (Math.imul(high, 0x1b3) + Math.floor(lowProduct / 0x100000000) + (low << 8)) >>> 0;
    low = lowProduct >>> 0;
  }
  return high.toString(16).padStart(8, '0') + low.toString(16).padStart(8, '0');
}

/**
 * A content hash of strings for cache keys: {@link fnv1a64} of their UTF-8 bytes, each part followed
 * by a 0xff byte (which UTF-8 never contains, so `('ab', 'c')` and `('a', 'bc')` differ). Fast, not
 * cryptographic.
 * @example contentHash(wgslCode, 'main', layoutKey) // e.g. '3f0c2a9d5be71e40'
 */
export function contentHash(...parts: string[]): string {
  const encoded = parts.map((part) => utf8.encode(part));
  const bytes = new Uint8Array(encoded.reduce((total, part) => total + part.length + 1, 0));
  let offset = 0;
  for (const part of encoded) {
    bytes.set(part, offset);
    offset += part.length;
    bytes[offset++] = 0xff;
  }
  return fnv1a64(bytes);
}
