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
} from '@arobase/core';
import { expect } from 'chai';
import { captureLog } from '../helpers/log';
import { setCookieLines } from '../helpers/set-cookie';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const INTERNAL = '{"detail":"Internal Server Error"}';

/**
 * An unexpected error answers 500 and drops what was set on `res`, wherever in the chain it is
 * thrown and whatever a middleware around it does, as long as nobody answers with a Response.
 */
describe('middleware: an unexpected error is a 500 whatever the chain does', () => {
  async function appWith(middleware: Middleware[], handlerDelay = 0) {
    const log = captureLog();
    @Controller()
    class DataController {
      @Get('/data')
      async get(@Res() res: Response) {
        if (handlerDelay > 0) await sleep(handlerDelay);
        res.setCookie('from_handler', '1');
        res.headers.set('X-From-Handler', '1');
        return { secret: 'handler data' };
      }
    }
    const app = await createApp({
      controllers: [DataController],
      middleware,
      fastify: { logger: { level: 'error', stream: log.stream } },
    });
    return { app, log };
  }

  function expectBare500(res: { statusCode: number; body: string; headers: Record<string, unknown> }) {
    expect(res.statusCode).to.equal(500);
    expect(res.body).to.equal(INTERNAL);
    expect(res.headers['content-type']).to.equal('application/json; charset=utf-8');
    expect(setCookieLines(res.headers)).to.deep.equal([]);
    expect(res.headers['x-from-handler']).to.equal(undefined);
  }

  it('an inner middleware that throws after await next(), caught by an outer one that returns nothing, is a 500', async () => {
    const seen: string[] = [];
    const outer: Middleware = {
      async handle(_ctx: RequestContext, next: Next) {
        try {
          await next();
        } catch (error) {
          seen.push((error as Error).message);
        }
      },
    };
    const inner: Middleware = {
      async handle(_ctx: RequestContext, next: Next) {
        await next();
        throw new Error('inner broke after the handler');
      },
    };
    const { app, log } = await appWith([outer, inner]);
    const res = await app.inject({ url: '/data' });
    expectBare500(res);
    expect(seen).to.deep.equal(['inner broke after the handler']);
    expect(log.errors().map((l) => l.err?.message)).to.deep.equal(['inner broke after the handler']);
  });

  it('a middleware that calls next() without awaiting and throws at once, before the handler settles, is a 500', async () => {
    const careless: Middleware = {
      handle(_ctx: RequestContext, next: Next) {
        void next();
        throw new Error('thrown while the handler runs');
      },
    };
    const { app, log } = await appWith([careless], 20);
    const res = await app.inject({ url: '/data' });
    expectBare500(res);
    expect(log.errors().map((l) => l.err?.message)).to.deep.equal(['thrown while the handler runs']);
  });

  it('an async middleware that does not await next() and rejects before the handler settles is a 500', async () => {
    const careless: Middleware = {
      async handle(_ctx: RequestContext, next: Next) {
        void next();
        await sleep(1);
        throw new Error('rejected while the handler runs');
      },
    };
    const { app } = await appWith([careless], 30);
    expectBare500(await app.inject({ url: '/data' }));
  });

  it('one that does not await next() and rejects after the handler settled is a 500 too', async () => {
    const careless: Middleware = {
      async handle(_ctx: RequestContext, next: Next) {
        void next();
        await sleep(30);
        throw new Error('rejected after the handler');
      },
    };
    const { app, log } = await appWith([careless]);
    const res = await app.inject({ url: '/data' });
    expectBare500(res);
    expect(log.errors().map((l) => l.err?.message)).to.deep.equal(['rejected after the handler']);
  });

  // Issue: the handler's answer, landing after the error, won the race and went out as a 200.
  for (const [when, handlerDelay] of [
    ['before', 20],
    ['after', 0],
  ] as const) {
    it(`an outer middleware still busy after catching the error of one that did not await next() (thrown ${when} the handler settles): 500`, async () => {
      const outer: Middleware = {
        async handle(_ctx: RequestContext, next: Next) {
          try {
            await next();
          } catch {
            await sleep(40);
          }
        },
      };
      const syncThrow: Middleware = {
        handle(_ctx: RequestContext, next: Next) {
          void next();
          throw new Error('thrown at once');
        },
      };
      const asyncThrow: Middleware = {
        async handle(_ctx: RequestContext, next: Next) {
          void next();
          if (handlerDelay === 0) await sleep(10);
          throw new Error('rejected');
        },
      };
      for (const careless of [syncThrow, asyncThrow]) {
        const { app } = await appWith([outer, careless], handlerDelay);
        expectBare500(await app.inject({ url: '/data' }));
      }
    });
  }

  it('the same, caught by an outer middleware that answers nothing: still the 500', async () => {
    const outer: Middleware = {
      async handle(_ctx: RequestContext, next: Next) {
        await next().catch(() => undefined);
      },
    };
    const careless: Middleware = {
      async handle(_ctx: RequestContext, next: Next) {
        void next();
        await sleep(30);
        throw new Error('rejected after the handler');
      },
    };
    const { app } = await appWith([outer, careless]);
    expectBare500(await app.inject({ url: '/data' }));
  });
});

describe('middleware: an answer given without awaiting next() is not replaced by the late handler', () => {
  it('the outer middleware and the client see the replacement, not the handler data that came later', async () => {
    const seenByOuter: unknown[] = [];
    const outer: Middleware = {
      async handle(ctx: RequestContext, next: Next) {
        await next();
        await sleep(40);
        seenByOuter.push(ctx.response.status);
        ctx.response.headers.set('X-Outer', 'seen');
      },
    };
    const replaces: Middleware = {
      handle(_ctx: RequestContext, next: Next) {
        void next();
        return new JSONResponse({ replaced: true }, { status: 203 });
      },
    };
    @Controller()
    class LateController {
      @Get('/late')
      async get(@Res() res: Response) {
        await sleep(10);
        res.setCookie('late', '1');
        return { late: true };
      }
    }
    const app = await createApp({ controllers: [LateController], middleware: [outer, replaces] });
    const res = await app.inject({ url: '/late' });
    expect(res.statusCode).to.equal(203);
    expect(res.json()).to.deep.equal({ replaced: true });
    expect(res.headers['x-outer']).to.equal('seen');
    expect(setCookieLines(res.headers)).to.deep.equal([]);
    expect(seenByOuter).to.deep.equal([203]);
  });
});
