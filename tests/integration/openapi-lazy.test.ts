import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { arobase, Controller, createApp, Get, openapiDocument, ResponseModel } from '@arobase/core';
import { observeDocuments } from '@arobase/core/internal';
import cors from '@fastify/cors';
import { expect } from 'chai';
import { Expose } from 'class-transformer';
import Fastify, { type FastifyInstance } from 'fastify';

const FIXTURES = join(__dirname, '../fixtures');

function loads(...args: string[]): any {
  const child = spawnSync(process.execPath, [join(FIXTURES, 'openapi-loads-app.js'), ...args], {
    encoding: 'utf8',
    timeout: 20_000,
  });
  expect(child.status, child.stderr).to.equal(0);
  return JSON.parse(child.stdout);
}

class ItemOut {
  @Expose() id!: number;
}

@Controller('/items')
class Items {
  @Get('/:id')
  @ResponseModel(ItemOut)
  get() {
    return { id: 1, secret: 'no' };
  }
}

/** Counts the builds of the docs page: @fastify/swagger-ui as the core requires it, wrapped. */
function countPageBuilds() {
  const path = require.resolve('@fastify/swagger-ui', { paths: [dirname(require.resolve('@arobase/core'))] });
  const original = require(path);
  const counts = { built: 0, closed: 0 };
  const counted = Object.assign(async (instance: FastifyInstance, options: object) => {
    counts.built++;
    instance.addHook('onClose', async () => {
      counts.closed++;
    });
    return original(instance, options);
  }, original);
  require.cache[path]!.exports = counted;
  return { counts, restore: () => (require.cache[path]!.exports = original) };
}

describe('OpenAPI at start-up: nothing is loaded or built before it is needed', () => {
  it('a ready app has loaded neither the docs page (@fastify/swagger-ui, @fastify/static) nor @fastify/swagger', () => {
    const seen = loads();
    expect(seen.statuses).to.deep.equal([200, 200]);
    expect(seen.ready).to.deep.equal([]);
    // arobase's own routes need no @fastify/swagger (nor its yaml) even for the document.
    expect(seen.afterDocument).to.deep.equal([]);
    expect(seen.afterPage).to.include.members(['@fastify/swagger-ui', '@fastify/static', '@fastify/swagger']);
  });

  it('loads @fastify/swagger at ready when a plain Fastify route needs its schema converted, not the page', () => {
    const seen = loads('plain');
    expect(seen.ready).to.include('@fastify/swagger');
    expect(seen.ready).not.to.include.members(['@fastify/swagger-ui']);
    expect(seen.ready).not.to.include('@fastify/static');
  });

  it('builds the document on its first use, once, whichever asks first', async () => {
    const title = 'lazy document';
    const built: string[] = [];
    const stop = observeDocuments((document) => {
      if (document.info.title === title) built.push(document.info.version);
    });
    const app = await createApp({ controllers: [Items], openapi: { info: { title, version: '1' } } });
    try {
      await app.ready();
      expect(built).to.deep.equal([]);
      const first = openapiDocument(app);
      expect(built).to.deep.equal(['1']);
      expect(first.paths).to.have.property('/items/{id}');
      const served = await app.inject('/openapi.json');
      expect(served.json()).to.deep.equal(first);
      expect(openapiDocument(app)).to.equal(first);
      expect(built).to.deep.equal(['1']);
    } finally {
      stop();
      await app.close();
    }
  });
});

describe('OpenAPI: the docs page, loaded on its first request', () => {
  it('serves the page, its assets and /docs/json as @fastify/swagger-ui does, with ETag and 304', async () => {
    const app = await createApp({ controllers: [Items] });
    try {
      const page = await app.inject('/docs');
      expect(page.statusCode).to.equal(200);
      expect(page.headers['content-type']).to.equal('text/html; charset=utf-8');
      expect(page.body).to.include('swagger-ui');
      const css = await app.inject('/docs/static/swagger-ui.css');
      expect(css.statusCode).to.equal(200);
      expect(css.headers['content-type']).to.equal('text/css; charset=utf-8');
      expect(css.rawPayload.length).to.be.greaterThan(1000);
      expect(css.headers['content-length']).to.equal(String(css.rawPayload.length));
      expect(css.headers.etag).to.be.a('string');
      const again = await app.inject({
        url: '/docs/static/swagger-ui.css',
        headers: { 'if-none-match': css.headers.etag as string },
      });
      expect(again.statusCode).to.equal(304);
      expect(again.body).to.equal('');
      const json = await app.inject('/docs/json');
      expect(json.headers['content-type']).to.equal('application/json; charset=utf-8');
      expect(json.json()).to.deep.equal((await app.inject('/openapi.json')).json());
      expect((await app.inject('/docs/static/swagger-initializer.js')).body).to.include('./json');
    } finally {
      await app.close();
    }
  });

  it("answers HEAD on an asset with the asset's length and no body", async () => {
    const app = await createApp({ controllers: [Items] });
    try {
      const get = await app.inject('/docs/static/swagger-ui-bundle.js');
      const head = await app.inject({ method: 'HEAD', url: '/docs/static/swagger-ui-bundle.js' });
      expect(head.statusCode).to.equal(200);
      expect(head.body).to.equal('');
      expect(head.headers['content-type']).to.equal('application/javascript; charset=utf-8');
      expect(head.headers['content-length']).to.equal(String(get.rawPayload.length));
      expect(head.headers.etag).to.equal(get.headers.etag);
    } finally {
      await app.close();
    }
  });

  it('builds the page once for concurrent first requests, and closes it with the app', async () => {
    const { counts, restore } = countPageBuilds();
    try {
      const app = await createApp({ controllers: [Items] });
      const urls = [
        '/docs/',
        '/docs/static/swagger-ui.css',
        '/docs/json',
        '/docs/static/swagger-ui-bundle.js',
      ];
      const answers = await Promise.all(urls.map((url) => app.inject(url)));
      expect(answers.map((a) => a.statusCode)).to.deep.equal([200, 200, 200, 200]);
      expect(counts).to.deep.equal({ built: 1, closed: 0 });
      await app.close();
      expect(counts).to.deep.equal({ built: 1, closed: 1 });
    } finally {
      restore();
    }
  });

  it("goes through the app's own hooks: CORS and an onSend header on the page and its assets", async () => {
    const app = await createApp({ controllers: [Items] });
    await app.register(cors, { origin: 'https://ui.example' });
    app.addHook('onSend', async (_request, reply) => {
      reply.header('x-app', 'seen');
    });
    try {
      for (const url of ['/docs/', '/docs/static/swagger-ui.css']) {
        const res = await app.inject({ url, headers: { origin: 'https://ui.example' } });
        expect(res.statusCode, url).to.equal(200);
        expect(res.headers['access-control-allow-origin'], url).to.equal('https://ui.example');
        expect(res.headers['x-app'], url).to.equal('seen');
      }
    } finally {
      await app.close();
    }
  });

  it("answers an unknown asset with the app's 404 and another method with its 405", async () => {
    const app = await createApp({ controllers: [Items] });
    try {
      const missing = await app.inject('/docs/static/nope.js');
      expect(missing.statusCode).to.equal(404);
      expect(missing.json()).to.deep.equal({ detail: 'Not Found' });
      const post = await app.inject({ method: 'POST', url: '/docs/json' });
      expect(post.statusCode).to.equal(405);
      expect(post.headers.allow).to.equal('GET, HEAD');
    } finally {
      await app.close();
    }
  });

  it("under the plugin's prefix, the page links to assets that answer", async () => {
    const app = Fastify();
    await app.register(arobase, { controllers: [Items], prefix: '/api', openapi: {} });
    try {
      const page = await app.inject('/api/docs');
      const css = /href="([^"]*swagger-ui\.css)"/.exec(page.body)?.[1];
      expect(css).to.equal('/api/docs/static/swagger-ui.css');
      expect((await app.inject(css as string)).statusCode).to.equal(200);
    } finally {
      await app.close();
    }
  });

  it('docsPath: false registers no docs route and loads nothing for it', async () => {
    const app = await createApp({ controllers: [Items], openapi: { docsPath: false } });
    try {
      expect((await app.inject('/docs/static/swagger-ui.css')).statusCode).to.equal(404);
      expect(app.printRoutes()).not.to.include('docs');
    } finally {
      await app.close();
    }
  });
});
