import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, extname, join, resolve } from 'node:path';
import { setTimeout as sleep, setImmediate as yieldToLoop } from 'node:timers/promises';
import { type BlogDatabase, openDatabase } from '../db/database';
import { type BlogStore, EXPORT_QUERY, type ExportRow } from '../db/store';
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
    private readonly dbPath: string,
    options: PostExportOptions = {},
  ) {
    this.directory =
      options.directory ??
      (dbPath === ':memory:'
        ? join(tmpdir(), `arobase-blog-exports-${process.pid}`)
        : join(dirname(resolve(dbPath)), 'exports'));
    this.name = `${dbPath === ':memory:' ? 'posts' : basename(dbPath, extname(dbPath))}-posts`;
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
  snapshot(): string {
    const version = this.store.postsVersion();
    const target = join(this.directory, `${this.name}.v${version}.csv`);
    if (existsSync(target)) return target;
    mkdirSync(this.directory, { recursive: true });
    const temporary = `${target}.${process.pid}.${Date.now()}.tmp`;
    writeFileSync(temporary, CSV_HEADER + this.store.exportRows().map(csvLine).join(''));
    renameSync(temporary, target);
    this.removeOlderSnapshots(target);
    return target;
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
   * Streams the CSV in batches of rows. The rows come from `.iterate()` on a read-only connection of
   * its own: better-sqlite3 keeps a connection busy while an iterator is open, and WAL lets it read
   * a consistent snapshot while the main connection goes on writing. Between batches the generator
   * gives the event loop back, so other requests are served during a long export. `finally` closes
   * the connection whether the stream ends, fails or the client goes away.
   */
  async *stream(): AsyncGenerator<string> {
    const reader: BlogDatabase | undefined =
      this.dbPath === ':memory:' ? undefined : openDatabase(this.dbPath, { readonly: true });
    try {
      const rows: Iterable<ExportRow> = reader
        ? reader.prepare<[], ExportRow>(EXPORT_QUERY).iterate()
        : this.store.exportRows();
      yield CSV_HEADER;
      let batch = '';
      let count = 0;
      for (const row of rows) {
        batch += csvLine(row);
        if (++count % BATCH === 0) {
          yield batch;
          batch = '';
          await (this.throttleMs > 0 ? sleep(this.throttleMs) : yieldToLoop());
        }
      }
      if (batch !== '') yield batch;
    } finally {
      reader?.close();
    }
  }
}
