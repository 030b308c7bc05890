/** Standard base64 with padding (RFC 4648 §4), as used by C2SP signed-note and tlog-checkpoint. */
export function encodeBase64(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
}

/** Padded standard base64 (RFC 4648 §4), whatever its unused bits. */
export const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/**
 * Strict RFC 4648 §4 decoding: padded, standard alphabet, no whitespace, and canonical (unused bits
 * zero, RFC 4648 §3.5) so every byte string has exactly one accepted encoding. `undefined` if invalid.
 */
export function decodeBase64Strict(text: string): Uint8Array | undefined {
  if (!BASE64.test(text)) return undefined;
  const bytes = Buffer.from(text, 'base64');
  if (bytes.toString('base64') !== text) return undefined;
  return new Uint8Array(bytes);
}
