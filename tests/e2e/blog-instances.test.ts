import { spawnSync } from 'node:child_process';
import { get } from 'node:http';
import { type PostgresCluster, postgresCluster } from '@arobase/sample-blog/dist/test/postgres-cluster';
import { arobaseChai, TestClient } from '@arobase/testing';
import * as chai from 'chai';
import { expect } from 'chai';
import { EventSource } from 'eventsource';
import { Client } from 'pg';
import { BLOG, killAll, type Running, serveBlog } from '../helpers/blog-process';

chai.use(arobaseChai);

const PASSWORD = 'correct horse battery';

/** Runs SQL on the database as an operator would, beside the running instances. */
async function sql(url: string, text: string): Promise<void> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

describe('e2e: two blog instances on one PostgreSQL database', () => {
  let cluster: PostgresCluster;
  let db: string;
  const running: Running[] = [];
  before(async function () {
    this.timeout(60_000); // initdb and the first start of the server
    cluster = await postgresCluster();
  });
  beforeEach(async () => {
    db = await cluster.createDatabase();
  });
  afterEach(async () => {
    await killAll(running);
    await cluster.dropDatabase(db);
  });

  /** Two processes as two machines would run them: own ports, own pools, one database. */
  async function twoInstances(env: Record<string, string> = {}): Promise<[Running, Running]> {
    const url = db.replace('postgres@', 'postgres:not-to-be-printed@');
    // The first migrates; the second, started after, finds the schema current.
    const a = await serveBlog(['--pool', '4'], { DATABASE_URL: url, ...env });
    running.push(a);
    const b = await serveBlog(['--pool', '4'], { DATABASE_URL: url, ...env });
    running.push(b);
    expect(a.output()).to.match(/migrating database schema from version 0 to 4/);
    expect(b.output()).to.match(/database schema is up to date \(version 4\)/);
    // The URL is shown, its password never is (the test server trusts any password).
    expect(a.output()).to.contain('opening database postgres://postgres:***@127.0.0.1');
    expect(a.output() + b.output()).not.to.contain('not-to-be-printed');
    return [a, b];
  }

  it('says in one line, without the password, why it cannot open a PostgreSQL database', () => {
    const cases: [string, string][] = [
      [
        cluster.url('no_such_db').replace('postgres@', 'postgres:pw@'),
        'the database does not exist (create it first: createdb)',
      ],
      ['postgres://blog:pw@127.0.0.1:1/blog', 'no server answers at 127.0.0.1:1'],
    ];
    for (const [url, reason] of cases) {
      const res = spawnSync(process.execPath, [BLOG, 'serve', '--port', '0'], {
        env: { ...process.env, DATABASE_URL: url },
        encoding: 'utf8',
        timeout: 15_000,
      });
      expect(res.status, url).to.equal(1);
      expect(res.stderr).to.equal(
        `error: cannot open the database at ${url.replace(':pw@', ':***@')}: ${reason}\n`,
      );
    }
  });

  it('shares sessions, posts and the CSV export: what one instance writes, the other serves', async () => {
    const [a, b] = await twoInstances();
    expect(a.url).not.to.equal(b.url);
    const onA = new TestClient(a.url);
    await onA.post('/auth/signup', { json: { email: 'ada@example.com', password: PASSWORD } });
    expect(
      await onA.post('/auth/login', { json: { email: 'ada@example.com', password: PASSWORD } }),
    ).to.have.status(200);
    const cookie = (await onA.getCookie('session'))!.cookieString();

    // The session made on A is a row, and the signing secret is in the database: B verifies both.
    const onB = new TestClient(b.url);
    const me = await onB.get('/me', { headers: { cookie } });
    expect(me).to.have.status(200);
    expect(me.json()).to.include({ email: 'ada@example.com' });

    const created = await onA.post('/posts', { json: { title: 'Written on A', body: 'Hello from A' } });
    expect(created).to.have.status(201);
    const list = await onB.get('/posts');
    expect(list).to.have.header('x-total-count', '1');
    expect(list.json().map((p: { title: string }) => p.title)).to.deep.equal(['Written on A']);
    for (const url of ['/posts/export.csv', '/posts/export.stream.csv']) {
      const csv = await onB.get(url);
      expect(csv, url).to.have.status(200);
      expect(csv.text, url).to.match(/\r\n1,Written on A,1,[\d-]+T[\d:.]+Z,Hello from A\r\n$/);
    }
    // And the other way round: B writes with A's session, A sees it.
    const fromB = await onB.put('/posts/5', {
      json: { title: 'Written on B', body: 'b' },
      headers: { cookie },
    });
    expect(fromB).to.have.status(201);
    expect((await onA.get('/posts/latest')).header('location')).to.equal('/posts/5');
    // Logging out on B ends the session for A too.
    await onB.post('/auth/logout', { headers: { cookie } });
    expect(await onA.get('/me', { headers: { cookie } })).to.have.status(401);
  });

  it('streams on one instance the posts written on the other (the SSE feed hears every process)', async () => {
    const [a, b] = await twoInstances();
    const onA = new TestClient(a.url);
    await onA.post('/auth/signup', { json: { email: 'ada@example.com', password: PASSWORD } });
    await onA.post('/auth/login', { json: { email: 'ada@example.com', password: PASSWORD } });
    // A real SSE client on B; the post is written on A, whose process B's feed never sees.
    const source = new EventSource(`${b.url}/posts/events`);
    try {
      await new Promise((resolve, reject) => {
        source.addEventListener('open', resolve);
        source.addEventListener('error', reject);
      });
      const heard = new Promise<MessageEvent>((resolve) => source.addEventListener('post', resolve));
      const created = await onA.post('/posts', { json: { title: 'Across instances', body: 'secret?' } });
      expect(created).to.have.status(201);
      const event = await heard;
      expect(event.lastEventId).to.equal(String(created.json().id));
      const post = JSON.parse(event.data);
      expect(post).to.include({ id: created.json().id, title: 'Across instances' });
      // Through the PostOut model: the author without email or password hash.
      expect(JSON.stringify(post)).not.to.match(/email|password/);
    } finally {
      source.close();
    }
  });

  it('keeps serving on one instance while the other stops with SIGTERM in the middle of a request', async () => {
    const [a, b] = await twoInstances({ BLOG_EXPORT_THROTTLE_MS: '20' });
    await sql(
      db,
      `INSERT INTO users (email, password_hash) VALUES ('seed@example.com', 'x');
       INSERT INTO posts (author_id, title, body)
         SELECT 1, 'Post ' || i, 'lorem ipsum dolor sit amet' FROM generate_series(1, 4000) AS i;`,
    );
    const onB = new TestClient(b.url);
    const served: number[] = [];
    let stopping = true;
    // B answers throughout: before, while A finishes its in-flight export, and after A is gone.
    const traffic = (async () => {
      while (stopping) {
        served.push((await onB.get('/posts', { query: { limit: 1 } })).status);
        await new Promise((done) => setTimeout(done, 25));
      }
    })();
    const exported = await new Promise<string>((done, fail) => {
      get(`${a.url}/posts/export.stream.csv`, (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          if (body === '') a.child.kill('SIGTERM');
          body += chunk;
        });
        res.on('end', () => done(body));
        res.on('error', fail);
      }).on('error', fail);
    });
    const exit = await a.exited;
    stopping = false;
    await traffic;
    // A finished the request it had (20 batches, 20 ms apart), then exited cleanly.
    expect(exported.trimEnd().split('\r\n')).to.have.length(4001);
    expect(exit.code).to.equal(0);
    expect(a.output()).to.match(/SIGTERM: finishing in-flight requests\nblog: stopped/);
    expect(served.length).to.be.greaterThan(3);
    expect(new Set(served)).to.deep.equal(new Set([200]));
    // B is still whole: it reads, and it writes.
    const onB2 = new TestClient(b.url);
    await onB2.post('/auth/signup', { json: { email: 'bob@example.com', password: PASSWORD } });
    await onB2.post('/auth/login', { json: { email: 'bob@example.com', password: PASSWORD } });
    expect(await onB2.post('/posts', { json: { title: 'After A', body: 'b' } })).to.have.status(201);
    expect(await onB2.get('/posts/4001')).to.have.status(200);
  });
});
