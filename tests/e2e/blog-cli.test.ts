import { spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { get } from 'node:http';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '@arobase/sample-blog';
import { arobaseChai, TestClient } from '@arobase/testing';
import * as chai from 'chai';
import { expect } from 'chai';
import { BLOG, killAll, type Running, serveBlog as serve } from '../helpers/blog-process';

chai.use(arobaseChai);

const PASSWORD = 'correct horse battery';

function blog(args: string[]) {
  return spawnSync(process.execPath, [BLOG, ...args], { encoding: 'utf8', timeout: 15_000 });
}

describe('e2e: the blog CLI over real HTTP', () => {
  let dir: string;
  const running: Running[] = [];
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'blog-e2e-'));
  });
  afterEach(async () => {
    await killAll(running);
    rmSync(dir, { recursive: true, force: true });
  });

  it('migrates a new database, then signs up, logs in, posts, lists, exports both ways and logs out', async () => {
    const server = await serve(['--db', join(dir, 'data', 'blog.db')]);
    running.push(server);
    expect(server.output()).to.match(/migrating database schema from version 0 to 3/);
    const client = new TestClient(server.url);

    const signup = await client.post('/auth/signup', {
      json: { email: 'ada@example.com', password: PASSWORD },
    });
    expect(signup).to.have.status(201).and.header('location', '/users/1');
    const login = await client.post('/auth/login', {
      json: { email: 'ada@example.com', password: PASSWORD },
    });
    expect(login).to.have.cookie('session').that.is.httpOnly.and.secure.and.sameSite('lax');
    expect(await client.getCookie('session')).not.to.equal(undefined);
    expect(await client.get('/me')).to.have.status(200);

    const first = await client.post('/posts', { json: { title: 'First', body: 'Hello, world' } });
    expect(first).to.have.status(201).and.header('location', '/posts/1');
    const second = await client.put('/posts/2', { json: { title: 'Second', body: 'Again' } });
    expect(second).to.have.status(201);
    const list = await client.get('/posts');
    expect(list).to.have.status(200).and.header('x-total-count', '2');
    expect(list.json().map((p: { title: string }) => p.title)).to.deep.equal(['First', 'Second']);
    expect(list.text).not.to.match(/password|scrypt/);
    const latest = await client.get('/posts/latest');
    expect(latest).to.have.status(307).and.header('location', '/posts/2');

    const file = await client.get('/posts/export.csv');
    expect(file).to.have.status(200).and.header('content-disposition', 'attachment; filename="posts.csv"');
    const stream = await client.get('/posts/export.stream.csv');
    expect(stream).to.have.status(200).and.header('transfer-encoding', 'chunked');
    expect(stream.text).to.equal(file.text);
    expect(file.text.split('\r\n')).to.have.length(4);
    expect(file.text).to.contain('"Hello, world"');

    const logout = await client.post('/auth/logout');
    expect(logout).to.have.cookie('session').that.is.deleted;
    expect(await client.getCookie('session')).to.equal(undefined);
    expect(await client.get('/me')).to.have.status(401);

    const health = await client.get('/health');
    expect(health).to.have.header('content-type', 'text/html; charset=utf-8');
    server.child.kill('SIGTERM');
    expect((await server.exited).code).to.equal(0);
    expect(server.output()).to.match(/SIGTERM: finishing in-flight requests\nblog: stopped/);
  });

  it('lets a large streaming export finish after SIGTERM', async () => {
    const db = join(dir, 'blog.db');
    const seed = openDatabase(db);
    seed.prepare("INSERT INTO users (email, password_hash) VALUES ('seed@example.com', 'x')").run();
    const insert = seed.prepare('INSERT INTO posts (author_id, title, body) VALUES (1, ?, ?)');
    seed.transaction(() => {
      for (let i = 1; i <= 5000; i++) insert.run(`Post ${i}`, 'lorem ipsum dolor sit amet, '.repeat(3));
    })();
    seed.close();
    // 25 batches of 200 rows, 20 ms apart: the export lasts about half a second.
    const server = await serve(['--db', db], { BLOG_EXPORT_THROTTLE_MS: '20' });
    running.push(server);

    const result = await new Promise<{ body: string; atSignal: number; endedAt: number }>((done, fail) => {
      get(`${server.url}/posts/export.stream.csv`, (res) => {
        let body = '';
        let atSignal = -1;
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          body += chunk;
          if (atSignal < 0) {
            atSignal = body.length;
            server.child.kill('SIGTERM');
          }
        });
        res.on('end', () => done({ body, atSignal, endedAt: Date.now() }));
        res.on('error', fail);
      }).on('error', fail);
    });
    const exit = await server.exited;
    const lines = result.body.trimEnd().split('\r\n');
    expect(lines).to.have.length(5001);
    expect(lines[5000]).to.match(/^5000,Post 5000,1,/);
    // The signal went out with the first bytes, long before the last row.
    expect(result.atSignal).to.be.lessThan(result.body.length / 2);
    expect(exit.code).to.equal(0);
    expect(exit.at).to.be.at.least(result.endedAt);
    // The client keeps its connection alive: the server must not wait for it to time out.
    expect(exit.at - result.endedAt).to.be.lessThan(4000); // a held connection would take 5 s (the agent's idle timeout)
    expect(server.output()).to.match(/SIGTERM: finishing in-flight requests\nblog: stopped/);
  });

  it('runs --workers 2 on one port and stops them all on SIGTERM', async () => {
    const server = await serve(['--db', join(dir, 'blog.db'), '--workers', '2']);
    running.push(server);
    expect(server.output()).to.match(/with 2 workers/);
    const client = new TestClient(server.url);
    await client.post('/auth/signup', { json: { email: 'ada@example.com', password: PASSWORD } });
    await client.post('/auth/login', { json: { email: 'ada@example.com', password: PASSWORD } });
    // Whichever worker answers, the session verifies: the secret is shared through the database.
    for (let i = 0; i < 4; i++) expect(await client.get('/me')).to.have.status(200);
    server.child.kill('SIGTERM');
    expect((await server.exited).code).to.equal(0);
    expect(server.output())
      .to.match(/worker 1: stopped/)
      .and.match(/worker 2: stopped/)
      .and.match(/all workers stopped/);
  });

  it('cuts a client that sends less than it announced, or its headers a byte at a time, after --request-timeout', async () => {
    const server = await serve(['--db', join(dir, 'blog.db'), '--request-timeout', '1']);
    running.push(server);
    const { hostname, port } = new URL(server.url);
    /** Sends `bytes` and never the rest; resolves with what the server answered and when it closed. */
    const stall = async (bytes: string) => {
      const socket = connect(Number(port), hostname);
      const started = Date.now();
      let answer = '';
      socket.setEncoding('utf8');
      socket.on('data', (chunk: string) => {
        answer += chunk;
      });
      socket.write(bytes);
      await once(socket, 'close');
      return { answer, after: Date.now() - started };
    };
    const [shortBody, slowHeaders] = await Promise.all([
      stall(
        'POST /auth/login HTTP/1.1\r\nHost: blog\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"email":',
      ),
      stall('GET /posts HTTP/1.1\r\nHost: blog\r\nX-Slow: a'),
    ]);
    for (const cut of [shortBody, slowHeaders]) {
      expect(cut.answer).to.match(/^HTTP\/1\.1 408 Request Timeout\r\n/);
      // The limit is 1 s and Node checks once a second: cut within 2 s and a margin for a busy machine.
      expect(cut.after).to.be.within(900, 4000);
    }
    // A client that sends its whole request in time is served as usual.
    const client = new TestClient(server.url);
    expect(await client.get('/posts')).to.have.status(200);
  });

  it('prints the route table and the help', () => {
    const routes = blog(['routes']);
    expect(routes.status).to.equal(0);
    expect(routes.stdout).to.match(/^METHOD\s+PATH\s+STATUS\s+RESPONSE MODEL\s+RESPONSE CLASS/);
    expect(routes.stdout).to.match(/^PUT\s+\/posts\/:id\s+200\s+PostOut\s+JSONResponse/m);
    expect(routes.stdout).to.match(/^GET\s+\/posts\/export\.stream\.csv\s+200\s+-\s+StreamingResponse/m);
    const help = blog(['--help']);
    expect(help.status).to.equal(0);
    expect(help.stdout)
      .to.match(/Usage: blog/)
      .and.match(/serve \[options\]/)
      .and.match(/routes/);
    const serveHelp = blog(['serve', '--help']);
    expect(serveHelp.stdout)
      .to.match(/--workers <n>/)
      .and.match(/BLOG_COOKIE_SECRET/);
  });

  it('refuses bad input with a clear message and a non-zero exit', async function () {
    // A dozen CLI processes, one after another, each loading the whole app: ~12 s on an idle machine.
    this.timeout(90_000);
    const cases: [string[], RegExp][] = [
      [
        ['serve', '--port', 'abc'],
        /--port <port>' argument 'abc' is invalid\. A port is an integer from 0 to 65535/,
      ],
      [['serve', '--port', '70000'], /argument '70000' is invalid/],
      [['serve', '--workers', '0'], /--workers <n>' argument '0' is invalid/],
      [['serve', '--bogus'], /unknown option '--bogus'/],
      [['nope'], /unknown command 'nope'/],
    ];
    for (const [args, message] of cases) {
      const res = blog(args);
      expect(res.status, args.join(' ')).to.equal(1);
      expect(res.stderr, args.join(' ')).to.match(message);
    }
    const aFile = join(dir, 'a-file');
    writeFileSync(aFile, 'not a folder');
    const unwritable = blog(['serve', '--port', '0', '--db', join(aFile, 'blog.db')]);
    expect(unwritable.status).to.equal(1);
    expect(unwritable.stderr).to.match(
      /error: cannot open the database at .*a-file\/blog\.db: a part of the path is a file/,
    );
    const notSqlite = blog(['serve', '--port', '0', '--db', aFile]);
    expect(notSqlite.status).to.equal(1);
    expect(notSqlite.stderr).to.match(/is not a SQLite database/);
    // Node's recursive mkdirSync spins forever there; the CLI must answer at once.
    const procfs = blog(['serve', '--port', '0', '--db', '/proc/nope/x.db']);
    expect(procfs.error, 'blog serve --db /proc/nope/x.db timed out').to.equal(undefined);
    expect(procfs.status).to.equal(1);
    expect(procfs.stderr).to.equal(
      'error: cannot open the database at /proc/nope/x.db: the folder /proc/nope cannot be created\n',
    );

    const busy = createServer();
    await new Promise<void>((done) => busy.listen(0, '127.0.0.1', done));
    try {
      const port = (busy.address() as { port: number }).port;
      for (const workers of ['1', '2']) {
        const db = join(dir, 'busy', 'blog.db');
        const inUse = blog(['serve', '--port', String(port), '--db', db, '--workers', workers]);
        expect(inUse.status, `--workers ${workers}`).to.equal(1);
        expect(inUse.stderr).to.equal(
          `error: cannot listen on 127.0.0.1:${port}: the port is already in use (choose another with --port)\n`,
        );
        // Checked before the database: nothing was created or migrated.
        expect(existsSync(join(dir, 'busy')), `--workers ${workers}`).to.equal(false);
      }
    } finally {
      busy.close();
    }
  });
});
