// responseClass renders plain data; the text classes carry charset=utf-8; redirects encode Location.
import {
  Controller,
  createApp,
  Get,
  HTMLResponse,
  PlainTextResponse,
  Query,
  RedirectResponse,
  Res,
  type Response,
} from '@arobase/core';
import { expect } from 'chai';
import type { FastifyInstance } from 'fastify';

@Controller()
class RenderController {
  @Get('/page', { responseClass: HTMLResponse, headers: { 'Cache-Control': 'no-cache' } })
  page(@Res() res: Response) {
    res.setCookie('seen', '1');
    return '<h1>Café</h1>';
  }

  @Get('/text', { responseClass: PlainTextResponse })
  text() {
    return 42;
  }

  @Get('/go', { responseClass: RedirectResponse })
  go(@Query('to') to: string) {
    return to;
  }

  @Get('/moved', { responseClass: RedirectResponse, status: 301 })
  moved() {
    return '/new home';
  }

  @Get('/after-post', { responseClass: RedirectResponse })
  afterPost(@Res() res: Response) {
    res.status = 303;
    return '/done';
  }

  @Get('/returned-redirect')
  returnedRedirect() {
    return new RedirectResponse('https://example.com/ä b?q=%20x#frag', { status: 302 });
  }

  @Get('/text-charset')
  textCharset() {
    return new PlainTextResponse('x', { mediaType: 'text/csv; charset=latin1' });
  }
}

describe('response classes', () => {
  let app: FastifyInstance;
  before(async () => {
    app = await createApp({ controllers: [RenderController] });
  });
  after(() => app.close());

  it('HTMLResponse renders the returned string with charset=utf-8, static headers and cookies', async () => {
    const res = await app.inject({ url: '/page' });
    expect(res.statusCode).to.equal(200);
    expect(res.headers['content-type']).to.equal('text/html; charset=utf-8');
    expect(res.headers['cache-control']).to.equal('no-cache');
    expect(res.headers['set-cookie']).to.have.length(1);
    expect(res.body).to.equal('<h1>Café</h1>');
  });

  it('PlainTextResponse renders the returned value as text', async () => {
    const res = await app.inject({ url: '/text' });
    expect(res.headers['content-type']).to.equal('text/plain; charset=utf-8');
    expect(res.body).to.equal('42');
  });

  it('a text type that names its charset keeps it', async () => {
    const res = await app.inject({ url: '/text-charset' });
    expect(res.headers['content-type']).to.equal('text/csv; charset=latin1');
  });

  it('RedirectResponse as responseClass: 307 by default, empty body, encoded Location', async () => {
    const res = await app.inject({ url: '/go', query: { to: '/posts/é t?x=%20' } });
    expect(res.statusCode).to.equal(307);
    expect(res.headers.location).to.equal('/posts/%C3%A9%20t?x=%20');
    expect(res.body).to.equal('');
    expect(res.headers['content-type']).to.equal(undefined);
  });

  it('a Location cannot split the header', async () => {
    const res = await app.inject({ url: '/go', query: { to: '/x\r\nSet-Cookie: admin=1' } });
    expect(res.statusCode).to.equal(307);
    expect(res.headers.location).to.equal('/x%0D%0ASet-Cookie:%20admin=1');
    expect(res.headers['set-cookie']).to.equal(undefined);
  });

  it("the route's status, or res.status, replaces 307", async () => {
    const moved = await app.inject({ url: '/moved' });
    expect(moved.statusCode).to.equal(301);
    expect(moved.headers.location).to.equal('/new%20home');
    const seeOther = await app.inject({ url: '/after-post' });
    expect(seeOther.statusCode).to.equal(303);
    expect(seeOther.headers.location).to.equal('/done');
  });

  it('a returned RedirectResponse keeps %XX escapes and encodes the rest', async () => {
    const res = await app.inject({ url: '/returned-redirect' });
    expect(res.statusCode).to.equal(302);
    expect(res.headers.location).to.equal('https://example.com/%C3%A4%20b?q=%20x#frag');
  });
});
