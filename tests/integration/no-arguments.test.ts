// A route method without parameters is called without a request context; what it answers must not
// depend on that: data, a promise of data, a Response, a thrown HttpException with its headers.
import { Controller, createApp, Get, HttpException, PlainTextResponse } from '@arobase/core';
import { expect } from 'chai';
import type { FastifyInstance } from 'fastify';

@Controller('/none', { headers: { 'x-static': 'yes' } })
class NoArguments {
  @Get('/data')
  data() {
    return { a: 1 };
  }

  @Get('/later')
  async later() {
    return { a: 2 };
  }

  @Get('/text')
  text() {
    return new PlainTextResponse('hi', { status: 203 });
  }

  @Get('/refused')
  refused() {
    throw new HttpException(409, 'taken', { headers: { 'x-reason': 'duplicate' } });
  }

  @Get('/broken')
  broken() {
    throw new Error('secret detail');
  }
}

describe('route methods without parameters', () => {
  let app: FastifyInstance;
  before(async () => {
    app = await createApp({ controllers: [NoArguments], openapi: false });
  });
  after(() => app.close());

  it('plain data goes out as JSON with the static headers', async () => {
    const res = await app.inject({ url: '/none/data' });
    expect(res.statusCode).to.equal(200);
    expect(res.headers['x-static']).to.equal('yes');
    expect(res.headers['content-type']).to.equal('application/json; charset=utf-8');
    expect(res.body).to.equal('{"a":1}');
  });

  it('a promise of data is awaited and sent the same way', async () => {
    const res = await app.inject({ url: '/none/later' });
    expect(res.statusCode).to.equal(200);
    expect(res.headers['x-static']).to.equal('yes');
    expect(res.body).to.equal('{"a":2}');
  });

  it('a returned Response keeps its status and type, the static headers added', async () => {
    const res = await app.inject({ url: '/none/text' });
    expect(res.statusCode).to.equal(203);
    expect(res.headers['content-type']).to.equal('text/plain; charset=utf-8');
    expect(res.headers['x-static']).to.equal('yes');
    expect(res.body).to.equal('hi');
  });

  it('a thrown HttpException answers its status, detail and headers, without the static ones', async () => {
    const res = await app.inject({ url: '/none/refused' });
    expect(res.statusCode).to.equal(409);
    expect(res.headers['x-reason']).to.equal('duplicate');
    expect(res.headers['x-static']).to.equal(undefined);
    expect(res.json()).to.deep.equal({ detail: 'taken' });
  });

  it('any other error is a 500 that says nothing', async () => {
    const res = await app.inject({ url: '/none/broken' });
    expect(res.statusCode).to.equal(500);
    expect(res.json()).to.deep.equal({ detail: 'Internal Server Error' });
    expect(res.body).not.to.include('secret');
  });
});
