import { Pool, type PoolConfig, types } from 'pg';
import { DatabaseOpenError } from '../errors';
import { MIGRATIONS } from '../migrations';

/** Options of `openPostgres`. */
export interface PostgresOptions {
  /** Called with progress lines (`migrating ...`); the CLI prints them. */
  log?: (line: string) => void;
  /** Connections this process may open (each `--workers` process has its own pool). Default 10. */
  poolSize?: number;
  /** Errors of idle connections (the server restarted, a failover): reported, never thrown. */
  onError?: (error: unknown) => void;
}

/** Any number, the same in every instance: the lock that lets one of them migrate at a time. */
const MIGRATION_LOCK = 4_242_001;

/** True when `target` names a PostgreSQL server rather than a SQLite file. */
export function isPostgresUrl(target: string): boolean {
  return /^postgres(ql)?:\/\//i.test(target);
}

/** The URL without its password, for messages and logs. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password !== '') parsed.password = '***';
    return parsed.toString();
  } catch {
    return 'postgres://(an unreadable URL)';
  }
}

const INT8 = 20;
/**
 * node-postgres reads bigint as a string, since it may not fit a JavaScript number. The blog's ids and
 * counts stay below 2^53 (MAX_ID), so this pool reads them as numbers, without changing pg's global parsers.
 */
const numericBigints = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === INT8 && format !== 'binary'
      ? Number
      : types.getTypeParser(oid, format)) as typeof types.getTypeParser,
};

/** The connection settings of the pool and of the NOTIFY listener. */
export function poolConfig(url: string, poolSize = 10): PoolConfig {
  return {
    connectionString: url,
    max: poolSize,
    // A server that does not answer fails a request in seconds instead of holding it.
    connectionTimeoutMillis: 5000,
    idleTimeoutMillis: 30_000,
    statement_timeout: 15_000,
    application_name: 'arobase-blog',
    types: numericBigints,
  };
}

/**
 * Connects a pool to the server and migrates the schema. Every instance may do this at once: a
 * session advisory lock lets one migrate while the others wait, then find the schema current.
 *
 * @example
 * ```ts
 * const pool = await openPostgres('postgres://blog@db.internal/blog', { poolSize: 10 });
 * ```
 */
export async function openPostgres(url: string, options: PostgresOptions = {}): Promise<Pool> {
  const shown = redactUrl(url);
  let pool: Pool;
  try {
    pool = new Pool(poolConfig(url, options.poolSize));
  } catch (error) {
    throw new DatabaseOpenError(shown, describe(error), { cause: error });
  }
  // An idle connection the server drops (a restart, a failover) must not crash the process.
  pool.on('error', (error) => options.onError?.(error));
  try {
    await migrate(pool, options.log);
  } catch (error) {
    await pool.end().catch(() => {});
    const migrating = (error as { migrating?: boolean }).migrating === true;
    throw new DatabaseOpenError(shown, (migrating ? 'migration failed: ' : '') + describe(error), {
      cause: error,
    });
  }
  return pool;
}

/** Runs the steps the database has not seen yet, each in its own transaction. */
export async function migrate(pool: Pool, log: (line: string) => void = () => {}): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    await client.query('CREATE TABLE IF NOT EXISTS schema_version (version integer NOT NULL)');
    await client.query('INSERT INTO schema_version SELECT 0 WHERE NOT EXISTS (SELECT 1 FROM schema_version)');
    const { rows } = await client.query<{ version: number }>('SELECT version FROM schema_version');
    const current = rows[0].version;
    if (current > MIGRATIONS.length) {
      throw Object.assign(
        new Error(
          `the database is at schema version ${current}, newer than this blog (${MIGRATIONS.length})`,
        ),
        { migrating: true },
      );
    }
    if (current === MIGRATIONS.length) {
      log(`database schema is up to date (version ${current})`);
      return;
    }
    log(`migrating database schema from version ${current} to ${MIGRATIONS.length}`);
    for (let version = current; version < MIGRATIONS.length; version++) {
      try {
        await client.query('BEGIN');
        await client.query(MIGRATIONS[version].postgres);
        await client.query('UPDATE schema_version SET version = $1', [version + 1]);
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK').catch(() => {});
        throw Object.assign(error as Error, { migrating: true });
      }
    }
  } finally {
    await client.query('SELECT pg_advisory_unlock_all()').catch(() => {});
    client.release();
  }
}

function describe(error: unknown): string {
  const e = error as NodeJS.ErrnoException & { address?: string; port?: number };
  if (e.code === 'ECONNREFUSED') return `no server answers at ${e.address ?? 'that address'}:${e.port ?? ''}`;
  if (e.code === 'ENOTFOUND' || e.code === 'EAI_AGAIN') return 'the host name does not resolve';
  if (e.code === '28P01' || e.code === '28000') return 'the server refused the user or password';
  if (e.code === '3D000') return 'the database does not exist (create it first: createdb)';
  if (e.message?.includes('timeout')) return 'the server did not answer in time';
  return e.message ?? String(error);
}
