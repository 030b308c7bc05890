import type { SqlDialect } from '../dialect.ts';

/** Byte strings: BLOB in SQLite, bytea in PostgreSQL. */
export const blob = (dialect: SqlDialect) => (dialect === 'postgres' ? 'bytea' : 'blob');

/** 64-bit integers (log indices, sizes): INTEGER in SQLite, bigint in PostgreSQL. */
export const int = (dialect: SqlDialect) => (dialect === 'postgres' ? 'bigint' : 'integer');
