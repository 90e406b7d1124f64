// The examples of docs/responses.md, run: what the page says a client sees is asserted here.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  Body,
  Controller,
  createApp,
  Delete,
  FileResponse,
  Get,
  HTMLResponse,
  HttpException,
  JSONResponse,
  Param,
  PlainTextResponse,
  Post,
  RedirectResponse,
  Res,
  Response,
  StreamingResponse,
} from '@arobase/core';
import { expect } from 'chai';
import { IsString } from 'class-validator';
import type { FastifyInstance } from 'fastify';

const dir = mkdtempSync(join(tmpdir(), 'arobase-doc-'));
const exportPath = join(dir, 'posts_export.csv');
const posts = new Map<string, { slug: string; title: string }>([
  ['hello', { slug: 'hello', title: 'Hello' }],
]);

class PostIn {
  @IsString() slug!: string;
  @IsString() title!: string;
}

@Controller('/posts')
class PostController {
  @Get('/:id')
  get(@Param('id') id: number, @Res() res: Response) {
    res.headers.set('Cache-Control', 'public, max-age=3600');
    res.setCookie('last_viewed_post', String(id), { maxAge: 86400 });
    return { id, title: 'Hello' };
  }

  @Post('/', { status: 201 })
  createOrUpdate(@Body() post: PostIn, @Res() res: Response) {
    const existed = posts.has(post.slug);
    posts.set(post.slug, post);
    if (existed) res.status = 200;
    return post;
  }

  @Delete('/:slug', { status: 204 })
  remove(@Param('slug') slug: string) {
    posts.delete(slug);
  }

  @Get('/:id/or-latest')
  getOrLatest(@Param('id') id: number) {
    if (id === 1) return new JSONResponse({ id: 1, title: 'Hello' }, { status: 200 });
    return new RedirectResponse('/posts/latest');
  }

  @Get('/search/é t')
  moved() {
    return new RedirectResponse('/posts/recherche/é t?q=100%', { status: 301 });
  }
}

@Controller()
class PageController {
  @Get('/health', { responseClass: HTMLResponse })
  health() {
    return '<html><body><h1>OK</h1></body></html>';
  }

  @Get('/ping', { responseClass: PlainTextResponse })
  ping() {
    return 'pong';
  }

  @Get('/guide', { responseClass: RedirectResponse })
  guide() {
    return 'https://example.com/arobase docs';
  }

  @Get('/robots.txt')
  robots() {
    return new Response('User-agent: *\nDisallow:\n', { mediaType: 'text/plain' });
  }

  @Get('/secure')
  secure() {
    return new JSONResponse(
      { ok: true },
      { headers: { 'X-Content-Type-Options': 'nosniff', 'X-Frame-Options': 'DENY' } },
    );
  }

  @Post('/login')
  login(@Res() res: Response) {
    res.setCookie('session', 'abc123', { maxAge: 3600 });
    return new JSONResponse({ logged_in: true }, { headers: { 'X-Request-ID': 'abc-123' } });
  }

  @Get('/exports/posts.csv')
  exportPosts() {
    return new FileResponse(exportPath, { filename: 'posts.csv', mediaType: 'text/csv' });
  }

  @Get('/exports/large-posts.csv')
  exportLarge() {
    async function* rows() {
      yield 'id,title\n';
      for (const [i, post] of [...posts.values()].entries()) yield `${i + 1},${post.title}\n`;
    }
    return new StreamingResponse(rows(), {
      mediaType: 'text/csv',
      headers: { 'Content-Disposition': 'attachment; filename="posts.csv"' },
    });
  }

  @Get('/teapot')
  teapot(@Res() res: Response) {
    res.setCookie('tried', '1');
    throw new HttpException(418, "I'm a teapot", { headers: { 'X-Reason': 'short and stout' } });
  }

  @Get('/crash')
  crash(@Res() res: Response) {
    res.setCookie('tried', '1');
    throw new Error('secret details');
  }
}

describe('docs/responses.md examples', () => {
  let app: FastifyInstance;

  before(async () => {
    writeFileSync(exportPath, 'id,title\n1,Hello\n');
    app = await createApp({ controllers: [PostController, PageController], fastify: { logger: false } });
  });

  after(async () => {
    await app.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('plain data with an injected Response: JSON, 200, the header and the cookie', async () => {
    const res = await app.inject({ url: '/posts/7' });
    expect(res.statusCode).to.equal(200);
    expect(res.headers['content-type']).to.equal('application/json; charset=utf-8');
    expect(res.headers['cache-control']).to.equal('public, max-age=3600');
    expect(res.cookies[0]).to.include({ name: 'last_viewed_post', value: '7', maxAge: 86400 });
    expect(res.json()).to.deep.equal({ id: 7, title: 'Hello' });
  });

  it('the route status by default, res.status when the handler decides', async () => {
    const created = await app.inject({
      method: 'POST',
      url: '/posts',
      payload: { slug: 'new', title: 'New' },
    });
    expect(created.statusCode).to.equal(201);
    const updated = await app.inject({
      method: 'POST',
      url: '/posts',
      payload: { slug: 'new', title: 'Newer' },
    });
    expect(updated.statusCode).to.equal(200);
    expect(updated.json()).to.deep.equal({ slug: 'new', title: 'Newer' });
  });

  it('204 has no body and no content-type', async () => {
    const res = await app.inject({ method: 'DELETE', url: '/posts/new' });
    expect(res.statusCode).to.equal(204);
    expect(res.body).to.equal('');
    expect(res.headers).to.not.have.property('content-type');
  });

  it('a returned JSONResponse or a 307 RedirectResponse', async () => {
    const found = await app.inject({ url: '/posts/1/or-latest' });
    expect(found.statusCode).to.equal(200);
    expect(found.json()).to.deep.equal({ id: 1, title: 'Hello' });
    const missing = await app.inject({ url: '/posts/2/or-latest' });
    expect(missing.statusCode).to.equal(307);
    expect(missing.headers.location).to.equal('/posts/latest');
    expect(missing.body).to.equal('');
  });

  it('percent-encodes the Location and keeps existing escapes', async () => {
    const res = await app.inject({ url: `/posts/search/${encodeURIComponent('é t')}` });
    expect(res.statusCode).to.equal(301);
    expect(res.headers.location).to.equal('/posts/recherche/%C3%A9%20t?q=100%25');
  });

  it('responseClass renders the returned value', async () => {
    const html = await app.inject({ url: '/health' });
    expect(html.headers['content-type']).to.equal('text/html; charset=utf-8');
    expect(html.body).to.equal('<html><body><h1>OK</h1></body></html>');
    const text = await app.inject({ url: '/ping' });
    expect(text.headers['content-type']).to.equal('text/plain; charset=utf-8');
    expect(text.body).to.equal('pong');
    const redirect = await app.inject({ url: '/guide' });
    expect(redirect.statusCode).to.equal(307);
    expect(redirect.headers.location).to.equal('https://example.com/arobase%20docs');
  });

  it('a plain Response with a text media type gets the charset', async () => {
    const res = await app.inject({ url: '/robots.txt' });
    expect(res.headers['content-type']).to.equal('text/plain; charset=utf-8');
    expect(res.body).to.equal('User-agent: *\nDisallow:\n');
  });

  it("a returned response's headers, and the injected cookie it would lose in FastAPI", async () => {
    const secure = await app.inject({ url: '/secure' });
    expect(secure.headers['x-frame-options']).to.equal('DENY');
    const login = await app.inject({ method: 'POST', url: '/login' });
    expect(login.json()).to.deep.equal({ logged_in: true });
    expect(login.headers['x-request-id']).to.equal('abc-123');
    expect(login.cookies[0]).to.include({ name: 'session', value: 'abc123', httpOnly: true, secure: true });
    expect(login.cookies[0].sameSite).to.equal('Lax');
  });

  it('a file download and a streamed CSV', async () => {
    const file = await app.inject({ url: '/exports/posts.csv' });
    expect(file.headers['content-type']).to.equal('text/csv; charset=utf-8');
    expect(file.headers['content-disposition']).to.equal('attachment; filename="posts.csv"');
    expect(file.body).to.equal('id,title\n1,Hello\n');
    const stream = await app.inject({ url: '/exports/large-posts.csv' });
    expect(stream.headers['content-type']).to.equal('text/csv; charset=utf-8');
    expect(stream.headers['content-disposition']).to.equal('attachment; filename="posts.csv"');
    expect(stream.body).to.equal('id,title\n1,Hello\n');
  });

  it('HEAD answers like GET without the body', async () => {
    const get = await app.inject({ url: '/posts/7' });
    const head = await app.inject({ method: 'HEAD', url: '/posts/7' });
    expect(head.statusCode).to.equal(200);
    expect(head.body).to.equal('');
    expect(head.headers['content-type']).to.equal('application/json; charset=utf-8');
    expect(head.headers['content-length']).to.equal(get.headers['content-length']);
    expect(head.headers['set-cookie']).to.deep.equal(get.headers['set-cookie']);
  });

  it('HttpException keeps the injected cookie; an unexpected error drops it', async () => {
    const teapot = await app.inject({ url: '/teapot' });
    expect(teapot.statusCode).to.equal(418);
    expect(teapot.json()).to.deep.equal({ detail: "I'm a teapot" });
    expect(teapot.headers['x-reason']).to.equal('short and stout');
    expect(teapot.cookies[0]).to.include({ name: 'tried', value: '1' });
    const crash = await app.inject({ url: '/crash' });
    expect(crash.statusCode).to.equal(500);
    expect(crash.json()).to.deep.equal({ detail: 'Internal Server Error' });
    expect(crash.headers).to.not.have.property('set-cookie');
  });
});
