import { randomBytes } from 'node:crypto';
import { NewPostFeed } from '../new-posts';
import { type FlatPost, nest } from '../rows';
import {
  type BlogStore,
  type DeleteOutcome,
  type ExportRow,
  MAX_PUT_ID,
  type PostRow,
  type PutOutcome,
  SESSION_SECONDS,
  type UserRow,
} from '../store';
import { type BlogDatabase, openDatabase } from './database';

const USER_COLUMNS = 'id, email, password_hash, created_at AS createdAt';
const POST_COLUMNS = `p.id, p.title, p.body, p.created_at AS createdAt, p.updated_at AS updatedAt,
  u.id AS author_id, u.email AS author_email, u.password_hash AS author_password_hash,
  u.created_at AS author_createdAt`;
const POSTS = `SELECT ${POST_COLUMNS} FROM posts p JOIN users u ON u.id = p.author_id`;
const EXPORT_QUERY =
  'SELECT id, title, author_id AS authorId, created_at AS createdAt, body FROM posts ORDER BY id';
/** How often a listening process looks for posts other processes wrote to the file. */
const FEED_INTERVAL_MS = 250;

/**
 * The blog on an embedded SQLite file. better-sqlite3 is synchronous: each query is a few
 * microseconds on the event loop, which is why it suits a small embedded database; the methods are
 * async only to share `BlogStore` with PostgreSQL. Statements are prepared once.
 */
export class SqliteStore implements BlogStore {
  readonly engine = 'sqlite';
  readonly sessionSeconds = SESSION_SECONDS;
  private readonly q;
  private readonly feed: NewPostFeed;

  constructor(
    readonly db: BlogDatabase,
    /** The file, for the streaming export's own read-only connection. */
    readonly path: string,
    onError: (error: unknown) => void = () => {},
  ) {
    this.q = {
      userById: db.prepare<[number], UserRow>(`SELECT ${USER_COLUMNS} FROM users WHERE id = ?`),
      userByEmail: db.prepare<[string], UserRow>(`SELECT ${USER_COLUMNS} FROM users WHERE email = ?`),
      insertUser: db.prepare<[string, string], UserRow>(
        `INSERT INTO users (email, password_hash) VALUES (?, ?) RETURNING ${USER_COLUMNS}`,
      ),
      insertSession: db.prepare('INSERT INTO sessions (token, user_id, expires_at) VALUES (?, ?, ?)'),
      sessionUser: db.prepare<[string, number], UserRow>(
        `SELECT u.id, u.email, u.password_hash, u.created_at AS createdAt
           FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.token = ? AND s.expires_at > ?`,
      ),
      deleteSession: db.prepare('DELETE FROM sessions WHERE token = ?'),
      postById: db.prepare<[number], FlatPost>(`${POSTS} WHERE p.id = ?`),
      latestPostId: db.prepare<[], { id: number }>(
        'SELECT id FROM posts ORDER BY created_at DESC, id DESC LIMIT 1',
      ),
      maxPostId: db.prepare<[], { id: number }>('SELECT coalesce(max(id), 0) AS id FROM posts'),
      listPosts: db.prepare<[number, number], FlatPost>(`${POSTS} ORDER BY p.id LIMIT ? OFFSET ?`),
      postsAfter: db.prepare<[number, number], FlatPost>(`${POSTS} WHERE p.id > ? ORDER BY p.id LIMIT ?`),
      countPosts: db.prepare<[], { n: number }>('SELECT count(*) AS n FROM posts'),
      insertPost: db.prepare<[number | null, number, string, string], { id: number }>(
        'INSERT INTO posts (id, author_id, title, body) VALUES (?, ?, ?, ?) RETURNING id',
      ),
      postAuthor: db.prepare<[number], { authorId: number }>(
        'SELECT author_id AS authorId FROM posts WHERE id = ?',
      ),
      updatePost: db.prepare(
        `UPDATE posts SET title = ?, body = ?, updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE id = ?`,
      ),
      deletePost: db.prepare('DELETE FROM posts WHERE id = ?'),
      exportRows: db.prepare<[], ExportRow>(EXPORT_QUERY),
      postsVersion: db.prepare<[], { value: number }>(
        "SELECT CAST(value AS INTEGER) AS value FROM settings WHERE key = 'posts_version'",
      ),
      readSecret: db.prepare<[], { value: string }>("SELECT value FROM settings WHERE key = 'cookie_secret'"),
      insertSecret: db.prepare("INSERT OR IGNORE INTO settings (key, value) VALUES ('cookie_secret', ?)"),
    };
    const q = this.q;
    this.feed = new NewPostFeed(
      {
        latestId: async () => q.maxPostId.get()!.id,
        postsAfter: (afterId, limit) => this.postsAfter(afterId, limit),
      },
      FEED_INTERVAL_MS,
      onError,
    );
  }

  async userById(id: number) {
    return this.q.userById.get(id);
  }

  async userByEmail(email: string) {
    return this.q.userByEmail.get(email);
  }

  async createUser(email: string, passwordHash: string) {
    try {
      return this.q.insertUser.get(email, passwordHash);
    } catch (error) {
      if ((error as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE') return undefined;
      throw error;
    }
  }

  async createSession(userId: number) {
    const token = randomBytes(24).toString('base64url');
    this.q.insertSession.run(token, userId, Math.floor(Date.now() / 1000) + SESSION_SECONDS);
    return token;
  }

  async sessionUser(token: string) {
    return this.q.sessionUser.get(token, Math.floor(Date.now() / 1000));
  }

  async deleteSession(token: string) {
    this.q.deleteSession.run(token);
  }

  async post(id: number) {
    const row = this.q.postById.get(id);
    return row && nest(row);
  }

  async latestPostId() {
    return this.q.latestPostId.get()?.id;
  }

  async posts(limit: number, offset: number) {
    return this.q.listPosts.all(limit, offset).map(nest);
  }

  async postsAfter(afterId: number, limit: number) {
    return this.q.postsAfter.all(afterId, limit).map(nest);
  }

  async countPosts() {
    return this.q.countPosts.get()!.n;
  }

  async createPost(authorId: number, title: string, body: string) {
    const { id } = this.q.insertPost.get(null, authorId, title, body)!;
    return (await this.post(id))!;
  }

  // IMMEDIATE takes the write lock before the read, so another worker cannot slip in between.
  private readonly put = (
    id: number,
    authorId: number,
    title: string,
    body: string,
  ): PutOutcome['outcome'] => {
    const existing = this.q.postAuthor.get(id);
    if (existing === undefined) {
      if (id > MAX_PUT_ID) return 'missing';
      this.q.insertPost.run(id, authorId, title, body);
      return 'created';
    }
    if (existing.authorId !== authorId) return 'forbidden';
    this.q.updatePost.run(title, body, id);
    return 'updated';
  };

  async putPost(id: number, authorId: number, title: string, body: string): Promise<PutOutcome> {
    const outcome = this.db.transaction(this.put).immediate(id, authorId, title, body);
    return outcome === 'forbidden' || outcome === 'missing'
      ? { outcome }
      : { outcome, post: (await this.post(id))! };
  }

  async deletePost(id: number, authorId: number): Promise<DeleteOutcome> {
    return this.db
      .transaction((): DeleteOutcome => {
        const existing = this.q.postAuthor.get(id);
        if (existing === undefined) return 'missing';
        if (existing.authorId !== authorId) return 'forbidden';
        this.q.deletePost.run(id);
        return 'deleted';
      })
      .immediate();
  }

  async postsVersion() {
    return this.q.postsVersion.get()!.value;
  }

  async exportSnapshot() {
    return this.db.transaction(() => ({
      version: this.q.postsVersion.get()!.value,
      rows: this.q.exportRows.all(),
    }))();
  }

  /**
   * Rows from `.iterate()` on a read-only connection of its own: better-sqlite3 keeps a connection
   * busy while an iterator is open, and WAL lets it read a consistent snapshot while the main
   * connection goes on writing. `finally` closes it however the stream ends.
   */
  async *exportBatches(size: number): AsyncGenerator<ExportRow[]> {
    const reader = this.path === ':memory:' ? undefined : openDatabase(this.path, { readonly: true });
    try {
      const rows: Iterable<ExportRow> = reader
        ? reader.prepare<[], ExportRow>(EXPORT_QUERY).iterate()
        : this.q.exportRows.all();
      let batch: ExportRow[] = [];
      for (const row of rows) {
        batch.push(row);
        if (batch.length === size) {
          yield batch;
          batch = [];
        }
      }
      if (batch.length > 0) yield batch;
    } finally {
      reader?.close();
    }
  }

  onNewPost(listener: (post: PostRow) => void) {
    return this.feed.subscribe(listener);
  }

  async cookieSecret() {
    const existing = this.q.readSecret.get();
    if (existing) return existing.value;
    this.q.insertSecret.run(randomBytes(32).toString('base64url'));
    return this.q.readSecret.get()!.value;
  }

  async close() {
    this.feed.stop();
    this.db.close();
  }
}
