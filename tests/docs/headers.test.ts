// The examples of docs/headers.md, run as written (examples-in-sync.test.ts checks the page quotes them).
import {
  Body,
  Controller,
  Cookie,
  createApp,
  Get,
  HttpException,
  JSONResponse,
  Param,
  Post,
  Res,
  type Response,
} from '@arobase/core';
import { expect } from 'chai';
import { IsString } from 'class-validator';
import type { FastifyInstance } from 'fastify';

class PostIn {
  @IsString() slug!: string;
  @IsString() title!: string;
}

const posts = new Map<string, { id: number; slug: string; title: string }>();

@Controller('/posts', {
  headers: { 'Cache-Control': 'public, max-age=60', 'X-Content-Type-Options': 'nosniff' },
})
class PostController {
  @Get('/')
  list() {
    return [...posts.values()];
  }

  @Get('/drafts', { headers: { 'Cache-Control': 'private, no-store' } })
  drafts() {
    return [];
  }

  @Get('/:slug')
  get(@Param('slug') slug: string, @Res() res: Response) {
    const post = posts.get(slug);
    if (post === undefined) throw new HttpException(404, 'Post not found');
    res.headers.set('ETag', `"${post.id}"`);
    res.headers.set('Cache-Control', 'public, max-age=3600');
    return post;
  }

  @Post('/', { status: 201 })
  upsert(@Body() body: PostIn, @Res() res: Response) {
    const existing = posts.get(body.slug);
    if (existing !== undefined) {
      existing.title = body.title;
      res.status = 200;
      return existing;
    }
    const post = { id: posts.size + 1, ...body };
    posts.set(post.slug, post);
    res.headers.set('Location', `/posts/${post.slug}`);
    return post;
  }

  @Get('/:slug/export')
  export(@Param('slug') slug: string, @Res() res: Response) {
    res.headers.set('X-Export', 'v1');
    return new JSONResponse(posts.get(slug) ?? null, {
      headers: { 'Content-Type': 'application/vnd.blog.post+json', 'Cache-Control': 'no-cache' },
    });
  }
}

@Controller('/greeting', { headers: { Vary: 'Accept-Encoding' } })
class GreetingController {
  @Get('/')
  greet(@Cookie('name') name: string | undefined, @Res() res: Response) {
    res.headers.set('Vary', 'Cookie');
    return new JSONResponse({ hello: name ?? 'stranger' }, { headers: { Vary: 'Accept-Language' } });
  }
}

describe('docs/headers.md', () => {
  let app: FastifyInstance;
  before(async () => {
    app = await createApp({ controllers: [PostController, GreetingController] });
  });
  after(() => app.close());

  it('controller headers on every success, the route and res replacing them', async () => {
    const created = await app.inject({
      method: 'POST',
      url: '/posts',
      payload: { slug: 'hello', title: 'Hello' },
    });
    expect(created.statusCode).to.equal(201);
    expect(created.headers.location).to.equal('/posts/hello');
    expect(created.headers['cache-control']).to.equal('public, max-age=60');
    expect(created.headers['x-content-type-options']).to.equal('nosniff');

    const updated = await app.inject({
      method: 'POST',
      url: '/posts',
      payload: { slug: 'hello', title: 'Hello again' },
    });
    expect(updated.statusCode).to.equal(200);
    expect(updated.headers.location).to.equal(undefined);

    const drafts = await app.inject({ url: '/posts/drafts' });
    expect(drafts.headers['cache-control']).to.equal('private, no-store');
    expect(drafts.headers['x-content-type-options']).to.equal('nosniff');

    const one = await app.inject({ url: '/posts/hello' });
    expect(one.headers['cache-control']).to.equal('public, max-age=3600');
    expect(one.headers.etag).to.equal('"1"');
    expect(one.headers['content-type']).to.equal('application/json; charset=utf-8');
  });

  it('an error answer carries no static header', async () => {
    const missing = await app.inject({ url: '/posts/nope' });
    expect(missing.statusCode).to.equal(404);
    expect(missing.json()).to.deep.equal({ detail: 'Post not found' });
    expect(missing.headers['cache-control']).to.equal(undefined);
  });

  it('a returned response keeps its own headers; res and static ones fill the gaps', async () => {
    const res = await app.inject({ url: '/posts/hello/export' });
    expect(res.headers['content-type']).to.equal('application/vnd.blog.post+json');
    expect(res.headers['cache-control']).to.equal('no-cache');
    expect(res.headers['x-export']).to.equal('v1');
    expect(res.headers['x-content-type-options']).to.equal('nosniff');
  });

  it('HEAD answers like GET without a body', async () => {
    const head = await app.inject({ method: 'HEAD', url: '/posts/hello' });
    expect(head.statusCode).to.equal(200);
    expect(head.headers.etag).to.equal('"1"');
    expect(head.body).to.equal('');
  });

  it("Vary is merged: the returned response's, then res's, then the static one", async () => {
    const res = await app.inject({ url: '/greeting', headers: { cookie: 'name=Ada' } });
    expect(res.json()).to.deep.equal({ hello: 'Ada' });
    expect(res.headers.vary).to.equal('Accept-Language, Cookie, Accept-Encoding');
  });
});
