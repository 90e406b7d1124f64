import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
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
    this.throttleMs = options.throttleMs ?? 0;
  }

  /**
   * Writes the snapshot and returns its path. It is written under a temporary name and renamed,
   * so a download in progress keeps reading the previous complete file, never a half-written one.
   */
  writeSnapshot(): string {
    mkdirSync(this.directory, { recursive: true });
    const name = this.dbPath === ':memory:' ? 'posts' : basename(this.dbPath, extname(this.dbPath));
    const target = join(this.directory, `${name}-posts.csv`);
    const temporary = `${target}.${process.pid}.${Date.now()}.tmp`;
    writeFileSync(temporary, CSV_HEADER + this.store.exportRows().map(csvLine).join(''));
    renameSync(temporary, target);
    return target;
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
