// A Vary lists what an answer depends on: every place that sets one adds to it, none replaces it,
// or a cache could serve one user's cookie-dependent answer to another (docs/headers.md).
import { Controller, createApp, Get, HttpException, JSONResponse, Res, type Response } from '@arobase/core';
import { expect } from 'chai';
import type { FastifyInstance } from 'fastify';

@Controller('/vary')
class VaryController {
  @Get('/returned')
  returned(@Res() res: Response) {
    res.headers.set('Vary', 'Cookie');
    return new JSONResponse({ ok: true }, { headers: { Vary: 'Accept-Language' } });
  }

  @Get('/thrown')
  thrown(@Res() res: Response) {
    res.headers.set('Vary', 'Cookie, accept-language');
    throw new HttpException(404, 'Not here', { headers: { Vary: 'Accept-Language' } });
  }

  @Get('/static-returned', { headers: { Vary: 'Accept-Encoding', 'X-Static': 'yes' } })
  staticReturned(@Res() res: Response) {
    res.headers.set('Vary', 'Cookie');
    return new JSONResponse({ ok: true }, { headers: { Vary: 'Accept-Language' } });
  }

  @Get('/static-data', { headers: { Vary: 'Accept-Encoding' } })
  staticData(@Res() res: Response) {
    res.headers.set('Vary', 'Cookie');
    return { ok: true };
  }

  @Get('/same-name')
  sameName(@Res() res: Response) {
    // Another header of `res` still gives way to the returned response's own (rule 2).
    res.headers.set('Cache-Control', 'no-store');
    return new JSONResponse({ ok: true }, { headers: { 'Cache-Control': 'public, max-age=60' } });
  }
}

describe('Vary is merged, never replaced', () => {
  let app: FastifyInstance;
  before(async () => {
    app = await createApp({ controllers: [VaryController] });
  });
  after(() => app.close());

  it("rule 2: the injected response's Vary is added to the returned response's", async () => {
    const res = await app.inject({ url: '/vary/returned' });
    expect(res.statusCode).to.equal(200);
    expect(res.headers.vary).to.equal('Accept-Language, Cookie');
  });

  it("rule 3: the injected response's Vary is added to the HttpException's, a name not repeated", async () => {
    const res = await app.inject({ url: '/vary/thrown' });
    expect(res.statusCode).to.equal(404);
    expect(res.json()).to.deep.equal({ detail: 'Not here' });
    expect(res.headers.vary).to.equal('Accept-Language, Cookie');
  });

  it("rule 2: a static Vary is added too, after the response's and the injected one's", async () => {
    const res = await app.inject({ url: '/vary/static-returned' });
    expect(res.headers.vary).to.equal('Accept-Language, Cookie, Accept-Encoding');
    expect(res.headers['x-static']).to.equal('yes');
  });

  it("rule 1: res.headers' Vary is added to the static one rather than replacing it", async () => {
    const res = await app.inject({ url: '/vary/static-data' });
    expect(res.json()).to.deep.equal({ ok: true });
    expect(res.headers.vary).to.equal('Accept-Encoding, Cookie');
  });

  it('other headers keep the rule: the returned response wins', async () => {
    const res = await app.inject({ url: '/vary/same-name' });
    expect(res.headers['cache-control']).to.equal('public, max-age=60');
  });
});

describe("a plugin's Vary set as a list of values", () => {
  let app: FastifyInstance;
  before(async () => {
    app = await createApp({ controllers: [VaryController] });
    // Node takes a header as an array of values; a hook may set Vary that way.
    app.addHook('onRequest', async (_request, reply) => {
      reply.header('vary', ['Origin', 'Cookie']);
    });
  });
  after(() => app.close());

  it('keeps its names when res.headers adds one (the direct write)', async () => {
    const res = await app.inject({ url: '/vary/static-data' });
    expect(res.headers.vary).to.equal('Origin, Cookie, Accept-Encoding');
  });

  it('keeps its names when a returned response adds one (the general write)', async () => {
    const res = await app.inject({ url: '/vary/returned' });
    expect(res.headers.vary).to.equal('Origin, Cookie, Accept-Language');
  });
});
