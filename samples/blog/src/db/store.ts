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

/** A row of the CSV export: the author by id, as emails are private. */
export interface ExportRow {
  id: number;
  title: string;
  authorId: number;
  createdAt: string;
  body: string;
}

/**
 * What `putPost` did: created the post under that id, replaced the author's own, refused another's,
 * or found no post under an id beyond `MAX_PUT_ID` (which it does not create).
 */
export type PutOutcome =
  | { outcome: 'created' | 'updated'; post: PostRow }
  | { outcome: 'forbidden' | 'missing'; post?: undefined };

/** What `deletePost` did. */
export type DeleteOutcome = 'deleted' | 'missing' | 'forbidden';

/**
 * The largest id (and offset) the blog reads: both engines store 64-bit integers, JavaScript counts
 * exactly up to 2^53 - 1. A path or query number beyond it is refused before it reaches SQL, the
 * same way on both engines.
 */
export const MAX_ID = Number.MAX_SAFE_INTEGER;

/**
 * The largest id a client may create a post under with PUT. Far below `MAX_ID`, so that a PUT to the
 * highest id allowed still leaves the ids the database hands out (one more than the highest) more
 * room than any blog will use: a client cannot exhaust them.
 */
export const MAX_PUT_ID = 2_147_483_647;

/** Session lifetime, in seconds: the cookie's Max-Age and the row's expiry. */
export const SESSION_SECONDS = 7 * 24 * 3600;

/**
 * Every query of the blog, behind one interface with two engines: `SqliteStore` (an embedded file,
 * the default) and `PostgresStore` (a server several instances share). Controllers see only this,
 * so the same tests run against both. Steps that must not be seen half-done (a PUT that creates or
 * replaces, a delete that checks the author) are one transaction each.
 *
 * @example
 * ```ts
 * const store = await openStore(process.env.DATABASE_URL ?? './data/blog.db');
 * const post = await store.createPost(user.id, 'Hello', 'First post');
 * ```
 */
export interface BlogStore {
  readonly engine: 'sqlite' | 'postgres';
  readonly sessionSeconds: number;

  userById(id: number): Promise<UserRow | undefined>;
  userByEmail(email: string): Promise<UserRow | undefined>;
  /** Inserts a user; `undefined` when the email is taken (case-insensitively). */
  createUser(email: string, passwordHash: string): Promise<UserRow | undefined>;

  /** A new random session token for the user. */
  createSession(userId: number): Promise<string>;
  sessionUser(token: string): Promise<UserRow | undefined>;
  deleteSession(token: string): Promise<void>;

  post(id: number): Promise<PostRow | undefined>;
  latestPostId(): Promise<number | undefined>;
  posts(limit: number, offset: number): Promise<PostRow[]>;
  /** Posts whose id is greater than `afterId`, oldest first: what a feed missed since the last one it saw. */
  postsAfter(afterId: number, limit: number): Promise<PostRow[]>;
  countPosts(): Promise<number>;
  createPost(authorId: number, title: string, body: string): Promise<PostRow>;
  /** PUT: creates the post under `id` (up to `MAX_PUT_ID`), replaces it for its author, or refuses anyone else, atomically. */
  putPost(id: number, authorId: number, title: string, body: string): Promise<PutOutcome>;
  /** Deletes the author's own post, atomically with the check. */
  deletePost(id: number, authorId: number): Promise<DeleteOutcome>;

  /** A number that changes whenever any post is created, changed or deleted (a trigger bumps it). */
  postsVersion(): Promise<number>;
  /** Every post for the CSV snapshot, and the version they are at, read together. */
  exportSnapshot(): Promise<{ version: number; rows: ExportRow[] }>;
  /** Every post in batches from a consistent snapshot, without the whole table in memory. */
  exportBatches(size: number): AsyncGenerator<ExportRow[]>;

  /**
   * Calls `listener` with each post created from now on by any process on this database (another
   * `--workers` process, another instance), in id order; returns the function that stops it.
   */
  onNewPost(listener: (post: PostRow) => void): () => void;

  /** The secret that signs cookies when none is configured: generated once and kept in the database. */
  cookieSecret(): Promise<string>;
  close(): Promise<void>;
}
