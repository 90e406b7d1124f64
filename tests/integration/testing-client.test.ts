import {
  Controller,
  Cookie,
  createApp,
  Delete,
  Get,
  Head,
  Options,
  Param,
  Patch,
  Post,
  Put,
  Query,
  Req,
  Res,
  type Response,
} from '@arobase/core';
import { arobaseChai, headerOf, setCookieOf, setCookiesOf, TestClient } from '@arobase/testing';
import * as chai from 'chai';
import { AssertionError, expect } from 'chai';
import Fastify, { type FastifyInstance, type FastifyRequest } from 'fastify';

chai.use(arobaseChai);

@Controller()
class JarController {
  @Post('/login')
  login(@Res() res: Response) {
    res.setCookie('session', 'user-1', { signed: true, maxAge: 3600 });
    res.setCookie('theme', 'dark', { httpOnly: false, sameSite: 'strict' });
    return { ok: true };
  }

  @Post('/logout')
  logout(@Res() res: Response) {
    res.deleteCookie('session');
    return { ok: true };
  }

  @Post('/admin/enter')
  enterAdmin(@Res() res: Response) {
    res.setCookie('admin_token', 'a b;c', { path: '/admin' });
    return { ok: true };
  }

  @Get('/admin/panel')
  panel(@Cookie('admin_token') token?: string) {
    return { token: token ?? null };
  }

  @Get('/me')
  me(@Cookie('session', { signed: true }) session?: string, @Cookie('theme') theme?: string) {
    return { session: session ?? null, theme: theme ?? null };
  }

  @Post('/expire')
  expire(@Res() res: Response) {
    res.setCookie('theme', 'old', { expires: new Date(Date.UTC(2000, 0, 1)) });
    return { ok: true };
  }

  @Get('/echo')
  echo(@Req() req: FastifyRequest, @Query('tag') tags: string[] = []) {
    return {
      method: req.method,
      tags,
      cookie: req.headers.cookie ?? null,
      custom: req.headers['x-custom'] ?? null,
    };
  }

  @Post('/echo', { status: 201 })
  echoPost(@Req() req: FastifyRequest, @Res() res: Response) {
    res.headers.set('X-Total-Count', '2');
    return { body: req.body, type: req.headers['content-type'] };
  }
  @Put('/echo')
  put(@Req() req: FastifyRequest) {
    return { method: req.method, body: req.body };
  }
  @Patch('/echo')
  patch(@Req() req: FastifyRequest) {
    return { method: req.method, body: req.body };
  }
  @Delete('/echo/:id')
  remove(@Param('id') id: number, @Res() res: Response) {
    res.status = 204;
    return { id };
  }
  @Head('/ping')
  headPing(@Res() res: Response) {
    res.headers.set('X-Ping', 'pong');
    return null;
  }
  @Options('/echo')
  optionsEcho(@Res() res: Response) {
    res.headers.set('Allow', 'GET, POST, PUT, PATCH, DELETE');
    return null;
  }
}

async function makeApp(): Promise<FastifyInstance> {
  return createApp({ controllers: [JarController], cookies: { secret: 'a-test-secret-of-enough-length' } });
}

describe('@arobase/testing: TestClient', () => {
  let app: FastifyInstance;
  let client: TestClient;
  beforeEach(async () => {
    app = await makeApp();
    client = new TestClient(app);
  });
  afterEach(() => app.close());

  it('keeps Secure cookies on http://localhost and sends signed values back as they were set', async () => {
    const login = await client.post('/login');
    const session = login.cookie('session')!;
    expect(session.secure).to.equal(true);
    expect(session.value).to.match(/^user-1\./);
    const stored = await client.getCookie('session');
    expect(stored?.value).to.equal(session.value);
    const me = await client.get('/me');
    expect(me.json()).to.deep.equal({ session: 'user-1', theme: 'dark' });
  });

  it('deletes a cookie on Max-Age=0 and on a past Expires', async () => {
    await client.post('/login');
    const logout = await client.post('/logout');
    expect(logout.cookie('session')?.maxAge).to.equal(0);
    expect(await client.getCookie('session')).to.equal(undefined);
    expect((await client.get('/me')).json()).to.deep.equal({ session: null, theme: 'dark' });
    await client.post('/expire');
    expect((await client.get('/me')).json()).to.deep.equal({ session: null, theme: null });
  });

  it('scopes a cookie to its Path and keeps its encoded value', async () => {
    await client.post('/admin/enter');
    expect((await client.get('/me')).json()).to.deep.equal({ session: null, theme: null });
    expect((await client.get('/admin/panel')).json()).to.deep.equal({ token: 'a b;c' });
    expect(await client.getCookie('admin_token')).to.equal(undefined);
    expect((await client.getCookie('admin_token', '/admin/panel'))?.value).to.equal('a%20b%3Bc');
  });

  it('does not touch the jar with cookies: false, and clearCookies empties it', async () => {
    await client.post('/login', { cookies: false });
    expect(await client.getCookies()).to.deep.equal([]);
    await client.post('/login');
    expect(await client.getCookies()).to.have.length(2);
    await client.clearCookies();
    expect((await client.get('/echo')).json().cookie).to.equal(null);
  });

  it('sends json bodies, raw bodies, headers and query arrays with every method', async () => {
    const post = await client.post('/echo', { json: { a: 1 } });
    expect(post.status).to.equal(201);
    expect(post.json()).to.deep.equal({ body: { a: 1 }, type: 'application/json' });
    const raw = await client.post('/echo', { body: 'plain', headers: { 'Content-Type': 'text/plain' } });
    expect(raw.json()).to.deep.equal({ body: 'plain', type: 'text/plain' });
    const get = await client.get('/echo', { query: { tag: ['a', 'b'] }, headers: { 'X-Custom': 'yes' } });
    expect(get.json()).to.deep.include({ method: 'GET', tags: ['a', 'b'], custom: 'yes' });
    expect((await client.put('/echo', { json: [1] })).json()).to.deep.equal({ method: 'PUT', body: [1] });
    expect((await client.patch('/echo', { json: { b: 2 } })).json()).to.deep.equal({
      method: 'PATCH',
      body: { b: 2 },
    });
    const del = await client.delete('/echo/3');
    expect(del.status).to.equal(204);
    expect(del.text).to.equal('');
    const head = await client.head('/ping');
    expect(head.header('x-ping')).to.equal('pong');
    expect((await client.options('/echo')).header('allow')).to.contain('PATCH');
    expect((await client.request('get', '/echo')).json().method).to.equal('GET');
  });

  it('merges a cookie header given by the test after the jar', async () => {
    await client.post('/login');
    const res = await client.get('/echo', { headers: { cookie: 'extra=1' } });
    expect(res.json().cookie).to.match(/^session=.*; theme=dark; extra=1$/);
  });

  it('refuses json together with body, and a target that is not an app', async () => {
    let error: unknown;
    try {
      await client.post('/echo', { json: {}, body: 'x' });
    } catch (e) {
      error = e;
    }
    expect(error).to.be.instanceOf(TypeError);
    expect(() => new TestClient({} as FastifyInstance)).to.throw(TypeError, /Fastify instance/);
  });

  it('explains a body that is not JSON', async () => {
    const res = await client.head('/ping');
    expect(() => res.json()).to.throw(SyntaxError, /HEAD \/ping answered 200/);
  });

  it('drops what a browser would refuse, and keeps Secure cookies only on secure origins', async () => {
    const raw = Fastify();
    raw.get('/set', (_req, reply) => {
      reply.header('set-cookie', [
        '__Host-bad=1; Domain=localhost; Path=/; Secure',
        '__Host-good=1; Path=/; Secure',
        'plain=1; Path=/',
        'safe=1; Path=/; Secure',
      ]);
      return 'ok';
    });
    raw.get('/echo', (req) => req.headers.cookie ?? '');
    const local = new TestClient(raw);
    await local.get('/set');
    expect((await local.get('/echo')).text).to.equal('__Host-good=1; plain=1; safe=1');
    const elsewhere = new TestClient(raw, { baseUrl: 'http://example.test' });
    await elsewhere.get('/set');
    expect((await elsewhere.get('/echo')).text).to.equal('plain=1');
    await raw.close();
  });

  it('talks real HTTP when given a base URL, with the same jar rules', async () => {
    const address = await app.listen({ port: 0, host: '127.0.0.1' });
    const http = new TestClient(address);
    const login = await http.post('/login');
    expect(login).to.have.status(200);
    expect(login).to.have.cookie('session').that.is.secure;
    expect((await http.get('/me')).json()).to.deep.equal({ session: 'user-1', theme: 'dark' });
    await http.post('/logout');
    expect((await http.get('/me')).json()).to.deep.equal({ session: null, theme: 'dark' });
  });
});

describe('@arobase/testing: helpers and chai assertions', () => {
  let app: FastifyInstance;
  before(async () => {
    app = await makeApp();
  });
  after(() => app.close());

  it('parses every Set-Cookie line of app.inject() and fetch responses', async () => {
    const res = await app.inject({ method: 'POST', url: '/login' });
    const [session, theme] = setCookiesOf(res);
    expect(session.key).to.equal('session');
    expect(session.maxAge).to.equal(3600);
    expect(session.httpOnly).to.equal(true);
    expect(theme.httpOnly).to.equal(false);
    expect(theme.sameSite).to.equal('strict');
    expect(setCookieOf(res, 'missing')).to.equal(undefined);
    const fetched = new globalThis.Response(null, { headers: [['set-cookie', 'a=1; Path=/x']] });
    expect(setCookieOf(fetched, 'a')?.path).to.equal('/x');
    expect(headerOf(fetched, 'Set-Cookie')).to.equal('a=1; Path=/x');
    expect(headerOf(res, 'Content-Type')).to.equal('application/json; charset=utf-8');
  });

  it('asserts status, headers and cookie attributes', async () => {
    const client = new TestClient(app);
    const res = await client.post('/echo', { json: {} });
    expect(res).to.have.status(201).and.header('x-total-count', '2');
    expect(res).to.have.header('content-type', /json/);
    expect(res).to.have.header('x-total-count');
    expect(res).not.to.have.header('x-missing');
    expect(res).not.to.have.cookie('session');
    const login = await client.post('/login');
    expect(login)
      .to.have.cookie('session')
      .that.is.httpOnly.and.secure.and.sameSite('lax')
      .and.maxAge(3600)
      .and.path('/');
    expect(login).to.have.cookie('theme', 'dark').that.is.not.httpOnly;
    expect(login).to.have.cookie('theme').with.sameSite('strict');
    expect(login).to.have.cookie('theme').that.is.not.deleted;
    expect(await client.post('/logout')).to.have.cookie('session', '').that.is.deleted;
    expect(await app.inject({ method: 'POST', url: '/login' }))
      .to.have.status(200)
      .and.cookie('session');
  });

  it('fails with messages that say what was expected and what came', async () => {
    const client = new TestClient(app);
    const res = await client.post('/login');
    expect(() => expect(res).to.have.status(201)).to.throw(
      AssertionError,
      /POST \/login to have status 201 but got 200 \(body: \{"ok":true\}\)/,
    );
    expect(() => expect(res).to.have.header('x-total-count', '2')).to.throw(AssertionError, /x-total-count/);
    expect(() => expect(res).to.have.cookie('nope')).to.throw(
      AssertionError,
      /set cookie nope but it set: session=/,
    );
    expect(() => expect(res).to.have.cookie('theme').that.is.httpOnly).to.throw(AssertionError, /HttpOnly/);
    expect(() => expect(res).to.have.cookie('theme').with.path('/admin')).to.throw(AssertionError, /path/);
    expect(() => expect(res).to.have.cookie('session').that.is.deleted).to.throw(AssertionError, /deleted/);
    expect(() => expect(res).to.have.cookie('session', 'x')).to.throw(AssertionError, /cookie session to be/);
    expect(() => expect({}).to.have.status(200)).to.throw(TypeError, /needs a response/);
    expect(() => expect(res).to.be.httpOnly).to.throw(TypeError, /start the chain with .cookie/);
  });
});
