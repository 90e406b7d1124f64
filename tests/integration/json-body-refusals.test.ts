// A JSON body refused says what was refused: a prototype-poisoning key by name, a lone surrogate as
// such; so `POST /go {"next":"/\udc00\udc00"}` to a handler that redirects to it is a 400, not a 500.
import { Body, Controller, createApp, Post, RedirectResponse } from '@arobase/core';
import { expect } from 'chai';
import { IsString } from 'class-validator';
import type { FastifyInstance } from 'fastify';

class Go {
  @IsString() next!: string;
}

@Controller()
class GoController {
  @Post('/go')
  go(@Body() body: Go) {
    return new RedirectResponse(body.next, { status: 303 });
  }

  @Post('/echo')
  echo(@Body({ raw: true }) body: unknown) {
    return { body };
  }
}

const post = (app: FastifyInstance, url: string, payload: string) =>
  app.inject({ method: 'POST', url, payload, headers: { 'content-type': 'application/json' } });

describe('JSON bodies refused, saying what was refused', () => {
  let app: FastifyInstance;

  before(async () => {
    app = await createApp({ controllers: [GoController] });
  });

  after(() => app.close());

  it('a "__proto__" key is a 400 that names it', async () => {
    for (const payload of ['{"__proto__":{"isAdmin":true}}', '{"a":[{"b":{"__proto__":{}}}]}']) {
      const res = await post(app, '/echo', payload);
      expect(res.statusCode).to.equal(400);
      expect(res.json()).to.deep.equal({
        detail: 'Body has a "__proto__" key, which is refused (prototype poisoning)',
      });
    }
  });

  it('a "constructor" key holding "prototype" is a 400 that names it', async () => {
    const res = await post(app, '/echo', '{"constructor":{"prototype":{"x":1}}}');
    expect(res.statusCode).to.equal(400);
    expect(res.json().detail).to.include('"constructor" key holding a "prototype" key');
  });

  it('JSON that is not JSON still says so', async () => {
    const res = await post(app, '/echo', '{"a":');
    expect(res.statusCode).to.equal(400);
    expect(res.json().detail).to.match(/not valid JSON/);
  });

  it('a lone surrogate in a string or a key is a 400, so a redirect built from it is never a 500', async () => {
    for (const payload of ['{"next":"/\\udc00\\udc00"}', '{"next":"/\\ud800"}', '{"\\udfff":1,"next":"/"}']) {
      const res = await post(app, '/go', payload);
      expect(res.statusCode, payload).to.equal(400);
      expect(res.json().detail).to.include('lone surrogate');
    }
  });

  it('a surrogate pair, and a backslash-u written as text, are accepted', async () => {
    const pair = await post(app, '/go', '{"next":"/\\ud83d\\ude00"}');
    expect(pair.statusCode).to.equal(303);
    expect(pair.headers.location).to.equal('/%F0%9F%98%80');
    const text = await post(app, '/echo', '{"s":"\\\\udc00"}');
    expect(text.json()).to.deep.equal({ body: { s: '\\udc00' } });
  });
});
