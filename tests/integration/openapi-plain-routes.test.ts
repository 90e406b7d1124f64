import { Controller, createApp, Get, openapiDocument } from '@arobase/core';
import swagger from '@fastify/swagger';
import { expect } from 'chai';
import Fastify, { type FastifyInstance } from 'fastify';

@Controller('/own')
class Own {
  @Get('/') list() {
    return [];
  }
}

/** Plain Fastify routes of every kind @fastify/swagger reads, added the same way to both apps. */
async function addPlainRoutes(app: FastifyInstance): Promise<void> {
  const handler = async () => 'ok';
  app.addSchema({ $id: 'Thing', type: 'object', properties: { a: { type: 'string' } } });
  app.get(
    '/things/:id',
    {
      schema: {
        params: { type: 'object', properties: { id: { type: 'integer' } } },
        response: { 200: { $ref: 'Thing#' } },
      },
    },
    handler,
  );
  app.route({
    method: ['GET', 'POST'],
    url: '/multi',
    schema: { operationId: 'multi', tags: ['m'] },
    config: { swagger: { exposeHeadRoute: true } },
    handler,
  });
  app.get(
    '/moved',
    {
      schema: { summary: 'before' },
      config: {
        swaggerTransform: ({ schema, url }: { schema: object; url: string }) => ({
          schema: { ...schema, summary: 'after' },
          url: `${url}/elsewhere`,
        }),
      },
    },
    handler,
  );
  app.get('/hidden', { schema: { hide: true } }, handler);
  app.get('/versioned', { constraints: { version: '1.0.0' }, schema: { summary: 'v1' } }, handler);
  app.get('/versioned', { constraints: { version: '2.0.0' }, schema: { summary: 'v2' } }, handler);
  await app.register(
    async (child) => {
      child.addSchema({ $id: 'Inner', type: 'string' });
      child.get('/inner', { schema: { response: { 200: { $ref: 'Inner#' } } } }, handler);
    },
    { prefix: '/child' },
  );
}

describe('OpenAPI: plain Fastify routes, converted by @fastify/swagger only when there are some', () => {
  it('lists them as @fastify/swagger registered on the app itself would', async () => {
    const info = { title: 'Plain', version: '1.0.0' };
    const servers = [{ url: 'https://api.example.com/v1' }];
    const raw = Fastify();
    await raw.register(swagger, { openapi: { openapi: '3.1.0', info, servers } });
    await addPlainRoutes(raw);
    const app = await createApp({ controllers: [Own], openapi: { info, servers } });
    await addPlainRoutes(app);
    try {
      await raw.ready();
      await app.ready();
      const theirs = raw.swagger() as any;
      const ours = openapiDocument(app) as any;
      expect(Object.keys(theirs.paths)).to.include.members(['/things/{id}', '/multi', '/moved/elsewhere']);
      expect(ours.paths).to.deep.equal({ ...theirs.paths, '/own': ours.paths['/own'] });
      expect(ours.components.schemas).to.deep.include(theirs.components.schemas);
      expect(ours.paths['/moved/elsewhere'].get.summary).to.equal('after');
    } finally {
      await raw.close();
      await app.close();
    }
  });

  it('with none, writes the document @fastify/swagger wrote, key for key', async () => {
    const info = { title: 'Alone', version: '2.0.0' };
    const raw = Fastify();
    await raw.register(swagger, { openapi: { openapi: '3.1.0', info, servers: [] } });
    const app = await createApp({ controllers: [], openapi: { info, servers: [] } });
    try {
      await raw.ready();
      await app.ready();
      expect(JSON.stringify(openapiDocument(app))).to.equal(JSON.stringify(raw.swagger()));
    } finally {
      await raw.close();
      await app.close();
    }
  });

  it('refuses at start-up a server URL with a variable and no default, as the build would', async () => {
    const app = await createApp({
      controllers: [Own],
      openapi: { servers: [{ url: 'https://{region}.example.com' }] },
    });
    let error: Error | undefined;
    await app.ready().then(
      () => undefined,
      (e: Error) => (error = e),
    );
    expect(error?.message).to.equal(
      'arobase: openapi.servers URL https://{region}.example.com has a variable {region} without a default: give it variables.region.default',
    );
    await app.close().then(
      () => undefined,
      () => undefined,
    );
    const given = { url: 'https://{region}.example.com', variables: { region: { default: 'eu' } } };
    const fine = await createApp({ controllers: [Own], openapi: { servers: [given] } });
    await fine.ready();
    expect(openapiDocument(fine).servers).to.deep.equal([given]);
    await fine.close();
  });
});
