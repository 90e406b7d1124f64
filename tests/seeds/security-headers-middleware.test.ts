// Seed 000 ("Response Cookies & Headers"), "Headers via middleware": SecurityHeadersMiddleware
// applies the security headers to every response without touching individual routes. In arobase
// it is a middleware that adds them to the outgoing Response after next(), where the route has not
// set its own, so that a route can override one of them.
import {
  Controller,
  createApp,
  Get,
  HttpException,
  JSONResponse,
  type Middleware,
  type Next,
  Param,
  Post,
  type RequestContext,
  Res,
  type Response,
} from '@arobase/core';
import { expect } from 'chai';
import type { FastifyInstance } from 'fastify';

const SECURITY_HEADERS: Record<string, string> = {
  'Strict-Transport-Security': 'max-age=63072000; includeSubDomains',
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Content-Security-Policy': "default-src 'self'",
  'Referrer-Policy': 'strict-origin-when-cross-origin',
};

class SecurityHeadersMiddleware implements Middleware {
  async handle(_ctx: RequestContext, next: Next) {
    const response = await next();
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) {
      if (!response.headers.has(name)) response.headers.set(name, value);
    }
  }
}

@Controller()
class SeedController {
  @Get('/items')
  listItems() {
    return new JSONResponse(
      { items: [] },
      { headers: { 'X-Total-Count': '0', 'Cache-Control': 'public, max-age=60', 'X-Request-ID': 'abc-123' } },
    );
  }

  @Get('/items/:id')
  getItem(@Param('id') id: number) {
    if (id !== 1) throw new HttpException(404, 'Item not found');
    return { id };
  }

  @Post('/login')
  login(@Res() res: Response) {
    res.setCookie('session', 'abc123', { sameSite: 'strict', maxAge: 3600 });
    return { logged_in: true };
  }

  /** A page meant to be framed by the same site: it overrides one of the headers. */
  @Get('/embed', { headers: { 'X-Frame-Options': 'SAMEORIGIN' } })
  embed() {
    return { embeddable: true };
  }

  /** The same override, made on the injected Response. */
  @Get('/report')
  report(@Res() res: Response) {
    res.headers.set('Content-Security-Policy', "default-src 'self'; img-src *");
    return { report: true };
  }
}

function expectSecurityHeaders(headers: Record<string, unknown>, except: string[] = []) {
  for (const [name, value] of Object.entries(SECURITY_HEADERS)) {
    if (!except.includes(name)) expect(headers[name.toLowerCase()], name).to.equal(value);
  }
}

describe('seed 000: SecurityHeadersMiddleware', () => {
  let app: FastifyInstance;
  before(async () => {
    app = await createApp({ controllers: [SeedController], middleware: [SecurityHeadersMiddleware] });
  });

  it('adds the security headers to every route, beside the route’s own headers', async () => {
    const res = await app.inject({ url: '/items' });
    expect(res.statusCode).to.equal(200);
    expect(res.json()).to.deep.equal({ items: [] });
    expectSecurityHeaders(res.headers);
    expect(res.headers['x-total-count']).to.equal('0');
    expect(res.headers['cache-control']).to.equal('public, max-age=60');
    expect(res.headers['x-request-id']).to.equal('abc-123');
  });

  it('on plain data with a cookie, on an HttpException and on a 422 too', async () => {
    const login = await app.inject({ method: 'POST', url: '/login' });
    expectSecurityHeaders(login.headers);
    expect(login.cookies).to.have.length(1);
    expect(login.cookies[0]).to.deep.include({
      name: 'session',
      value: 'abc123',
      sameSite: 'Strict',
      maxAge: 3600,
      httpOnly: true,
      secure: true,
      path: '/',
    });

    const missing = await app.inject({ url: '/items/2' });
    expect(missing.statusCode).to.equal(404);
    expect(missing.json()).to.deep.equal({ detail: 'Item not found' });
    expectSecurityHeaders(missing.headers);

    const invalid = await app.inject({ url: '/items/abc' });
    expect(invalid.statusCode).to.equal(422);
    expectSecurityHeaders(invalid.headers);
  });

  it('a route overrides one of them: its own value is sent, once', async () => {
    const embed = await app.inject({ url: '/embed' });
    expect(embed.headers['x-frame-options']).to.equal('SAMEORIGIN');
    expectSecurityHeaders(embed.headers, ['X-Frame-Options']);

    const report = await app.inject({ url: '/report' });
    expect(report.headers['content-security-policy']).to.equal("default-src 'self'; img-src *");
    expectSecurityHeaders(report.headers, ['Content-Security-Policy']);
  });

  it('a URL no route matches is Fastify’s: an onSend hook covers it, as the seed’s ASGI middleware does', async () => {
    const plain = await app.inject({ url: '/nowhere' });
    expect(plain.statusCode).to.equal(404);
    expect(plain.headers['x-frame-options']).to.equal(undefined);

    const hooked = await createApp({ controllers: [SeedController] });
    hooked.addHook('onSend', async (_request, reply, payload) => {
      for (const [name, value] of Object.entries(SECURITY_HEADERS)) {
        if (!reply.hasHeader(name)) reply.header(name, value);
      }
      return payload;
    });
    const res = await hooked.inject({ url: '/nowhere' });
    expect(res.statusCode).to.equal(404);
    expectSecurityHeaders(res.headers);
    const embed = await hooked.inject({ url: '/embed' });
    expect(embed.headers['x-frame-options']).to.equal('SAMEORIGIN');
  });
});
