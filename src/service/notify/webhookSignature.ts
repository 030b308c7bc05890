import { createHmac } from 'node:crypto';

/**
 * The `Evident-Signature` header of a generic webhook: `t=<unix seconds>,v1=<hex HMAC-SHA256>` over
 * `t + "." + body` (RFC 2104, FIPS 180-4). The time is signed with the body so a receiver can refuse
 * replays of an old request; `v1` names the scheme so another can be added beside it later.
 */
export function webhookSignature(secret: string, body: string, unixSeconds: number): string {
  const mac = createHmac('sha256', secret).update(`${unixSeconds}.${body}`).digest('hex');
  return `t=${unixSeconds},v1=${mac}`;
}
