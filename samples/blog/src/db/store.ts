import { randomBytes } from 'node:crypto';
import { PostFeed } from '../feed/post-feed';
import type { BlogDatabase } from './database';

/** A user as stored: it has the password hash, which no response model lets out. */
export interface UserRow {
  id: number;
  email: string;
  password_hash: string;
  createdAt: string;
}

/** A post with its author's full row, as an ORM would hand it over. */
export interface PostRow {
  id: number;
  title: string;
  body: string;
  createdAt: string;
  updatedAt: string;
  author: UserRow;
}

interface FlatPost {
  id: number;
  title: string;
  body: string;
  createdAt: string;
  updatedAt: string;
  author_id: number;
  author_email: string;
  author_password_hash: string;
  author_createdAt: string;
}

/** A row of the CSV export: the author by id, as emails are private. */
export interface ExportRow {
  id: number;
  title: string;
  authorId: number;
  createdAt: string;
  body: string;
}

const SESSION_SECONDS = 7 * 24 * 3600;
const POST_COLUMNS = `p.id, p.title, p.body, p.created_at AS createdAt, p.updated_at AS updatedAt,
  u.id AS author_id, u.email AS author_email, u.password_hash AS author_password_hash,
  u.created_at AS author_createdAt`;
export const EXPORT_QUERY = `SELECT id, title, author_id AS authorId, created_at AS createdAt, body
  FROM posts ORDER BY id`;

/**
 * Every query of the blog, prepared once. better-sqlite3 is synchronous: each call is a few
 * microseconds on the event loop, which is why it suits a small embedded database.
 */
export class BlogStore {
  readonly sessionSeconds = SESSION_SECONDS;
  /** Wakes `GET /posts/events` streams when posts are added. */
  readonly feed: PostFeed;
  private readonly q;

  constructor(
    readonly db: BlogDatabase,
    feed = new PostFeed(),
  ) {
    this.feed = feed;
    this.q = {
      userById: db.prepare<[number], UserRow>(
        'SELECT id, email, password_hash, created_at AS createdAt FROM users WHERE id = ?',
      ),
      userByEmail: db.prepare<[string], UserRow>(
        'SELECT id, email, password_hash, created_at AS createdAt FROM users WHERE email = ?',
      ),
      insertUser: db.prepare<[string, string], UserRow>(
        'INSERT INTO users (email, password_hash) VALUES (?, ?) RETURNING id, email, password_hash, created_at AS createdAt',
      ),
      insertSession: db.prepare('INSERT INTO sessions (token, user_id, expires_at) VALUES (?, ?, ?)'),
      sessionUser: db.prepare<[string, number], UserRow>(
        `SELECT u.id, u.email, u.password_hash, u.created_at AS createdAt
           FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.token = ? AND s.expires_at > ?`,
      ),
      deleteSession: db.prepare('DELETE FROM sessions WHERE token = ?'),
      postById: db.prepare<[number], FlatPost>(
        `SELECT ${POST_COLUMNS} FROM posts p JOIN users u ON u.id = p.author_id WHERE p.id = ?`,
      ),
      latestPostId: db.prepare<[], { id: number }>(
        'SELECT id FROM posts ORDER BY created_at DESC, id DESC LIMIT 1',
      ),
      listPosts: db.prepare<[number, number], FlatPost>(
        `SELECT ${POST_COLUMNS} FROM posts p JOIN users u ON u.id = p.author_id ORDER BY p.id LIMIT ? OFFSET ?`,
      ),
      postsAfter: db.prepare<[number, number], FlatPost>(
        `SELECT ${POST_COLUMNS} FROM posts p JOIN users u ON u.id = p.author_id WHERE p.id > ? ORDER BY p.id LIMIT ?`,
      ),
      maxPostId: db.prepare<[], { id: number | null }>('SELECT max(id) AS id FROM posts'),
      countView: db.prepare(
        'INSERT INTO post_views (post_id, views) VALUES (?, 1) ON CONFLICT (post_id) DO UPDATE SET views = views + 1',
      ),
      views: db.prepare<[number], { views: number }>('SELECT views FROM post_views WHERE post_id = ?'),
      countPosts: db.prepare<[], { n: number }>('SELECT count(*) AS n FROM posts'),
      insertPost: db.prepare<[number | null, number, string, string], { id: number }>(
        'INSERT INTO posts (id, author_id, title, body) VALUES (?, ?, ?, ?) RETURNING id',
      ),
      updatePost: db.prepare(
        `UPDATE posts SET title = ?, body = ?, updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE id = ?`,
      ),
      deletePost: db.prepare('DELETE FROM posts WHERE id = ?'),
      exportRows: db.prepare<[], ExportRow>(EXPORT_QUERY),
      postsVersion: db.prepare<[], { value: number }>(
        "SELECT CAST(value AS INTEGER) AS value FROM settings WHERE key = 'posts_version'",
      ),
    };
  }

  userById(id: number): UserRow | undefined {
    return this.q.userById.get(id);
  }

  userByEmail(email: string): UserRow | undefined {
    return this.q.userByEmail.get(email);
  }

  /** Inserts a user; `undefined` when the email is taken. */
  createUser(email: string, passwordHash: string): UserRow | undefined {
    try {
      return this.q.insertUser.get(email, passwordHash);
    } catch (error) {
      if ((error as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE') return undefined;
      throw error;
    }
  }

  /** A new random session token for the user. */
  createSession(userId: number): string {
    const token = randomBytes(24).toString('base64url');
    this.q.insertSession.run(token, userId, Math.floor(Date.now() / 1000) + SESSION_SECONDS);
    return token;
  }

  sessionUser(token: string): UserRow | undefined {
    return this.q.sessionUser.get(token, Math.floor(Date.now() / 1000));
  }

  deleteSession(token: string): void {
    this.q.deleteSession.run(token);
  }

  post(id: number): PostRow | undefined {
    const row = this.q.postById.get(id);
    return row && nest(row);
  }

  latestPostId(): number | undefined {
    return this.q.latestPostId.get()?.id;
  }

  posts(limit: number, offset: number): PostRow[] {
    return this.q.listPosts.all(limit, offset).map(nest);
  }

  /** Up to `limit` posts with an id above `afterId`, by id: the pages of the feed and of the JSON Lines export. */
  postsAfter(afterId: number, limit: number): PostRow[] {
    return this.q.postsAfter.all(afterId, limit).map(nest);
  }

  /** The highest post id, 0 with no post. */
  maxPostId(): number {
    return this.q.maxPostId.get()?.id ?? 0;
  }

  /** Counts one view of a post (a background task of `GET /posts/:id`). */
  countView(postId: number): void {
    this.q.countView.run(postId);
  }

  views(postId: number): number {
    return this.q.views.get(postId)?.views ?? 0;
  }

  countPosts(): number {
    return this.q.countPosts.get()!.n;
  }

  /** Inserts a post, with the given id when there is one (PUT to a new id). */
  createPost(authorId: number, title: string, body: string, id: number | null = null): PostRow {
    const { id: newId } = this.q.insertPost.get(id, authorId, title, body)!;
    // Inside a transaction the feed waits for the commit: a rolled-back post is never announced.
    if (!this.db.inTransaction) this.feed.publish();
    return this.post(newId)!;
  }

  updatePost(id: number, title: string, body: string): PostRow {
    this.q.updatePost.run(title, body, id);
    return this.post(id)!;
  }

  deletePost(id: number): void {
    this.q.deletePost.run(id);
  }

  /** A number that changes whenever any post is created, changed or deleted (a trigger bumps it). */
  postsVersion(): number {
    return this.q.postsVersion.get()!.value;
  }

  /** Every post for the CSV snapshot, at once. */
  exportRows(): ExportRow[] {
    return this.q.exportRows.all();
  }
}

function nest(row: FlatPost): PostRow {
  return {
    id: row.id,
    title: row.title,
    body: row.body,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    author: {
      id: row.author_id,
      email: row.author_email,
      password_hash: row.author_password_hash,
      createdAt: row.author_createdAt,
    },
  };
}
