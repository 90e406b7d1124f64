import { Controller, createApp, Get, Param, Res, type Response, ResponseModel } from '@arobase/core';
import cors from '@fastify/cors';
import { expect } from 'chai';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { Author } from '../property/serializer-corpus';

// A JSON route without static headers writes plain data and the injected response straight to the
// reply (write-data.ts); a route with a static header goes through the general merge, fromData then
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

@Controller('/d')
class DirectController {
  @Get('/direct/:variant')
  @ResponseModel(Author)
  direct(@Param('variant') variant: string, @Res() res: Response) {
    return touch(res, variant);
  }

  @Get('/merged/:variant', { headers: { 'X-Static': 'yes' } })
  @ResponseModel(Author)
  merged(@Param('variant') variant: string, @Res() res: Response) {
    return touch(res, variant);
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

  for (const variant of VARIANTS) {
    it(variant, async () => {
      const direct = await get(`direct/${variant}`);
      const merged = await get(`merged/${variant}`);
      const { 'x-static': statics, date: _d1, ...mergedHeaders } = merged.headers;
      const { date: _d2, ...directHeaders } = direct.headers;
      // The static header is the route's own answer's: an error answer drops it.
      expect(statics).to.equal(merged.statusCode < 500 ? 'yes' : undefined);
      expect(direct.statusCode).to.equal(merged.statusCode);
      expect(directHeaders).to.deep.equal(mergedHeaders);
      expect(direct.body).to.equal(merged.body);
    });
  }

  describe('what both send', () => {
    const both = async (variant: string, check: (res: LightMyRequestResponse) => void) => {
      for (const path of ['direct', 'merged']) check(await get(`${path}/${variant}`));
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
