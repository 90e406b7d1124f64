import {
  Controller,
  createApp,
  Get,
  HttpException,
  JSONResponse,
  type Middleware,
  Query,
  Res,
  type Response,
  UseMiddleware,
} from '@arobase/core';
import cors from '@fastify/cors';
import helmet from '@fastify/helmet';
import { expect } from 'chai';

const tagged: Middleware = {
  async handle(ctx, next) {
    await next();
    ctx.response.headers.set('X-Middleware', 'arobase');
  },
};

@Controller('/items')
class ItemController {
  /** The seeds' list: the total count in a header a browser script wants to read. */
  @Get()
  list() {
    return new JSONResponse({ items: [] }, { headers: { 'X-Total-Count': '0', 'X-Request-ID': 'abc-123' } });
  }

  @Get('/counted')
  counted(@Res() res: Response) {
    res.headers.set('X-Total-Count', '3');
    res.setCookie('seen', '1');
    return { items: [1, 2, 3] };
  }

  @Get('/private')
  private() {
    throw new HttpException(401, 'Not authenticated', { headers: { 'WWW-Authenticate': 'Bearer' } });
  }

  @Get('/framed')
  framed(@Res() res: Response) {
    // helmet sends X-Frame-Options: SAMEORIGIN; this route allows no framing at all.
    res.headers.set('X-Frame-Options', 'DENY');
    return { ok: true };
  }

  @Get('/varied')
  varied(@Res() res: Response) {
    res.headers.set('Vary', 'origin, Accept-Language');
    return {};
  }

  @Get('/wrapped')
  @UseMiddleware(tagged)
  wrapped() {
    return { wrapped: true };
  }
}

@Controller('/failing')
class FailingController {
  @Get('/number')
  number(@Query('n') n: number) {
    return { n };
  }

  @Get('/crash')
  crash(@Res() res: Response) {
    res.headers.set('X-Half-Done', '1');
    res.setCookie('half', '1');
    throw new Error('database is down');
  }
}

const ORIGIN = 'https://client.example';

describe('Fastify interop: @fastify/cors', () => {
  async function appWithCors() {
    const app = await createApp({ controllers: [ItemController] });
    await app.register(cors, { origin: [ORIGIN], exposedHeaders: ['X-Total-Count'], credentials: true });
    return app;
  }

  it('a cross-origin GET exposes X-Total-Count, set by a returned JSONResponse or by res', async () => {
    const app = await appWithCors();
    for (const url of ['/items', '/items/counted']) {
      const res = await app.inject({ url, headers: { origin: ORIGIN } });
      expect(res.statusCode).to.equal(200);
      expect(res.headers['access-control-allow-origin']).to.equal(ORIGIN);
      expect(res.headers['access-control-allow-credentials']).to.equal('true');
      expect(res.headers['access-control-expose-headers']).to.equal('X-Total-Count');
      expect(res.headers['x-total-count']).to.be.a('string');
      expect(res.headers.vary).to.include('Origin');
    }
    const counted = await app.inject({ url: '/items/counted', headers: { origin: ORIGIN } });
    expect(counted.cookies.map((c) => c.name)).to.deep.equal(['seen']);
  });

  it('answers the preflight OPTIONS for an arobase route', async () => {
    const app = await appWithCors();
    const res = await app.inject({
      method: 'OPTIONS',
      url: '/items',
      headers: {
        origin: ORIGIN,
        'access-control-request-method': 'GET',
        'access-control-request-headers': 'authorization',
      },
    });
    expect(res.statusCode).to.equal(204);
    expect(res.headers['access-control-allow-origin']).to.equal(ORIGIN);
    expect(res.headers['access-control-allow-methods']).to.include('GET');
    expect(res.headers['access-control-allow-headers']).to.equal('authorization');
    expect(res.body).to.equal('');
  });

  it('an HttpException answer keeps the CORS headers, so the browser can read the 401', async () => {
    const app = await appWithCors();
    const res = await app.inject({ url: '/items/private', headers: { origin: ORIGIN } });
    expect(res.statusCode).to.equal(401);
    expect(res.headers['access-control-allow-origin']).to.equal(ORIGIN);
    expect(res.headers['www-authenticate']).to.equal('Bearer');
  });

  it("a Vary set by the route keeps CORS's Vary: Origin, so caches do not mix origins", async () => {
    const app = await appWithCors();
    const res = await app.inject({ url: '/items/varied', headers: { origin: ORIGIN } });
    expect(res.headers.vary).to.equal('Origin, Accept-Language');
    const alone = await createApp({ controllers: [ItemController] });
    expect((await alone.inject({ url: '/items/varied' })).headers.vary).to.equal('origin, Accept-Language');
  });

  it('an origin that is not allowed gets no CORS headers, and the route still answers', async () => {
    const app = await appWithCors();
    const res = await app.inject({ url: '/items', headers: { origin: 'https://evil.example' } });
    expect(res.statusCode).to.equal(200);
    expect(res.headers['access-control-allow-origin']).to.equal(undefined);
  });
});

describe('Fastify interop: @fastify/helmet', () => {
  it("sends helmet's headers beside arobase's own headers and cookies", async () => {
    const app = await createApp({ controllers: [ItemController] });
    await app.register(helmet);
    const res = await app.inject({ url: '/items/counted' });
    expect(res.statusCode).to.equal(200);
    expect(res.headers['content-security-policy']).to.include("default-src 'self'");
    expect(res.headers['x-content-type-options']).to.equal('nosniff');
    expect(res.headers['strict-transport-security']).to.match(/^max-age=\d+/);
    expect(res.headers['x-frame-options']).to.equal('SAMEORIGIN');
    expect(res.headers['x-total-count']).to.equal('3');
    expect(res.headers['content-type']).to.equal('application/json; charset=utf-8');
    expect(res.cookies.map((c) => [c.name, c.value])).to.deep.equal([['seen', '1']]);
    expect(res.json()).to.deep.equal({ items: [1, 2, 3] });
  });

  it("a header the route sets on res wins over helmet's", async () => {
    const app = await createApp({ controllers: [ItemController] });
    await app.register(helmet);
    const res = await app.inject({ url: '/items/framed' });
    expect(res.headers['x-frame-options']).to.equal('DENY');
    expect(res.headers['x-content-type-options']).to.equal('nosniff');
  });

  it('keeps its headers, and the CORS ones, on arobase error answers (401, 404, 422, 500)', async () => {
    const app = await createApp({
      controllers: [ItemController, FailingController],
      fastify: { logger: false },
    });
    await app.register(helmet);
    await app.register(cors, { origin: [ORIGIN] });
    for (const [url, status] of [
      ['/items/private', 401],
      ['/nowhere', 404],
      ['/failing/number?n=abc', 422],
      ['/failing/crash', 500],
    ] as const) {
      const res = await app.inject({ url, headers: { origin: ORIGIN } });
      expect(res.statusCode, url).to.equal(status);
      expect(res.headers['content-type'], url).to.equal('application/json; charset=utf-8');
      expect(res.headers['x-content-type-options'], url).to.equal('nosniff');
      expect(res.headers['access-control-allow-origin'], url).to.equal(ORIGIN);
    }
    const crash = await app.inject({ url: '/failing/crash' });
    expect(crash.body).to.equal('{"detail":"Internal Server Error"}');
    expect(crash.headers['x-half-done']).to.equal(undefined);
    expect(crash.headers['set-cookie']).to.equal(undefined);
  });

  it('an error after arobase wrote its headers drops them all, but only then', async () => {
    const app = await createApp({ controllers: [ItemController] });
    await app.register(helmet);
    let failed = false;
    app.addHook('onSend', async (request) => {
      if (request.url === '/items/counted' && !failed) {
        failed = true;
        throw new Error('onSend failed');
      }
    });
    const res = await app.inject({ url: '/items/counted' });
    expect(res.statusCode).to.equal(500);
    expect(res.body).to.equal('{"detail":"Internal Server Error"}');
    expect(res.headers['set-cookie']).to.equal(undefined);
    expect(res.headers['x-total-count']).to.equal(undefined);
  });
});

describe('Fastify interop: hooks see arobase replies', () => {
  it('onRequest runs before and onSend sees the status, headers and payload arobase wrote', async () => {
    const app = await createApp({ controllers: [ItemController] });
    const seen: unknown[] = [];
    app.addHook('onRequest', async (request) => {
      seen.push(['onRequest', request.url]);
    });
    app.addHook('onSend', async (request, reply, payload) => {
      seen.push([
        'onSend',
        request.url,
        reply.statusCode,
        reply.getHeader('x-total-count') ?? null,
        reply.getHeader('x-middleware') ?? null,
        String(payload),
      ]);
      reply.header('X-Hooked', 'onSend');
      return payload;
    });
    const counted = await app.inject({ url: '/items/counted' });
    const wrapped = await app.inject({ url: '/items/wrapped' });
    const denied = await app.inject({ url: '/items/private' });
    expect(counted.headers['x-hooked']).to.equal('onSend');
    expect(wrapped.headers['x-hooked']).to.equal('onSend');
    expect(denied.headers['x-hooked']).to.equal('onSend');
    expect(seen).to.deep.equal([
      ['onRequest', '/items/counted'],
      ['onSend', '/items/counted', 200, '3', null, '{"items":[1,2,3]}'],
      ['onRequest', '/items/wrapped'],
      ['onSend', '/items/wrapped', 200, null, 'arobase', '{"wrapped":true}'],
      ['onRequest', '/items/private'],
      ['onSend', '/items/private', 401, null, null, '{"detail":"Not authenticated"}'],
    ]);
  });

  it('an onRequest hook can answer before arobase runs', async () => {
    const app = await createApp({ controllers: [ItemController] });
    app.addHook('onRequest', async (request, reply) => {
      if (request.headers['x-block'] === '1') return reply.code(429).send({ detail: 'Too Many Requests' });
    });
    const res = await app.inject({ url: '/items', headers: { 'x-block': '1' } });
    expect(res.statusCode).to.equal(429);
    expect(res.json()).to.deep.equal({ detail: 'Too Many Requests' });
  });
});
