// The examples of docs/cookies.md, run as written (examples-in-sync.test.ts checks the page quotes them).
import { Controller, Cookie, createApp, Get, JSONResponse, Post, Res, Response } from '@arobase/core';
import { expect } from 'chai';
import type { FastifyInstance } from 'fastify';
import { parseSetCookies, setCookieLines } from '../helpers/set-cookie';

@Controller('/auth')
class AuthController {
  @Post('/login')
  login(@Res() res: Response) {
    res.setCookie('session', 'user-42', { maxAge: 3600, signed: true });
    res.setCookie('theme', 'dark', { httpOnly: false, maxAge: 30 * 86400 });
    return { logged_in: true };
  }

  @Get('/me')
  me(@Cookie('session', { signed: true }) session: string | null = null) {
    return session === null ? { authenticated: false } : { session };
  }

  @Post('/logout')
  logout(@Res() res: Response) {
    res.deleteCookie('session');
    res.deleteCookie('theme');
    return { logged_out: true };
  }
}

@Controller('/admin')
class AdminController {
  @Post('/enter')
  enter(@Res() res: Response) {
    res.setCookie('__Host-admin', 'yes', { sameSite: 'strict' });
    res.setCookie('admin_ui', 'compact', { path: '/admin', domain: 'example.com' });
    return { ok: true };
  }

  @Post('/leave')
  leave(@Res() res: Response) {
    res.deleteCookie('__Host-admin');
    res.deleteCookie('admin_ui', { path: '/admin', domain: 'example.com' });
    return { ok: true };
  }
}

@Controller('/returned')
class ReturnedController {
  @Post('/')
  create(@Res() res: Response) {
    res.setCookie('from_res', '1');
    const out = new JSONResponse({ ok: true }, { status: 201 });
    out.setCookie('from_returned', '2');
    return out;
  }
}

const SECRET = 'change-me-to-32-random-bytes-or-more';

describe('docs/cookies.md', () => {
  let app: FastifyInstance;
  before(async () => {
    app = await createApp({
      controllers: [AuthController, AdminController, ReturnedController],
      cookies: { secret: SECRET },
    });
  });
  after(() => app.close());

  it('login sets a signed session and a theme cookie with the secure defaults', async () => {
    const res = await app.inject({ method: 'POST', url: '/auth/login' });
    const lines = setCookieLines(res.headers);
    expect(lines[0]).to.match(
      /^session=user-42\.[^;]+; Max-Age=3600; Path=\/; HttpOnly; Secure; SameSite=Lax$/,
    );
    expect(lines[1]).to.equal('theme=dark; Max-Age=2592000; Path=/; Secure; SameSite=Lax');
    const session = parseSetCookies(res.headers)[0]!;
    const me = await app.inject({ url: '/auth/me', cookies: { session: session.value } });
    expect(me.json()).to.deep.equal({ session: 'user-42' });
    const tampered = await app.inject({ url: '/auth/me', cookies: { session: 'user-1.forged' } });
    expect(tampered.json()).to.deep.equal({ authenticated: false });
  });

  it('logout deletes both cookies', async () => {
    const res = await app.inject({ method: 'POST', url: '/auth/logout' });
    expect(setCookieLines(res.headers)).to.deep.equal([
      'session=; Max-Age=0; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT; HttpOnly; Secure; SameSite=Lax',
      'theme=; Max-Age=0; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT; HttpOnly; Secure; SameSite=Lax',
    ]);
  });

  it('prefixed and scoped cookies, deleted with the same path and domain', async () => {
    const enter = await app.inject({ method: 'POST', url: '/admin/enter' });
    expect(setCookieLines(enter.headers)).to.deep.equal([
      '__Host-admin=yes; Path=/; HttpOnly; Secure; SameSite=Strict',
      'admin_ui=compact; Domain=example.com; Path=/admin; HttpOnly; Secure; SameSite=Lax',
    ]);
    const leave = await app.inject({ method: 'POST', url: '/admin/leave' });
    const [host, ui] = parseSetCookies(leave.headers);
    expect(host).to.deep.include({ name: '__Host-admin', maxAge: 0, path: '/', domain: null });
    expect(ui).to.deep.include({ name: 'admin_ui', maxAge: 0, path: '/admin', domain: 'example.com' });
  });

  it('a returned response keeps its cookies and still gets those set on res', async () => {
    const res = await app.inject({ method: 'POST', url: '/returned' });
    expect(res.statusCode).to.equal(201);
    expect(parseSetCookies(res.headers).map((c) => c.name)).to.deep.equal(['from_res', 'from_returned']);
  });

  it('refusals happen at the call', () => {
    const res = new Response();
    expect(() => res.setCookie('__Host-admin', 'yes', { path: '/admin' })).to.throw(
      TypeError,
      'Cookie "__Host-admin": a __Host- cookie needs path \'/\'',
    );
    expect(() => res.setCookie('id', 'x', { sameSite: 'none', secure: false })).to.throw(
      TypeError,
      'Cookie "id": sameSite \'none\' needs secure: true (browsers reject it otherwise)',
    );
  });
});
