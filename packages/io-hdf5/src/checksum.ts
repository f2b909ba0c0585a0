/** CRC-32 (IEEE 802.3, the zlib/PNG polynomial 0xEDB88320), so a damaged array is caught on reading. */
const TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

/** CRC-32 of the bytes of a typed array, as an unsigned 32-bit number. */
export function crc32(data: ArrayBufferView): number {
  const bytes = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  let crc = 0xffffffff;
  for (let k = 0; k < bytes.length; k++) crc = (TABLE[(crc ^ (bytes[k] as number)) & 0xff] as number) ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}
