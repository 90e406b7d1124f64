// Seed "Response Cookies & Headers" (FasterAPI): every example but SecurityHeadersMiddleware (issue 4).
import { Controller, Cookie, createApp, Get, JSONResponse, Post, Res, type Response } from '@arobase/core';
import { expect } from 'chai';
import type { FastifyInstance } from 'fastify';
import { cookieNamed, parseSetCookies, setCookieLines } from '../helpers/set-cookie';

const SECURITY_HEADERS = {
  'Strict-Transport-Security': 'max-age=63072000; includeSubDomains',
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Content-Security-Policy': "default-src 'self'",
  'Referrer-Policy': 'strict-origin-when-cross-origin',
};

/** The seed's `make_cookie`: builds a Set-Cookie line by hand, for a returned response's headers. */
function makeCookie(
  name: string,
  value: string,
  {
    maxAge,
    path = '/',
    secure = true,
    httpOnly = true,
    sameSite = 'Strict',
  }: { maxAge?: number; path?: string; secure?: boolean; httpOnly?: boolean; sameSite?: string } = {},
): string {
  const parts = [`${name}=${value}`, `Path=${path}`];
  if (maxAge !== undefined) parts.push(`Max-Age=${maxAge}`);
  if (secure) parts.push('Secure');
  if (httpOnly) parts.push('HttpOnly');
  parts.push(`SameSite=${sameSite}`);
  return parts.join('; ');
}

@Controller()
class SeedController {
  @Get('/items')
  async listItems() {
    return new JSONResponse(
      { items: [] },
      { headers: { 'X-Total-Count': '0', 'Cache-Control': 'public, max-age=60', 'X-Request-ID': 'abc-123' } },
    );
  }

  @Get('/secure')
  async secureEndpoint() {
    return new JSONResponse({ ok: true }, { headers: SECURITY_HEADERS });
  }

  @Post('/login')
  async login(@Res() _response: Response) {
    return new JSONResponse(
      { logged_in: true },
      {
        headers: { 'Set-Cookie': 'session=abc123; HttpOnly; Secure; SameSite=Strict; Path=/; Max-Age=3600' },
      },
    );
  }

  @Post('/auth')
  async auth() {
    const cookie = makeCookie('token', 'jwt-here', { maxAge: 3600 });
    return new JSONResponse({ ok: true }, { headers: { 'Set-Cookie': cookie } });
  }

  @Post('/logout')
  async logout() {
    return new JSONResponse(
      { logged_out: true },
      { headers: { 'Set-Cookie': 'session=; Max-Age=0; Path=/; HttpOnly; Secure' } },
    );
  }

  @Get('/profile')
  async profile(@Cookie('session') session: string | null = null) {
    if (session === null) return { authenticated: false };
    return { session };
  }
}

describe('seed: Response Cookies & Headers', () => {
  let app: FastifyInstance;
  before(async () => {
    app = await createApp({ controllers: [SeedController] });
  });
  after(() => app.close());

  it('GET /items sends the headers given to a returned JSONResponse', async () => {
    const res = await app.inject({ url: '/items' });
    expect(res.statusCode).to.equal(200);
    expect(res.json()).to.deep.equal({ items: [] });
    expect(res.headers['content-type']).to.equal('application/json; charset=utf-8');
    expect(res.headers['x-total-count']).to.equal('0');
    expect(res.headers['cache-control']).to.equal('public, max-age=60');
    expect(res.headers['x-request-id']).to.equal('abc-123');
    expect(res.headers['set-cookie']).to.equal(undefined);
  });

  it('GET /secure sends every security header', async () => {
    const res = await app.inject({ url: '/secure' });
    expect(res.statusCode).to.equal(200);
    expect(res.json()).to.deep.equal({ ok: true });
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) {
      expect(res.headers[name.toLowerCase()], name).to.equal(value);
    }
  });

  it('POST /login sends the Set-Cookie header of a returned JSONResponse as it was written', async () => {
    const res = await app.inject({ method: 'POST', url: '/login' });
    expect(res.statusCode).to.equal(200);
    expect(res.json()).to.deep.equal({ logged_in: true });
    const [session, ...others] = parseSetCookies(res.headers);
    expect(others).to.have.length(0);
    expect(session).to.include({
      name: 'session',
      value: 'abc123',
      httpOnly: true,
      secure: true,
      sameSite: 'strict',
      path: '/',
      maxAge: 3600,
      domain: null,
    });
  });

  it('POST /auth sends the cookie built by the make_cookie helper', async () => {
    const res = await app.inject({ method: 'POST', url: '/auth' });
    expect(res.statusCode).to.equal(200);
    expect(res.json()).to.deep.equal({ ok: true });
    expect(setCookieLines(res.headers)).to.deep.equal([
      'token=jwt-here; Path=/; Max-Age=3600; Secure; HttpOnly; SameSite=Strict',
    ]);
    expect(cookieNamed(res.headers, 'token')).to.include({
      value: 'jwt-here',
      path: '/',
      maxAge: 3600,
      secure: true,
      httpOnly: true,
      sameSite: 'strict',
    });
  });

  it('make_cookie honours its options', () => {
    expect(makeCookie('a', 'b', { path: '/x', secure: false, httpOnly: false, sameSite: 'Lax' })).to.equal(
      'a=b; Path=/x; SameSite=Lax',
    );
  });

  it('POST /logout expires the session cookie with Max-Age=0', async () => {
    const res = await app.inject({ method: 'POST', url: '/logout' });
    expect(res.statusCode).to.equal(200);
    expect(res.json()).to.deep.equal({ logged_out: true });
    expect(cookieNamed(res.headers, 'session')).to.include({
      value: '',
      maxAge: 0,
      path: '/',
      httpOnly: true,
      secure: true,
    });
  });

  it('GET /profile reads the session cookie, or falls back to the default null', async () => {
    const anonymous = await app.inject({ url: '/profile' });
    expect(anonymous.statusCode).to.equal(200);
    expect(anonymous.json()).to.deep.equal({ authenticated: false });

    const known = await app.inject({ url: '/profile', cookies: { session: 'abc123' } });
    expect(known.statusCode).to.equal(200);
    expect(known.json()).to.deep.equal({ session: 'abc123' });
  });

  it('GET /profile decodes a percent-encoded cookie and survives a malformed Cookie header', async () => {
    const encoded = await app.inject({ url: '/profile', headers: { cookie: 'session=a%20b%3Bc' } });
    expect(encoded.json()).to.deep.equal({ session: 'a b;c' });
    const malformed = await app.inject({ url: '/profile', headers: { cookie: 'session=%E0%A4%A; ;;=' } });
    expect(malformed.statusCode).to.equal(200);
  });
});
