// The error path never throws: whatever is thrown (from a handler, a Fastify hook or a plain Fastify
// route), the answer is arobase's own {detail}, and nothing of the value is sent unless it is a
// deliberate 4xx. A value that breaks on reading (a getter that throws, a revoked Proxy) included.
import { Controller, createApp, Get, Res, type Response } from '@arobase/core';
import { expect } from 'chai';
import type { FastifyInstance } from 'fastify';
import { HOSTILE_THROWS } from '../helpers/hostile';
import { captureLog } from '../helpers/log';

let current: () => unknown = () => undefined;

@Controller()
class ThrowingController {
  @Get('/handler')
  handler(@Res() res: Response) {
    res.headers.set('X-Dropped', '1');
    throw current();
  }

  @Get('/handler-async')
  async handlerAsync() {
    await new Promise((resolve) => setImmediate(resolve));
    throw current();
  }
}

describe("error path: any thrown value ends as arobase's own {detail}", () => {
  let app: FastifyInstance;
  const log = captureLog();

  before(async () => {
    app = await createApp({
      controllers: [ThrowingController],
      fastify: { logger: { stream: log.stream } },
    });
    app.get('/fastify-route', async () => {
      throw current();
    });
    app.register(async (scoped) => {
      scoped.addHook('onRequest', async () => {
        throw current();
      });
      scoped.get('/hooked', async () => ({ ok: true }));
    });
    app.register(async (scoped) => {
      scoped.addHook('preHandler', (_request, _reply, done) => done(current() as Error));
      scoped.get('/hooked-callback', async () => ({ ok: true }));
    });
    await app.ready();
  });

  after(() => app.close());

  for (const [kind, make] of Object.entries(HOSTILE_THROWS)) {
    for (const path of ['/handler', '/handler-async', '/fastify-route', '/hooked', '/hooked-callback']) {
      // done(null) and done(undefined) are a callback hook's way of saying "no error".
      if (path === '/hooked-callback' && (kind === 'null' || kind === 'undefined')) continue;
      it(`${kind}, thrown from ${path}`, async () => {
        current = make;
        const res = await app.inject({ method: 'GET', url: path });
        expect(res.statusCode, res.body).to.be.within(500, 599);
        expect(res.headers['content-type']).to.equal('application/json; charset=utf-8');
        const body = res.json();
        expect(Object.keys(body)).to.deep.equal(['detail']);
        expect(body.detail).to.be.a('string').and.not.include('ECONNREFUSED');
        expect(res.body).to.not.include('ECONNREFUSED');
        expect(res.headers['x-upstream']).to.equal(undefined);
        expect(res.headers['x-dropped']).to.equal(undefined);
      });
    }
  }

  it('still answers a deliberate 4xx with its message and its valid headers', async () => {
    current = () =>
      Object.assign(new Error('Unsupported Media Type: text/x'), {
        statusCode: 415,
        headers: { 'Accept-Post': 'application/json', 'X-Bad': 'a\x01b' },
      });
    for (const path of ['/fastify-route', '/hooked']) {
      const res = await app.inject({ method: 'GET', url: path });
      expect(res.statusCode).to.equal(415);
      expect(res.json()).to.deep.equal({ detail: 'Unsupported Media Type: text/x' });
      expect(res.headers['accept-post']).to.equal('application/json');
      expect(res.headers['x-bad']).to.equal(undefined);
    }
  });

  it('logs each unexpected value it answered with a 500, even one that cannot be read', async () => {
    log.lines.length = 0;
    current = HOSTILE_THROWS['a revoked Proxy']!;
    await app.inject({ method: 'GET', url: '/handler' });
    await app.inject({ method: 'GET', url: '/hooked' });
    expect(log.errors().length).to.be.at.least(2);
  });
});
