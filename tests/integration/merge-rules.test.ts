// DESIGN.md merge rules 1-5, asserted on what a client receives.
import {
  Controller,
  createApp,
  Depends,
  Get,
  HTMLResponse,
  HttpException,
  JSONResponse,
  PlainTextResponse,
  Post,
  Res,
  Response,
  ResponseModel,
} from '@arobase/core';
import { expect } from 'chai';
import { Expose } from 'class-transformer';
import type { FastifyInstance } from 'fastify';
import { captureLog } from '../helpers/log';
import { headerValues, listen, rawRequest } from '../helpers/server';
import { parseSetCookies, setCookieLines } from '../helpers/set-cookie';

class Out {
  @Expose() id!: number;
}

// One response object kept at module level and returned by every request.
const SHARED = new JSONResponse({ shared: true }, { headers: { 'X-Shared': 'yes' } });
SHARED.setCookie('own', '1');

class SetsState {
  resolve(@Res() res: Response) {
    res.headers.set('X-From-Dependency', 'dep');
    res.setCookie('dep', 'd');
    return res;
  }
}

class Deny {
  resolve(@Res() res: Response) {
    res.setCookie('from_dependency', 'x');
    res.headers.set('X-Dependency', 'ran');
    throw new HttpException(403, 'Forbidden');
  }
}

@Controller('/m', { headers: { 'X-Controller': 'controller', 'Cache-Control': 'controller' } })
class MergeController {
  @Get('/plain', { status: 202 })
  plain() {
    return { ok: true };
  }

  @Get('/plain-with-res', { status: 202 })
  plainWithRes(@Res() res: Response) {
    res.status = 203;
    res.headers.set('X-One', '1');
    res.setCookie('a', '1');
    res.setCookie('b', '2');
    res.setCookie('c', '3');
    return { ok: true };
  }

  @Get('/route-headers', { headers: { 'Cache-Control': 'route', 'X-Route': 'route' } })
  routeHeaders() {
    return { ok: true };
  }

  @Get('/res-replaces', { headers: { 'Cache-Control': 'route', 'X-Route': 'route' } })
  resReplaces(@Res() res: Response) {
    res.headers.set('Cache-Control', 'no-store');
    res.headers.set('X-Controller', 'res');
    return { ok: true };
  }

  @Get('/res-content-type')
  @ResponseModel(Out)
  resContentType(@Res() res: Response) {
    res.headers.set('Content-Type', 'application/vnd.api+json');
    return { id: 1, hidden: true };
  }

  @Get('/static-content-type', { headers: { 'Content-Type': 'application/vnd.static+json' } })
  staticContentType() {
    return { ok: true };
  }

  @Get('/html-res-content-type', { responseClass: HTMLResponse })
  htmlResContentType(@Res() res: Response) {
    res.headers.set('content-type', 'text/html; charset=iso-8859-1');
    return '<p>hi</p>';
  }

  @Get('/returned', { status: 201, headers: { 'X-Route': 'route' } })
  @ResponseModel(Out)
  returned(@Res() res: Response) {
    res.status = 299;
    res.headers.set('X-Own', 'from-res');
    res.headers.set('X-Extra', 'from-res');
    res.headers.set('Content-Type', 'text/plain');
    res.setCookie('injected', 'i');
    const out = new JSONResponse({ id: 1, hidden: true }, { status: 418, headers: { 'X-Own': 'returned' } });
    out.setCookie('returned', 'r');
    return out;
  }

  @Get('/returned-untyped')
  returnedUntyped() {
    return new Response('raw bytes');
  }

  @Get('/shared')
  shared(@Res() res: Response) {
    res.setCookie('per_request', String(Math.random()));
    res.headers.set('X-Per-Request', 'x');
    return SHARED;
  }

  @Get('/shared-bare')
  sharedBare() {
    return SHARED;
  }

  @Get('/http-exception')
  httpException(@Res() res: Response) {
    res.status = 201;
    res.headers.set('X-Kept', 'res');
    res.headers.set('WWW-Authenticate', 'from-res');
    res.setCookie('kept', 'k');
    throw new HttpException(401, 'Not authenticated', { headers: { 'WWW-Authenticate': 'Bearer' } });
  }

  @Get('/http-exception-object')
  httpExceptionObject() {
    throw new HttpException(409, { code: 'conflict', id: 3 });
  }

  @Get('/unexpected')
  unexpected(@Res() res: Response) {
    res.headers.set('X-Dropped', 'res');
    res.setCookie('dropped', 'd');
    throw new Error('database password is hunter2');
  }

  @Get('/unexpected-async')
  async unexpectedAsync(@Res() res: Response) {
    res.setCookie('dropped', 'd');
    await new Promise((r) => setTimeout(r, 1));
    throw new TypeError('cannot read secret of undefined');
  }

  @Get('/raw-set-cookie')
  rawSetCookie(@Res() res: Response) {
    res.setCookie('injected', 'i');
    res.headers.append('Set-Cookie', 'raw_on_res=1; Path=/');
    return new JSONResponse(
      { ok: true },
      { headers: { 'Set-Cookie': 'raw_on_returned=1; Path=/; HttpOnly' } },
    );
  }

  @Get('/return-injected', { headers: { 'X-Route': 'route' } })
  returnInjected(@Res() res: Response) {
    res.status = 202;
    res.body = 'accepted';
    res.mediaType = 'text/plain; charset=utf-8';
    res.setCookie('once', '1');
    return res;
  }

  @Get('/denied')
  denied(@Depends(Deny) _never: unknown) {
    return { reached: true };
  }

  @Get('/error-keeps-json', {})
  errorKeepsJson(@Res() res: Response) {
    res.headers.set('Content-Type', 'text/plain');
    throw new HttpException(400, 'Bad');
  }

  @Get('/shared-response')
  sharedResponse(@Depends(SetsState) fromDependency: Response, @Res() res: Response) {
    res.setCookie('handler', 'h');
    return { same: fromDependency === res };
  }
}

@Controller('/b')
class BodylessController {
  @Post('/no-content', { status: 204 })
  noContent() {
    return { ignored: true };
  }

  @Get('/204')
  s204(@Res() res: Response) {
    res.status = 204;
    res.headers.set('X-Still', 'here');
    res.setCookie('still', 'here');
    return { ignored: true };
  }

  @Get('/205')
  s205(@Res() res: Response) {
    res.status = 205;
    return 'ignored';
  }

  @Get('/304')
  s304(@Res() res: Response) {
    res.status = 304;
    res.headers.set('ETag', '"v1"');
    return { ignored: true };
  }

  @Get('/returned-204')
  returned204() {
    return new PlainTextResponse('ignored', { status: 204 });
  }

  @Get('/html-205', { status: 205, responseClass: HTMLResponse })
  html205() {
    return '<p>ignored</p>';
  }

  @Get('/head')
  head(@Res() res: Response) {
    res.status = 203;
    res.headers.set('X-Head', 'h');
    res.setCookie('head', 'h');
    return { hello: 'world' };
  }
}

describe('merge rules (DESIGN.md 1-5)', () => {
  let app: FastifyInstance;
  const logs = captureLog();
  before(async () => {
    app = await createApp({
      controllers: [MergeController, BodylessController],
      fastify: { logger: { level: 'error', stream: logs.stream } },
    });
    target = await listen(app);
  });
  after(() => app.close());

  // inject() reads the reply's header map, where a header is one entry whatever was written: the
  // lines a client receives are counted on a real socket.
  let target: { host: string; port: number };
  const sentLines = async (url: string, name: string) =>
    headerValues(await rawRequest(target, 'GET', url), name);

  describe('rule 1: plain data', () => {
    it('answers the route status, static headers and JSON', async () => {
      const res = await app.inject({ url: '/m/plain' });
      expect(res.statusCode).to.equal(202);
      expect(res.headers['content-type']).to.equal('application/json; charset=utf-8');
      expect(res.headers['x-controller']).to.equal('controller');
      expect(res.headers['cache-control']).to.equal('controller');
      expect(res.headers['set-cookie']).to.equal(undefined);
      expect(res.json()).to.deep.equal({ ok: true });
    });

    it('res.status overrides the route status; res headers and every cookie go out in call order', async () => {
      const res = await app.inject({ url: '/m/plain-with-res' });
      expect(res.statusCode).to.equal(203);
      expect(res.headers['x-one']).to.equal('1');
      expect(res.headers['x-controller']).to.equal('controller');
      const cookies = parseSetCookies(res.headers);
      expect(cookies.map((c) => [c.name, c.value])).to.deep.equal([
        ['a', '1'],
        ['b', '2'],
        ['c', '3'],
      ]);
      expect(res.json()).to.deep.equal({ ok: true });
    });

    it("the route's static headers replace the controller's", async () => {
      const res = await app.inject({ url: '/m/route-headers' });
      expect(res.headers['cache-control']).to.equal('route');
      expect(res.headers['x-route']).to.equal('route');
      expect(res.headers['x-controller']).to.equal('controller');
    });

    it('a header set on res replaces a static route or controller header of the same name', async () => {
      const res = await app.inject({ url: '/m/res-replaces' });
      expect(res.headers['cache-control']).to.equal('no-store');
      expect(res.headers['x-controller']).to.equal('res');
      expect(res.headers['x-route']).to.equal('route');
      expect(await sentLines('/m/res-replaces', 'cache-control')).to.deep.equal(['no-store']);
    });

    it('a content-type set on res replaces the JSON one: never two content-types', async () => {
      const res = await app.inject({ url: '/m/res-content-type' });
      expect(res.headers['content-type']).to.equal('application/vnd.api+json');
      expect(await sentLines('/m/res-content-type', 'content-type')).to.deep.equal([
        'application/vnd.api+json',
      ]);
      expect(JSON.parse(res.body)).to.deep.equal({ id: 1 });
    });

    it("the response class's content-type comes after a static one", async () => {
      const res = await app.inject({ url: '/m/static-content-type' });
      expect(res.headers['content-type']).to.equal('application/json; charset=utf-8');
      expect(await sentLines('/m/static-content-type', 'content-type')).to.deep.equal([
        'application/json; charset=utf-8',
      ]);
    });

    it("a content-type set on res replaces the responseClass's", async () => {
      const res = await app.inject({ url: '/m/html-res-content-type' });
      expect(res.headers['content-type']).to.equal('text/html; charset=iso-8859-1');
      expect(await sentLines('/m/html-res-content-type', 'content-type')).to.deep.equal([
        'text/html; charset=iso-8859-1',
      ]);
      expect(res.body).to.equal('<p>hi</p>');
    });
  });

  describe('rule 2: a returned Response', () => {
    it('keeps its status, body and headers, bypasses the model, and still gets res cookies and headers', async () => {
      const res = await app.inject({ url: '/m/returned' });
      expect(res.statusCode).to.equal(418);
      expect(res.json()).to.deep.equal({ id: 1, hidden: true });
      expect(res.headers['content-type']).to.equal('application/json; charset=utf-8');
      expect(await sentLines('/m/returned', 'content-type')).to.deep.equal([
        'application/json; charset=utf-8',
      ]);
      expect(res.headers['x-own']).to.equal('returned');
      expect(res.headers['x-extra']).to.equal('from-res');
      expect(res.headers['x-route']).to.equal('route');
      expect(res.headers['x-controller']).to.equal('controller');
      const cookies = parseSetCookies(res.headers);
      expect(cookies.map((c) => [c.name, c.value])).to.deep.equal([
        ['injected', 'i'],
        ['returned', 'r'],
      ]);
      for (const c of cookies)
        expect(c).to.include({ path: '/', httpOnly: true, secure: true, sameSite: 'lax' });
    });

    it('raw Set-Cookie headers on res and on the returned response are kept, next to res cookies', async () => {
      const res = await app.inject({ url: '/m/raw-set-cookie' });
      const names = parseSetCookies(res.headers).map((c) => c.name);
      expect(names).to.have.members(['injected', 'raw_on_res', 'raw_on_returned']);
      expect(names).to.have.length(3);
    });

    it('returning the injected Response itself sends its state once', async () => {
      const res = await app.inject({ url: '/m/return-injected' });
      expect(res.statusCode).to.equal(202);
      expect(res.body).to.equal('accepted');
      expect(res.headers['content-type']).to.equal('text/plain; charset=utf-8');
      expect(res.headers['x-route']).to.equal('route');
      expect(parseSetCookies(res.headers).map((c) => c.name)).to.deep.equal(['once']);
    });

    it('a returned Response with no status answers 200, not the route status', async () => {
      const res = await app.inject({ url: '/m/returned-untyped' });
      expect(res.statusCode).to.equal(200);
      expect(res.body).to.equal('raw bytes');
    });

    it('a module-level response returned by many requests never accumulates cookies or headers', async () => {
      for (let i = 0; i < 5; i++) {
        const res = await app.inject({ url: '/m/shared' });
        expect(res.statusCode).to.equal(200);
        const names = parseSetCookies(res.headers).map((c) => c.name);
        expect(names).to.deep.equal(['per_request', 'own']);
        expect(res.headers['x-shared']).to.equal('yes');
        expect(res.headers['x-per-request']).to.equal('x');
      }
      const bare = await app.inject({ url: '/m/shared-bare' });
      expect(parseSetCookies(bare.headers).map((c) => c.name)).to.deep.equal(['own']);
      expect(bare.headers['x-per-request']).to.equal(undefined);
      expect(SHARED.cookies).to.have.length(1);
      expect(SHARED.headers.has('x-per-request')).to.equal(false);
      expect(SHARED.status).to.equal(undefined);
    });
  });

  describe('rule 3: errors', () => {
    it('an HttpException answers its status and detail, its headers win, res cookies and headers are added', async () => {
      const res = await app.inject({ url: '/m/http-exception' });
      expect(res.statusCode).to.equal(401);
      expect(res.json()).to.deep.equal({ detail: 'Not authenticated' });
      expect(res.headers['content-type']).to.equal('application/json; charset=utf-8');
      expect(res.headers['www-authenticate']).to.equal('Bearer');
      expect(res.headers['x-kept']).to.equal('res');
      expect(parseSetCookies(res.headers).map((c) => [c.name, c.value])).to.deep.equal([['kept', 'k']]);
    });

    it('an HttpException from a dependency keeps what the dependency set on res', async () => {
      const res = await app.inject({ url: '/m/denied' });
      expect(res.statusCode).to.equal(403);
      expect(res.json()).to.deep.equal({ detail: 'Forbidden' });
      expect(res.headers['x-dependency']).to.equal('ran');
      expect(parseSetCookies(res.headers).map((c) => c.name)).to.deep.equal(['from_dependency']);
    });

    it('an error body stays JSON whatever content-type res was given', async () => {
      const res = await app.inject({ url: '/m/error-keeps-json' });
      expect(res.statusCode).to.equal(400);
      expect(res.headers['content-type']).to.equal('application/json; charset=utf-8');
      expect(res.json()).to.deep.equal({ detail: 'Bad' });
    });

    it('an HttpException detail can be any JSON value', async () => {
      const res = await app.inject({ url: '/m/http-exception-object' });
      expect(res.statusCode).to.equal(409);
      expect(res.json()).to.deep.equal({ detail: { code: 'conflict', id: 3 } });
    });

    for (const url of ['/m/unexpected', '/m/unexpected-async']) {
      it(`an unexpected error (${url}) is a bare 500: res state dropped, nothing of the error sent, logged`, async () => {
        logs.lines.length = 0;
        const res = await app.inject({ url });
        expect(res.statusCode).to.equal(500);
        expect(res.body).to.equal('{"detail":"Internal Server Error"}');
        expect(res.headers['content-type']).to.equal('application/json; charset=utf-8');
        expect(res.headers['set-cookie']).to.equal(undefined);
        expect(res.headers['x-dropped']).to.equal(undefined);
        expect(res.headers['x-controller']).to.equal(undefined);
        expect(res.body).not.to.match(/hunter2|secret|stack/);
        const logged = logs.lines.find((l) => l.msg === 'Unhandled error');
        expect(logged, 'an error line').to.not.equal(undefined);
        expect(logged!.reqId).to.be.a('string');
        expect(JSON.stringify(logged!.err)).to.match(/hunter2|cannot read secret/);
      });
    }
  });

  describe('rule 4: body-less statuses', () => {
    for (const [url, status] of [
      ['/b/204', 204],
      ['/b/304', 304],
      ['/b/returned-204', 204],
    ] as const) {
      it(`${url} answers ${status} with no body, no content-type and no content-length`, async () => {
        const res = await app.inject({ url });
        expect(res.statusCode).to.equal(status);
        expect(res.body).to.equal('');
        expect(res.headers['content-type']).to.equal(undefined);
        expect(res.headers['content-length']).to.equal(undefined);
      });
    }

    it('a route with status 204 ignores the returned data', async () => {
      const res = await app.inject({ method: 'POST', url: '/b/no-content' });
      expect(res.statusCode).to.equal(204);
      expect(res.body).to.equal('');
      expect(res.headers['content-type']).to.equal(undefined);
    });

    it('204 still carries res headers and cookies', async () => {
      const res = await app.inject({ url: '/b/204' });
      expect(res.headers['x-still']).to.equal('here');
      expect(setCookieLines(res.headers)).to.have.length(1);
    });

    it('304 keeps its validators', async () => {
      const res = await app.inject({ url: '/b/304' });
      expect(res.headers.etag).to.equal('"v1"');
    });

    for (const url of ['/b/205', '/b/html-205']) {
      it(`${url} answers 205 with no body, no content-type and content-length 0`, async () => {
        const res = await app.inject({ url });
        expect(res.statusCode).to.equal(205);
        expect(res.body).to.equal('');
        expect(res.headers['content-type']).to.equal(undefined);
        expect(res.headers['content-length']).to.equal('0');
      });
    }
  });

  describe('HEAD', () => {
    it('a GET route answers HEAD with the same status, headers and cookies, and no body', async () => {
      const get = await app.inject({ url: '/b/head' });
      const head = await app.inject({ method: 'HEAD', url: '/b/head' });
      expect(head.statusCode).to.equal(203);
      expect(head.body).to.equal('');
      expect(head.headers['x-head']).to.equal('h');
      expect(head.headers['content-type']).to.equal(get.headers['content-type']);
      expect(head.headers['content-length']).to.equal(get.headers['content-length']);
      expect(parseSetCookies(head.headers).map((c) => c.name)).to.deep.equal(['head']);
    });
  });

  describe('rule 5: one Response per request', () => {
    it('the handler and its dependencies share the injected Response', async () => {
      const res = await app.inject({ url: '/m/shared-response' });
      expect(res.json()).to.deep.equal({ same: true });
      expect(res.headers['x-from-dependency']).to.equal('dep');
      expect(parseSetCookies(res.headers).map((c) => c.name)).to.deep.equal(['dep', 'handler']);
    });
  });
});
