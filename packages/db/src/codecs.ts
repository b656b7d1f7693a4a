/**
 * Text-format codecs shared by both drivers, so bytea and int8 come back in the same shapes whichever one runs.
 * PGlite's own bytea codec builds one string per byte, which takes seconds for a 1 MB update.
 */

/** Encodes bytes as PostgreSQL's hex bytea literal. */
export function encodeBytea(value: Uint8Array): string {
  if (!(value instanceof Uint8Array)) throw new TypeError('A bytea parameter must be a Uint8Array');
  return '\\x' + Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('hex');
}

/**
 * Decodes a hex bytea literal into an exactly sized, unshared Uint8Array: a Buffer from Buffer.from(hex) may be a
 * slice of Node's shared pool, and callers keep these as plain Uint8Arrays.
 */
export function decodeBytea(raw: string): Uint8Array {
  const bytes = new Uint8Array((raw.length - 2) / 2);
  Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).write(raw.slice(2), 'hex');
  return bytes;
}

/** int8 as a JS number: seqs and byte counts stay far below 2^53, where a number is exact. */
export function decodeInt8(raw: string): number {
  return Number(raw);
}

export function encodeInt8(value: number | bigint): string {
  return String(value);
}

export const BYTEA_OID = 17;
export const INT8_OID = 20;
