// A cookie set on the injected `res` is checked once, at `setCookie`, against the app's policy; the
// write sends what was checked. A cookie on a response the handler built is checked at the write.
import {
  Controller,
  type CookieOptions,
  createApp,
  Get,
  JSONResponse,
  Res,
  type Response,
} from '@arobase/core';
import { expect } from 'chai';
import type { FastifyInstance } from 'fastify';
import { parseSetCookies } from '../helpers/set-cookie';

@Controller('/once')
class OnceController {
  @Get('/changed-after')
  changedAfter(@Res() res: Response) {
    const options: CookieOptions = { maxAge: 60 };
    res.setCookie('c', 'v', options);
    // Too late: the cookie was checked, and is sent, as it was set.
    options.sameSite = 'none';
    options.secure = false;
    options.path = '/elsewhere';
    return { ok: true };
  }

  @Get('/built')
  built() {
    // Checked at the call against the secure defaults, at the write against the app's (secure: false).
    return new JSONResponse({ ok: true }).setCookie('c', 'v', { sameSite: 'none' });
  }
}

describe('cookies: checked once per cookie', () => {
  let app: FastifyInstance;
  before(async () => {
    app = await createApp({ controllers: [OnceController], cookies: { defaults: { secure: false } } });
  });
  after(() => app.close());

  it('an options object changed after setCookie changes nothing on the wire', async () => {
    const res = await app.inject({ url: '/once/changed-after' });
    expect(res.statusCode).to.equal(200);
    const [cookie, ...others] = parseSetCookies(res.headers);
    expect(others).to.have.length(0);
    expect(cookie).to.deep.include({
      name: 'c',
      value: 'v',
      maxAge: 60,
      path: '/',
      sameSite: 'lax',
      secure: false,
    });
  });

  it("a cookie on a response the handler built is still checked against the app's defaults", async () => {
    const res = await app.inject({ url: '/once/built' });
    expect(res.statusCode).to.equal(500);
    expect(res.headers['set-cookie']).to.equal(undefined);
  });
});
