import {
  Controller,
  createApp,
  Delete,
  Get,
  Head,
  Options,
  Param,
  Patch,
  Post,
  Put,
  Query,
  Res,
  type Response,
  ResponseModel,
} from '@arobase/core';
import { expect } from 'chai';
import { Expose } from 'class-transformer';
import type { FastifyInstance } from 'fastify';

@Controller('/items', { headers: { 'Cache-Control': 'no-store', 'X-Controller': 'items' } })
class ItemController {
  @Get()
  list() {
    return [{ id: 1 }];
  }

  @Get('/:id', { headers: { 'X-Controller': 'route wins' } })
  get(@Param('id') id: number) {
    return { id };
  }

  @Post('/', { status: 201 })
  create() {
    return { created: true };
  }

  @Put('/:id')
  replace(@Param('id') id: number) {
    return { method: 'PUT', id };
  }

  @Patch('/:id')
  edit(@Param('id') id: number) {
    return { method: 'PATCH', id };
  }

  @Delete('/:id', { status: 204 })
  remove() {}

  @Head('/ping')
  ping(@Res() res: Response) {
    res.headers.set('X-Ping', 'pong');
  }

  @Options()
  allow(@Res() res: Response) {
    res.headers.set('Allow', 'GET, POST, OPTIONS');
    return { methods: ['GET', 'POST', 'OPTIONS'] };
  }
}

@Controller()
class PathSyntaxController {
  @Get('/flights/:from-:to')
  flight(@Param('from') from: string, @Param('to') to: string) {
    return { from, to };
  }

  @Get('/files/:name.:ext')
  file(@Param('name') name: string, @Param('ext') ext: string) {
    return { name, ext };
  }

  @Get('/years/:year(^\\d{4}$)')
  year(@Param('year') year: number) {
    return { year };
  }

  @Get('/static/*')
  wildcard(@Param('*') rest: string) {
    return { rest };
  }

  @Get('/users/:userId/posts/:postId')
  post(@Param('userId') userId: number, @Param('postId') postId: number) {
    return { userId, postId };
  }

  @Get('/time::now')
  escapedColon() {
    return { literal: 'time:now' };
  }
}

@Controller('/')
class RootController {
  @Get()
  root() {
    return { root: true };
  }
}

describe('routes: @Controller and the method decorators', () => {
  let app: FastifyInstance;
  before(async () => {
    app = await createApp({ controllers: [ItemController, PathSyntaxController, RootController] });
  });
  after(() => app.close());

  it('@Get on the controller prefix answers 200 JSON with the controller headers', async () => {
    const res = await app.inject({ url: '/items' });
    expect(res.statusCode).to.equal(200);
    expect(res.headers['content-type']).to.equal('application/json; charset=utf-8');
    expect(res.headers['cache-control']).to.equal('no-store');
    expect(res.headers['x-controller']).to.equal('items');
    expect(res.json()).to.deep.equal([{ id: 1 }]);
  });

  it('a route header replaces the controller header of the same name, and both apply', async () => {
    const res = await app.inject({ url: '/items/7' });
    expect(res.statusCode).to.equal(200);
    expect(res.headers['x-controller']).to.equal('route wins');
    expect(res.headers['cache-control']).to.equal('no-store');
    expect(res.json()).to.deep.equal({ id: 7 });
  });

  it('a trailing slash reaches the same route', async () => {
    const res = await app.inject({ url: '/items/' });
    expect(res.statusCode).to.equal(200);
    expect(res.json()).to.deep.equal([{ id: 1 }]);
  });

  it('@Post with status 201', async () => {
    const res = await app.inject({ method: 'POST', url: '/items' });
    expect(res.statusCode).to.equal(201);
    expect(res.json()).to.deep.equal({ created: true });
  });

  it('@Put and @Patch route by method on the same path', async () => {
    const put = await app.inject({ method: 'PUT', url: '/items/3' });
    const patch = await app.inject({ method: 'PATCH', url: '/items/3' });
    expect(put.json()).to.deep.equal({ method: 'PUT', id: 3 });
    expect(patch.json()).to.deep.equal({ method: 'PATCH', id: 3 });
  });

  it('@Delete with status 204 sends no body and no content-type', async () => {
    const res = await app.inject({ method: 'DELETE', url: '/items/3' });
    expect(res.statusCode).to.equal(204);
    expect(res.body).to.equal('');
    expect(res.headers).not.to.have.property('content-type');
    expect(res.headers['cache-control']).to.equal('no-store');
  });

  it('@Head answers HEAD with its headers and no body', async () => {
    const res = await app.inject({ method: 'HEAD', url: '/items/ping' });
    expect(res.statusCode).to.equal(200);
    expect(res.headers['x-ping']).to.equal('pong');
    expect(res.body).to.equal('');
  });

  it('@Options answers OPTIONS', async () => {
    const res = await app.inject({ method: 'OPTIONS', url: '/items' });
    expect(res.statusCode).to.equal(200);
    expect(res.headers.allow).to.equal('GET, POST, OPTIONS');
    expect(res.json()).to.deep.equal({ methods: ['GET', 'POST', 'OPTIONS'] });
  });

  it('a method with no route on a known path is a 405 {detail} with Allow', async () => {
    const res = await app.inject({ method: 'POST', url: '/items/3' });
    expect(res.statusCode).to.equal(405);
    expect(res.headers.allow).to.be.a('string').and.not.include('POST');
    expect(res.json()).to.deep.equal({ detail: 'Method Not Allowed' });
  });

  it('@Controller("/") with @Get() serves the root', async () => {
    const res = await app.inject({ url: '/' });
    expect(res.statusCode).to.equal(200);
    expect(res.json()).to.deep.equal({ root: true });
  });

  describe('Fastify path syntax', () => {
    it('two parameters in one segment separated by a dash', async () => {
      const res = await app.inject({ url: '/flights/LHR-CDG' });
      expect(res.statusCode).to.equal(200);
      expect(res.json()).to.deep.equal({ from: 'LHR', to: 'CDG' });
    });

    it('two parameters in one segment separated by a dot', async () => {
      const res = await app.inject({ url: '/files/report.pdf' });
      expect(res.json()).to.deep.equal({ name: 'report', ext: 'pdf' });
    });

    it('a regex parameter matches its pattern and is coerced; a mismatch is a 404', async () => {
      const ok = await app.inject({ url: '/years/2024' });
      expect(ok.statusCode).to.equal(200);
      expect(ok.json()).to.deep.equal({ year: 2024 });
      const miss = await app.inject({ url: '/years/24' });
      expect(miss.statusCode).to.equal(404);
    });

    it("a wildcard is read with @Param('*')", async () => {
      const res = await app.inject({ url: '/static/css/site.css' });
      expect(res.json()).to.deep.equal({ rest: 'css/site.css' });
    });

    it('several parameters in several segments', async () => {
      const res = await app.inject({ url: '/users/4/posts/9' });
      expect(res.json()).to.deep.equal({ userId: 4, postId: 9 });
    });

    it('a double colon is a literal colon', async () => {
      const res = await app.inject({ url: '/time:now' });
      expect(res.statusCode).to.equal(200);
      expect(res.json()).to.deep.equal({ literal: 'time:now' });
    });

    it('path parameters are percent-decoded', async () => {
      const res = await app.inject({ url: '/flights/S%C3%A3o-Paris' });
      expect(res.json()).to.deep.equal({ from: 'São', to: 'Paris' });
    });
  });

  describe('HEAD on a GET route', () => {
    it('has the same status and headers as GET, and no body', async () => {
      const get = await app.inject({ url: '/items/7' });
      const head = await app.inject({ method: 'HEAD', url: '/items/7' });
      expect(head.statusCode).to.equal(get.statusCode);
      expect(head.body).to.equal('');
      for (const name of ['content-type', 'content-length', 'cache-control', 'x-controller']) {
        expect(head.headers[name], name).to.equal(get.headers[name]);
      }
    });

    it('works on a route whose status is set by the route options', async () => {
      const head = await app.inject({ method: 'HEAD', url: '/' });
      expect(head.statusCode).to.equal(200);
      expect(head.headers['content-type']).to.equal('application/json; charset=utf-8');
      expect(head.body).to.equal('');
    });
  });

  it('the app prefix goes before every controller prefix', async () => {
    const prefixed = await createApp({ controllers: [ItemController], prefix: '/api/v1' });
    try {
      const res = await prefixed.inject({ url: '/api/v1/items/5' });
      expect(res.statusCode).to.equal(200);
      expect(res.json()).to.deep.equal({ id: 5 });
      expect((await prefixed.inject({ url: '/items/5' })).statusCode).to.equal(404);
      expect((await prefixed.inject({ url: '/api/v1/api/v1/items/5' })).statusCode).to.equal(404);
    } finally {
      await prefixed.close();
    }
  });
});

class Summary {
  @Expose() id!: number;
}

class BaseCatalog {
  @Get('/items')
  list() {
    return { from: 'base' };
  }

  @Get('/items/:id')
  @ResponseModel(Summary)
  find(@Param('id') id: number, @Query('q') q?: string): object {
    return { id, q, secret: 'base' };
  }

  @Get('/kept')
  kept() {
    return { from: 'base' };
  }
}

@Controller('/sub')
class SubCatalog extends BaseCatalog {
  @Get('/things')
  override list() {
    return { from: 'sub' };
  }

  // Only the first parameter decorated: the base's @Query on the second must not reach it.
  @Get('/things/:id')
  override find(@Param('id') id: number, extra?: string): object {
    return { id, extra: extra ?? null, own: true };
  }
}

@Controller('/base')
class BaseOnly extends BaseCatalog {}

describe('routes: a controller that extends another', () => {
  let app: FastifyInstance;
  before(async () => {
    app = await createApp({ controllers: [SubCatalog, BaseOnly] });
  });
  after(() => app.close());

  it("an overriding method decorated in the subclass replaces the base's route", async () => {
    expect((await app.inject({ url: '/sub/items' })).statusCode).to.equal(404);
    const res = await app.inject({ url: '/sub/things' });
    expect(res.statusCode).to.equal(200);
    expect(res.json()).to.deep.equal({ from: 'sub' });
  });

  it("...and the base's parameter decorators and response model for that method", async () => {
    expect((await app.inject({ url: '/sub/items/1?q=x' })).statusCode).to.equal(404);
    const res = await app.inject({ url: '/sub/things/3?q=leak' });
    expect(res.statusCode).to.equal(200);
    expect(res.json()).to.deep.equal({ id: 3, extra: null, own: true });
  });

  it('a method the subclass does not override keeps the inherited route', async () => {
    const res = await app.inject({ url: '/sub/kept' });
    expect(res.json()).to.deep.equal({ from: 'base' });
  });

  it('the base keeps its own declarations', async () => {
    expect((await app.inject({ url: '/base/items' })).json()).to.deep.equal({ from: 'base' });
    const res = await app.inject({ url: '/base/items/2?q=x' });
    expect(res.json()).to.deep.equal({ id: 2 });
  });
});
