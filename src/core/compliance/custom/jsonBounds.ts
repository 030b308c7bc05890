/**
 * Size limits for JSON-like input (attestation data, custom type definitions): DESIGN §7 "bounded
 * inputs everywhere". Checked iteratively, so hostile nesting cannot overflow the stack.
 */
export interface JsonLimits {
  /** Deepest nesting of arrays and objects (the top-level value is depth 0). */
  readonly maxDepth: number;
  /** Most values in total: every array, object, string, number, boolean and null counts one. */
  readonly maxValues: number;
  /** Longest string (and object key), in UTF-16 code units. */
  readonly maxStringLength: number;
  /** Most characters in all strings and keys together. */
  readonly maxTotalStringLength: number;
}

/** Limits for the `data` of an attestation. */
export const DATA_LIMITS: JsonLimits = {
  maxDepth: 32,
  maxValues: 10_000,
  maxStringLength: 65_536,
  maxTotalStringLength: 1024 * 1024,
};

/**
 * The first limit `value` breaks, as a phrase ("is nested deeper than 32 levels"), or undefined when it
 * is within `limits`. Values that are not JSON (functions, undefined inside arrays, class instances)
 * are reported too.
 */
export function jsonLimitProblem(value: unknown, limits: JsonLimits): string | undefined {
  const stack: { value: unknown; depth: number }[] = [{ value, depth: 0 }];
  let values = 0;
  let characters = 0;
  const text = (s: string): string | undefined => {
    characters += s.length;
    if (s.length > limits.maxStringLength) {
      return `has a string longer than ${limits.maxStringLength} characters`;
    }
    if (characters > limits.maxTotalStringLength) {
      return `has more than ${limits.maxTotalStringLength} characters of text in total`;
    }
    return undefined;
  };
  for (let item = stack.pop(); item !== undefined; item = stack.pop()) {
    values += 1;
    if (values > limits.maxValues) return `has more than ${limits.maxValues} values`;
    const current = item.value;
    if (typeof current === 'string') {
      const problem = text(current);
      if (problem !== undefined) return problem;
      continue;
    }
    if (current === null || typeof current === 'boolean') continue;
    if (typeof current === 'number') {
      if (!Number.isFinite(current)) return 'has a number that is not finite';
      continue;
    }
    if (typeof current !== 'object') return `has a value of type ${typeof current}, which is not JSON`;
    if (item.depth >= limits.maxDepth) return `is nested deeper than ${limits.maxDepth} levels`;
    if (Array.isArray(current)) {
      if (values + current.length > limits.maxValues) return `has more than ${limits.maxValues} values`;
      for (const element of current as unknown[]) stack.push({ value: element, depth: item.depth + 1 });
      continue;
    }
    const prototype: unknown = Object.getPrototypeOf(current);
    if (prototype !== Object.prototype && prototype !== null) return 'has an object that is not plain JSON';
    for (const [key, element] of Object.entries(current)) {
      const problem = text(key);
      if (problem !== undefined) return problem;
      stack.push({ value: element, depth: item.depth + 1 });
    }
  }
  return undefined;
}
