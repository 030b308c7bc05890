import { EvidentError } from '../errors.ts';

/** Readers for the parts of a document a user wrote, whose errors name the document and the place. */
export interface DocumentShape {
  readonly bad: (message: string) => never;
  /** A mapping with only the allowed keys. */
  readonly record: (value: unknown, where: string, keys: readonly string[]) => Record<string, unknown>;
  /** A list (absent means empty) of at most `max` items. */
  readonly list: (value: unknown, where: string, max?: number) => unknown[];
  readonly text: (value: unknown, where: string) => string;
}

/** The shape readers for documents of kind `what` (`template`, `policy`). */
export function documentShape(what: string): DocumentShape {
  const bad = (message: string): never => {
    throw new EvidentError('bad_request', `${what}: ${message}`);
  };
  return {
    bad,
    record: (value, where, keys) => {
      if (typeof value !== 'object' || value === null || Array.isArray(value))
        bad(`${where} must be a mapping`);
      const unknown = Object.keys(value as object).filter((k) => !keys.includes(k));
      if (unknown.length > 0)
        bad(`${where} has unknown key(s) ${unknown.join(', ')}; allowed: ${keys.join(', ')}`);
      return value as Record<string, unknown>;
    },
    list: (value, where, max = 200) => {
      if (value === undefined || value === null) return [];
      if (!Array.isArray(value)) bad(`${where} must be a list`);
      const items = value as unknown[];
      if (items.length > max) bad(`${where} has more than ${max} items`);
      return items;
    },
    text: (value, where) => {
      if (typeof value !== 'string') bad(`${where} must be a string`);
      return value as string;
    },
  };
}
