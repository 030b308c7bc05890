import { canonicalize } from '../ledger/canonicalJson.ts';

/** A JSONPath member step: `.name` for identifiers, `["…"]` otherwise. */
function step(key: string): string {
  return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(key) ? `.${key}` : `[${JSON.stringify(key)}]`;
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * The JSONPath (`$.artifacts[0].compliant`) of the first place where two JSON values differ —
 * members in sorted order, array items in order — or undefined when they are equal. A member or
 * item present on one side only is a difference at its own path.
 */
export function jsonDifference(a: unknown, b: unknown, path = '$'): string | undefined {
  if (Array.isArray(a) && Array.isArray(b)) {
    for (let i = 0; i < Math.max(a.length, b.length); i++) {
      if (i >= a.length || i >= b.length) return `${path}[${i}]`;
      const found = jsonDifference(a[i], b[i], `${path}[${i}]`);
      if (found !== undefined) return found;
    }
    return undefined;
  }
  if (isObject(a) && isObject(b)) {
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
    for (const key of keys) {
      if (!(key in a) || !(key in b)) return `${path}${step(key)}`;
      const found = jsonDifference(a[key], b[key], `${path}${step(key)}`);
      if (found !== undefined) return found;
    }
    return undefined;
  }
  return same(a, b) ? undefined : path;
}

function same(a: unknown, b: unknown): boolean {
  try {
    return canonicalize(a) === canonicalize(b);
  } catch {
    return false;
  }
}

/** The value at a path `jsonDifference` returned (for messages), or undefined. */
export function describeAt(value: unknown, path: string): string {
  let current: unknown = value;
  const steps = path.slice(1).match(/\.[A-Za-z_$][A-Za-z0-9_$]*|\[\d+\]|\["(?:[^"\\]|\\.)*"\]/g) ?? [];
  for (const s of steps) {
    if (current === undefined || current === null || typeof current !== 'object') return 'absent';
    const key = s.startsWith('.') ? s.slice(1) : (JSON.parse(s.slice(1, -1)) as string | number);
    current = (current as Record<string, unknown>)[String(key)];
  }
  if (current === undefined) return 'absent';
  const text = JSON.stringify(current);
  return text.length > 120 ? `${text.slice(0, 117)}...` : text;
}
