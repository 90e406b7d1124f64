// The examples of docs/middleware.md, run as they are written there.

import {
  Controller,
  createApp,
  Get,
  JSONResponse,
  type Middleware,
  type Next,
  type RequestContext,
  Res,
  type Response,
  UseMiddleware,
} from '@arobase/core';
import cors from '@fastify/cors';
import helmet from '@fastify/helmet';
import { expect } from 'chai';

class ServerTiming implements Middleware {
  async handle(ctx: RequestContext, next: Next) {
    const start = performance.now();
    await next();
    const ms = (performance.now() - start).toFixed(1);
    ctx.response.headers.set('Server-Timing', `app;dur=${ms}`);
  }
}

const API_KEY = 'k-123';

const requireApiKey: Middleware = {
  handle(ctx, next) {
    if (ctx.request.headers['x-api-key'] !== API_KEY) {
      return new JSONResponse({ detail: 'Missing API key' }, { status: 401 });
    }
    return next();
  },
};

const fallback: Middleware = {
  async handle(ctx, next) {
    try {
      await next();
    } catch (error) {
      ctx.request.log.warn({ err: error }, 'serving the fallback');
      return new JSONResponse({ detail: 'Try again later' }, { status: 503 });
    }
  },
};

const finished: string[] = [];
const cleanup: Middleware = {
  async handle(ctx, next) {
    try {
      return await next();
    } finally {
      finished.push(ctx.request.url);
    }
  },
};

@Controller('/hello')
class HelloController {
  @Get()
  hello() {
    return { hello: 'world' };
  }

  @Get('/keyed')
  @UseMiddleware(requireApiKey)
  keyed() {
    return { keyed: true };
  }

  @Get('/flaky')
  @UseMiddleware(cleanup, fallback)
  flaky() {
    throw new Error('upstream timeout');
  }
}

@Controller('/items')
class ItemController {
  @Get()
  list(@Res() res: Response) {
    res.headers.set('X-Total-Count', '0');
    return { items: [] };
  }
}

describe('docs/middleware.md examples', () => {
  it('ServerTiming adds Server-Timing to the answer', async () => {
    const app = await createApp({ controllers: [HelloController], middleware: [ServerTiming] });
    const res = await app.inject({ url: '/hello' });
    expect(res.json()).to.deep.equal({ hello: 'world' });
    expect(res.headers['server-timing']).to.match(/^app;dur=\d+\.\d$/);
  });

  it('requireApiKey answers early; the fallback turns an error into a 503; finally runs', async () => {
    const app = await createApp({ controllers: [HelloController], middleware: [ServerTiming] });
    const denied = await app.inject({ url: '/hello/keyed' });
    expect(denied.statusCode).to.equal(401);
    expect(denied.headers['server-timing']).to.match(/^app;dur=/);
    const allowed = await app.inject({ url: '/hello/keyed', headers: { 'x-api-key': API_KEY } });
    expect(allowed.json()).to.deep.equal({ keyed: true });

    finished.length = 0;
    const flaky = await app.inject({ url: '/hello/flaky' });
    expect(flaky.statusCode).to.equal(503);
    expect(flaky.json()).to.deep.equal({ detail: 'Try again later' });
    expect(finished).to.deep.equal(['/hello/flaky']);
  });

  it('CORS, helmet and hooks beside arobase, as in the example', async () => {
    const app = await createApp({ controllers: [ItemController] });
    await app.register(cors, { origin: ['https://app.example'], exposedHeaders: ['X-Total-Count'] });
    await app.register(helmet);
    const urls: string[] = [];
    app.addHook('onRequest', async (request) => {
      urls.push(request.url);
    });
    app.addHook('onSend', async (_request, reply, payload) => {
      reply.header('X-Instance', process.env.HOSTNAME ?? 'local');
      return payload;
    });
    const res = await app.inject({ url: '/items', headers: { origin: 'https://app.example' } });
    expect(res.headers['access-control-expose-headers']).to.equal('X-Total-Count');
    expect(res.headers['x-total-count']).to.equal('0');
    expect(res.headers['x-content-type-options']).to.equal('nosniff');
    expect(res.headers['x-instance']).to.be.a('string');
    expect(urls).to.deep.equal(['/items']);
  });
});
