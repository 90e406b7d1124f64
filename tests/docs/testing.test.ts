// The examples of docs/testing.md, run as written (examples-in-sync.test.ts checks the page quotes them).
import { Controller, Cookie, createApp, Get, Post, Res, Response } from '@arobase/core';
import { arobaseChai, headerOf, setCookieOf, TestClient } from '@arobase/testing';
import * as chai from 'chai';
import { expect } from 'chai';
import type { FastifyInstance } from 'fastify';

chai.use(arobaseChai);

@Controller()
class SessionController {
  @Post('/login')
  login(@Res() res: Response) {
    res.setCookie('session', 'user-42', { signed: true, maxAge: 3600 });
    res.setCookie('cart', 'abc', { path: '/shop' });
    return { ok: true };
  }

  @Get('/me')
  me(@Cookie('session', { signed: true }) session?: string) {
    return { session: session ?? null };
  }

  @Get('/shop/cart')
  cart(@Cookie('cart') cart?: string) {
    return { cart: cart ?? null };
  }

  @Post('/logout')
  logout(@Res() res: Response) {
    res.deleteCookie('session');
    return { ok: true };
  }

  @Get('/items')
  items(@Res() res: Response) {
    res.headers.set('X-Total-Count', '2');
    return [{ id: 1 }, { id: 2 }];
  }
}

describe('sessions', () => {
  let app: FastifyInstance;
  let client: TestClient;

  beforeEach(async () => {
    app = await createApp({ controllers: [SessionController], cookies: { secret: 'test-secret' } });
    client = new TestClient(app);
  });
  afterEach(() => app.close());

  it('logs in, keeps the cookie, logs out', async () => {
    const login = await client.post('/login');
    expect(login).to.have.status(200);
    expect(login)
      .to.have.cookie('session')
      .that.is.httpOnly.and.secure.and.sameSite('lax')
      .and.maxAge(3600)
      .and.path('/');

    const me = await client.get('/me'); // the jar sends the signed cookie back
    expect(me.json()).to.deep.equal({ session: 'user-42' });

    const logout = await client.post('/logout');
    expect(logout).to.have.cookie('session').that.is.deleted;
    expect(await client.getCookie('session')).to.equal(undefined);
    expect((await client.get('/me')).json()).to.deep.equal({ session: null });
  });

  it('scopes a cookie to its path', async () => {
    await client.post('/login');
    expect((await client.get('/shop/cart')).json()).to.deep.equal({ cart: 'abc' });
    expect((await client.get('/me')).json()).to.deep.equal({ session: 'user-42' });
    expect(await client.getCookie('cart')).to.equal(undefined); // not sent to '/'
  });

  it('reads headers', async () => {
    const res = await client.get('/items', { query: { page: 1 }, headers: { accept: 'application/json' } });
    expect(res).to.have.status(200).and.header('x-total-count', '2');
    expect(res).to.have.header('content-type', /^application\/json/);
    expect(res.header('X-Total-Count')).to.equal('2');
  });
});

describe('without the client', () => {
  it('reads app.inject() responses', async () => {
    const app = await createApp({ controllers: [SessionController], cookies: { secret: 'test-secret' } });
    const res = await app.inject({ method: 'POST', url: '/login' });
    expect(res).to.have.status(200).and.cookie('cart').with.path('/shop');
    expect(setCookieOf(res, 'session')?.httpOnly).to.equal(true);
    expect(headerOf(res, 'content-type')).to.equal('application/json; charset=utf-8');
    await app.close();
  });

  it('talks real HTTP when given a URL', async () => {
    const app = await createApp({ controllers: [SessionController], cookies: { secret: 'test-secret' } });
    const url = await app.listen({ port: 0, host: '127.0.0.1' });
    const client = new TestClient(url); // fetch, with the same cookie jar rules
    await client.post('/login');
    expect((await client.get('/me')).json()).to.deep.equal({ session: 'user-42' });
    await app.close();
  });
});
