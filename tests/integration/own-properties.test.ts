// Every read of a request record (cookies, query, headers, path parameters) is an own-property read:
// a name that Object.prototype has is absent when the client did not send it, signed cookies too,
// and present with the client's value when it did. (A path parameter is checked against the route's
// path at start-up: one the path does not have is refused there.)
import { Controller, Cookie, createApp, Get, Header, Query } from '@arobase/core';
import { expect } from 'chai';
import type { FastifyInstance } from 'fastify';
import { PROTOTYPE_NAMES } from '../helpers/hostile';

function controllerFor(name: string) {
  @Controller(`/${name}`)
  class ProtoController {
    @Get('/cookie')
    cookie(@Cookie(name) value?: string) {
      return { value: value ?? 'absent' };
    }

    @Get('/signed')
    signed(@Cookie(name, { signed: true }) value?: string) {
      return { value: value ?? 'absent' };
    }

    @Get('/query')
    query(@Query(name) value?: string) {
      return { value: value ?? 'absent' };
    }

    @Get('/header')
    header(@Header(name) value?: string) {
      return { value: value ?? 'absent' };
    }

    // `any`: no coercion would catch Object.prototype's function here.
    @Get('/any')
    any(@Query(name) q: any, @Header(name) h: any, @Cookie(name) c: any) {
      return { q: typeof q, h: typeof h, c: typeof c };
    }
  }
  return ProtoController;
}

describe('request records are read by own property', () => {
  let app: FastifyInstance;

  before(async () => {
    app = await createApp({
      controllers: PROTOTYPE_NAMES.filter((n) => n !== '__proto__').map(controllerFor),
      cookies: { secret: 'a-long-secret-for-own-property-tests' },
    });
  });

  after(() => app.close());

  for (const name of PROTOTYPE_NAMES.filter((n) => n !== '__proto__')) {
    it(`${name}: absent everywhere when the client did not send it`, async () => {
      for (const place of ['cookie', 'signed', 'query', 'header']) {
        const res = await app.inject({ url: `/${name}/${place}` });
        expect(res.statusCode, `${place}: ${res.body}`).to.equal(200);
        expect(res.json(), place).to.deep.equal({ value: 'absent' });
      }
      const any = await app.inject({ url: `/${name}/any` });
      expect(any.json()).to.deep.equal({ q: 'undefined', h: 'undefined', c: 'undefined' });
    });

    it(`${name}: the client's value when it sent one`, async () => {
      const sent = { url: `/${name}/query?${name}=q1`, headers: { [name]: 'h1', cookie: `${name}=c1` } };
      expect((await app.inject(sent)).json()).to.deep.equal({ value: 'q1' });
      expect((await app.inject({ ...sent, url: `/${name}/header` })).json()).to.deep.equal({ value: 'h1' });
      expect((await app.inject({ ...sent, url: `/${name}/cookie` })).json()).to.deep.equal({ value: 'c1' });
      // Not signed: as if absent, never a 500.
      const signed = await app.inject({ ...sent, url: `/${name}/signed` });
      expect(signed.statusCode).to.equal(200);
      expect(signed.json()).to.deep.equal({ value: 'absent' });
    });
  }

  it('__proto__: absent when not sent, never Object.prototype', async () => {
    const app2 = await createApp({
      controllers: [controllerFor('__proto__')],
      cookies: { secret: 'a-long-secret-for-own-property-tests' },
    });
    try {
      for (const place of ['cookie', 'signed', 'query', 'header']) {
        const res = await app2.inject({ url: `/__proto__/${place}` });
        expect(res.statusCode, `${place}: ${res.body}`).to.equal(200);
        expect(res.json(), place).to.deep.equal({ value: 'absent' });
      }
      expect((await app2.inject({ url: '/__proto__/any' })).json()).to.deep.equal({
        q: 'undefined',
        h: 'undefined',
        c: 'undefined',
      });
    } finally {
      await app2.close();
    }
  });
});
