import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { arobaseChai, TestClient } from '@arobase/testing';
import Database from 'better-sqlite3';
import * as chai from 'chai';
import type { FastifyInstance } from 'fastify';
import { Client } from 'pg';
import { createBlogApp } from '../src/app';
import { openStore } from '../src/db/open';
import { postgresCluster } from './postgres-cluster';

chai.use(arobaseChai);

/** Both engines run every suite of the blog: the same requests, the same answers. */
export const ENGINES = ['sqlite', 'postgres'] as const;
export type Engine = (typeof ENGINES)[number];

/** Options of `freshBlog`. */
export interface FreshOptions {
  engine?: Engine;
  cookieSecret?: string | string[];
  /** Reopen this blog's database (and exports folder) instead of making a new one. */
  again?: { db: string; dir: string };
}

/**
 * A blog on a fresh database: a SQLite file in a temporary folder, or a new database on the test
 * PostgreSQL server. `close()` removes both, unless asked to keep them.
 */
export async function freshBlog(options: FreshOptions = {}) {
  const engine = options.engine ?? 'sqlite';
  const dir = options.again?.dir ?? mkdtempSync(join(tmpdir(), 'blog-test-'));
  const db =
    options.again?.db ??
    (engine === 'sqlite'
      ? join(dir, 'blog.db')
      : await (await postgresCluster()).createDatabase(await migrated()));
  const app: FastifyInstance = await createBlogApp({
    db,
    cookieSecret: options.cookieSecret,
    export: { directory: join(dir, 'exports') },
  });
  return {
    app,
    db,
    dir,
    engine,
    // Every response of the suite is checked against the blog's OpenAPI document.
    client: () => new TestClient(app, { contract: true }),
    /** Runs SQL on its own connection, as another process would; `?` marks the parameters. */
    sql: (text: string, ...params: unknown[]) => runSql(db, text, params),
    async close(keep = false) {
      await app.close();
      if (keep) return;
      rmSync(dir, { recursive: true, force: true });
      if (engine === 'postgres') await (await postgresCluster()).dropDatabase(db);
    },
  };
}

export type Blog = Awaited<ReturnType<typeof freshBlog>>;

let template: Promise<string> | undefined;

/**
 * A PostgreSQL database migrated once, that each test's database copies: quicker than migrating
 * every one (the store and e2e suites still migrate empty databases).
 */
function migrated(): Promise<string> {
  template ??= (async () => {
    const url = await (await postgresCluster()).createDatabase();
    await (await openStore(url)).close();
    return new URL(url).pathname.slice(1);
  })();
  return template;
}

async function runSql(db: string, text: string, params: unknown[]): Promise<Record<string, unknown>[]> {
  if (!db.startsWith('postgres')) {
    const connection = new Database(db);
    try {
      const statement = connection.prepare(text);
      if (!statement.reader) {
        statement.run(...params);
        return [];
      }
      return statement.all(...params) as Record<string, unknown>[];
    } finally {
      connection.close();
    }
  }
  const client = new Client({ connectionString: db });
  await client.connect();
  try {
    let n = 0;
    return (
      await client.query(
        text.replace(/\?/g, () => `$${++n}`),
        params,
      )
    ).rows;
  } finally {
    await client.end();
  }
}

export const PASSWORD = 'correct horse battery';

/** Signs up and logs in a user on `client`, returning the user's id. */
export async function signedIn(client: TestClient, email: string): Promise<number> {
  const signup = await client.post('/auth/signup', { json: { email, password: PASSWORD } });
  if (signup.status !== 201) throw new Error(`signup failed: ${signup.status} ${signup.text}`);
  const login = await client.post('/auth/login', { json: { email, password: PASSWORD } });
  if (login.status !== 200) throw new Error(`login failed: ${login.status} ${login.text}`);
  return signup.json().id;
}
