import { EvidentError } from '../errors.ts';
import { isWellFormed } from './textChecks.ts';

/** A JSON value as RFC 8785 (JCS) canonicalizes it. */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [k: string]: JsonValue };

function fail(message: string): never {
  throw new EvidentError('invalid_canonical_json', message);
}

/**
 * RFC 8785 §3.2.2.2: strings must be valid I-JSON (no lone surrogates). `"` and `\` and the control
 * characters U+0000–U+001F are escaped — \b \t \n \f \r \" \\ in their short form, the others as
 * \u00xx with lowercase hex; every other character is written as is. For a well-formed string that
 * is exactly what ECMAScript's JSON.stringify emits (ECMA-262 QuoteJSONString), natively and fast.
 */
function serializeString(s: string): string {
  if (!isWellFormed(s)) fail('string contains a lone surrogate (not I-JSON, RFC 8785 §3.2.2.2)');
  return JSON.stringify(s);
}

/**
 * RFC 8785 §3.2.2.3: numbers are serialized exactly as ECMAScript's Number::toString (what
 * JSON.stringify emits), which is what String(n) gives; −0 becomes "0". NaN and ±Infinity are errors.
 */
function serializeNumber(n: number): string {
  if (!Number.isFinite(n)) fail(`number ${n} has no JSON representation (RFC 8785 §3.2.2.3)`);
  return Object.is(n, -0) ? '0' : String(n);
}

/** RFC 8785 §3.2.3: sort property names by their UTF-16 code units, locale-independent. */
function compareUtf16(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function serialize(value: unknown, ancestors: Set<object>): string {
  switch (typeof value) {
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      return serializeNumber(value);
    case 'string':
      return serializeString(value);
    case 'object':
      break;
    default:
      fail(`${typeof value} is not a JSON value`);
  }
  if (value === null) return 'null';
  if (ancestors.has(value)) fail('cyclic structure');
  ancestors.add(value);
  let out: string;
  if (Array.isArray(value)) {
    const items: string[] = [];
    for (let i = 0; i < value.length; i++) {
      if (!(i in value)) fail('sparse arrays are not JSON');
      items.push(serialize(value[i], ancestors));
    }
    out = '[' + items.join(',') + ']';
  } else {
    const proto: unknown = Object.getPrototypeOf(value);
    if (proto !== Object.prototype && proto !== null) fail('only plain objects and arrays are JSON');
    if (Object.getOwnPropertySymbols(value).length > 0) fail('symbol keys are not JSON');
    const record = value as Record<string, unknown>;
    const members = Object.keys(record)
      .sort(compareUtf16)
      .map((key) => serializeString(key) + ':' + serialize(record[key], ancestors));
    out = '{' + members.join(',') + '}';
  }
  ancestors.delete(value);
  return out;
}

/**
 * RFC 8785 (JCS) canonical form of a JSON value: no whitespace, properties sorted by UTF-16 code units
 * (§3.2.3), ECMAScript number serialization (§3.2.2.3), minimal string escaping (§3.2.2.2).
 * Throws `invalid_canonical_json` for anything that is not I-JSON: non-finite numbers, undefined,
 * functions, symbols, bigint, lone surrogates in strings or keys, non-plain objects, cycles.
 */
export function canonicalize(value: unknown): string {
  try {
    return serialize(value, new Set());
  } catch (err) {
    if (err instanceof RangeError) fail('structure is nested too deeply');
    throw err;
  }
}

/** UTF-8 bytes of `canonicalize(value)` (RFC 8785 §3.2.4). */
export function canonicalBytes(value: unknown): Uint8Array {
  return encoder.encode(canonicalize(value));
}

const encoder = new TextEncoder();
const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/**
 * Whether `bytes` are exactly the RFC 8785 canonical form of the JSON they encode. False for invalid
 * UTF-8 (including a byte order mark), invalid JSON, duplicate keys, non-I-JSON values, and any
 * non-canonical spelling.
 */
export function isCanonical(bytes: Uint8Array): boolean {
  return parseCanonical(bytes) !== undefined;
}

/** The JSON value `bytes` encode if they are in canonical form (see `isCanonical`), else undefined. */
export function parseCanonical(bytes: Uint8Array): unknown {
  try {
    const text = strictUtf8.decode(bytes);
    const parsed: unknown = JSON.parse(text);
    return canonicalize(parsed) === text ? parsed : undefined;
  } catch {
    return undefined;
  }
}
