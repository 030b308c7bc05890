/** Path parameter schemas shared by the org-scoped routes. */
const name = {
  type: 'string',
  minLength: 1,
  maxLength: 100,
  description: '1–100 characters',
} as const;

/** A SHA-256 as clients write it: 64 hex digits, `sha256:` allowed (the service normalises it). */
export const sha256Param = {
  type: 'string',
  pattern: '^(sha256:)?[0-9a-fA-F]{64}$',
  description: 'a SHA-256 (64 hex digits)',
} as const;

export const orgParams = { type: 'object', required: ['org'], properties: { org: name } } as const;

export const orgNameParams = {
  type: 'object',
  required: ['org', 'name'],
  properties: { org: name, name },
} as const;

/** `/orgs/{org}/artifacts/{fingerprint}…` */
export const orgFingerprintParams = {
  type: 'object',
  required: ['org', 'fingerprint'],
  properties: { org: name, fingerprint: sha256Param },
} as const;

/** A non-negative integer in a query string (no coercion in the validator; see buildApp). */
export const digits = {
  type: 'string',
  pattern: '^(0|[1-9][0-9]{0,15})$',
  description: 'a whole number ≥ 0',
} as const;

export function integerQuery<K extends string>(...names: K[]) {
  return {
    type: 'object',
    required: names,
    properties: Object.fromEntries(names.map((n) => [n, digits])),
    additionalProperties: false,
  } as const;
}

/** Converts validated digit strings to numbers. */
export function toIntegers<K extends string>(query: Record<K, string>): Record<K, number> {
  return Object.fromEntries(Object.entries<string>(query).map(([k, v]) => [k, Number(v)])) as Record<
    K,
    number
  >;
}

/** `?fingerprint=<sha256>`: the artifact a gate is asked about. */
export const fingerprintQuery = {
  type: 'object',
  required: ['fingerprint'],
  properties: { fingerprint: { type: 'string', pattern: '^(sha256:)?[0-9a-fA-F]{64}$' } },
  additionalProperties: false,
} as const;
