import { Controller, createApp, Delete, Get, Options, Post, Put } from '@arobase/core';
import cors from '@fastify/cors';
import { expect } from 'chai';
import type { FastifyInstance } from 'fastify';

@Controller('/items')
class ItemController {
  @Get('/')
  list() {
    return [];
  }

  @Post('/')
  create() {
    return { id: 1 };
  }

  @Get('/:id')
  get() {
    return { id: 1 };
  }

  @Put('/:id')
  replace() {
    return { id: 1 };
  }

  @Delete('/:id')
  remove() {
    return { ok: true };
  }
}

@Controller('/only-post')
class PostOnly {
  @Post()
  create() {
    return { ok: true };
  }

  @Options()
  options() {
    return { ok: true };
  }
}

describe('405 Method Not Allowed for a known path asked with another method', () => {
  let app: FastifyInstance;
  before(async () => {
    app = await createApp({ controllers: [ItemController, PostOnly] });
    // A plain Fastify route beside arobase's counts too.
    app.patch('/items/:id', async () => ({ patched: true }));
  });
  after(() => app.close());

  it("answers 405 {detail} with Allow listing the path's methods, HEAD where GET answers", async () => {
    const res = await app.inject({ method: 'PATCH', url: '/items' });
    expect(res.statusCode).to.equal(405);
    expect(res.headers['content-type']).to.equal('application/json; charset=utf-8');
    expect(res.headers.allow).to.equal('GET, HEAD, POST');
    expect(res.json()).to.deep.equal({ detail: 'Method Not Allowed' });
  });

  it('a parametric path lists its own methods, a plain Fastify route included', async () => {
    const res = await app.inject({ method: 'POST', url: '/items/42' });
    expect(res.statusCode).to.equal(405);
    expect(res.headers.allow).to.equal('GET, HEAD, PUT, PATCH, DELETE');
  });

  it('a query string and a trailing slash do not change the answer', async () => {
    const res = await app.inject({ method: 'DELETE', url: '/items/?x=1' });
    expect(res.statusCode).to.equal(405);
    expect(res.headers.allow).to.equal('GET, HEAD, POST');
  });

  it('GET on a path with no GET is 405; OPTIONS is listed where a route answers it', async () => {
    const res = await app.inject({ method: 'GET', url: '/only-post' });
    expect(res.statusCode).to.equal(405);
    expect(res.headers.allow).to.equal('POST, OPTIONS');
  });

  it('HEAD on a path with no GET is 405 with no body', async () => {
    const res = await app.inject({ method: 'HEAD', url: '/only-post' });
    expect(res.statusCode).to.equal(405);
    expect(res.headers.allow).to.equal('POST, OPTIONS');
    expect(res.body).to.equal('');
  });

  it('an unknown path stays a 404', async () => {
    const res = await app.inject({ method: 'GET', url: '/nothing/here' });
    expect(res.statusCode).to.equal(404);
    expect(res.headers.allow).to.equal(undefined);
    expect(res.json()).to.deep.equal({ detail: 'Not Found' });
  });
});

describe('405 beside @fastify/cors', () => {
  let app: FastifyInstance;
  before(async () => {
    app = await createApp({ controllers: [ItemController] });
    await app.register(cors, { origin: 'https://app.example' });
  });
  after(() => app.close());

  it('a CORS preflight still answers OPTIONS', async () => {
    const res = await app.inject({
      method: 'OPTIONS',
      url: '/items/1',
      headers: { origin: 'https://app.example', 'access-control-request-method': 'PUT' },
    });
    expect(res.statusCode).to.equal(204);
    expect(res.headers['access-control-allow-origin']).to.equal('https://app.example');
  });

  it('a 405 lists OPTIONS, which the preflight route answers, and keeps the CORS headers', async () => {
    const res = await app.inject({
      method: 'PATCH',
      url: '/items/1',
      headers: { origin: 'https://app.example' },
    });
    expect(res.statusCode).to.equal(405);
    expect(res.headers.allow).to.equal('GET, HEAD, PUT, DELETE, OPTIONS');
    expect(res.headers['access-control-allow-origin']).to.equal('https://app.example');
  });

  it("an unknown path stays a 404, though the preflight route's `*` matches every path", async () => {
    const res = await app.inject({ method: 'GET', url: '/nothing' });
    expect(res.statusCode).to.equal(404);
  });
});

describe('405 with the router options given at the top level of Fastify’s options', () => {
  it('a case-insensitive app lists the methods of /ITEMS as of /items', async () => {
    const app = await createApp({ controllers: [ItemController], fastify: { caseSensitive: false } });
    try {
      expect((await app.inject({ method: 'GET', url: '/ITEMS' })).statusCode).to.equal(200);
      const res = await app.inject({ method: 'PATCH', url: '/ITEMS' });
      expect(res.statusCode).to.equal(405);
      expect(res.headers.allow).to.equal('GET, HEAD, POST');
    } finally {
      await app.close();
    }
  });

  it('ignoreTrailingSlash: false at the top level is kept: /items/1/ is not /items/1', async () => {
    const app = await createApp({ controllers: [ItemController], fastify: { ignoreTrailingSlash: false } });
    try {
      expect((await app.inject({ method: 'GET', url: '/items/1' })).statusCode).to.equal(200);
      expect((await app.inject({ method: 'GET', url: '/items/1/' })).statusCode).to.equal(404);
      expect((await app.inject({ method: 'PATCH', url: '/items/1/' })).statusCode).to.equal(404);
    } finally {
      await app.close();
    }
  });
});
