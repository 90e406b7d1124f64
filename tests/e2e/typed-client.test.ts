import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createBlogApp } from '@arobase/sample-blog';
import { TestClient } from '@arobase/testing';
import { expect } from 'chai';
import type { FastifyInstance } from 'fastify';
import { listen } from '../helpers/server';

// docs/openapi.md's recipe: the sample's document, openapi-typescript's types, a client that
// TypeScript checks against them, run against the real server.
const ROOT = resolve(__dirname, '../../..');
const BLOG = join(ROOT, 'samples/blog/bin/blog.js');
const OPENAPI_TS = join(ROOT, 'node_modules/openapi-typescript/bin/cli.js');
const TSC = join(ROOT, 'node_modules/typescript/bin/tsc');

const CLIENT = `import type { components, paths } from './blog-api';

type PostOut = components['schemas']['PostOut'];
type PostList = paths['/posts']['get']['responses'][200]['content']['application/json'];
type NewPost = paths['/posts']['post']['requestBody']['content']['application/json'];

export async function titles(base: string, limit: number): Promise<string[]> {
  const res = await fetch(\`\${base}/posts?limit=\${limit}\`);
  const total: string | null = res.headers.get('x-total-count');
  const posts = (await res.json()) as PostList;
  return [String(total), ...posts.map((post: PostOut) => post.title ?? '')];
}

export const draft: NewPost = { title: 'Hello', body: 'First post' };
`;

// Drift caught at compile time: the hash is not in PostOut, a title is required in a new post.
const WRONG = `import type { components, paths } from './blog-api';
export const leaked: components['schemas']['PostOut'] = { id: 1, password_hash: 'x' };
export const untitled: paths['/posts']['post']['requestBody']['content']['application/json'] = { body: 'b' };
`;

function tsc(dir: string, file: string, emit: boolean) {
  const args = [
    TSC,
    '--ignoreConfig',
    '--strict',
    '--target',
    'es2022',
    '--module',
    'node20',
    '--types',
    'node',
    '--skipLibCheck',
  ];
  args.push(...(emit ? ['--outDir', join(dir, 'out')] : ['--noEmit']), join(dir, file));
  return spawnSync(process.execPath, args, { cwd: ROOT, encoding: 'utf8' });
}

describe("e2e: a typed client generated from the blog's document", function () {
  this.timeout(60_000);
  let dir: string;
  let app: FastifyInstance;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'typed-client-'));
  });
  after(async () => {
    await app?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('compiles against the generated types, refuses what the document forbids, and talks to the server', async () => {
    execFileSync(process.execPath, [BLOG, 'openapi', '--out', join(dir, 'openapi.json')]);
    execFileSync(process.execPath, [OPENAPI_TS, join(dir, 'openapi.json'), '-o', join(dir, 'blog-api.ts')], {
      stdio: 'ignore',
    });
    writeFileSync(join(dir, 'client.ts'), CLIENT);
    writeFileSync(join(dir, 'wrong.ts'), WRONG);

    const wrong = tsc(dir, 'wrong.ts', false);
    expect(wrong.status).to.not.equal(0);
    expect(wrong.stdout).to.include("'password_hash' does not exist in type");
    expect(wrong.stdout).to.match(/Property 'title' is missing/);

    const ok = tsc(dir, 'client.ts', true);
    expect(ok.stdout + ok.stderr).to.equal('');
    expect(ok.status).to.equal(0);

    app = await createBlogApp({ db: ':memory:' });
    const { host, port } = await listen(app);
    const base = `http://${host}:${port}`;
    const author = new TestClient(app);
    await author.post('/auth/signup', { json: { email: 'ada@example.com', password: 'correct horse' } });
    await author.post('/auth/login', { json: { email: 'ada@example.com', password: 'correct horse' } });
    const client = require(join(dir, 'out/client.js')) as {
      titles(base: string, limit: number): Promise<string[]>;
      draft: object;
    };
    expect((await author.post('/posts', { json: client.draft })).status).to.equal(201);
    expect(await client.titles(base, 5)).to.deep.equal(['1', 'Hello']);
  });
});
