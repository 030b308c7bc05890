import { EvidentError } from '../errors.ts';

/** Org and flow names: URL-safe, readable, bounded. */
const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/;

export function checkName(kind: string, value: string): string {
  if (!NAME.test(value)) {
    throw new EvidentError(
      'bad_request',
      `${kind} name "${value.slice(0, 120)}" is invalid: use 1–100 letters, digits, '.', '_' or '-', starting with a letter or digit`,
    );
  }
  return value;
}
