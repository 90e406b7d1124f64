import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { arobaseChai, TestClient } from '@arobase/testing';
import * as chai from 'chai';
import type { FastifyInstance } from 'fastify';
import { createBlogApp } from '../src/app';

chai.use(arobaseChai);

/** A blog on a fresh SQLite file in a temporary folder, removed by `close()`. */
export async function freshBlog(options: { cookieSecret?: string; dir?: string } = {}) {
  const dir = options.dir ?? mkdtempSync(join(tmpdir(), 'blog-test-'));
  const db = join(dir, 'blog.db');
  const app: FastifyInstance = await createBlogApp({ db, cookieSecret: options.cookieSecret });
  return {
    app,
    db,
    dir,
    // Every response of the suite is checked against the blog's OpenAPI document.
    client: () => new TestClient(app, { contract: true }),
    async close(keepFiles = false) {
      await app.close();
      if (!keepFiles) rmSync(dir, { recursive: true, force: true });
    },
  };
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
