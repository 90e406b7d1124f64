import { readFileSync } from 'node:fs';
import {
  arobase,
  Controller,
  createApp,
  FileResponse,
  Get,
  HttpException,
  JSONResponse,
  type Middleware,
  type Next,
  PlainTextResponse,
  Query,
  type RequestContext,
  Res,
  type Response,
  StreamingResponse,
  UseMiddleware,
} from '@arobase/core';
import { expect } from 'chai';
import Fastify from 'fastify';
import { injectable, container as rootContainer } from 'tsyringe';

/** Records when it runs, and leaves its name in X-Trace on the way out. */
function tracer(name: string, log: string[]): Middleware {
  return {
    async handle(ctx: RequestContext, next: Next) {
      log.push(`in:${name}`);
      await next();
      log.push(`out:${name}`);
      ctx.response.headers.append('X-Trace', name);
    },
  };
}

function startupError(promise: Promise<unknown>): Promise<Error | undefined> {
  return promise.then(
    () => undefined,
    (e: Error) => e,
  );
}

describe('middleware: order and the onion', () => {
  it('runs app, controller, then route middleware, outermost first, around the handler', async () => {
    const log: string[] = [];
    @Controller('/ordered')
    @UseMiddleware(tracer('controller-1', log), tracer('controller-2', log))
    class OrderedController {
      @Get()
      @UseMiddleware(tracer('route-top', log))
      @UseMiddleware(tracer('route-bottom', log))
      get() {
        log.push('handler');
        return { ok: true };
      }

      @Get('/plain')
      plain() {
        log.push('plain');
        return { ok: true };
      }
    }
    const app = await createApp({
      controllers: [OrderedController],
      middleware: [tracer('app-1', log), tracer('app-2', log)],
    });
    const res = await app.inject({ url: '/ordered' });
    expect(res.statusCode).to.equal(200);
    expect(res.json()).to.deep.equal({ ok: true });
    expect(log).to.deep.equal([
      'in:app-1',
      'in:app-2',
      'in:controller-1',
      'in:controller-2',
      'in:route-top',
      'in:route-bottom',
      'handler',
      'out:route-bottom',
      'out:route-top',
      'out:controller-2',
      'out:controller-1',
      'out:app-2',
      'out:app-1',
    ]);
    expect(res.headers['x-trace']).to.equal(
      'route-bottom, route-top, controller-2, controller-1, app-2, app-1',
    );

    log.length = 0;
    const plain = await app.inject({ url: '/ordered/plain' });
    expect(plain.headers['x-trace']).to.equal('controller-2, controller-1, app-2, app-1');
    expect(log[4]).to.equal('plain');
  });

  it("a base controller's middleware wraps its subclass's", async () => {
    const log: string[] = [];
    @UseMiddleware(tracer('base', log))
    class BaseController {}
    @Controller('/child')
    @UseMiddleware(tracer('child', log))
    class ChildController extends BaseController {
      @Get()
      get() {
        return {};
      }
    }
    const app = await createApp({ controllers: [ChildController] });
    const res = await app.inject({ url: '/child' });
    expect(res.headers['x-trace']).to.equal('child, base');
  });

  it('before next() ctx.response is the injected Response the handler gets; after, the outgoing one', async () => {
    const seen: Record<string, unknown> = {};
    const probe: Middleware = {
      async handle(ctx, next) {
        ctx.response.setCookie('from_middleware', 'before');
        ctx.response.headers.set('X-Before', 'middleware');
        seen.before = ctx.response;
        const outgoing = await next();
        seen.outgoing = outgoing;
        seen.after = ctx.response;
        seen.status = outgoing.status;
        ctx.response.headers.set('X-After', 'middleware');
        ctx.response.setCookie('from_middleware_after', 'after', { maxAge: 60 });
      },
    };
    @Controller()
    class ProbeController {
      @Get('/probe', { status: 201 })
      @UseMiddleware(probe)
      get(@Res() res: Response) {
        seen.injected = res;
        res.setCookie('from_handler', 'h');
        return { cookies: res.cookies.map((c) => c.name) };
      }
    }
    const app = await createApp({ controllers: [ProbeController] });
    const res = await app.inject({ url: '/probe' });
    expect(seen.before).to.equal(seen.injected);
    expect(seen.after).to.equal(seen.outgoing);
    expect(seen.after).to.not.equal(seen.injected);
    expect(seen.status).to.equal(201);
    expect(res.statusCode).to.equal(201);
    expect(res.json()).to.deep.equal({ cookies: ['from_middleware', 'from_handler'] });
    expect(res.headers['x-before']).to.equal('middleware');
    expect(res.headers['x-after']).to.equal('middleware');
    expect(res.cookies.map((c) => [c.name, c.value])).to.deep.equal([
      ['from_middleware', 'before'],
      ['from_handler', 'h'],
      ['from_middleware_after', 'after'],
    ]);
    expect(res.cookies[2]).to.deep.include({ maxAge: 60, httpOnly: true, secure: true, sameSite: 'Lax' });
  });

  it("a middleware's header replaces the handler's of the same name after next()", async () => {
    const cache: Middleware = {
      async handle(ctx, next) {
        await next();
        ctx.response.headers.set('Cache-Control', 'no-store');
      },
    };
    @Controller()
    @UseMiddleware(cache)
    class CacheController {
      @Get('/cached', { headers: { 'Cache-Control': 'public, max-age=60' } })
      get() {
        return 'x';
      }
    }
    const app = await createApp({ controllers: [CacheController] });
    const res = await app.inject({ url: '/cached' });
    expect(res.headers['cache-control']).to.equal('no-store');
  });

  it('a middleware can return a replacement Response after next()', async () => {
    const wrap: Middleware = {
      async handle(_ctx, next) {
        const inner = await next();
        return new PlainTextResponse(`wrapped ${inner.status ?? 200}`, { status: 202 });
      },
    };
    @Controller()
    class WrapController {
      @Get('/wrapped')
      @UseMiddleware(wrap)
      get() {
        return { hidden: true };
      }
    }
    const app = await createApp({ controllers: [WrapController] });
    const res = await app.inject({ url: '/wrapped' });
    expect(res.statusCode).to.equal(202);
    expect(res.headers['content-type']).to.equal('text/plain; charset=utf-8');
    expect(res.body).to.equal('wrapped 200');
  });
});

describe('middleware: answering early', () => {
  let handlerRuns = 0;
  const requireKey: Middleware = {
    handle(ctx, next) {
      if (ctx.request.headers['x-api-key'] !== 'secret') {
        return new JSONResponse({ detail: 'Missing API key' }, { status: 401 });
      }
      return next();
    },
  };
  const outer: Middleware = {
    async handle(ctx, next) {
      ctx.response.setCookie('seen', '1');
      await next();
      ctx.response.headers.set('X-Outer', 'after');
    },
  };
  @Controller('/guarded', { headers: { 'X-Static': 'route' } })
  @UseMiddleware(outer, requireKey)
  class GuardedController {
    @Get()
    get() {
      handlerRuns++;
      return { secret: 42 };
    }
  }

  beforeEach(() => {
    handlerRuns = 0;
  });

  it('a middleware that returns a Response without calling next() answers; the handler never runs', async () => {
    const app = await createApp({ controllers: [GuardedController] });
    const res = await app.inject({ url: '/guarded' });
    expect(res.statusCode).to.equal(401);
    expect(res.json()).to.deep.equal({ detail: 'Missing API key' });
    expect(handlerRuns).to.equal(0);
    // Outer middleware still runs around the early answer, and what it set before is kept (rule 2);
    // the route's static headers belong to the route's own answers.
    expect(res.headers['x-outer']).to.equal('after');
    expect(res.cookies.map((c) => c.name)).to.deep.equal(['seen']);
    expect(res.headers['x-static']).to.equal(undefined);

    const ok = await app.inject({ url: '/guarded', headers: { 'x-api-key': 'secret' } });
    expect(ok.statusCode).to.equal(200);
    expect(ok.json()).to.deep.equal({ secret: 42 });
    expect(ok.headers['x-static']).to.equal('route');
    expect(handlerRuns).to.equal(1);
  });

  it('assigning ctx.response and not calling next() answers early too', async () => {
    const maintenance: Middleware = {
      handle(ctx) {
        ctx.response = new PlainTextResponse('Back soon', { status: 503, headers: { 'Retry-After': '120' } });
      },
    };
    @Controller()
    class DownController {
      @Get('/down')
      @UseMiddleware(maintenance)
      get() {
        throw new Error('must not run');
      }
    }
    const app = await createApp({ controllers: [DownController] });
    const res = await app.inject({ url: '/down' });
    expect(res.statusCode).to.equal(503);
    expect(res.headers['retry-after']).to.equal('120');
    expect(res.body).to.equal('Back soon');
  });

  it('a middleware that throws HttpException answers with it, plus what was set on the injected Response', async () => {
    const deny: Middleware = {
      handle(ctx) {
        ctx.response.headers.set('X-Denied-By', 'deny');
        throw new HttpException(403, 'Forbidden', { headers: { 'X-Reason': 'policy' } });
      },
    };
    @Controller()
    class DenyController {
      @Get('/deny')
      @UseMiddleware(deny)
      get() {
        return {};
      }
    }
    const app = await createApp({ controllers: [DenyController] });
    const res = await app.inject({ url: '/deny' });
    expect(res.statusCode).to.equal(403);
    expect(res.json()).to.deep.equal({ detail: 'Forbidden' });
    expect(res.headers['x-reason']).to.equal('policy');
    expect(res.headers['x-denied-by']).to.equal('deny');
  });
});

describe('middleware: errors', () => {
  it("next() renders the handler's HttpException to a Response the middleware sees", async () => {
    let status: number | undefined;
    const observe: Middleware = {
      async handle(ctx, next) {
        const outgoing = await next();
        status = outgoing.status;
        ctx.response.headers.set('X-Observed', String(outgoing.status));
      },
    };
    @Controller()
    @UseMiddleware(observe)
    class MissingController {
      @Get('/missing')
      get(@Res() res: Response) {
        res.setCookie('tried', '1');
        throw new HttpException(404, 'Post not found');
      }
    }
    const app = await createApp({ controllers: [MissingController] });
    const res = await app.inject({ url: '/missing' });
    expect(status).to.equal(404);
    expect(res.statusCode).to.equal(404);
    expect(res.json()).to.deep.equal({ detail: 'Post not found' });
    expect(res.headers['x-observed']).to.equal('404');
    expect(res.cookies.map((c) => c.name)).to.deep.equal(['tried']);
  });

  it('a 422 from bad input reaches middleware as a Response too', async () => {
    const observe: Middleware = {
      async handle(ctx, next) {
        await next();
        ctx.response.headers.set('X-Status', String(ctx.response.status));
      },
    };
    @Controller()
    class NumberController {
      @Get('/n')
      @UseMiddleware(observe)
      get(@Query('n') n: number) {
        return { n };
      }
    }
    const app = await createApp({ controllers: [NumberController] });
    const res = await app.inject({ url: '/n?n=abc' });
    expect(res.statusCode).to.equal(422);
    expect(res.json().detail[0].loc).to.deep.equal(['query', 'n']);
    expect(res.headers['x-status']).to.equal('422');
  });

  it('an unexpected error rejects next(): a middleware can catch it and answer', async () => {
    const fallback: Middleware = {
      async handle(_ctx, next) {
        try {
          await next();
        } catch (error) {
          return new JSONResponse(
            { detail: 'Try again later', cause: (error as Error).name },
            { status: 503 },
          );
        }
      },
    };
    @Controller()
    class FlakyController {
      @Get('/flaky')
      @UseMiddleware(fallback)
      get() {
        throw new RangeError('internal detail');
      }
    }
    const app = await createApp({ controllers: [FlakyController] });
    const res = await app.inject({ url: '/flaky' });
    expect(res.statusCode).to.equal(503);
    expect(res.json()).to.deep.equal({ detail: 'Try again later', cause: 'RangeError' });
  });

  it('uncaught, it is a 500 at the outermost layer that drops the state and leaks nothing', async () => {
    const log: string[] = [];
    const setsState: Middleware = {
      async handle(ctx, next) {
        ctx.response.setCookie('partial', '1');
        ctx.response.headers.set('X-Partial', '1');
        await next();
        log.push('not reached');
      },
    };
    @Controller()
    @UseMiddleware(setsState)
    class BoomController {
      @Get('/boom')
      get() {
        throw new Error('secret stack');
      }
    }
    const app = await createApp({ controllers: [BoomController] });
    const res = await app.inject({ url: '/boom' });
    expect(res.statusCode).to.equal(500);
    expect(res.body).to.equal('{"detail":"Internal Server Error"}');
    expect(res.headers['set-cookie']).to.equal(undefined);
    expect(res.headers['x-partial']).to.equal(undefined);
    expect(log).to.deep.equal([]);
  });

  it('a middleware that catches the error but gives no Response lets the error stand', async () => {
    const swallow: Middleware = {
      async handle(_ctx, next) {
        await next().catch(() => undefined);
      },
    };
    @Controller()
    class SwallowController {
      @Get('/swallow')
      @UseMiddleware(swallow)
      get() {
        throw new Error('boom');
      }
    }
    const app = await createApp({ controllers: [SwallowController] });
    const res = await app.inject({ url: '/swallow' });
    expect(res.statusCode).to.equal(500);
  });

  it('next() called twice, or neither next() nor an answer, is a 500 with the reason logged', async () => {
    const logged: string[] = [];
    const twice: Middleware = {
      async handle(_ctx, next) {
        await next();
        await next();
      },
    };
    class Silent implements Middleware {
      handle() {}
    }
    @Controller()
    class BadController {
      @Get('/twice')
      @UseMiddleware(twice)
      a() {
        return {};
      }

      @Get('/silent')
      @UseMiddleware(Silent)
      b() {
        return {};
      }
    }
    const app = await createApp({
      controllers: [BadController],
      fastify: {
        logger: {
          level: 'error',
          stream: { write: (line: string) => logged.push(JSON.parse(line).err?.message) },
        },
      },
    });
    expect((await app.inject({ url: '/twice' })).statusCode).to.equal(500);
    expect((await app.inject({ url: '/silent' })).statusCode).to.equal(500);
    expect(logged).to.deep.equal([
      'middleware: next() was called more than once',
      'Silent.handle() neither called next() nor answered with a Response',
    ]);
  });

  it('a middleware that does not await next() still sends the handler’s answer', async () => {
    const careless: Middleware = {
      handle(_ctx, next) {
        void next();
      },
    };
    @Controller()
    class SlowController {
      @Get('/slow')
      @UseMiddleware(careless)
      async get() {
        await new Promise((r) => setTimeout(r, 10));
        return { slow: true };
      }
    }
    const app = await createApp({ controllers: [SlowController] });
    const res = await app.inject({ url: '/slow' });
    expect(res.statusCode).to.equal(200);
    expect(res.json()).to.deep.equal({ slow: true });
  });
});

describe('middleware: responses shared between requests', () => {
  it('a constant Response returned by the handler is never changed by middleware', async () => {
    const GONE = new JSONResponse({ detail: 'gone' }, { status: 410 });
    const stamp: Middleware = {
      async handle(ctx, next) {
        await next();
        ctx.response.headers.append('X-Stamp', String(ctx.request.id));
        ctx.response.setCookie('stamp', String(ctx.request.id));
      },
    };
    @Controller()
    class GoneController {
      @Get('/gone')
      @UseMiddleware(stamp)
      get() {
        return GONE;
      }
    }
    const app = await createApp({ controllers: [GoneController] });
    const first = await app.inject({ url: '/gone' });
    const second = await app.inject({ url: '/gone' });
    expect(second.statusCode).to.equal(410);
    expect(first.headers['x-stamp']).to.not.include(',');
    expect(second.headers['x-stamp']).to.not.include(',');
    expect(second.cookies).to.have.length(1);
    expect(GONE.hasHeaders && GONE.headers.has('x-stamp')).to.equal(false);
    expect(GONE.cookies).to.deep.equal([]);
  });

  it('a constant Response given as an early answer is copied too', async () => {
    const CLOSED = new PlainTextResponse('closed', { status: 403 });
    const closed: Middleware = { handle: () => CLOSED };
    const stamp: Middleware = {
      async handle(ctx, next) {
        await next();
        ctx.response.headers.append('X-Stamp', 'x');
      },
    };
    @Controller()
    class ClosedController {
      @Get('/closed')
      @UseMiddleware(stamp, closed)
      get() {
        return {};
      }
    }
    const app = await createApp({ controllers: [ClosedController] });
    await app.inject({ url: '/closed' });
    const res = await app.inject({ url: '/closed' });
    expect(res.headers['x-stamp']).to.equal('x');
    expect(CLOSED.hasHeaders).to.equal(false);
  });
});

describe('middleware: file and streaming responses', () => {
  const stamp: Middleware = {
    async handle(ctx, next) {
      await next();
      ctx.response.headers.set('X-Stamp', 'mw');
    },
  };
  @Controller('/media')
  @UseMiddleware(stamp)
  class MediaController {
    @Get('/file')
    file() {
      return new FileResponse(__filename, { filename: 'spec.js', mediaType: 'text/javascript' });
    }

    @Get('/stream')
    stream() {
      return new StreamingResponse(
        (async function* () {
          yield 'a,';
          yield 'b';
        })(),
        { mediaType: 'text/csv' },
      );
    }
  }

  it('a middleware adds headers to a FileResponse and a StreamingResponse, whose bodies still flow', async () => {
    const app = await createApp({ controllers: [MediaController] });
    const file = await app.inject({ url: '/media/file' });
    expect(file.statusCode).to.equal(200);
    expect(file.headers['x-stamp']).to.equal('mw');
    expect(file.headers['content-disposition']).to.equal('attachment; filename="spec.js"');
    expect(file.body).to.equal(readFileSync(__filename, 'utf8'));
    const range = await app.inject({ url: '/media/file', headers: { range: 'bytes=0-9' } });
    expect(range.statusCode).to.equal(206);
    expect(range.headers['x-stamp']).to.equal('mw');
    expect(range.body).to.have.length(10);

    const stream = await app.inject({ url: '/media/stream' });
    expect(stream.statusCode).to.equal(200);
    expect(stream.headers['x-stamp']).to.equal('mw');
    expect(stream.headers['content-type']).to.equal('text/csv; charset=utf-8');
    expect(stream.body).to.equal('a,b');
  });
});

describe('middleware: classes, containers and the plugin', () => {
  @injectable()
  class Clock {
    now() {
      return 'Sat, 21 Nov 2026 06:00:00 GMT';
    }
  }

  @injectable()
  class DateHeader implements Middleware {
    static built = 0;
    constructor(private readonly clock: Clock) {
      DateHeader.built++;
    }
    async handle(ctx: RequestContext, next: Next) {
      await next();
      ctx.response.headers.set('X-Served-At', this.clock.now());
    }
  }

  @Controller('/a')
  @UseMiddleware(DateHeader)
  class AController {
    @Get()
    get() {
      return 'a';
    }
  }
  @Controller('/b')
  class BController {
    @Get()
    @UseMiddleware(DateHeader)
    get() {
      return 'b';
    }
  }

  it('builds a middleware class once per app through the container', async () => {
    DateHeader.built = 0;
    const child = rootContainer.createChildContainer();
    const app = await createApp({
      controllers: [AController, BController],
      container: { get: (cls) => child.resolve(cls) },
    });
    expect(DateHeader.built).to.equal(1);
    for (const url of ['/a', '/b']) {
      const res = await app.inject({ url });
      expect(res.headers['x-served-at']).to.equal('Sat, 21 Nov 2026 06:00:00 GMT');
    }
  });

  it('takes middleware through the Fastify plugin options too, and on HEAD', async () => {
    class Marker implements Middleware {
      async handle(ctx: RequestContext, next: Next) {
        await next();
        ctx.response.headers.set('X-Marker', 'plugin');
      }
    }
    @Controller()
    class PlainController {
      @Get('/plain')
      get() {
        return { ok: 1 };
      }
    }
    const app = Fastify();
    await app.register(arobase, { controllers: [PlainController], middleware: [Marker] });
    const res = await app.inject({ url: '/plain' });
    expect(res.headers['x-marker']).to.equal('plugin');
    expect(res.json()).to.deep.equal({ ok: 1 });
    const head = await app.inject({ method: 'HEAD', url: '/plain' });
    expect(head.statusCode).to.equal(200);
    expect(head.headers['x-marker']).to.equal('plugin');
    expect(head.body).to.equal('');
  });

  it('refuses at start-up what is not a middleware, saying where it was declared', async () => {
    @Controller()
    class WrongController {
      @Get('/w')
      @UseMiddleware((() => undefined) as unknown as Middleware)
      get() {
        return {};
      }
    }
    const error = await startupError(createApp({ controllers: [WrongController] }));
    expect(error?.message).to.match(
      /^@UseMiddleware on WrongController.get: middleware <anonymous> is a function without a handle\(ctx, next\) method/,
    );
    @Controller()
    class FineController {
      @Get('/f')
      get() {
        return {};
      }
    }
    const option = await startupError(
      createApp({ controllers: [FineController], middleware: [{ handle: 'no' } as unknown as Middleware] }),
    );
    expect(option?.message).to.equal(
      'middleware option: a middleware is a class or an object with handle(ctx, next), got object',
    );
    expect(() => UseMiddleware()).to.throw(TypeError, 'needs at least one middleware');
  });
});
