import {
  Controller,
  createApp,
  Get,
  type Middleware,
  Param,
  Res,
  type Response,
  ResponseModel,
  UseMiddleware,
} from '@arobase/core';
import cors from '@fastify/cors';
import { expect } from 'chai';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { Author } from '../property/serializer-corpus';

// A JSON route writes plain data, its static headers and the injected response straight to the
// reply (write-data.ts); a route with middleware goes through the general merge, fromData then
// writeResponse. Both must send the same thing, whatever the handler did to `res`.

const ORIGIN = 'https://client.example';

function touch(res: Response, variant: string): unknown {
  const data = { id: 1, email: 'a@b.c', password: 'p', posts: [] };
  switch (variant) {
    case 'status':
      res.status = 201;
      break;
    case 'headers':
      res.headers.set('X-One', '1');
      res.headers.set('Cache-Control', 'no-store');
      break;
    case 'content-type':
      res.headers.set('Content-Type', 'application/vnd.api+json');
      break;
    case 'vary':
      // CORS sent `Vary: Origin` already: the two are merged, `origin` not repeated.
      res.headers.set('Vary', 'origin, Accept-Language');
      break;
    case 'cookies':
      res.headers.append('Set-Cookie', 'raw=1; Path=/');
      res.setCookie('a', '1');
      res.setCookie('b', 'two words', { maxAge: 60, path: '/x' });
      res.deleteCookie('old');
      break;
    case '204':
    case '205':
    case '304':
      res.status = Number(variant);
      res.headers.set('X-One', '1');
      res.headers.set('Content-Type', 'application/vnd.api+json');
      res.setCookie('a', '1');
      break;
    case '103':
      res.status = 103;
      res.setCookie('a', '1');
      break;
    case 'onsend-fails':
    case 'refused':
      res.headers.set('X-One', '1');
      res.setCookie('a', '1');
      // An object in a field without @Type: the model refuses it.
      return variant === 'refused' ? { ...data, email: { password_hash: 'x' } } : data;
    case 'untouched':
      res.status = undefined;
      break;
  }
  return data;
}

// Static headers a `res` header replaces (Cache-Control), merges with (Vary), or that JSON's own
// content-type replaces.
const STATIC = {
  'X-Static': 'yes',
  'Cache-Control': 'public, max-age=60',
  'Content-Type': 'text/plain',
  Vary: 'Accept-Encoding',
};

// Middleware that changes nothing: it only takes the route off the direct path.
const general: Middleware = { handle: (_ctx, next) => next() };

@Controller('/d')
class DirectController {
  @Get('/direct/:variant')
  @ResponseModel(Author)
  direct(@Param('variant') variant: string, @Res() res: Response) {
    return touch(res, variant);
  }

  @Get('/general/:variant')
  @UseMiddleware(general)
  @ResponseModel(Author)
  general(@Param('variant') variant: string, @Res() res: Response) {
    return touch(res, variant);
  }

  @Get('/static/:variant', { headers: STATIC })
  @ResponseModel(Author)
  static(@Param('variant') variant: string, @Res() res: Response) {
    return touch(res, variant);
  }

  @Get('/static-general/:variant', { headers: STATIC })
  @UseMiddleware(general)
  @ResponseModel(Author)
  staticGeneral(@Param('variant') variant: string, @Res() res: Response) {
    return touch(res, variant);
  }

  // Without @Res: plain data and the static headers, nothing to merge.
  @Get('/plain/:variant', { headers: STATIC })
  @ResponseModel(Author)
  plain(@Param('variant') variant: string) {
    return variant === 'refused' ? { id: 1, email: { password_hash: 'x' } } : { id: 1, email: 'a@b.c' };
  }

  @Get('/plain-general/:variant', { headers: STATIC })
  @UseMiddleware(general)
  @ResponseModel(Author)
  plainGeneral(@Param('variant') variant: string) {
    return this.plain(variant);
  }
}

const VARIANTS = [
  'status',
  'headers',
  'content-type',
  'vary',
  'cookies',
  '204',
  '205',
  '304',
  '103',
  'onsend-fails',
  'refused',
  'untouched',
];

describe('plain data with an injected response: the direct write equals the general merge', () => {
  let app: FastifyInstance;
  const get = (path: string) => app.inject({ url: `/d/${path}`, headers: { origin: ORIGIN } });

  before(async () => {
    app = await createApp({ controllers: [DirectController], fastify: { logger: false } });
    await app.register(cors, { origin: [ORIGIN] });
    // Fails once per request: the 500 that follows goes through the hook too.
    app.addHook('onSend', async (request, reply) => {
      if (request.url.endsWith('/onsend-fails') && reply.statusCode !== 500) throw new Error('onSend failed');
    });
  });
  after(() => app.close());

  const same = async (directPath: string, generalPath: string) => {
    const direct = await get(directPath);
    const general = await get(generalPath);
    const { date: _d1, ...generalHeaders } = general.headers;
    const { date: _d2, ...directHeaders } = direct.headers;
    expect(direct.statusCode).to.equal(general.statusCode);
    expect(directHeaders).to.deep.equal(generalHeaders);
    expect(direct.body).to.equal(general.body);
    return direct;
  };

  for (const variant of VARIANTS) {
    it(variant, () => same(`direct/${variant}`, `general/${variant}`));

    it(`${variant}, with static headers`, async () => {
      const res = await same(`static/${variant}`, `static-general/${variant}`);
      // The static headers are the route's own answer's: an error answer drops them.
      expect(res.headers['x-static']).to.equal(res.statusCode < 500 ? 'yes' : undefined);
    });
  }

  for (const variant of ['ok', 'refused', 'onsend-fails']) {
    it(`${variant}, with static headers and no injected response`, async () => {
      const res = await same(`plain/${variant}`, `plain-general/${variant}`);
      expect(res.headers['x-static']).to.equal(variant === 'ok' ? 'yes' : undefined);
    });
  }

  describe('with static headers', () => {
    it("JSON's content-type replaces a static one, res.headers replace both", async () => {
      const plain = await get('plain/ok');
      expect(plain.headers['content-type']).to.equal('application/json; charset=utf-8');
      expect(plain.headers['cache-control']).to.equal('public, max-age=60');
      expect(plain.headers.vary).to.equal('Origin, Accept-Encoding');
      const headers = await get('static/headers');
      expect(headers.headers['cache-control']).to.equal('no-store');
      expect(headers.headers['x-one']).to.equal('1');
      const typed = await get('static/content-type');
      expect(typed.headers['content-type']).to.equal('application/vnd.api+json');
    });

    it("a Vary on res is merged with the static one and CORS's", async () => {
      const res = await get('static/vary');
      expect(res.headers.vary).to.equal('Origin, Accept-Encoding, Accept-Language');
    });
  });

  describe('what both send', () => {
    const both = async (variant: string, check: (res: LightMyRequestResponse) => void) => {
      for (const path of ['direct', 'general']) check(await get(`${path}/${variant}`));
    };

    it('rule 1: the JSON body, the status, a Set-Cookie line per cookie', () =>
      both('cookies', (res) => {
        expect(res.statusCode).to.equal(200);
        expect(res.headers['content-type']).to.equal('application/json; charset=utf-8');
        expect(res.headers['set-cookie']).to.deep.equal([
          'raw=1; Path=/',
          'a=1; Path=/; HttpOnly; Secure; SameSite=Lax',
          'b=two%20words; Max-Age=60; Path=/x; HttpOnly; Secure; SameSite=Lax',
          'old=; Max-Age=0; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT; HttpOnly; Secure; SameSite=Lax',
        ]);
        expect(res.body).to.equal('{"id":1,"email":"a@b.c","posts":[]}');
      }));

    it('a JSON-like content-type set by hand goes out as written, with no charset added', () =>
      both('content-type', (res) => {
        expect(res.headers['content-type']).to.equal('application/vnd.api+json');
        expect(res.json()).to.deep.equal({ id: 1, email: 'a@b.c', posts: [] });
      }));

    it("the route's Vary is merged with CORS's Vary: Origin", () =>
      both('vary', (res) => {
        expect(res.headers.vary).to.equal('Origin, Accept-Language');
        expect(res.headers['access-control-allow-origin']).to.equal(ORIGIN);
      }));

    it('a status without a body: no body, no content-type, the headers and cookies kept', async () => {
      for (const status of ['204', '205', '304']) {
        await both(status, (res) => {
          expect(res.statusCode).to.equal(Number(status));
          expect(res.body).to.equal('');
          expect(res.headers['content-type']).to.equal(undefined);
          expect(res.headers['content-length']).to.equal(status === '205' ? '0' : undefined);
          expect(res.headers['x-one']).to.equal('1');
          expect(res.headers['set-cookie']).to.deep.equal(['a=1; Path=/; HttpOnly; Secure; SameSite=Lax']);
        });
      }
    });

    it('a 1xx status, a refused value or an error after the write: a 500 without the res state', async () => {
      for (const variant of ['103', 'refused', 'onsend-fails']) {
        await both(variant, (res) => {
          expect(res.statusCode, variant).to.equal(500);
          expect(res.body).to.equal('{"detail":"Internal Server Error"}');
          expect(res.headers['set-cookie'], variant).to.equal(undefined);
          expect(res.headers['x-one'], variant).to.equal(undefined);
        });
      }
    });
  });
});
