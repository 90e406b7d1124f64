import { mkdirSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { DatabaseOpenError } from '../errors';
import { MIGRATIONS } from '../migrations';

export type BlogDatabase = Database.Database;

/** Options of `openDatabase`. */
export interface OpenOptions {
  /** Called with progress lines (`migrating ...`); the CLI prints them. */
  log?: (line: string) => void;
  /** Open an existing, migrated file read-only (a streaming export's own connection). */
  readonly?: boolean;
}

/**
 * Opens (creating it and its folder if needed) and migrates the blog's SQLite file. WAL lets the
 * streaming export read on its own connection while requests write, and a busy timeout lets
 * several `--workers` processes share one file.
 *
 * @example
 * ```ts
 * const db = openDatabase('./data/blog.db', { log: console.log });
 * ```
 */
export function openDatabase(path: string, options: OpenOptions = {}): BlogDatabase {
  const memory = path === ':memory:';
  const file = memory ? path : resolve(path);
  if (!memory && !options.readonly) {
    try {
      makeFolder(dirname(file));
    } catch (error) {
      throw new DatabaseOpenError(file, describe(error), { cause: error });
    }
  }
  let db: BlogDatabase;
  try {
    db = new Database(file, {
      readonly: options.readonly === true,
      fileMustExist: options.readonly === true,
    });
    db.pragma('busy_timeout = 5000');
    if (options.readonly) return db;
    db.pragma('journal_mode = WAL');
    db.pragma('foreign_keys = ON');
  } catch (error) {
    throw new DatabaseOpenError(file, describe(error), { cause: error });
  }
  try {
    migrate(db, options.log);
  } catch (error) {
    db.close();
    throw new DatabaseOpenError(file, `migration failed: ${describe(error)}`, { cause: error });
  }
  return db;
}

/** Runs the migrations this file has not seen yet, each in its own transaction. */
export function migrate(db: BlogDatabase, log: (line: string) => void = () => {}): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > MIGRATIONS.length) {
    throw new Error(`the file is at schema version ${current}, newer than this blog (${MIGRATIONS.length})`);
  }
  if (current === MIGRATIONS.length) {
    log(`database schema is up to date (version ${current})`);
    return;
  }
  log(`migrating database schema from version ${current} to ${MIGRATIONS.length}`);
  // IMMEDIATE takes the write lock first, so two workers starting together do not both migrate.
  const step = db.transaction((version: number) => {
    if ((db.pragma('user_version', { simple: true }) as number) !== version) return;
    db.exec(MIGRATIONS[version].sqlite);
    db.pragma(`user_version = ${version + 1}`);
  });
  for (let version = current; version < MIGRATIONS.length; version++) step.immediate(version);
}

/**
 * Creates a folder and its missing parents, one level at a time. Node's `mkdirSync(path, { recursive:
 * true })` never returns under `/proc` (creating `/proc/nope` fails with ENOENT although `/proc`
 * exists, and it retries forever); one level at a time, that ENOENT is an error to report.
 */
function makeFolder(folder: string): void {
  const stat = statSync(folder, { throwIfNoEntry: false });
  if (stat?.isDirectory()) return;
  if (stat !== undefined) throw Object.assign(new Error(`${folder} is not a folder`), { code: 'ENOTDIR' });
  const parent = dirname(folder);
  if (parent !== folder) makeFolder(parent);
  try {
    mkdirSync(folder);
  } catch (error) {
    // Another process (a second `blog serve` on the same file) may have just made it.
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || !statSync(folder).isDirectory()) throw error;
  }
}

function describe(error: unknown): string {
  const e = error as NodeJS.ErrnoException;
  if (e.code === 'ENOTDIR' || e.code === 'EEXIST') return 'a part of the path is a file, not a folder';
  if (e.code === 'ENOENT') return `the folder ${e.path ?? 'on the path'} cannot be created`;
  if (e.code === 'EACCES' || e.code === 'EPERM' || e.code === 'EROFS') return 'permission denied';
  if (e.code === 'SQLITE_CANTOPEN') return 'the file cannot be created or opened there';
  if (e.code === 'SQLITE_NOTADB') return 'the file exists but is not a SQLite database';
  return e.message ?? String(error);
}
