// Cookies as DESIGN.md says: secure defaults, every attribute, app defaults, signing, deletion, order,
// refusals at the call, and values that cannot inject.
import {
  Controller,
  Cookie,
  type CookieOptions,
  createApp,
  Get,
  Post,
  Query,
  Res,
  Response,
} from '@arobase/core';
import { expect } from 'chai';
import type { FastifyInstance } from 'fastify';
import { cookieNamed, parseSetCookie, parseSetCookies, setCookieLines } from '../helpers/set-cookie';

const SECRET = 'a-long-test-secret-0123456789abcdef';

/** Options per test case, chosen by a query parameter so one controller serves them all. */
const CASES: Record<string, CookieOptions> = {
  defaults: {},
  maxAge: { maxAge: 3600 },
  expires: { expires: new Date('2030-01-02T03:04:05Z') },
  domain: { domain: 'example.com' },
  path: { path: '/admin' },
  insecure: { secure: false },
  script: { httpOnly: false },
  strict: { sameSite: 'strict' },
  none: { sameSite: 'none', secure: true },
  partitioned: { partitioned: true },
  priority: { priority: 'high' },
  everything: {
    maxAge: 60,
    expires: new Date('2030-01-02T03:04:05Z'),
    domain: '.example.com',
    path: '/app',
    secure: true,
    httpOnly: false,
    sameSite: 'strict',
    partitioned: true,
    priority: 'low',
  },
};

@Controller()
class CookieController {
  @Get('/set')
  set(@Query('case') name: string, @Res() res: Response) {
    res.setCookie('c', 'v', CASES[name]);
    return { ok: true };
  }

  @Get('/many')
  many(@Res() res: Response) {
    res.setCookie('first', '1');
    res.deleteCookie('second');
    res.setCookie('third', '3', { path: '/x' });
    res.setCookie('first', 'again');
    return { ok: true };
  }

  @Post('/delete')
  remove(@Res() res: Response) {
    res.deleteCookie('plain');
    res.deleteCookie('scoped', { path: '/admin', domain: 'example.com' });
    return { ok: true };
  }

  @Get('/value')
  value(@Query('v') value: string, @Res() res: Response) {
    res.setCookie('echo', value);
    return { ok: true };
  }

  @Get('/read')
  read(@Cookie('echo') echo: string | null = null) {
    return { echo };
  }

  @Get('/sign')
  sign(@Res() res: Response) {
    res.setCookie('session', 'user-42', { signed: true });
    return { ok: true };
  }

  @Get('/sign-caught')
  signCaught(@Res() res: Response) {
    try {
      res.setCookie('session', 'user-42', { signed: true });
    } catch (error) {
      return { error: (error as Error).constructor.name, message: (error as Error).message };
    }
    return { error: null };
  }

  @Get('/bad-name')
  badName(@Res() res: Response) {
    try {
      res.setCookie('bad name', 'x');
    } catch (error) {
      return { error: (error as Error).constructor.name, message: (error as Error).message };
    }
    return { error: null };
  }

  @Get('/secure-prefix')
  securePrefix(@Res() res: Response) {
    // Valid under the secure defaults; refused when the app's defaults are not secure.
    res.setCookie('__Secure-id', 'x');
    return { ok: true };
  }
}

// Reading a signed cookie needs a secret at start-up, so this route is only mounted when there is one.
@Controller()
class SignedController {
  @Get('/signed')
  signed(@Cookie('session', { signed: true }) session: string | null = null) {
    return { session };
  }
}

async function appWith(options: Parameters<typeof createApp>[0]['cookies'] = { secret: SECRET }) {
  const controllers =
    options?.secret === undefined ? [CookieController] : [CookieController, SignedController];
  return createApp({ controllers, cookies: options });
}

describe('cookies', () => {
  let app: FastifyInstance;
  before(async () => {
    app = await appWith();
  });
  after(() => app.close());

  const set = async (name: string) => {
    const res = await app.inject({ url: `/set?case=${name}` });
    expect(res.statusCode, res.body).to.equal(200);
    const cookies = parseSetCookies(res.headers);
    expect(cookies).to.have.length(1);
    return cookies[0]!;
  };

  const SECURE_DEFAULTS = {
    name: 'c',
    value: 'v',
    path: '/',
    domain: null,
    maxAge: null,
    expires: null,
    secure: true,
    httpOnly: true,
    sameSite: 'lax',
    partitioned: false,
    priority: null,
  };

  it('defaults to Path=/, HttpOnly, Secure, SameSite=Lax and nothing else', async () => {
    const cookie = await set('defaults');
    expect(cookie).to.deep.include(SECURE_DEFAULTS);
    expect(cookie.raw).to.equal('c=v; Path=/; HttpOnly; Secure; SameSite=Lax');
  });

  it('maxAge is sent as Max-Age in seconds', async () => {
    expect(await set('maxAge')).to.deep.include({ ...SECURE_DEFAULTS, maxAge: 3600 });
  });

  it('expires is sent as an HTTP date', async () => {
    const cookie = await set('expires');
    expect(cookie.expires?.toISOString()).to.equal('2030-01-02T03:04:05.000Z');
    expect(cookie.raw).to.include('Expires=Wed, 02 Jan 2030 03:04:05 GMT');
  });

  it('domain and path', async () => {
    expect(await set('domain')).to.deep.include({ ...SECURE_DEFAULTS, domain: 'example.com' });
    expect(await set('path')).to.deep.include({ ...SECURE_DEFAULTS, path: '/admin' });
  });

  it('secure: false and httpOnly: false turn the defaults off', async () => {
    expect(await set('insecure')).to.deep.include({ ...SECURE_DEFAULTS, secure: false });
    expect(await set('script')).to.deep.include({ ...SECURE_DEFAULTS, httpOnly: false });
  });

  it('sameSite strict and none', async () => {
    expect(await set('strict')).to.deep.include({ ...SECURE_DEFAULTS, sameSite: 'strict' });
    expect(await set('none')).to.deep.include({ ...SECURE_DEFAULTS, sameSite: 'none' });
  });

  it('partitioned and priority', async () => {
    expect(await set('partitioned')).to.deep.include({ ...SECURE_DEFAULTS, partitioned: true });
    expect(await set('priority')).to.deep.include({ ...SECURE_DEFAULTS, priority: 'high' });
  });

  it('every attribute at once', async () => {
    const cookie = await set('everything');
    expect(cookie).to.deep.include({
      name: 'c',
      value: 'v',
      maxAge: 60,
      domain: 'example.com',
      path: '/app',
      secure: true,
      httpOnly: false,
      sameSite: 'strict',
      partitioned: true,
      priority: 'low',
    });
    expect(cookie.expires?.toISOString()).to.equal('2030-01-02T03:04:05.000Z');
  });

  it('several cookies are several Set-Cookie lines, in call order, a repeated name included', async () => {
    const res = await app.inject({ url: '/many' });
    const cookies = parseSetCookies(res.headers);
    expect(cookies.map((c) => [c.name, c.value, c.path])).to.deep.equal([
      ['first', '1', '/'],
      ['second', '', '/'],
      ['third', '3', '/x'],
      ['first', 'again', '/'],
    ]);
  });

  it('deleteCookie sends an empty value, Max-Age=0, Expires in 1970, with the path and domain given', async () => {
    const res = await app.inject({ method: 'POST', url: '/delete' });
    const plain = cookieNamed(res.headers, 'plain');
    expect(plain).to.deep.include({
      value: '',
      maxAge: 0,
      path: '/',
      domain: null,
      secure: true,
      httpOnly: true,
    });
    expect(plain.expires?.getTime()).to.equal(0);
    const scoped = cookieNamed(res.headers, 'scoped');
    expect(scoped).to.deep.include({ value: '', maxAge: 0, path: '/admin', domain: 'example.com' });
    expect(scoped.expires?.getTime()).to.equal(0);
  });

  it('a signed cookie reads back verified with @Cookie(name, { signed: true })', async () => {
    const res = await app.inject({ url: '/sign' });
    const line = cookieNamed(res.headers, 'session');
    expect(line.value).to.match(/^user-42\.[A-Za-z0-9+/_-]+$/);
    expect(line).to.include({ httpOnly: true, secure: true, sameSite: 'lax' });

    const back = await app.inject({ url: '/signed', cookies: { session: line.value } });
    expect(back.json()).to.deep.equal({ session: 'user-42' });
  });

  it('a tampered, unsigned or missing signed cookie reads as absent, never an error', async () => {
    const res = await app.inject({ url: '/sign' });
    const signedValue = cookieNamed(res.headers, 'session').value;
    const tampered = signedValue.replace('user-42', 'user-1');
    for (const cookies of [{ session: tampered }, { session: 'user-42' }, {}] as Record<string, string>[]) {
      const back = await app.inject({ url: '/signed', cookies });
      expect(back.statusCode).to.equal(200);
      expect(back.json()).to.deep.equal({ session: null });
    }
  });

  it('secret rotation: the first secret signs, the others still verify', async () => {
    const old = await appWith({ secret: 'old-secret-0123456789' });
    const rotated = await appWith({ secret: ['new-secret-0123456789', 'old-secret-0123456789'] });
    try {
      const oldLine = cookieNamed((await old.inject({ url: '/sign' })).headers, 'session');
      const read = await rotated.inject({ url: '/signed', cookies: { session: oldLine.value } });
      expect(read.json()).to.deep.equal({ session: 'user-42' });
      const newLine = cookieNamed((await rotated.inject({ url: '/sign' })).headers, 'session');
      expect(newLine.value).not.to.equal(oldLine.value);
      const stale = await old.inject({ url: '/signed', cookies: { session: newLine.value } });
      expect(stale.json()).to.deep.equal({ session: null });
    } finally {
      await old.close();
      await rotated.close();
    }
  });

  it('signing without cookies.secret is refused', async () => {
    const noSecret = await appWith({});
    try {
      const res = await noSecret.inject({ url: '/sign' });
      expect(res.statusCode).to.equal(500);
      expect(res.headers['set-cookie']).to.equal(undefined);
    } finally {
      await noSecret.close();
    }
  });

  it('signing without cookies.secret is refused at the call, where the handler can catch it', async () => {
    const noSecret = await appWith({});
    try {
      const res = await noSecret.inject({ url: '/sign-caught' });
      expect(res.json()).to.deep.equal({
        error: 'TypeError',
        message: 'Cookie "session" is signed but the app has no cookies.secret',
      });
      const signed = await app.inject({ url: '/sign-caught' });
      expect(signed.json()).to.deep.equal({ error: null });
    } finally {
      await noSecret.close();
    }
  });

  it("createApp's cookie support reaches routes the user adds on the instance beside arobase's", async () => {
    const own = await createApp({ controllers: [], cookies: { secret: SECRET } });
    own.get('/plain-fastify', async (request, reply) => {
      reply.setCookie('plain', 'yes', { path: '/' });
      return { seen: request.cookies.seen ?? null, signed: reply.signCookie('v').startsWith('v.') };
    });
    try {
      const res = await own.inject({ url: '/plain-fastify', cookies: { seen: 'hello' } });
      expect(res.json()).to.deep.equal({ seen: 'hello', signed: true });
      expect(parseSetCookie(setCookieLines(res.headers)[0]).name).to.equal('plain');
    } finally {
      await own.close();
    }
  });

  it('app-level cookies.defaults replace the secure defaults attribute by attribute', async () => {
    const relaxed = await appWith({ defaults: { sameSite: 'strict', secure: false, path: '/app' } });
    try {
      const res = await relaxed.inject({ url: '/set?case=defaults' });
      expect(cookieNamed(res.headers, 'c')).to.deep.include({
        ...SECURE_DEFAULTS,
        sameSite: 'strict',
        secure: false,
        path: '/app',
      });
      const overridden = await relaxed.inject({ url: '/set?case=none' });
      expect(cookieNamed(overridden.headers, 'c')).to.deep.include({
        sameSite: 'none',
        secure: true,
        path: '/app',
      });
      // The app's defaults are what a cookie is checked against at the call.
      const prefixed = await relaxed.inject({ url: '/secure-prefix' });
      expect(prefixed.statusCode).to.equal(500);
    } finally {
      await relaxed.close();
    }
  });

  it('app-level defaults that could never make a valid cookie are refused at start-up', async () => {
    for (const defaults of [
      { sameSite: 'none', secure: false },
      { path: 'a;b' },
      { signed: true },
    ] as CookieOptions[]) {
      let error: unknown;
      try {
        await appWith({ defaults });
      } catch (e) {
        error = e;
      }
      expect(error, JSON.stringify(defaults)).to.be.instanceOf(TypeError);
    }
  });

  it('a refused cookie throws in the handler, where it can be caught', async () => {
    const res = await app.inject({ url: '/bad-name' });
    expect(res.json()).to.deep.include({ error: 'TypeError' });
    expect(res.json().message).to.match(/cookie name/i);
  });

  describe('values are encoded: nothing a client sends can inject an attribute, a header or a cookie', () => {
    const hostile = [
      'x; Domain=evil.example; Path=/',
      'x\r\nSet-Cookie: admin=1',
      'a=b=c',
      '"quoted", with, commas',
      'café ☕ 𝄞',
      '%41%',
      ' leading and trailing ',
      '',
    ];
    for (const value of hostile) {
      it(`${JSON.stringify(value)} is one cookie with the secure defaults, read back intact`, async () => {
        const res = await app.inject({ url: '/value', query: { v: value } });
        expect(res.statusCode).to.equal(200);
        const lines = setCookieLines(res.headers);
        expect(lines).to.have.length(1);
        expect(lines[0]).not.to.match(/[\r\n]/);
        const cookie = parseSetCookie(lines[0]!);
        expect(cookie).to.deep.include({
          name: 'echo',
          domain: null,
          path: '/',
          secure: true,
          httpOnly: true,
        });
        expect(decodeURIComponent(cookie.value)).to.equal(value);
        const back = await app.inject({ url: '/read', headers: { cookie: `echo=${cookie.value}` } });
        expect(back.json()).to.deep.equal({ echo: value });
      });
    }
  });
});

describe('cookie refusals: a TypeError at the call that says why', () => {
  const refusals: [string, string, CookieOptions, RegExp][] = [
    ['', 'v', {}, /name/],
    ['has space', 'v', {}, /name/],
    ['semi;colon', 'v', {}, /name/],
    ['equals=sign', 'v', {}, /name/],
    ['caf\u00e9', 'v', {}, /name/],
    ['new\nline', 'v', {}, /name/],
    ['c', 'v', { sameSite: 'none', secure: false }, /sameSite 'none' needs secure/],
    ['c', 'v', { partitioned: true, secure: false }, /partitioned/],
    ['__Host-id', 'v', { secure: false }, /__Host- cookie needs secure/],
    ['__Host-id', 'v', { domain: 'example.com' }, /__Host- cookie must not set a domain/],
    ['__Host-id', 'v', { path: '/admin' }, /__Host- cookie needs path '\/'/],
    ['__host-id', 'v', { path: '/admin' }, /__Host- cookie/],
    ['__Secure-id', 'v', { secure: false }, /__Secure- cookie needs secure/],
    ['__SECURE-id', 'v', { secure: false }, /__Secure- cookie needs secure/],
    ['c', 'v', { domain: 'example.com\r\nX-Evil: 1' }, /domain/],
    ['c', 'v', { domain: 'example.com; Secure' }, /domain/],
    ['c', 'v', { domain: 'exa mple.com' }, /domain/],
    ['c', 'v', { path: '/a\r\nX-Evil: 1' }, /path/],
    ['c', 'v', { path: '/a\nb' }, /path/],
    ['c', 'v', { path: '/a; Domain=evil' }, /path/],
    ['c', 'v', { path: '/a\tb' }, /path/],
    ['c', 'v', { path: '/caf\u00e9' }, /path/],
    ['c', 'v', { maxAge: 1.5 }, /maxAge/],
    ['c', 'v', { expires: new Date(Number.NaN) }, /expires/],
    ['c', 'v', { sameSite: 'loose' as 'lax' }, /sameSite/],
    ['c', 'v', { priority: 'urgent' as 'high' }, /priority/],
    ['c', '\ud800', {}, /value/],
    ['c', 42 as unknown as string, {}, /value/],
  ];
  for (const [name, value, options, why] of refusals) {
    it(`${JSON.stringify(name)} ${JSON.stringify(options)} -> ${why}`, () => {
      const res = new Response();
      expect(() => res.setCookie(name, value, options)).to.throw(TypeError, why);
      expect(res.cookies).to.have.length(0);
    });
  }

  it('deleteCookie follows the same rules', () => {
    expect(() => new Response().deleteCookie('__Host-id', { path: '/admin' })).to.throw(TypeError, /__Host-/);
    expect(() => new Response().deleteCookie('c', { domain: 'a;b' })).to.throw(TypeError, /domain/);
  });

  it('valid prefixed cookies pass', () => {
    const res = new Response();
    res.setCookie('__Host-id', 'v');
    res.setCookie('__Secure-id', 'v', { domain: 'example.com', path: '/x' });
    expect(res.cookies.map((c) => c.name)).to.deep.equal(['__Host-id', '__Secure-id']);
  });
});

// `{ secure: config.secure }` with the setting absent: an option given as `undefined` is not given.
const UNSET: CookieOptions = { secure: undefined, httpOnly: undefined, path: undefined, sameSite: undefined };

@Controller('/unset')
class UnsetController {
  @Get('/injected')
  injected(@Res() res: Response) {
    res.setCookie('a', '1', { ...UNSET, maxAge: 60 });
    return { ok: true };
  }

  @Get('/returned')
  returned() {
    return new Response('ok').setCookie('b', '1', UNSET);
  }
}

describe('cookies: an option given as undefined keeps the default', () => {
  const expectSecureDefaults = (line: string, maxAge: number | null) => {
    const cookie = parseSetCookie(line);
    expect(cookie.path).to.equal('/');
    expect(cookie.secure).to.equal(true);
    expect(cookie.httpOnly).to.equal(true);
    expect(cookie.sameSite).to.equal('lax');
    expect(cookie.maxAge).to.equal(maxAge);
  };

  it('on the injected response and on one the handler returns', async () => {
    const app = await createApp({ controllers: [UnsetController] });
    try {
      const injected = await app.inject({ url: '/unset/injected' });
      expect(setCookieLines(injected.headers)).to.have.length(1);
      expectSecureDefaults(setCookieLines(injected.headers)[0], 60);
      const returned = await app.inject({ url: '/unset/returned' });
      expect(setCookieLines(returned.headers)).to.have.length(1);
      expectSecureDefaults(setCookieLines(returned.headers)[0], null);
    } finally {
      await app.close();
    }
  });

  it("in the app's cookies.defaults", async () => {
    const app = await createApp({ controllers: [UnsetController], cookies: { defaults: UNSET } });
    try {
      const res = await app.inject({ url: '/unset/injected' });
      expectSecureDefaults(setCookieLines(res.headers)[0], 60);
    } finally {
      await app.close();
    }
  });
});
