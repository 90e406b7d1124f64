import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Controller, createApp, Get, JSONResponse, openapiDocument, ResponseModel } from '@arobase/core';
import { createBlogApp } from '@arobase/sample-blog';
import { arobaseChai, ContractError, TestClient } from '@arobase/testing';
import * as chai from 'chai';
import { Expose } from 'class-transformer';
import type { FastifyInstance } from 'fastify';
import { expectValidOpenAPI } from '../helpers/openapi';

chai.use(arobaseChai);
const { expect } = chai;

class UserOut {
  @Expose() id!: number;
  @Expose() email!: string;
}

@Controller('/users')
class UserController {
  @Get('/:id')
  @ResponseModel(UserOut)
  get() {
    return { id: 1, email: 'a@b.co', password_hash: 'x' };
  }

  // The bug: a hand-built response skips the model and sends the row whole.
  @Get('/:id/raw')
  @ResponseModel(UserOut)
  raw() {
    return new JSONResponse({ id: 1, email: 'a@b.co', password_hash: 'x' });
  }

  @Get('/:id/teapot')
  teapot() {
    return new JSONResponse({ detail: 'short and stout' }, { status: 418 });
  }
}

describe('contract testing: every response against the document', () => {
  let app: FastifyInstance;
  before(async () => {
    app = await createApp({ controllers: [UserController] });
  });
  after(() => app.close());

  it('passes what the document says, and fails a drift with a message naming the operation and the field', async () => {
    const client = new TestClient(app, { contract: true });
    expect(await client.get('/users/1')).to.have.status(200);
    let error: unknown;
    await client.get('/users/1/raw').catch((e) => (error = e));
    expect(error).to.be.instanceOf(ContractError);
    expect((error as Error).message).to.equal(
      'Response does not match the OpenAPI document: User_raw (GET /users/{id}/raw) answered 200 with a body ' +
        'that does not match its schema: (body) must NOT have additional properties (password_hash); ' +
        'body: {"id":1,"email":"a@b.co","password_hash":"x"}',
    );
  });

  it('fails an undocumented status, and matchContract() checks one response', async () => {
    const client = new TestClient(app, { contract: true });
    const error = await client.get('/users/1/teapot').then(
      () => undefined,
      (e: Error) => e,
    );
    expect(error?.message).to.include(
      'User_teapot (GET /users/{id}/teapot) answered 418, a status the document does not list (it lists 200)',
    );
    const lenient = new TestClient(app);
    expect(await lenient.get('/users/1')).to.matchContract();
    expect(() => expect(lenient.get('/users/1/raw')).to.matchContract()).to.throw(TypeError);
    const raw = await lenient.get('/users/1/raw');
    expect(() => expect(raw).to.matchContract()).to.throw('must NOT have additional properties');
    expect(await app.inject('/users/1')).to.matchContract(app);
  });
});

describe("the blog sample's document", () => {
  it('is valid OpenAPI 3.1 and documents every route, and `blog openapi --out` writes it', async () => {
    const blog = await createBlogApp({ db: ':memory:' });
    try {
      await blog.ready();
      const doc = openapiDocument(blog);
      await expectValidOpenAPI(doc);
      for (const [path, operations] of Object.entries(doc.paths)) {
        for (const [method, operation] of Object.entries(operations)) {
          expect(operation.summary, `${method} ${path}`).to.be.a('string');
        }
      }
      const posts = doc.paths['/posts'] as Record<string, any>;
      expect(posts.get.responses[200].headers).to.have.property('X-Total-Count');
      expect(posts.post.responses[201].headers).to.have.property('Location');
      expect(posts.post.responses).to.have.keys('201', '401', '422');
      expect((doc.paths['/posts/{id}'] as Record<string, any>).delete.responses).to.have.keys(
        '204',
        '401',
        '403',
        '404',
        '422',
      );
      expect((doc.paths['/auth/login'] as Record<string, any>).post.responses[200].headers).to.have.property(
        'Set-Cookie',
      );
      const dir = mkdtempSync(join(tmpdir(), 'blog-openapi-'));
      try {
        const out = join(dir, 'openapi.json');
        execFileSync(process.execPath, [
          join(__dirname, '../../../samples/blog/bin/blog.js'),
          'openapi',
          '--out',
          out,
        ]);
        expect(JSON.parse(readFileSync(out, 'utf8'))).to.deep.equal(JSON.parse(JSON.stringify(doc)));
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    } finally {
      await blog.close();
    }
  });
});
