/**
 * DSSE v1 Pre-Authentication Encoding (https://github.com/secure-systems-lab/dsse protocol.md
 * "Signature Definition"): what a DSSE signature signs —
 * `"DSSEv1" SP LEN(type) SP type SP LEN(body) SP body`, LEN being the ASCII decimal byte length
 * (of UTF8(type), not its characters). Binding the payload type stops a signature over one kind of
 * payload from being replayed as another.
 */
export function dssePae(payloadType: string, body: Uint8Array): Uint8Array {
  const type = new TextEncoder().encode(payloadType);
  const head = new TextEncoder().encode(`DSSEv1 ${type.length} `);
  const middle = new TextEncoder().encode(` ${body.length} `);
  const pae = new Uint8Array(head.length + type.length + middle.length + body.length);
  pae.set(head, 0);
  pae.set(type, head.length);
  pae.set(middle, head.length + type.length);
  pae.set(body, head.length + type.length + middle.length);
  return pae;
}
