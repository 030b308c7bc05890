import { EvidentError } from '../errors.ts';
import { describeValue } from './evidenceJson.ts';

/**
 * Strict checks for the `params:` of an attestation in a flow template (validated at the edge,
 * DESIGN §8): unknown keys and values are refused with EvidentError('bad_request').
 */

function badRequest(type: string, problem: string): EvidentError {
  return new EvidentError('bad_request', `${type} attestation params: ${problem}`);
}

/** The params as a plain object with only `allowed` keys; absent or null params are `{}`. */
export function paramsObject(
  type: string,
  params: unknown,
  allowed: readonly string[],
): { readonly [key: string]: unknown } {
  if (params === undefined || params === null) return {};
  const proto: unknown = typeof params === 'object' ? Object.getPrototypeOf(params) : undefined;
  if (typeof params !== 'object' || Array.isArray(params) || (proto !== Object.prototype && proto !== null)) {
    throw badRequest(type, `must be an object, got ${describeValue(params)}`);
  }
  const record = params as { readonly [key: string]: unknown };
  for (const key of Object.keys(record)) {
    if (!allowed.includes(key)) {
      throw badRequest(type, `unknown parameter "${key}" (allowed: ${allowed.join(', ')})`);
    }
  }
  return record;
}

/** One of `allowed`, or undefined when the key is absent. */
export function enumParam<T extends string>(
  type: string,
  key: string,
  value: unknown,
  allowed: readonly T[],
): T | undefined {
  if (value === undefined) return undefined;
  const found = allowed.find((a) => a === value);
  if (found === undefined) {
    throw badRequest(type, `${key} must be one of ${allowed.join(', ')}; got ${describeValue(value)}`);
  }
  return found;
}

/** A boolean, or undefined when the key is absent. */
export function booleanParam(type: string, key: string, value: unknown): boolean | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'boolean')
    throw badRequest(type, `${key} must be true or false; got ${describeValue(value)}`);
  return value;
}

/** An array of values from `allowed` (duplicates removed), or undefined when the key is absent. */
export function enumListParam<T extends string>(
  type: string,
  key: string,
  value: unknown,
  allowed: readonly T[],
): T[] | undefined {
  if (value === undefined) return undefined;
  if (!Array.isArray(value)) {
    throw badRequest(type, `${key} must be a list of ${allowed.join(', ')}; got ${describeValue(value)}`);
  }
  const out: T[] = [];
  for (const item of value as unknown[]) {
    const found = enumParam(type, `${key} entry`, item, allowed);
    if (found !== undefined && !out.includes(found)) out.push(found);
  }
  return out;
}

/**
 * A list of 1 to `max` strings matching `pattern` (`what` names one in errors), lowercased and
 * without duplicates; undefined when the key is absent.
 */
export function patternListParam(
  type: string,
  key: string,
  value: unknown,
  spec: { readonly pattern: RegExp; readonly what: string; readonly max: number },
): string[] | undefined {
  if (value === undefined) return undefined;
  const list = Array.isArray(value) ? (value as unknown[]) : [];
  if (list.length === 0 || list.length > spec.max) {
    throw badRequest(
      type,
      `${key} must be a list of 1 to ${spec.max} ${spec.what}; got ${describeValue(value)}`,
    );
  }
  const out: string[] = [];
  for (const item of list) {
    if (typeof item !== 'string' || !spec.pattern.test(item)) {
      throw badRequest(type, `${key} entries must be ${spec.what}; got ${describeValue(item)}`);
    }
    if (!out.includes(item.toLowerCase())) out.push(item.toLowerCase());
  }
  return out;
}
