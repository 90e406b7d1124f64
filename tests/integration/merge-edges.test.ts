// Behaviours that hand mutation of the merge, write and chain code showed no test pinned down: each
// test here fails when the line it names is changed.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  Controller,
  createApp,
  FileResponse,
  Get,
  HttpException,
  JSONResponse,
  type Middleware,
  type Next,
  PlainTextResponse,
  type RequestContext,
  Res,
  Response,
  UseMiddleware,
} from '@arobase/core';
import { expect } from 'chai';
import { captureLog } from '../helpers/log';
import { parseSetCookies, setCookieLines } from '../helpers/set-cookie';

describe('merge edges: an early answer that is the injected response itself', () => {
  it('sends its cookies, raw Set-Cookie lines and headers once each', async () => {
    const gate: Middleware = {
      handle(ctx: RequestContext) {
        ctx.response.status = 401;
        ctx.response.setCookie('attempt', '1');
        ctx.response.headers.append('Set-Cookie', 'raw=1; Path=/');
        ctx.response.headers.set('WWW-Authenticate', 'Bearer');
        ctx.response.body = 'login first';
        return ctx.response;
      },
    };
    @Controller()
    class GateController {
      @Get('/gated')
      @UseMiddleware(gate)
      get() {
        return { reached: true };
      }
    }
    const app = await createApp({ controllers: [GateController] });
    const res = await app.inject({ url: '/gated' });
    expect(res.statusCode).to.equal(401);
    expect(res.body).to.equal('login first');
    expect(res.headers['www-authenticate']).to.equal('Bearer');
    expect(setCookieLines(res.headers)).to.have.length(2);
    expect(parseSetCookies(res.headers).map((c) => [c.name, c.value])).to.deep.equal([
      ['raw', '1'],
      ['attempt', '1'],
    ]);
  });
});

describe('merge edges: a constant Response given by a middleware after next()', () => {
  it('is sent, and middleware around it changes a copy: the constant and the next request stay clean', async () => {
    const MAINTENANCE = new JSONResponse({ detail: 'maintenance' }, { status: 503 });
    const replace: Middleware = {
      async handle(_ctx: RequestContext, next: Next) {
        await next();
        return MAINTENANCE;
      },
    };
    const stamp: Middleware = {
      async handle(ctx: RequestContext, next: Next) {
        await next();
        ctx.response.headers.append('X-Stamp', String(ctx.request.id));
        ctx.response.setCookie('stamp', '1');
      },
    };
    @Controller()
    class MaintenanceController {
      @Get('/m')
      @UseMiddleware(stamp, replace)
      get() {
        return { ok: true };
      }
    }
    const app = await createApp({ controllers: [MaintenanceController] });
    await app.inject({ url: '/m' });
    const res = await app.inject({ url: '/m' });
    expect(res.statusCode).to.equal(503);
    expect(res.json()).to.deep.equal({ detail: 'maintenance' });
    expect(res.headers['x-stamp']).to.not.include(',');
    expect(setCookieLines(res.headers)).to.have.length(1);
    expect(MAINTENANCE.hasHeaders && MAINTENANCE.headers.has('x-stamp')).to.equal(false);
    expect(MAINTENANCE.cookies).to.deep.equal([]);
  });
});

describe('merge edges: what a middleware may return', () => {
  it('anything but a Response or nothing is a 500 whose log says what was returned', async () => {
    const log = captureLog();
    const wrong = {
      async handle(_ctx: RequestContext, next: Next) {
        await next();
        return { status: 200 };
      },
    } as unknown as Middleware;
    @Controller()
    class WrongController {
      @Get('/wrong')
      @UseMiddleware(wrong)
      get(@Res() res: Response) {
        res.setCookie('kept', 'no');
        return { ok: true };
      }
    }
    const app = await createApp({
      controllers: [WrongController],
      fastify: { logger: { level: 'error', stream: log.stream } },
    });
    const res = await app.inject({ url: '/wrong' });
    expect(res.statusCode).to.equal(500);
    expect(res.body).to.equal('{"detail":"Internal Server Error"}');
    expect(setCookieLines(res.headers)).to.deep.equal([]);
    expect(log.errors().map((l) => l.err?.message)).to.deep.equal([
      'middleware.handle() returned object: return a Response or nothing',
    ]);
  });
});

describe('merge edges: a status that cannot end a request', () => {
  it('a response whose status got past the setter as a 1xx is a logged 500, not a hung client', async () => {
    const log = captureLog();
    @Controller()
    class InterimController {
      @Get('/interim')
      get() {
        const response = new PlainTextResponse('early hints');
        // What a subclass's class field does under useDefineForClassFields: no setter runs.
        Object.defineProperty(response, 'status', { value: 103 });
        return response;
      }
    }
    const app = await createApp({
      controllers: [InterimController],
      fastify: { logger: { level: 'error', stream: log.stream } },
    });
    const res = await app.inject({ url: '/interim' });
    expect(res.statusCode).to.equal(500);
    expect(res.body).to.equal('{"detail":"Internal Server Error"}');
    expect(log.errors().map((l) => l.err?.message)).to.deep.equal([
      'Status 103 is informational and cannot end a request',
    ]);
  });
});

describe('merge edges: a JSON type chosen by hand', () => {
  it('goes out without the charset Fastify would append, on a returned response and through res', async () => {
    @Controller()
    class ApiController {
      @Get('/returned')
      returned() {
        return new Response('{"data":[]}', { mediaType: 'application/vnd.api+json' });
      }

      @Get('/through-res')
      throughRes(@Res() res: Response) {
        res.headers.set('Content-Type', 'application/vnd.api+json');
        return { data: [] };
      }
    }
    const app = await createApp({ controllers: [ApiController] });
    for (const url of ['/returned', '/through-res']) {
      const res = await app.inject({ url });
      expect(res.headers['content-type'], url).to.equal('application/vnd.api+json');
      expect(res.body, url).to.equal('{"data":[]}');
    }
  });
});

describe('merge edges: an HttpException thrown by a middleware', () => {
  it('is a Response to the middleware around it, which can add to it', async () => {
    const seen: unknown[] = [];
    const observe: Middleware = {
      async handle(ctx: RequestContext, next: Next) {
        const outgoing = await next();
        seen.push(outgoing.status);
        ctx.response.headers.set('X-Observed', String(outgoing.status));
      },
    };
    const auth: Middleware = {
      handle() {
        throw new HttpException(401, 'Not authenticated', { headers: { 'WWW-Authenticate': 'Bearer' } });
      },
    };
    @Controller()
    class PrivateController {
      @Get('/private')
      @UseMiddleware(observe, auth)
      get() {
        return { secret: true };
      }
    }
    const app = await createApp({ controllers: [PrivateController] });
    const res = await app.inject({ url: '/private' });
    expect(res.statusCode).to.equal(401);
    expect(res.json()).to.deep.equal({ detail: 'Not authenticated' });
    expect(res.headers['www-authenticate']).to.equal('Bearer');
    expect(res.headers['x-observed']).to.equal('401');
    expect(seen).to.deep.equal([401]);
  });
});

describe('merge edges: a file response given an explicit status', () => {
  const file = join(mkdtempSync(join(tmpdir(), 'arobase-edges-')), 'notes.txt');
  writeFileSync(file, 'abcdefghij');

  it('still answers a range with 206 and a fresh validator with 304: the request decides those', async () => {
    @Controller()
    class NotesController {
      @Get('/notes')
      get() {
        return new FileResponse(file, { status: 200 });
      }
    }
    const app = await createApp({ controllers: [NotesController] });
    const whole = await app.inject({ url: '/notes' });
    expect(whole.statusCode).to.equal(200);
    expect(whole.body).to.equal('abcdefghij');

    const part = await app.inject({ url: '/notes', headers: { range: 'bytes=2-4' } });
    expect(part.statusCode).to.equal(206);
    expect(part.headers['content-range']).to.equal('bytes 2-4/10');
    expect(part.body).to.equal('cde');

    const again = await app.inject({
      url: '/notes',
      headers: { 'if-none-match': String(whole.headers.etag) },
    });
    expect(again.statusCode).to.equal(304);
    expect(again.body).to.equal('');
  });
});
