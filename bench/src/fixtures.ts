// The data every server answers with. Each server builds it once at start-up, as a cache or an ORM
// would hand it over, and its response model (or hand-written schema) decides what reaches the wire.

/** Scenario A. */
export const HELLO = { hello: 'world' };

/** Scenario B: the two headers and two cookies every server sets through its injected response. */
export const B_HEADERS = { 'x-bench': 'b', 'cache-control': 'no-store' } as const;
export const B_COOKIES = [
  { name: 'session', value: 'abc123', sameSite: 'lax' },
  { name: 'theme', value: 'dark', sameSite: 'strict' },
] as const;
export const B_BODY = { ok: true };

/** Scenario C: a user of 10 fields (passwordHash and lastLoginIp hidden) with 50 posts of 6 fields (tenantId hidden). */
export interface PostRow {
  id: number;
  title: string;
  slug: string;
  excerpt: string;
  likes: number;
  tenantId: string;
}
export interface UserRow {
  id: number;
  username: string;
  email: string;
  displayName: string;
  age: number;
  verified: boolean;
  createdAt: Date;
  passwordHash: string;
  lastLoginIp: string;
  posts: PostRow[];
}

export const USER_FIELDS = [
  'id',
  'username',
  'email',
  'displayName',
  'age',
  'verified',
  'createdAt',
  'posts',
];
export const POST_FIELDS = ['id', 'title', 'slug', 'excerpt', 'likes'];

/** The user of scenario C, with `count` posts (50 in the scenario; --scaling tries others). */
export function makeUser(count = 50): UserRow {
  const posts: PostRow[] = [];
  for (let i = 1; i <= count; i++) {
    posts.push({
      id: i,
      // Quotes, a backslash and non-ASCII: every serializer must escape them the same way.
      title: `Post ${i}: "notes" on C:\\engines, café`,
      slug: `post-${i}`,
      excerpt: 'The Analytical Engine weaves algebraic patterns just as the Jacquard loom weaves flowers.',
      likes: i * 7,
      tenantId: 'tenant-42',
    });
  }
  return {
    id: 42,
    username: 'ada',
    email: 'ada@example.com',
    displayName: 'Ada Lovelace',
    age: 36,
    verified: true,
    createdAt: new Date('2024-03-01T12:00:00.000Z'),
    passwordHash: '$argon2id$v=19$m=65536,t=3,p=4$c2FsdHNhbHQ$aGFzaGhhc2hoYXNo',
    lastLoginIp: '203.0.113.7',
    posts,
  };
}

/** Scenario D: a valid body (password and the unknown `role` must not come back) and an invalid one. */
export const NEW_USER = {
  username: 'grace',
  email: 'grace@example.com',
  displayName: 'Grace Hopper',
  age: 85,
  password: 'correct horse battery',
  tags: ['cobol', 'navy'],
  role: 'admin',
};
export const CREATED_FIELDS = ['username', 'email', 'displayName', 'age', 'tags'];
export const BAD_USER = { username: 'x', email: 'not-an-email', age: -1, password: 'short', tags: 'none' };

/** What every server must answer, computed from the fixtures rather than by any framework. */
export function expectedBodies(posts = 50) {
  const user = makeUser(posts);
  const pick = (row: object, fields: string[]) =>
    Object.fromEntries(fields.map((f) => [f, (row as Record<string, unknown>)[f]]));
  return {
    A: HELLO,
    B: B_BODY,
    C: JSON.parse(
      JSON.stringify({ ...pick(user, USER_FIELDS), posts: user.posts.map((p) => pick(p, POST_FIELDS)) }),
    ),
    D: pick(NEW_USER, CREATED_FIELDS),
  };
}

/** `--posts N` on a bench server's command line: the number of posts of scenario C's user. */
export function postsArg(argv = process.argv): number {
  const i = argv.indexOf('--posts');
  return i >= 0 ? Number(argv[i + 1]) : 50;
}

/**
 * The big body: `name` and 125,000 distinct short keys (`k0` to `k2oz3`), about 1.2 MB of JSON.
 * Every server strips the unknown keys and answers `{"name":"bulk"}`: the cost is reading them.
 */
export const BIG_BODY_KEYS = 125_000;
export function bigBody(): string {
  const body: Record<string, unknown> = { name: 'bulk' };
  for (let i = 0; i < BIG_BODY_KEYS; i++) body[`k${i.toString(36)}`] = 0;
  return JSON.stringify(body);
}
/** The servers' body limit for the big body (Fastify's default is 1 MiB). */
export const BIG_BODY_LIMIT = 4 * 1024 * 1024;
