import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { expect } from 'chai';
import { Client } from 'pg';
import { MIGRATIONS } from '../src/db/migrations';
import { openStore } from '../src/db/open';
import { newPosts } from '../src/db/post-stream';
import type { BlogStore, PostRow } from '../src/db/store';
import { ENGINES, type Engine } from './helpers';
import { postgresCluster } from './postgres-cluster';

/** A new empty database for `engine`, and how to remove it. */
async function newDatabase(engine: Engine): Promise<{ db: string; remove: () => Promise<void> }> {
  if (engine === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'blog-store-'));
    return { db: join(dir, 'blog.db'), remove: async () => rmSync(dir, { recursive: true, force: true }) };
  }
  const cluster = await postgresCluster();
  const db = await cluster.createDatabase();
  return { db, remove: () => cluster.dropDatabase(db) };
}

async function schemaVersion(engine: Engine, db: string): Promise<number> {
  if (engine === 'sqlite') {
    const file = new Database(db, { readonly: true });
    try {
      return file.pragma('user_version', { simple: true }) as number;
    } finally {
      file.close();
    }
  }
  const client = new Client({ connectionString: db });
  await client.connect();
  try {
    return (await client.query('SELECT version FROM schema_version')).rows[0].version;
  } finally {
    await client.end();
  }
}

for (const engine of ENGINES) {
  describe(`blog store on ${engine}`, () => {
    let db: string;
    let remove: (() => Promise<void>) | undefined;
    const open: BlogStore[] = [];
    beforeEach(async () => {
      remove = undefined;
      ({ db, remove } = await newDatabase(engine));
    });
    afterEach(async () => {
      for (const store of open.splice(0)) await store.close();
      await remove?.(); // undefined when the database could not be made (the hook failed, saying why)
    });
    const store = async (log?: (line: string) => void) => {
      const opened = await openStore(db, { log, poolSize: 2 });
      open.push(opened);
      return opened;
    };

    it('migrates to the version number the migration list has, once, whoever opens first', async () => {
      const lines: string[] = [];
      // Two processes starting together: one migrates, the other finds the schema current.
      await Promise.all([store((l) => lines.push(l)), store((l) => lines.push(l))]);
      expect(await schemaVersion(engine, db)).to.equal(MIGRATIONS.length);
      expect(lines.filter((l) => l.startsWith('migrating'))).to.deep.equal([
        `migrating database schema from version 0 to ${MIGRATIONS.length}`,
      ]);
      const later: string[] = [];
      await store((l) => later.push(l));
      expect(later).to.deep.equal([`database schema is up to date (version ${MIGRATIONS.length})`]);
    });

    it('keeps one cookie secret for every process that opens the database', async () => {
      const [a, b] = await Promise.all([store(), store()]);
      const [first, second] = await Promise.all([a.cookieSecret(), b.cookieSecret()]);
      expect(first).to.match(/^[\w-]{43}$/);
      expect(second).to.equal(first);
    });

    it('tells every process of a new post, in id order, and stops when asked', async () => {
      const writer = await store();
      const reader = await store();
      const author = (await writer.createUser('ada@example.com', 'x'))!;
      await writer.createPost(author.id, 'before', 'not new once listening starts');
      const heard: PostRow[] = [];
      const stop = reader.onNewPost((post) => heard.push(post));
      // The feed starts from the newest post when it subscribes; let its first read settle.
      await new Promise((done) => setTimeout(done, 300));
      const started = Date.now();
      await writer.createPost(author.id, 'one', 'a');
      await writer.createPost(author.id, 'two', 'b');
      while (heard.length < 2 && Date.now() - started < 5000) await new Promise((d) => setTimeout(d, 20));
      expect(heard.map((p) => p.title)).to.deep.equal(['one', 'two']);
      expect(heard[0].author.id).to.equal(author.id);
      stop();
      await writer.createPost(author.id, 'three', 'c');
      await new Promise((done) => setTimeout(done, 600));
      expect(heard).to.have.length(2);
    });

    it('streams the posts a client missed, then new ones from any process, each once, until aborted', async () => {
      const writer = await store();
      const reader = await store();
      const author = (await writer.createUser('ada@example.com', 'x'))!;
      const seen = (await writer.createPost(author.id, 'seen', 'a')).id;
      await writer.createPost(author.id, 'missed', 'b');
      const abort = new AbortController();
      const titles: string[] = [];
      const consumed = (async () => {
        for await (const post of newPosts(reader, { after: seen, signal: abort.signal })) {
          titles.push(post.title);
          if (titles.length === 1) await writer.createPost(author.id, 'new', 'c'); // written while catching up
        }
      })();
      const started = Date.now();
      while (titles.length < 2 && Date.now() - started < 5000) await new Promise((d) => setTimeout(d, 20));
      abort.abort();
      await consumed; // the loop ends when aborted
      expect(titles).to.deep.equal(['missed', 'new']);
    });

    it('runs a PUT that creates as one transaction: concurrent PUTs to one new id create it once', async () => {
      const [a, b] = await Promise.all([store(), store()]);
      const ada = (await a.createUser('ada@example.com', 'x'))!;
      const bob = (await a.createUser('bob@example.com', 'x'))!;
      const outcomes = await Promise.all([
        a.putPost(9, ada.id, 'ada', 'a'),
        b.putPost(9, bob.id, 'bob', 'b'),
        a.putPost(9, ada.id, 'ada again', 'a'),
      ]);
      const kinds = outcomes.map((o) => o.outcome);
      expect(kinds.filter((k) => k === 'created')).to.have.length(1);
      const owner = (await a.post(9))!.author.id;
      expect(kinds[1]).to.equal(owner === bob.id ? 'created' : 'forbidden');
      // The id handed out next is past the one PUT chose.
      expect((await a.createPost(ada.id, 'next', 'n')).id).to.equal(10);
    });
  });
}
