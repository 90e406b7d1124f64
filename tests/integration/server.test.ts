import { createHmac } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { setTimeout as delay } from 'node:timers/promises';
import {
  Body,
  Controller,
  Cookie,
  createApp,
  Get,
  Header,
  Param,
  Post,
  Query,
  Res,
  type Response,
} from '@arobase/core';
import { expect } from 'chai';
import { IsString, MinLength } from 'class-validator';
import type { FastifyInstance } from 'fastify';
import { Cookie as ToughCookie } from 'tough-cookie';

const SECRET = 'server-test-secret';

class LoginIn {
  @IsString() @MinLength(2) user!: string;
}

@Controller('/s')
class ServerController {
  @Get('/items/:id')
  item(@Param('id') id: number, @Query('verbose') verbose: boolean = false) {
    return { id, verbose };
  }

  @Post('/login')
  login(@Body() body: LoginIn, @Res() res: Response) {
    res.setCookie('session', body.user, { signed: true, maxAge: 3600 });
    res.setCookie('theme', 'dark mode');
    res.setCookie('lang', 'fr', { path: '/s', httpOnly: false });
    return { ok: true };
  }

  @Get('/me')
  me(@Cookie('session', { signed: true }) session?: string, @Cookie('theme') theme?: string) {
    return { session: session ?? null, theme: theme ?? null };
  }

  @Get('/slow/:n')
  async slow(@Param('n') n: number, @Header('x-client') client: string, @Res() res: Response) {
    await delay((n * 7) % 20);
    res.headers.set('X-Client', client);
    return { n, client };
  }
}

// fetch's json() is typed `unknown`; these tests check its shape themselves.
const json = (res: globalThis.Response): Promise<any> => res.json();

function parseLine(line: string) {
  const cookie = ToughCookie.parse(line);
  if (cookie === undefined) throw new Error(`unparseable Set-Cookie line ${JSON.stringify(line)}`);
  return cookie;
}

describe('a real server on 127.0.0.1, spoken to with fetch', () => {
  let app: FastifyInstance;
  let base: string;

  before(async () => {
    app = await createApp({
      controllers: [ServerController],
      cookies: { secret: SECRET },
      fastify: { bodyLimit: 1024 },
    });
    await app.listen({ host: '127.0.0.1', port: 0 });
    base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  });
  after(() => app.close());

  it('answers JSON with coerced parameters and an exact content-length', async () => {
    const res = await fetch(`${base}/s/items/12?verbose=1`);
    expect(res.status).to.equal(200);
    expect(res.headers.get('content-type')).to.equal('application/json; charset=utf-8');
    const text = await res.text();
    expect(res.headers.get('content-length')).to.equal(String(Buffer.byteLength(text)));
    expect(JSON.parse(text)).to.deep.equal({ id: 12, verbose: true });
  });

  it('HEAD on the GET route: same status and headers, no body', async () => {
    const get = await fetch(`${base}/s/items/12`);
    await get.arrayBuffer();
    const head = await fetch(`${base}/s/items/12`, { method: 'HEAD' });
    expect(head.status).to.equal(200);
    expect(head.headers.get('content-type')).to.equal(get.headers.get('content-type'));
    expect(head.headers.get('content-length')).to.equal(get.headers.get('content-length'));
    expect((await head.arrayBuffer()).byteLength).to.equal(0);
  });

  it('a bad parameter is a 422 and an unknown URL a 404, both JSON', async () => {
    const bad = await fetch(`${base}/s/items/twelve?verbose=perhaps`);
    expect(bad.status).to.equal(422);
    expect((await json(bad)).detail.map((d: { loc: unknown }) => d.loc)).to.deep.equal([
      ['path', 'id'],
      ['query', 'verbose'],
    ]);
    const missing = await fetch(`${base}/s/nothing`);
    expect(missing.status).to.equal(404);
    expect(await json(missing)).to.deep.equal({ detail: 'Not Found' });
  });

  it('sends each cookie as its own Set-Cookie line, read back with getSetCookie()', async () => {
    const res = await fetch(`${base}/s/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ user: 'ada' }),
    });
    expect(res.status).to.equal(200);
    const lines = res.headers.getSetCookie();
    expect(lines).to.have.length(3);
    const [session, theme, lang] = lines.map(parseLine);

    expect(session.key).to.equal('session');
    const mac = createHmac('sha256', SECRET).update('ada').digest('base64').replace(/=+$/, '');
    expect(decodeURIComponent(session.value)).to.equal(`ada.${mac}`);
    expect(session.maxAge).to.equal(3600);
    expect(session.path).to.equal('/');
    expect(session.httpOnly).to.equal(true);
    expect(session.secure).to.equal(true);
    expect(session.sameSite).to.equal('lax');

    expect(theme.key).to.equal('theme');
    expect(theme.value).to.equal('dark%20mode');
    expect(theme.path).to.equal('/');
    expect(theme.httpOnly).to.equal(true);

    expect(lang.key).to.equal('lang');
    expect(lang.value).to.equal('fr');
    expect(lang.path).to.equal('/s');
    expect(lang.httpOnly).to.equal(false);
    expect(lang.secure).to.equal(true);
  });

  it('cookies sent back are read, the signed one verified', async () => {
    const login = await fetch(`${base}/s/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ user: 'ada' }),
    });
    const jar = login.headers
      .getSetCookie()
      .map(parseLine)
      .map((c) => `${c.key}=${c.value}`)
      .join('; ');
    const me = await fetch(`${base}/s/me`, { headers: { cookie: jar } });
    expect(await json(me)).to.deep.equal({ session: 'ada', theme: 'dark mode' });

    const tampered = jar.replace('session=ada', 'session=eve');
    const forged = await fetch(`${base}/s/me`, { headers: { cookie: tampered } });
    expect(forged.status).to.equal(200);
    expect(await json(forged)).to.deep.equal({ session: null, theme: 'dark mode' });
  });

  it('a malformed Cookie header is not a 500', async () => {
    const res = await fetch(`${base}/s/me`, { headers: { cookie: 'session=%E0%A4%A; ;=; theme' } });
    expect(res.status).to.equal(200);
    expect((await json(res)).session).to.equal(null);
  });

  it('invalid JSON is a 400 and a body over the limit a 413, as JSON', async () => {
    const invalid = await fetch(`${base}/s/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"user":',
    });
    expect(invalid.status).to.equal(400);
    expect(Object.keys(await json(invalid))).to.deep.equal(['detail']);

    const large = await fetch(`${base}/s/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ user: 'x'.repeat(2000) }),
    });
    expect(large.status).to.equal(413);
    expect(Object.keys(await json(large))).to.deep.equal(['detail']);
  });

  it('concurrent requests each get their own answer and headers', async () => {
    const answers = await Promise.all(
      Array.from({ length: 24 }, async (_, n) => {
        const res = await fetch(`${base}/s/slow/${n}`, { headers: { 'x-client': `client-${n}` } });
        return { header: res.headers.get('x-client'), body: await json(res) };
      }),
    );
    answers.forEach((answer, n) => {
      expect(answer).to.deep.equal({ header: `client-${n}`, body: { n, client: `client-${n}` } });
    });
  });
});
