// What a real browser does with arobase's cookies: it sends HttpOnly ones back without showing them to
// scripts, keeps the default Secure ones on http://localhost, forgets deleted ones, returns signed ones
// intact, and keeps SameSite=Lax/Strict ones off cross-site requests.

import { Controller, Cookie, createApp, Get, HTMLResponse, Post, Req, Res, Response } from '@arobase/core';
import cors from '@fastify/cors';
import { expect } from 'chai';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { type Browser, launchBrowser, type Origins, open, serve } from './chromium';

const SECRET = 'a-long-browser-test-secret-0123456789';

@Controller()
class SessionController {
  @Get('/', { responseClass: HTMLResponse })
  page() {
    return '<!doctype html><title>arobase</title><p>ready</p>';
  }

  @Post('/login')
  login(@Res() res: Response) {
    res.setCookie('session', 'abc'); // the defaults: HttpOnly, Secure, SameSite=Lax, Path=/
    res.setCookie('theme', 'dark', { httpOnly: false });
    res.setCookie('sid', 'user-1', { signed: true });
    return { ok: true };
  }

  @Post('/site-cookies')
  siteCookies(@Res() res: Response) {
    res.setCookie('lax', '1', { sameSite: 'lax' });
    res.setCookie('strict', '1', { sameSite: 'strict' });
    res.setCookie('none', '1', { sameSite: 'none', secure: true });
    return { ok: true };
  }

  @Get('/whoami')
  whoami(
    @Cookie('session') session: string | undefined,
    @Cookie('sid', { signed: true }) sid: string | undefined,
    @Req() req: FastifyRequest,
  ) {
    return { session: session ?? null, sid: sid ?? null, names: Object.keys(req.cookies).sort() };
  }

  @Post('/logout')
  logout(@Res() res: Response) {
    res.deleteCookie('session');
    return { ok: true };
  }
}

/** What `/whoami` answers. */
interface Seen {
  session: string | null;
  sid: string | null;
  names: string[];
}

// Runs in the page: the same-site request a script makes.
const whoami = (): Promise<Seen> => fetch('/whoami').then((r) => r.json() as Promise<Seen>);

describe('browser: cookies', function () {
  this.timeout(30_000);
  let browser: Browser;
  let app: FastifyInstance;
  let origins: Origins;

  before(async () => {
    app = await createApp({ controllers: [SessionController], cookies: { secret: SECRET } });
    // Only so that the cross-site page can read what the server saw; it decides nothing about cookies.
    await app.register(cors, { origin: (origin, cb) => cb(null, origin !== undefined), credentials: true });
    origins = await serve(app);
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close();
    await app?.close();
  });

  beforeEach(() => browser.context.clearCookies());

  it('sends an HttpOnly cookie back without showing it to document.cookie', async () => {
    const page = await open(browser, `${origins.localhost}/`);
    await page.evaluate(() => fetch('/login', { method: 'POST' }));
    expect(await page.evaluate<string>('document.cookie')).to.equal('theme=dark');
    const seen = await page.evaluate(whoami);
    expect(seen.session).to.equal('abc');
    await page.close();
  });

  it('keeps a default (Secure) cookie on http://localhost, with the attributes arobase set', async () => {
    const page = await open(browser, `${origins.localhost}/`);
    await page.evaluate(() => fetch('/login', { method: 'POST' }));
    const stored = (await browser.context.cookies(origins.localhost)).find((c) => c.name === 'session');
    expect(stored).to.include({ value: 'abc', path: '/', secure: true, httpOnly: true, sameSite: 'Lax' });
    await page.close();
  });

  it('forgets a cookie that deleteCookie removed', async () => {
    const page = await open(browser, `${origins.localhost}/`);
    await page.evaluate(() => fetch('/login', { method: 'POST' }));
    await page.evaluate(() => fetch('/logout', { method: 'POST' }));
    const names = (await browser.context.cookies(origins.localhost)).map((c) => c.name);
    expect(names).to.not.include('session');
    expect(names).to.include('theme');
    const seen = await page.evaluate(whoami);
    expect(seen.session).to.equal(null);
    await page.close();
  });

  it('returns a signed cookie that verifies, and a tampered one reads as absent', async () => {
    const page = await open(browser, `${origins.localhost}/`);
    await page.evaluate(() => fetch('/login', { method: 'POST' }));
    expect((await page.evaluate(whoami)).sid).to.equal('user-1');

    const signed = (await browser.context.cookies(origins.localhost)).find((c) => c.name === 'sid')!;
    await browser.context.addCookies([{ ...signed, value: signed.value.replace('user-1', 'user-2') }]);
    expect((await page.evaluate(whoami)).sid).to.equal(null);
    await page.close();
  });

  it('sends SameSite=Lax and Strict cookies on a same-site fetch', async () => {
    const page = await open(browser, `${origins.localhost}/`);
    await page.evaluate(() => fetch('/site-cookies', { method: 'POST' }));
    const seen = await page.evaluate(whoami);
    expect(seen.names).to.include.members(['lax', 'strict', 'none']);
    await page.close();
  });

  it('keeps SameSite=Lax and Strict cookies off a cross-site fetch, and sends SameSite=None; Secure', async () => {
    const home = await open(browser, `${origins.localhost}/`);
    await home.evaluate(() => fetch('/site-cookies', { method: 'POST' }));
    await home.close();

    // 127.0.0.1 and localhost are different sites: this fetch is cross-site.
    const page = await open(browser, `${origins.ip}/`);
    const seen: Seen = await page.evaluate(
      (url) => fetch(url, { credentials: 'include' }).then((r) => r.json() as Promise<Seen>),
      `${origins.localhost}/whoami`,
    );
    expect(seen.names).to.include('none');
    expect(seen.names).to.not.include('lax');
    expect(seen.names).to.not.include('strict');
    await page.close();
  });
});
