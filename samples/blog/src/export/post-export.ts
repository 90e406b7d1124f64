import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, extname, join, resolve } from 'node:path';
import { setTimeout as sleep, setImmediate as yieldToLoop } from 'node:timers/promises';
import { isPostgresUrl } from '../db/postgres/database';
import type { BlogStore } from '../db/store';
import { CSV_HEADER, csvLine } from './csv';

/** Options of the CSV export. */
export interface PostExportOptions {
  /** Where the downloadable snapshot is written; default: an `exports` folder beside the database. */
  directory?: string;
  /** A pause between batches of the stream, in ms: only for demonstrating a slow client or shutdown. */
  throttleMs?: number;
}

const BATCH = 200;

/**
 * The posts as CSV, two ways: a snapshot file (what `FileResponse` serves, as a nightly export
 * would be) and a stream straight from the database (what `StreamingResponse` sends, with no file
 * and no whole table in memory).
 */
export class PostExport {
  readonly directory: string;
  private readonly name: string;
  private readonly throttleMs: number;

  constructor(
    private readonly store: BlogStore,
    /** The SQLite file or the PostgreSQL URL: where the snapshots go by default, and their name. */
    db: string,
    options: PostExportOptions = {},
  ) {
    const where = snapshotPlace(db);
    this.directory = options.directory ?? where.directory;
    this.name = `${where.name}-posts`;
    this.throttleMs = options.throttleMs ?? 0;
  }

  /**
   * The snapshot of the posts as they are now, and its path. Its name carries the posts' data
   * version, so while no post changes every GET serves the same file (a stable ETag: 304s and
   * resumed Range downloads work) and no request writes. After a change, the first GET writes the
   * new version under a temporary name and renames it, so no download ever reads a half-written
   * file, then removes the older versions (a download already reading one keeps its open file).
   * Workers sharing the folder agree on the name, so they serve the same file.
   */
  async snapshot(): Promise<string> {
    const current = this.fileFor(await this.store.postsVersion());
    if (existsSync(current)) return current;
    // The rows and their version are read together, so the file's name says what it holds.
    const { version, rows } = await this.store.exportSnapshot();
    const target = this.fileFor(version);
    if (existsSync(target)) return target;
    mkdirSync(this.directory, { recursive: true });
    const temporary = `${target}.${process.pid}.${Date.now()}.tmp`;
    writeFileSync(temporary, CSV_HEADER + rows.map(csvLine).join(''));
    renameSync(temporary, target);
    this.removeOlderSnapshots(target);
    return target;
  }

  private fileFor(version: number): string {
    return join(this.directory, `${this.name}.v${version}.csv`);
  }

  /** Removes this database's other snapshots (and the unversioned one older releases wrote). */
  private removeOlderSnapshots(current: string): void {
    for (const file of readdirSync(this.directory)) {
      const version = file.startsWith(`${this.name}.`) ? file.slice(this.name.length) : '';
      const path = join(this.directory, file);
      if (/^(\.v\d+)?\.csv$/.test(version) && path !== current) rmSync(path, { force: true });
    }
  }

  /**
   * Streams the CSV in batches of rows from the store's consistent snapshot (SQLite: a read-only
   * connection of its own; PostgreSQL: a cursor). Between batches the generator gives the event loop
   * back, so other requests are served during a long export; closing it (the client went away)
   * closes the store's reader.
   */
  async *stream(): AsyncGenerator<string> {
    yield CSV_HEADER;
    for await (const rows of this.store.exportBatches(BATCH)) {
      yield rows.map(csvLine).join('');
      await (this.throttleMs > 0 ? sleep(this.throttleMs) : yieldToLoop());
    }
  }
}

/**
 * Snapshots of a SQLite file go in an `exports` folder beside it; those of a PostgreSQL database in
 * the temporary folder, under a name derived from the URL, so the instances of one machine share them.
 */
function snapshotPlace(db: string): { directory: string; name: string } {
  if (isPostgresUrl(db)) {
    const id = createHash('sha256').update(db).digest('hex').slice(0, 12);
    return { directory: join(tmpdir(), 'arobase-blog-exports'), name: `pg-${id}` };
  }
  if (db === ':memory:')
    return { directory: join(tmpdir(), `arobase-blog-exports-${process.pid}`), name: 'posts' };
  return { directory: join(dirname(resolve(db)), 'exports'), name: basename(db, extname(db)) };
}
