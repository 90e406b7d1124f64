import { dirname } from 'node:path';
import { Controller, createApp, Get, openapiDocument } from '@arobase/core';
import { expect } from 'chai';
import type { FastifyInstance } from 'fastify';
import { captureLog } from '../helpers/log';

@Controller('/own')
class Own {
  @Get('/') list() {
    return [];
  }
}

async function readyError(app: FastifyInstance): Promise<Error | undefined> {
  let error: Error | undefined;
  await app.ready().then(
    () => undefined,
    (e: Error) => (error = e),
  );
  await app.close().then(
    () => undefined,
    () => undefined,
  );
  return error;
}

/** @fastify/swagger-ui as the core requires it, replaced by `wrap(original)` until `restore()`. */
function replaceSwaggerUi(
  wrap: (original: any) => (instance: FastifyInstance, options: any) => Promise<void>,
) {
  const path = require.resolve('@fastify/swagger-ui', { paths: [dirname(require.resolve('@arobase/core'))] });
  const original = require(path);
  require.cache[path]!.exports = Object.assign(wrap(original), original);
  return () => (require.cache[path]!.exports = original);
}

describe('OpenAPI: a mistake in a plain Fastify route fails start-up, naming the route', () => {
  it("refuses at ready a link to a status the route's schema does not answer", async () => {
    const app = await createApp({ controllers: [Own] });
    app.route({
      method: 'GET',
      url: '/plain',
      links: { 201: { l: { operationId: 'Own_list' } } },
      schema: { response: { 200: { type: 'object' } } },
      handler: async () => ({}),
    } as never);
    const error = await readyError(app);
    expect(error?.message).to.equal(
      'arobase: @fastify/swagger cannot list the plain Fastify routes: missing status code 201 in route GET /plain',
    );
  });

  it('refuses at ready a swaggerTransform that throws, naming the route', async () => {
    const app = await createApp({ controllers: [Own] });
    app.get(
      '/moved',
      {
        config: {
          swaggerTransform: () => {
            throw new Error('no such tag');
          },
        },
      },
      async () => 'ok',
    );
    const error = await readyError(app);
    expect(error?.message).to.equal('arobase: the swaggerTransform of GET /moved threw: no such tag');
  });

  it('a plain route without mistakes still starts and is listed', async () => {
    const app = await createApp({ controllers: [Own] });
    app.get('/plain', { schema: { response: { 200: { type: 'object' } } } }, async () => ({}));
    try {
      await app.ready();
      expect(openapiDocument(app).paths).to.have.keys('/plain', '/own');
      expect((await app.inject('/openapi.json')).statusCode).to.equal(200);
    } finally {
      await app.close();
    }
  });
});

describe("OpenAPI: the docs page's errors are the app's", () => {
  it('answers a forbidden asset path in the {detail} shape', async () => {
    const app = await createApp({ controllers: [Own] });
    try {
      const res = await app.inject('/docs/static/%00');
      expect(res.statusCode).to.equal(403);
      expect(res.headers['content-type']).to.equal('application/json; charset=utf-8');
      expect(res.json()).to.deep.equal({ detail: 'Forbidden' });
    } finally {
      await app.close();
    }
  });

  it("answers an asset's 5xx with nothing of the error, logged under the request's id", async () => {
    const secret = "ENOENT: open '/srv/app/node_modules/secret.js'";
    const restore = replaceSwaggerUi((original) => async (instance, options) => {
      instance.addHook('onRequest', async (request) => {
        if (request.url.endsWith('/boom.js')) throw new Error(secret);
      });
      await original(instance, options);
    });
    const log = captureLog();
    const app = await createApp({
      controllers: [Own],
      fastify: { requestIdHeader: 'x-request-id', logger: { stream: log.stream } },
    });
    try {
      const res = await app.inject({ url: '/docs/static/boom.js', headers: { 'x-request-id': 'r-42' } });
      expect(res.statusCode).to.equal(500);
      expect(res.json()).to.deep.equal({ detail: 'Internal Server Error' });
      const logged = log.errors().filter((l) => l.err?.message === secret);
      expect(logged.map((l) => [l.msg, l.reqId])).to.deep.equal([['Unhandled error', 'r-42']]);
    } finally {
      restore();
      await app.close();
    }
  });

  it('closes a page whose build failed, and builds it again on the next request', async () => {
    const counts = { built: 0, closed: 0 };
    let fail = true;
    const restore = replaceSwaggerUi((original) => async (instance, options) => {
      counts.built++;
      instance.addHook('onClose', async () => {
        counts.closed++;
      });
      instance.addHook('onReady', async () => {
        if (fail) throw new Error('the page cannot start');
      });
      await original(instance, options);
    });
    const log = captureLog();
    const app = await createApp({ controllers: [Own], fastify: { logger: { stream: log.stream } } });
    try {
      const failed = await app.inject('/docs/');
      expect(failed.statusCode).to.equal(500);
      expect(failed.json()).to.deep.equal({ detail: 'Internal Server Error' });
      expect(counts).to.deep.equal({ built: 1, closed: 1 });
      fail = false;
      expect((await app.inject('/docs/')).statusCode).to.equal(200);
      expect(counts).to.deep.equal({ built: 2, closed: 1 });
    } finally {
      restore();
      await app.close();
    }
    expect(counts).to.deep.equal({ built: 2, closed: 2 });
  });
});

describe("OpenAPI: the docs page matches URLs as the app's router does", () => {
  it("honours the router options given at the top level of Fastify's options (deprecated)", async () => {
    const app = await createApp({
      controllers: [Own],
      fastify: { caseSensitive: false, ignoreDuplicateSlashes: true } as never,
    });
    try {
      expect((await app.inject('/OWN')).statusCode).to.equal(200);
      expect((await app.inject('/DOCS/json')).statusCode).to.equal(200);
      expect((await app.inject('//own')).statusCode).to.equal(200);
      expect((await app.inject('/docs//json')).statusCode).to.equal(200);
    } finally {
      await app.close();
    }
  });

  it('a router option in routerOptions wins over the top level, as in Fastify', async () => {
    const app = await createApp({
      controllers: [Own],
      fastify: { caseSensitive: false, routerOptions: { caseSensitive: true } } as never,
    });
    try {
      expect((await app.inject('/OWN')).statusCode).to.equal(404);
      expect((await app.inject('/DOCS/json')).statusCode).to.equal(404);
      expect((await app.inject('/docs/json')).statusCode).to.equal(200);
    } finally {
      await app.close();
    }
  });
});
