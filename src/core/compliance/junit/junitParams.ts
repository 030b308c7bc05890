import { EvidentError } from '../../errors.ts';

/** `params:` of a `junit` attestation in a flow template (DESIGN §4). */
export type JunitParams = {
  /** Accept reports with no testcase at all (default false: an empty run proves nothing). */
  readonly allowEmpty?: boolean;
  /** Most skipped testcases allowed, summed over the reports (default: no limit). */
  readonly maxSkipped?: number;
};

const KEYS = new Set(['allowEmpty', 'maxSkipped']);

function bad(message: string): never {
  throw new EvidentError('bad_request', `junit params: ${message}`);
}

/** Validates template parameters strictly: unknown keys and wrong types are refused. */
export function parseJunitParams(params: unknown): JunitParams {
  if (params === undefined || params === null) return {};
  if (typeof params !== 'object' || Array.isArray(params)) bad('must be an object');
  const prototype: unknown = Object.getPrototypeOf(params);
  if (prototype !== Object.prototype && prototype !== null) bad('must be a plain object');
  const record = params as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    if (!KEYS.has(key)) bad(`unknown key ${JSON.stringify(key)} (allowed: allowEmpty, maxSkipped)`);
  }
  const { allowEmpty, maxSkipped } = record;
  if (allowEmpty !== undefined && typeof allowEmpty !== 'boolean') bad('allowEmpty must be true or false');
  if (
    maxSkipped !== undefined &&
    (typeof maxSkipped !== 'number' || !Number.isSafeInteger(maxSkipped) || maxSkipped < 0)
  ) {
    bad('maxSkipped must be a whole number, 0 or more');
  }
  return {
    ...(allowEmpty === undefined ? {} : { allowEmpty }),
    ...(maxSkipped === undefined ? {} : { maxSkipped }),
  };
}
