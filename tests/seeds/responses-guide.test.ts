// Seed "FastAPI responses" guide: injected Response for headers and cookies, delete_cookie, caching
// headers, the dynamic status examples, HTMLResponse, a plain Response with Content-Disposition, and
// the common mistakes. FileResponse and StreamingResponse are ported in their own suite.
import {
  Body,
  Controller,
  createApp,
  Get,
  HTMLResponse,
  JSONResponse,
  Param,
  Post,
  RedirectResponse,
  Res,
  Response,
  ResponseModel,
} from '@arobase/core';
import { expect } from 'chai';
import { Expose } from 'class-transformer';
import { IsString, MinLength } from 'class-validator';
import type { FastifyInstance } from 'fastify';
import { cookieNamed, parseSetCookies } from '../helpers/set-cookie';

interface PostRow {
  id: number;
  slug: string;
  title: string;
  view_count: number;
}

class PostCreate {
  @IsString() @MinLength(1) slug!: string;
  @IsString() title!: string;
}

class PostOut {
  @Expose() id!: number;
  @Expose() slug!: string;
  @Expose() title!: string;
}

class UserResponse {
  @Expose() id!: number;
  @Expose() email!: string;
}

const users = new Map([[1, { id: 1, email: 'ada@example.com', password_hash: '$argon2id$secret' }]]);

class PostStore {
  posts = new Map<number, PostRow>([[1, { id: 1, slug: 'hello', title: 'Hello', view_count: 3 }]]);
  get(id: number) {
    return this.posts.get(id);
  }
  bySlug(slug: string) {
    return [...this.posts.values()].find((p) => p.slug === slug);
  }
  create(input: PostCreate): PostRow {
    const post = { id: this.posts.size + 1, view_count: 0, ...input };
    this.posts.set(post.id, post);
    return post;
  }
}

const db = new PostStore();

@Controller()
class GuideController {
  @Get('/posts/:post_id')
  getPost(@Param('post_id') postId: number, @Res() response: Response) {
    const post = db.get(postId);
    response.headers.set('X-Post-Id', String(postId));
    response.headers.set('Cache-Control', 'public, max-age=3600');
    response.headers.set('X-Response-Time', '12ms');
    response.setCookie('last_viewed_post', String(postId), {
      maxAge: 86400,
      httpOnly: true,
      sameSite: 'lax',
    });
    return post;
  }

  @Post('/logout')
  logout(@Res() response: Response) {
    response.deleteCookie('session_id');
    response.deleteCookie('last_viewed_post');
    return { message: 'Logged out' };
  }

  // Caching close to the endpoint: a public list, and private user data.
  @Get('/posts', { headers: { 'Cache-Control': 'public, max-age=60' } })
  listPosts() {
    return [...db.posts.values()];
  }

  @Get('/profile', { headers: { 'Cache-Control': 'private, no-store' } })
  profile() {
    return { email: 'ada@example.com' };
  }

  @Get('/posts/:post_id/or-latest')
  getPostOrLatest(@Param('post_id') postId: number) {
    const post = db.get(postId);
    if (post) return new JSONResponse({ id: post.id, title: post.title }, { status: 200 });
    return new RedirectResponse('/posts/latest', { status: 307 });
  }

  @Get('/health', { responseClass: HTMLResponse })
  healthHtml() {
    return '<html><body><h1>OK</h1></body></html>';
  }

  @Post('/posts', { status: 201 })
  @ResponseModel(PostOut)
  createOrUpdatePost(@Body() post: PostCreate, @Res() response: Response) {
    const existing = db.bySlug(post.slug);
    if (existing) {
      existing.title = post.title;
      response.status = 200;
      return existing;
    }
    return db.create(post);
  }

  // Mistake 1, wrong: a returned JSONResponse bypasses the response model.
  @Get('/users/:id/wrong')
  @ResponseModel(UserResponse)
  getUserWrong(@Param('id') id: number) {
    const user = users.get(id)!;
    return new JSONResponse({ id: user.id, password_hash: user.password_hash });
  }

  // Mistake 1, right: return the object and let the model filter it.
  @Get('/users/:id')
  @ResponseModel(UserResponse)
  getUser(@Param('id') id: number) {
    return users.get(id);
  }

  // Mistake 2: arobase's defaults already make the session cookie HttpOnly, Secure, SameSite=Lax.
  @Post('/session')
  session(@Res() response: Response) {
    response.setCookie('session_id', 'token-123');
    return { ok: true };
  }

  // Mistake 3, right: a CSV sent as a download.
  @Get('/export.csv')
  exportCsv() {
    const csvData = 'id,title\n1,Hello\n';
    return new Response(csvData, {
      mediaType: 'text/csv',
      headers: { 'Content-Disposition': 'attachment; filename="export.csv"' },
    });
  }

  // Mistake 3, wrong: no Content-Disposition, so a browser opens it.
  @Get('/inline.csv')
  inlineCsv() {
    return new Response('id,title\n', { mediaType: 'text/csv' });
  }
}

describe('seed: FastAPI responses guide', () => {
  let app: FastifyInstance;
  before(async () => {
    app = await createApp({ controllers: [GuideController] });
  });
  after(() => app.close());

  it('GET /posts/1 sends the post with the headers and cookie set on the injected Response', async () => {
    const res = await app.inject({ url: '/posts/1' });
    expect(res.statusCode).to.equal(200);
    expect(res.json()).to.deep.equal({ id: 1, slug: 'hello', title: 'Hello', view_count: 3 });
    expect(res.headers['x-post-id']).to.equal('1');
    expect(res.headers['cache-control']).to.equal('public, max-age=3600');
    expect(res.headers['x-response-time']).to.equal('12ms');
    const [cookie, ...others] = parseSetCookies(res.headers);
    expect(others).to.have.length(0);
    expect(cookie).to.deep.include({
      name: 'last_viewed_post',
      value: '1',
      maxAge: 86400,
      httpOnly: true,
      sameSite: 'lax',
      secure: true,
      path: '/',
    });
  });

  it('POST /logout deletes both cookies, each on its own line, in call order', async () => {
    const res = await app.inject({ method: 'POST', url: '/logout' });
    expect(res.statusCode).to.equal(200);
    expect(res.json()).to.deep.equal({ message: 'Logged out' });
    const cookies = parseSetCookies(res.headers);
    expect(cookies.map((c) => c.name)).to.deep.equal(['session_id', 'last_viewed_post']);
    for (const cookie of cookies) {
      expect(cookie).to.deep.include({ value: '', maxAge: 0, path: '/' });
      expect(cookie.expires?.getTime()).to.equal(0);
    }
  });

  it('a static Cache-Control header on the route: public for the list, private for the profile', async () => {
    const list = await app.inject({ url: '/posts' });
    expect(list.statusCode).to.equal(200);
    expect(list.headers['cache-control']).to.equal('public, max-age=60');
    expect(list.json()).to.be.an('array');
    const profile = await app.inject({ url: '/profile' });
    expect(profile.headers['cache-control']).to.equal('private, no-store');
  });

  it('GET /posts/1/or-latest answers a JSONResponse with status 200', async () => {
    const res = await app.inject({ url: '/posts/1/or-latest' });
    expect(res.statusCode).to.equal(200);
    expect(res.json()).to.deep.equal({ id: 1, title: 'Hello' });
  });

  it('GET /posts/999/or-latest redirects to the latest post with a 307 and an empty body', async () => {
    const res = await app.inject({ url: '/posts/999/or-latest' });
    expect(res.statusCode).to.equal(307);
    expect(res.headers.location).to.equal('/posts/latest');
    expect(res.body).to.equal('');
    expect(res.headers['content-type']).to.equal(undefined);
  });

  it('GET /health renders the returned string as HTML', async () => {
    const res = await app.inject({ url: '/health' });
    expect(res.statusCode).to.equal(200);
    expect(res.headers['content-type']).to.equal('text/html; charset=utf-8');
    expect(res.body).to.equal('<html><body><h1>OK</h1></body></html>');
  });

  it('POST /posts creates with the route default 201, and updates with 200 set through res.status', async () => {
    const created = await app.inject({
      method: 'POST',
      url: '/posts',
      payload: { slug: 'new', title: 'New' },
    });
    expect(created.statusCode).to.equal(201);
    const body = created.json();
    expect(body).to.deep.equal({ id: body.id, slug: 'new', title: 'New' });

    const updated = await app.inject({
      method: 'POST',
      url: '/posts',
      payload: { slug: 'new', title: 'Renamed' },
    });
    expect(updated.statusCode).to.equal(200);
    expect(updated.json()).to.deep.equal({ id: body.id, slug: 'new', title: 'Renamed' });

    const invalid = await app.inject({ method: 'POST', url: '/posts', payload: { slug: '' } });
    expect(invalid.statusCode).to.equal(422);
  });

  it('Mistake 1: a returned JSONResponse bypasses the model, password_hash included', async () => {
    const res = await app.inject({ url: '/users/1/wrong' });
    expect(res.statusCode).to.equal(200);
    expect(res.json()).to.deep.equal({ id: 1, password_hash: '$argon2id$secret' });
  });

  it('Mistake 1: the plain return goes through the model, password_hash never sent', async () => {
    const res = await app.inject({ url: '/users/1' });
    expect(res.statusCode).to.equal(200);
    expect(res.json()).to.deep.equal({ id: 1, email: 'ada@example.com' });
    expect(res.body).not.to.include('password_hash');
  });

  it('Mistake 2: a session cookie set without options is HttpOnly, Secure and SameSite=Lax', async () => {
    const res = await app.inject({ method: 'POST', url: '/session' });
    expect(cookieNamed(res.headers, 'session_id')).to.deep.include({
      value: 'token-123',
      httpOnly: true,
      secure: true,
      sameSite: 'lax',
      path: '/',
    });
  });

  it('Mistake 3: a plain Response with Content-Disposition is a download', async () => {
    const res = await app.inject({ url: '/export.csv' });
    expect(res.statusCode).to.equal(200);
    expect(res.headers['content-type']).to.equal('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).to.equal('attachment; filename="export.csv"');
    expect(res.body).to.equal('id,title\n1,Hello\n');
    const inline = await app.inject({ url: '/inline.csv' });
    expect(inline.headers['content-disposition']).to.equal(undefined);
    expect(inline.headers['content-type']).to.equal('text/csv; charset=utf-8');
  });
});
