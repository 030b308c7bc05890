import { sql, type Expression, type RawBuilder, type SqlBool } from 'kysely';

// How search queries match text: substrings of names, prefixes of SHAs (issue #7).

/**
 * `%text%` for a case-insensitive substring match with {@link containsText}: lower-cased, with the
 * wildcards `%` and `_` and the escape character `\` escaped, so that they match themselves.
 */
export function likePattern(text: string): string {
  return `%${text.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/**
 * `lower(column) LIKE pattern ESCAPE '\'`: the same on SQLite (whose LIKE ignores ASCII case) and
 * PostgreSQL (whose LIKE does not). SQLite's lower() folds ASCII letters only.
 */
export function containsText(column: Expression<string>, pattern: string): RawBuilder<SqlBool> {
  return sql<SqlBool>`lower(${column}) like ${pattern} escape '\\'`;
}

/**
 * `column` starts with `prefix` (lowercase hex): a range both databases answer from an index on the
 * column, which `LIKE 'prefix%'` is not on SQLite (its LIKE ignores case, a BINARY index does not).
 */
export function hexPrefixRange(prefix: string): readonly [string, string] {
  return [prefix, `${prefix}g`];
}
