/** An environment: `process.env` in production, a literal in tests. */
export type Env = Readonly<Record<string, string | undefined>>;

/** The value of `name`, trimmed; `undefined` when unset, empty or only whitespace. */
export function envValue(env: Env, name: string): string | undefined {
  const value = env[name]?.trim();
  return value === undefined || value === '' ? undefined : value;
}

/** True when `name` is set to `expected`, compared case-insensitively (`True`, `true`). */
export function envIs(env: Env, name: string, expected: string): boolean {
  return envValue(env, name)?.toLowerCase() === expected.toLowerCase();
}

/** `value` without `prefix`, or `undefined` when it does not start with it (or is undefined). */
export function afterPrefix(value: string | undefined, prefix: string): string | undefined {
  if (value?.startsWith(prefix) !== true) return undefined;
  const rest = value.slice(prefix.length);
  return rest === '' ? undefined : rest;
}

/** The decimal number in `value` when the whole of `value` matches `pattern`'s first group. */
export function numberFrom(value: string | undefined, pattern: RegExp): string | undefined {
  if (value === undefined) return undefined;
  return pattern.exec(value)?.[1];
}

/** `base` and `path` joined with exactly one slash between them. */
export function joinUrl(base: string, path: string): string {
  return `${base.replace(/\/+$/, '')}/${path.replace(/^\/+/, '')}`;
}
