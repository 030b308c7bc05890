import { X509Certificate } from 'node:crypto';
import type { JsonValue } from '../ledger/canonicalJson.ts';
import { derChildren, derOid, derValue, type DerNode } from './derReader.ts';

/*
 * Who a signing certificate names: its subject alternative names (RFC 5280 §4.2.1.6; Fulcio puts the
 * workflow URI or the e-mail address there) and the OIDC issuer Fulcio copied from the token it
 * checked (https://github.com/sigstore/fulcio docs/oid-info.md: 1.3.6.1.4.1.57264.1.8 "Issuer (V2)",
 * a DER UTF8String; 1.3.6.1.4.1.57264.1.1 "Issuer", deprecated, the raw string). Read from the
 * certificate alone: nothing here says the certificate chains to a trusted root.
 */

const SAN = '2.5.29.17';
const FULCIO_ISSUER_V1 = '1.3.6.1.4.1.57264.1.1';
const FULCIO_ISSUER_V2 = '1.3.6.1.4.1.57264.1.8';
const UTF8_STRING = 0x0c;
/** GeneralName choices (RFC 5280 §4.2.1.6), implicitly tagged: rfc822Name [1], dNSName [2], URI [6]. */
const GENERAL_NAMES: ReadonlyMap<number, string> = new Map([
  [0x81, 'email'],
  [0x82, 'dns'],
  [0x86, 'uri'],
]);

export interface CertificateIdentity {
  /** `uri:…`, `email:…` or `dns:…`, in certificate order. */
  readonly subjectAlternativeNames: readonly string[];
  /** The OIDC issuer of a Fulcio certificate; null for other certificates. */
  readonly oidcIssuer: string | null;
  /** The issuer's distinguished name, as node:crypto prints it. */
  readonly issuer: string;
  readonly notBefore: string;
  readonly notAfter: string;
}

const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);

/** extnID → extnValue of every extension (RFC 5280 §4.1: tbsCertificate's [3] EXPLICIT Extensions). */
function extensionsOf(der: Uint8Array): Map<string, Uint8Array> {
  const [tbs] = derChildren(derValue(der));
  const wrapper = tbs === undefined ? undefined : derChildren(tbs).find((n) => n.tag === 0xa3);
  const [list] = wrapper === undefined ? [] : derChildren(wrapper);
  const found = new Map<string, Uint8Array>();
  for (const extension of list === undefined ? [] : derChildren(list)) {
    const parts = derChildren(extension);
    const [id] = parts;
    const value = parts[parts.length - 1];
    if (id?.tag === 0x06 && value?.tag === 0x04) found.set(derOid(id.content), value.content);
  }
  return found;
}

function namesOf(extnValue: Uint8Array | undefined): string[] {
  if (extnValue === undefined) return [];
  return derChildren(derValue(extnValue)).flatMap((name: DerNode) => {
    const kind = GENERAL_NAMES.get(name.tag);
    return kind === undefined ? [] : [`${kind}:${text(name.content)}`];
  });
}

function issuerOf(extensions: Map<string, Uint8Array>): string | null {
  const v2 = extensions.get(FULCIO_ISSUER_V2);
  if (v2 !== undefined) {
    const value = derValue(v2);
    return value.tag === UTF8_STRING ? text(value.content) : null;
  }
  const v1 = extensions.get(FULCIO_ISSUER_V1);
  return v1 === undefined ? null : text(v1);
}

/** The identity a DER certificate states; throws `invalid_evidence` for malformed DER. */
export function certificateIdentity(der: Uint8Array): CertificateIdentity {
  const certificate = new X509Certificate(der);
  const extensions = extensionsOf(der);
  return {
    subjectAlternativeNames: namesOf(extensions.get(SAN)),
    oidcIssuer: issuerOf(extensions),
    issuer: certificate.issuer.replace(/\n/g, ', '),
    notBefore: new Date(certificate.validFrom).toISOString(),
    notAfter: new Date(certificate.validTo).toISOString(),
  };
}

/** The identity as JSON, for summaries. */
export function identityJson(identity: CertificateIdentity): { [key: string]: JsonValue } {
  return { ...identity, subjectAlternativeNames: [...identity.subjectAlternativeNames] };
}
