import { isPostgresUrl, openPostgres } from './postgres/database';
import { PostgresStore } from './postgres/store';
import { openDatabase } from './sqlite/database';
import { SqliteStore } from './sqlite/store';
import type { BlogStore } from './store';

/** Options of `openStore`. */
export interface OpenStoreOptions {
  /** Progress lines (`migrating ...`). */
  log?: (line: string) => void;
  /** PostgreSQL: connections this process may open. */
  poolSize?: number;
  /** Errors of background work (the new-post feed, a dropped idle connection). */
  onError?: (error: unknown) => void;
}

/**
 * Opens and migrates the blog's database: a `postgres://` (or `postgresql://`) URL names a
 * PostgreSQL server, anything else a SQLite file (`:memory:` included).
 *
 * @example
 * ```ts
 * const store = await openStore(process.env.DATABASE_URL ?? './data/blog.db', { log: console.log });
 * ```
 */
export async function openStore(target: string, options: OpenStoreOptions = {}): Promise<BlogStore> {
  if (isPostgresUrl(target)) {
    const pool = await openPostgres(target, options);
    return new PostgresStore(pool, target, options.onError);
  }
  return new SqliteStore(openDatabase(target, options), target, options.onError);
}
