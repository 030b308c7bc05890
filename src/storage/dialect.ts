/** The two SQL databases Evident runs on (DESIGN §6). */
export type SqlDialect = 'sqlite' | 'postgres';
