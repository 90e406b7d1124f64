import {
  arobase,
  Controller,
  describeRoutes,
  Get,
  HTMLResponse,
  Post,
  RedirectResponse,
  ResponseModel,
} from '@arobase/core';
import { expect } from 'chai';
import { Expose } from 'class-transformer';
import Fastify from 'fastify';

class Item {
  @Expose() id!: number;
}

@Controller('/items')
class ItemController {
  @Get('/')
  @ResponseModel([Item])
  list() {
    return [];
  }

  @Post('/', { status: 201 })
  create() {
    return { id: 1 };
  }

  @Get('/latest', { responseClass: RedirectResponse })
  latest() {
    return '/items/1';
  }

  @Get('/moved', { responseClass: RedirectResponse, status: 308 })
  moved() {
    return '/items';
  }

  @Get('/page', { responseClass: HTMLResponse })
  page() {
    return '<p>items</p>';
  }
}

describe('describeRoutes: the table of what an app serves', () => {
  it('reports the status a plain answer gets: the route option, else the class default (307 for a redirect)', () => {
    const table = describeRoutes([ItemController], '/api');
    expect(
      table.map(({ method, path, status, responseClass }) => [method, path, status, responseClass]),
    ).to.deep.equal([
      ['GET', '/api/items', 200, 'JSONResponse'],
      ['POST', '/api/items', 201, 'JSONResponse'],
      ['GET', '/api/items/latest', 307, 'RedirectResponse'],
      ['GET', '/api/items/moved', 308, 'RedirectResponse'],
      ['GET', '/api/items/page', 200, 'HTMLResponse'],
    ]);
    expect(table[0].responseModel).to.equal('[Item]');
  });

  it('the statuses it reports are the ones served', async () => {
    const fastify = Fastify();
    await fastify.register(arobase, { controllers: [ItemController], prefix: '/api' });
    try {
      for (const route of describeRoutes([ItemController], '/api')) {
        const res = await fastify.inject({ method: route.method as 'GET', url: route.path });
        expect(res.statusCode, `${route.method} ${route.path}`).to.equal(route.status);
      }
    } finally {
      await fastify.close();
    }
  });

  it('under a prefixed parent plugin, the routes are served at the paths described with the full prefix', async () => {
    const fastify = Fastify();
    await fastify.register(
      async (v1) => {
        await v1.register(arobase, { controllers: [ItemController], prefix: '/api' });
      },
      { prefix: '/v1' },
    );
    try {
      const table = describeRoutes([ItemController], '/v1/api');
      expect(table[0].path).to.equal('/v1/api/items');
      for (const route of table) {
        const res = await fastify.inject({ method: route.method as 'GET', url: route.path });
        expect(res.statusCode, `${route.method} ${route.path}`).to.equal(route.status);
      }
      expect((await fastify.inject({ url: '/api/items' })).statusCode).to.equal(404);
    } finally {
      await fastify.close();
    }
  });
});
