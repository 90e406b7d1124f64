// The examples of docs/openapi.md, run as written (examples-in-sync.test.ts checks the page quotes them).
import {
  Body,
  Controller,
  createApp,
  Get,
  HttpException,
  JSONResponse,
  openapiDocument,
  Param,
  Post,
  Query,
  Res,
  Response,
  ResponseModel,
} from '@arobase/core';
import { arobaseChai, TestClient } from '@arobase/testing';
import * as chai from 'chai';
import { expect } from 'chai';
import { Expose, Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min, MinLength } from 'class-validator';
import type { FastifyInstance } from 'fastify';
import { expectValidOpenAPI } from '../helpers/openapi';

chai.use(arobaseChai);

class PostIn {
  @IsString() @MinLength(1) @MaxLength(200) title!: string;
  @IsOptional() @IsString() body?: string;
}

class Page {
  @IsOptional() @IsInt() @Min(1) @Max(100) limit = 20;
}

class AuthorOut {
  @Expose() id!: number;
}

class PostOut {
  @Expose() id!: number;
  @Expose() title!: string;
  @Expose({ name: 'created_at' }) @Type(() => Date) createdAt!: Date;
  @Expose() @Type(() => AuthorOut) author!: AuthorOut;
}

const posts = [{ id: 1, title: 'Hello', createdAt: new Date(0), author: { id: 7, password_hash: 'x' } }];

@Controller('/posts', { tags: ['posts'] })
class PostController {
  @Get('/', {
    summary: 'List posts',
    responses: { 200: { headers: { 'X-Total-Count': { description: 'How many posts in all' } } } },
  })
  @ResponseModel([PostOut])
  list(@Query() page: Page, @Res() res: Response) {
    res.headers.set('X-Total-Count', String(posts.length));
    return posts.slice(0, page.limit);
  }

  @Get('/:id', { summary: 'A post', responses: { 404: { description: 'No such post' } } })
  @ResponseModel(PostOut)
  get(@Param('id', { description: "The post's id" }) id: number) {
    const post = posts.find((p) => p.id === id);
    if (post === undefined) throw new HttpException(404, 'No such post');
    return post;
  }

  @Post('/', {
    status: 201,
    summary: 'Write a post',
    responses: { 201: { headers: { Location: { description: 'The new post' } } } },
  })
  @ResponseModel(PostOut)
  create(@Body() body: PostIn, @Res() res: Response) {
    const post = { id: posts.length + 1, title: body.title, createdAt: new Date(), author: { id: 7 } };
    res.headers.set('Location', `/posts/${post.id}`);
    return post;
  }

  @Get('/internal/stats', { includeInSchema: false })
  stats() {
    return { posts: posts.length };
  }
}

@Controller('/buggy')
class BuggyController {
  // A hand-built response skips the model: the row goes out whole.
  @Get('/:id')
  @ResponseModel(PostOut)
  get() {
    return new JSONResponse({ ...posts[0], password_hash: 'x' });
  }
}

describe('docs/openapi.md', () => {
  let app: FastifyInstance;
  before(async () => {
    app = await createApp({
      controllers: [PostController, BuggyController],
      openapi: { info: { title: 'Blog', version: '1.0.0' } },
    });
    await app.ready();
  });
  after(() => app.close());

  it('serves the document the page describes, valid OpenAPI 3.1', async () => {
    const doc = (await app.inject('/openapi.json')).json();
    await expectValidOpenAPI(doc);
    expect(doc).to.deep.equal(JSON.parse(JSON.stringify(openapiDocument(app))));
    expect(doc.paths).to.not.have.property('/posts/internal/stats');
    const get = doc.paths['/posts/{id}'].get;
    expect(get).to.deep.include({ tags: ['posts'], summary: 'A post', operationId: 'Post_get' });
    expect(get.parameters).to.deep.equal([
      { name: 'id', in: 'path', required: true, description: "The post's id", schema: { type: 'number' } },
    ]);
    expect(Object.keys(get.responses)).to.deep.equal(['200', '404', '422']);
    expect(doc.paths['/posts'].get.parameters).to.deep.equal([
      { name: 'limit', in: 'query', schema: { type: 'integer', maximum: 100, minimum: 1, default: 20 } },
    ]);
    expect(doc.components.schemas.PostOut).to.deep.equal({
      type: 'object',
      properties: {
        id: { type: 'number' },
        title: { type: 'string' },
        created_at: { type: 'string', format: 'date-time' },
        author: { $ref: '#/components/schemas/AuthorOut' },
      },
      additionalProperties: false,
    });
    expect(doc.components.schemas.PostIn).to.deep.equal({
      type: 'object',
      properties: {
        title: { type: 'string', minLength: 1, maxLength: 200 },
        body: { anyOf: [{ type: 'string' }, { type: 'null' }] },
      },
      required: ['title'],
    });
    expect(doc.paths['/posts'].post.responses[201].headers.Location).to.deep.equal({
      description: 'The new post',
      required: true,
      schema: { type: 'string' },
    });
    expect((await app.inject('/docs/')).statusCode).to.equal(200);
  });

  it('checks every response against it with contract: true', async () => {
    const client = new TestClient(app, { contract: true });
    expect(await client.get('/posts'))
      .to.have.status(200)
      .and.header('x-total-count', '1');
    expect(await client.get('/posts/9')).to.have.status(404);
    expect(await client.post('/posts', { json: { title: '' } })).to.have.status(422);
    const created = await client.post('/posts', { json: { title: 'Second' } });
    expect(created).to.have.status(201).and.header('location', '/posts/2');
    const error = await client.get('/buggy/1').then(
      () => undefined,
      (e: Error) => e,
    );
    expect(error?.message).to.equal(
      'Response does not match the OpenAPI document: Buggy_get (GET /buggy/{id}) answered 200 with a body that ' +
        'does not match its schema: (body) must NOT have additional properties (createdAt); ' +
        '(body) must NOT have additional properties (password_hash); ' +
        '/author must NOT have additional properties (password_hash); body: ' +
        '{"id":1,"title":"Hello","createdAt":"1970-01-01T00:00:00.000Z","author":{"id":7,"password_hash":"x"},"password_hash":"x"}',
    );
  });
});
