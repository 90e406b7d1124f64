// For any value a client could make a handler echo into a cookie, the reply holds exactly one
// Set-Cookie line with the name and attributes the handler chose, and the value reads back intact.
import { Controller, Cookie, createApp, Get, Query, Res, type Response } from '@arobase/core';
import { expect } from 'chai';
import fc from 'fast-check';
import type { FastifyInstance } from 'fastify';
import { parseSetCookie, setCookieLines } from '../helpers/set-cookie';

@Controller()
class EchoController {
  @Get('/echo')
  echo(@Query('v') value: string, @Res() res: Response) {
    res.setCookie('echo', value ?? '', { path: '/p', maxAge: 60 });
    return { ok: true };
  }

  @Get('/read')
  read(@Cookie('echo') echo: string | null = null) {
    return { echo };
  }
}

describe('property: cookie values cannot inject', () => {
  let app: FastifyInstance;
  before(async () => {
    app = await createApp({ controllers: [EchoController] });
  });
  after(() => app.close());

  // Well-formed strings of any code point, biased towards the characters that delimit cookies and headers.
  const delimiters = fc.constantFrom(
    ';',
    ',',
    '=',
    '"',
    '\\',
    '\r',
    '\n',
    '\0',
    ' ',
    '\t',
    '%',
    'Domain=evil',
    'Set-Cookie:',
  );
  const value = fc
    .array(fc.oneof(fc.string({ unit: 'grapheme' }), delimiters), { maxLength: 8 })
    .map((parts) => parts.join(''));

  it('one line, the chosen attributes, the value back intact', async () => {
    await fc.assert(
      fc.asyncProperty(value, async (v) => {
        const res = await app.inject({ url: '/echo', query: { v } });
        expect(res.statusCode).to.equal(200);
        const lines = setCookieLines(res.headers);
        expect(lines).to.have.length(1);
        expect(lines[0]).not.to.match(/[\r\n\0]/);
        const cookie = parseSetCookie(lines[0]!);
        expect(cookie).to.deep.include({
          name: 'echo',
          path: '/p',
          maxAge: 60,
          domain: null,
          secure: true,
          httpOnly: true,
          sameSite: 'lax',
          partitioned: false,
          priority: null,
        });
        const back = await app.inject({ url: '/read', headers: { cookie: `echo=${cookie.value}` } });
        expect(back.json()).to.deep.equal({ echo: v });
      }),
      { numRuns: 200 },
    );
  });
});
