import { randomBytes } from 'node:crypto';
import type { Pool, PoolClient } from 'pg';
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
import { PostListener } from './listener';

/** A timestamp as SQLite stores it, `2026-01-31T12:00:00.000Z`, so both engines answer alike. */
const iso = (column: string) => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
const USER_COLUMNS = `id, email, password_hash, ${iso('created_at')} AS "createdAt"`;
const POST_COLUMNS = `p.id, p.title, p.body, ${iso('p.created_at')} AS "createdAt", ${iso('p.updated_at')} AS "updatedAt",
  u.id AS author_id, u.email AS author_email, u.password_hash AS author_password_hash,
  ${iso('u.created_at')} AS "author_createdAt"`;
const POSTS = `SELECT ${POST_COLUMNS} FROM posts p JOIN users u ON u.id = p.author_id`;
const EXPORT_QUERY = `SELECT id, title, author_id AS "authorId", ${iso('created_at')} AS "createdAt", body
  FROM posts ORDER BY id`;
const VERSION = "SELECT value::bigint::text AS value FROM settings WHERE key = 'posts_version'";
const UNIQUE_VIOLATION = '23505';
/** The fallback poll of the new-post feed; NOTIFY wakes it at once, this catches what a reconnect missed. */
const FEED_INTERVAL_MS = 2000;

/**
 * The blog on a PostgreSQL server, through a node-postgres pool. Several processes and machines
 * share it: sessions, posts and the cookie secret are rows, nothing is kept in memory.
 */
export class PostgresStore implements BlogStore {
  readonly engine = 'postgres';
  readonly sessionSeconds = SESSION_SECONDS;
  private readonly feed: NewPostFeed;
  private readonly listener: PostListener;

  constructor(
    readonly pool: Pool,
    url: string,
    onError: (error: unknown) => void = () => {},
  ) {
    this.feed = new NewPostFeed(
      {
        latestId: async () =>
          (await this.one<{ id: number }>('SELECT coalesce(max(id), 0) AS id FROM posts'))!.id,
        postsAfter: (afterId, limit) => this.postsAfter(afterId, limit),
      },
      FEED_INTERVAL_MS,
      onError,
    );
    this.listener = new PostListener(url, () => this.feed.wake(), onError);
  }

  private async one<T>(text: string, values: unknown[] = [], db: Pool | PoolClient = this.pool) {
    const { rows } = await db.query(text, values);
    return rows[0] as T | undefined;
  }

  private async postsWhere(where: string, values: unknown[]): Promise<PostRow[]> {
    const { rows } = await this.pool.query<FlatPost>(`${POSTS} ${where}`, values);
    return rows.map(nest);
  }

  /** Runs `work` in one transaction on one connection: COMMIT when it returns, ROLLBACK when it throws. */
  private async transaction<T>(work: (client: PoolClient) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      const result = await work(client);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => {});
      throw error;
    } finally {
      client.release();
    }
  }

  userById(id: number) {
    return this.one<UserRow>(`SELECT ${USER_COLUMNS} FROM users WHERE id = $1`, [id]);
  }

  userByEmail(email: string) {
    return this.one<UserRow>(`SELECT ${USER_COLUMNS} FROM users WHERE lower(email) = lower($1)`, [email]);
  }

  async createUser(email: string, passwordHash: string) {
    try {
      return await this.one<UserRow>(
        `INSERT INTO users (email, password_hash) VALUES ($1, $2) RETURNING ${USER_COLUMNS}`,
        [email, passwordHash],
      );
    } catch (error) {
      if ((error as { code?: string }).code === UNIQUE_VIOLATION) return undefined;
      throw error;
    }
  }

  async createSession(userId: number) {
    const token = randomBytes(24).toString('base64url');
    await this.pool.query('INSERT INTO sessions (token, user_id, expires_at) VALUES ($1, $2, $3)', [
      token,
      userId,
      Math.floor(Date.now() / 1000) + SESSION_SECONDS,
    ]);
    return token;
  }

  sessionUser(token: string) {
    return this.one<UserRow>(
      `SELECT u.id, u.email, u.password_hash, ${iso('u.created_at')} AS "createdAt"
         FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.token = $1 AND s.expires_at > $2`,
      [token, Math.floor(Date.now() / 1000)],
    );
  }

  async deleteSession(token: string) {
    await this.pool.query('DELETE FROM sessions WHERE token = $1', [token]);
  }

  async post(id: number) {
    return (await this.postsWhere('WHERE p.id = $1', [id]))[0];
  }

  async latestPostId() {
    return (await this.one<{ id: number }>('SELECT id FROM posts ORDER BY created_at DESC, id DESC LIMIT 1'))
      ?.id;
  }

  posts(limit: number, offset: number) {
    return this.postsWhere('ORDER BY p.id LIMIT $1 OFFSET $2', [limit, offset]);
  }

  postsAfter(afterId: number, limit: number) {
    return this.postsWhere('WHERE p.id > $1 ORDER BY p.id LIMIT $2', [afterId, limit]);
  }

  async countPosts() {
    return (await this.one<{ n: number }>('SELECT count(*)::integer AS n FROM posts'))!.n;
  }

  async createPost(authorId: number, title: string, body: string): Promise<PostRow> {
    // A PUT to a new id moves the sequence past it, but one that raced it may still hand out that
    // id: the insert then fails on the key, and the next value is free.
    for (let attempt = 1; ; attempt++) {
      try {
        const row = await this.one<{ id: number }>(
          'INSERT INTO posts (author_id, title, body) VALUES ($1, $2, $3) RETURNING id',
          [authorId, title, body],
        );
        return (await this.post(row!.id))!;
      } catch (error) {
        if ((error as { code?: string }).code !== UNIQUE_VIOLATION || attempt === 3) throw error;
      }
    }
  }

  async putPost(id: number, authorId: number, title: string, body: string): Promise<PutOutcome> {
    const outcome = await this.transaction(async (client) => {
      const inserted =
        id <= MAX_PUT_ID
          ? await client.query(
              'INSERT INTO posts (id, author_id, title, body) VALUES ($1, $2, $3, $4) ON CONFLICT (id) DO NOTHING',
              [id, authorId, title, body],
            )
          : { rowCount: 0 };
      if (inserted.rowCount === 1) {
        // An explicit id does not move the identity sequence: move it, or a later POST would collide.
        await client.query(
          "SELECT setval('posts_id_seq', $1) FROM posts_id_seq WHERE last_value < $1 OR NOT is_called",
          [id],
        );
        return 'created' as const;
      }
      const existing = await this.one<{ author_id: number }>(
        'SELECT author_id FROM posts WHERE id = $1 FOR UPDATE',
        [id],
        client,
      );
      if (existing === undefined) return 'missing' as const; // beyond MAX_PUT_ID, or deleted meanwhile
      if (existing.author_id !== authorId) return 'forbidden' as const;
      await client.query('UPDATE posts SET title = $1, body = $2, updated_at = now() WHERE id = $3', [
        title,
        body,
        id,
      ]);
      return 'updated' as const;
    });
    return outcome === 'forbidden' || outcome === 'missing'
      ? { outcome }
      : { outcome, post: (await this.post(id))! };
  }

  deletePost(id: number, authorId: number): Promise<DeleteOutcome> {
    return this.transaction(async (client) => {
      const existing = await this.one<{ author_id: number }>(
        'SELECT author_id FROM posts WHERE id = $1 FOR UPDATE',
        [id],
        client,
      );
      if (existing === undefined) return 'missing';
      if (existing.author_id !== authorId) return 'forbidden';
      await client.query('DELETE FROM posts WHERE id = $1', [id]);
      return 'deleted';
    });
  }

  async postsVersion() {
    return Number((await this.one<{ value: string }>(VERSION))!.value);
  }

  exportSnapshot() {
    return this.transaction(async (client) => {
      await client.query('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY');
      const version = Number((await this.one<{ value: string }>(VERSION, [], client))!.value);
      const { rows } = await client.query<ExportRow>(EXPORT_QUERY);
      return { version, rows };
    });
  }

  /**
   * A server-side cursor in a read-only REPEATABLE READ transaction: one consistent snapshot,
   * fetched `size` rows at a time. The connection is the stream's until it ends, fails or the client
   * goes away (`finally` rolls back and gives it back to the pool).
   */
  async *exportBatches(size: number): AsyncGenerator<ExportRow[]> {
    const client = await this.pool.connect();
    let failed: unknown;
    try {
      await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
      await client.query(`DECLARE export_rows NO SCROLL CURSOR FOR ${EXPORT_QUERY}`);
      for (;;) {
        const { rows } = await client.query<ExportRow>(`FETCH FORWARD ${Number(size)} FROM export_rows`);
        if (rows.length > 0) yield rows;
        if (rows.length < size) break;
      }
    } catch (error) {
      failed = error;
      throw error;
    } finally {
      await client.query('ROLLBACK').catch((error) => {
        failed ??= error;
      });
      // A connection whose state is unknown is closed instead of reused.
      client.release(failed instanceof Error ? failed : undefined);
    }
  }

  onNewPost(listener: (post: PostRow) => void) {
    this.listener.start();
    return this.feed.subscribe(listener);
  }

  async cookieSecret() {
    await this.pool.query(
      "INSERT INTO settings (key, value) VALUES ('cookie_secret', $1) ON CONFLICT (key) DO NOTHING",
      [randomBytes(32).toString('base64url')],
    );
    return (await this.one<{ value: string }>("SELECT value FROM settings WHERE key = 'cookie_secret'"))!
      .value;
  }

  async close() {
    this.feed.stop();
    await this.listener.close();
    await this.pool.end();
  }
}
