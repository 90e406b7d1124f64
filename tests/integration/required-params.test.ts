import { Body, Controller, Cookie, createApp, Get, Header, Param, Post, Query } from '@arobase/core';
import { expect } from 'chai';
import type { FastifyInstance } from 'fastify';

@Controller('/r')
class RequiredController {
  @Get('/search')
  search(@Query('q', { required: true }) q: string, @Query('page') page: number = 1) {
    return { q, page };
  }

  @Get('/who')
  who(
    @Header('x-user', { required: true }) user: string,
    @Cookie('session', { required: true }) session: string,
  ) {
    return { user, session };
  }

  @Get('/items/:id')
  item(@Param('id') id: number) {
    return { id };
  }

  @Get('/signed')
  signed(@Cookie('token', { signed: true, required: true }) token: string) {
    return { token };
  }

  @Post('/count')
  count(@Body({ required: true }) n: number) {
    return { n };
  }
}

describe('required parameters: a missing value is one `missing` issue', () => {
  let app: FastifyInstance;
  before(async () => {
    app = await createApp({
      controllers: [RequiredController],
      cookies: { secret: 'a-secret-of-some-length' },
    });
  });
  after(() => app.close());

  it("@Query('q', { required: true }) absent: 422 with FastAPI's missing issue, no input", async () => {
    const res = await app.inject({ method: 'GET', url: '/r/search' });
    expect(res.statusCode).to.equal(422);
    expect(res.json()).to.deep.equal({
      detail: [{ loc: ['query', 'q'], msg: 'Field required', type: 'missing' }],
    });
  });

  it('given, it is coerced as any other; an optional neighbour keeps its default', async () => {
    const res = await app.inject({ method: 'GET', url: '/r/search?q=cats' });
    expect(res.json()).to.deep.equal({ q: 'cats', page: 1 });
  });

  it('a required header and cookie, both absent: both listed, in parameter order', async () => {
    const res = await app.inject({ method: 'GET', url: '/r/who' });
    expect(res.statusCode).to.equal(422);
    expect(res.json().detail).to.deep.equal([
      { loc: ['header', 'x-user'], msg: 'Field required', type: 'missing' },
      { loc: ['cookie', 'session'], msg: 'Field required', type: 'missing' },
    ]);
    const ok = await app.inject({
      method: 'GET',
      url: '/r/who',
      headers: { 'x-user': 'ann', cookie: 'session=abc' },
    });
    expect(ok.json()).to.deep.equal({ user: 'ann', session: 'abc' });
  });

  it('a required signed cookie that is tampered with is missing', async () => {
    const res = await app.inject({
      method: 'GET',
      url: '/r/signed',
      headers: { cookie: 'token=forged.sig' },
    });
    expect(res.statusCode).to.equal(422);
    expect(res.json().detail).to.deep.equal([
      { loc: ['cookie', 'token'], msg: 'Field required', type: 'missing' },
    ]);
  });

  it('a required scalar body that is absent is missing', async () => {
    const res = await app.inject({ method: 'POST', url: '/r/count' });
    expect(res.statusCode).to.equal(422);
    expect(res.json().detail).to.deep.equal([{ loc: ['body'], msg: 'Field required', type: 'missing' }]);
  });

  it('a path parameter is always there when the route matched', async () => {
    const res = await app.inject({ method: 'GET', url: '/r/items/7' });
    expect(res.json()).to.deep.equal({ id: 7 });
  });
});
