import { Controller, createApp, Get, Res, type Response } from '@arobase/core';
import { expect } from 'chai';
import { parseSetCookies } from '../helpers/set-cookie';

describe('deleteCookie with signed cookies by default', () => {
  it('sends an empty, unsigned value with Max-Age=0 and Expires in 1970, whatever the defaults say', async () => {
    @Controller()
    class SessionController {
      @Get('/logout')
      logout(@Res() res: Response) {
        res.deleteCookie('session');
        return { ok: true };
      }
    }
    const app = await createApp({
      controllers: [SessionController],
      cookies: { secret: 'a secret long enough to sign with', defaults: { signed: true } },
    });
    const res = await app.inject({ url: '/logout' });
    expect(res.statusCode).to.equal(200);
    const [cookie, ...rest] = parseSetCookies(res.headers);
    expect(rest).to.deep.equal([]);
    expect(cookie.name).to.equal('session');
    expect(cookie.value).to.equal('');
    expect(cookie.maxAge).to.equal(0);
    expect(cookie.expires?.getTime()).to.equal(0);
    expect(cookie.httpOnly && cookie.secure).to.equal(true);
  });
});
