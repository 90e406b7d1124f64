import {
  Body,
  Controller,
  createApp,
  Get,
  HttpException,
  Post,
  Query,
  RequestValidationError,
  Res,
  type Response,
} from '@arobase/core';
import { expect } from 'chai';
import { IsString } from 'class-validator';
import type { FastifyInstance } from 'fastify';
import { captureLog } from '../helpers/log';

const SECRET_MESSAGE = 'connection to postgres://admin:hunter2@db failed';

class NoteIn {
  @IsString() text!: string;
}

@Controller('/e')
class ErrorController {
  @Get('/not-found')
  notFound() {
    throw new HttpException(404, 'Post not found');
  }

  @Get('/unauthorized')
  async unauthorized() {
    throw new HttpException(401, 'Not authenticated', { headers: { 'WWW-Authenticate': 'Bearer' } });
  }

  @Get('/teapot')
  teapot() {
    throw new HttpException(418);
  }

  @Get('/structured')
  structured() {
    throw new HttpException(409, { code: 'duplicate', fields: ['email'] });
  }

  @Get('/with-res')
  withRes(@Res() res: Response) {
    res.headers.set('X-Trace', 'kept');
    res.headers.set('WWW-Authenticate', 'Basic');
    throw new HttpException(401, 'Not authenticated', { headers: { 'WWW-Authenticate': 'Bearer' } });
  }

  @Get('/crash')
  crash() {
    throw new Error(SECRET_MESSAGE);
  }

  @Get('/crash-async')
  async crashAsync(@Res() res: Response) {
    res.headers.set('X-Should-Not-Leak', '1');
    res.setCookie('session', 'abc');
    await new Promise((resolve) => setImmediate(resolve));
    throw new TypeError(SECRET_MESSAGE);
  }

  @Get('/crash-string')
  crashString() {
    throw SECRET_MESSAGE;
  }

  @Get('/range')
  range(@Query('from') from: number = 0, @Query('to') to: number = 10) {
    if (from > to) {
      throw new RequestValidationError([
        { loc: ['query', 'from'], msg: 'from must not be after to', type: 'range' },
      ]);
    }
    return { from, to };
  }

  @Get('/hooked')
  hooked() {
    return { reached: true };
  }

  @Post('/notes')
  note(@Body() note: NoteIn) {
    return note;
  }
}

describe('errors: the {"detail": ...} mapping', () => {
  let app: FastifyInstance;
  const log = captureLog();

  before(async () => {
    app = await createApp({
      controllers: [ErrorController],
      fastify: { bodyLimit: 64, requestIdHeader: 'x-request-id', logger: { stream: log.stream } },
    });
    app.addHook('onRequest', async (request, reply) => {
      // What @fastify/cors or @fastify/helmet do: headers for every answer, errors included.
      reply.header('access-control-allow-origin', '*');
      reply.header('x-content-type-options', 'nosniff');
      const hook = request.headers['x-hook'];
      if (hook === 'forbid') throw Object.assign(new Error('Hook says no'), { statusCode: 403 });
      if (hook === 'crash') throw new Error(SECRET_MESSAGE);
      // http-errors' shape: a message may be empty, headers ride on the error (Fastify's default handler sends them).
      if (hook === 'no-message') throw Object.assign(new Error(''), { statusCode: 401 });
      if (hook === 'not-an-error') throw { statusCode: 400 };
      if (hook === 'with-headers') {
        throw Object.assign(new Error('Missing credentials'), {
          statusCode: 401,
          // What an HTTP client's error may carry from the upstream answer: not this body's.
          headers: {
            'WWW-Authenticate': 'Basic realm="api"',
            'Content-Type': 'text/html',
            'Content-Length': '999',
            'Content-Encoding': 'gzip',
            'Set-Cookie': 'upstream=1',
          },
        });
      }
    });
    app.addHook('preHandler', async (request) => {
      const hook = request.headers['x-pre'];
      if (hook === 'deny') {
        throw new HttpException(401, 'nope', { headers: { 'WWW-Authenticate': 'Bearer' } });
      }
      if (hook === 'not-modified') throw new HttpException(304, 'unused', { headers: { ETag: '"v1"' } });
      if (hook === 'bad-header') {
        throw new HttpException(401, 'nope', { headers: { 'X-Reason': 'a\r\nSet-Cookie: x=1' } });
      }
      // What @fastify/under-pressure throws: a 503 that the server chose, with a message of its own.
      if (hook === 'overloaded') throw Object.assign(new Error(SECRET_MESSAGE), { statusCode: 503 });
    });
    // A plain Fastify route beside arobase's, as createApp's docs invite.
    app.get('/plain-fastify', async () => {
      throw new HttpException(409, { code: 'duplicate' }, { headers: { 'X-Reason': 'taken' } });
    });
  });
  after(() => app.close());
  beforeEach(() => {
    log.lines.length = 0;
  });

  describe('HttpException', () => {
    it('sends its status and {"detail": detail} as JSON', async () => {
      const res = await app.inject({ url: '/e/not-found' });
      expect(res.statusCode).to.equal(404);
      expect(res.headers['content-type']).to.equal('application/json; charset=utf-8');
      expect(res.body).to.equal('{"detail":"Post not found"}');
    });

    it('sends its headers', async () => {
      const res = await app.inject({ url: '/e/unauthorized' });
      expect(res.statusCode).to.equal(401);
      expect(res.headers['www-authenticate']).to.equal('Bearer');
      expect(res.json()).to.deep.equal({ detail: 'Not authenticated' });
    });

    it("without a detail, the status's reason phrase is the detail", async () => {
      const res = await app.inject({ url: '/e/teapot' });
      expect(res.statusCode).to.equal(418);
      expect(res.json()).to.deep.equal({ detail: "I'm a Teapot" });
    });

    it('a structured detail is sent as it is', async () => {
      const res = await app.inject({ url: '/e/structured' });
      expect(res.statusCode).to.equal(409);
      expect(res.json()).to.deep.equal({ detail: { code: 'duplicate', fields: ['email'] } });
    });

    it('keeps the headers set on res; its own headers win', async () => {
      const res = await app.inject({ url: '/e/with-res' });
      expect(res.statusCode).to.equal(401);
      expect(res.headers['x-trace']).to.equal('kept');
      expect(res.headers['www-authenticate']).to.equal('Bearer');
    });

    it('is not logged as an error', async () => {
      await app.inject({ url: '/e/not-found' });
      expect(log.errors()).to.deep.equal([]);
    });

    it('RequestValidationError thrown by a handler is a 422 in the same shape', async () => {
      const res = await app.inject({ url: '/e/range?from=5&to=1' });
      expect(res.statusCode).to.equal(422);
      expect(res.json()).to.deep.equal({
        detail: [{ loc: ['query', 'from'], msg: 'from must not be after to', type: 'range' }],
      });
    });

    it('refuses a status outside 200-599 when it is built', () => {
      expect(() => new HttpException(600)).to.throw(
        TypeError,
        /HttpException: status must be an integer from 200 to 599, got 600/,
      );
      expect(() => new HttpException(4.5)).to.throw(TypeError);
    });

    it('refuses an informational status (1xx): it cannot end a request', () => {
      for (const status of [100, 101, 103, 199]) {
        expect(() => new HttpException(status), String(status)).to.throw(TypeError, /informational/);
      }
    });
  });

  describe('any other error', () => {
    for (const [url, label] of [
      ['/e/crash', 'a thrown Error'],
      ['/e/crash-async', 'a rejected promise'],
      ['/e/crash-string', 'a thrown string'],
    ]) {
      it(`${label} is a 500 {"detail":"Internal Server Error"} with nothing of the error in it`, async () => {
        const res = await app.inject({ url, headers: { 'x-request-id': 'req-under-test' } });
        expect(res.statusCode).to.equal(500);
        expect(res.headers['content-type']).to.equal('application/json; charset=utf-8');
        expect(res.body).to.equal('{"detail":"Internal Server Error"}');
        const everything = JSON.stringify(res.headers) + res.body;
        for (const secret of ['hunter2', 'postgres', 'at ', '.ts:', '.js:']) {
          expect(everything).not.to.include(secret);
        }
      });
    }

    it('drops what the handler set on res: no header, no cookie', async () => {
      const res = await app.inject({ url: '/e/crash-async' });
      expect(res.statusCode).to.equal(500);
      expect(res.headers).not.to.have.property('x-should-not-leak');
      expect(res.headers).not.to.have.property('set-cookie');
    });

    it('is logged at level error with the request id, the route and the error', async () => {
      await app.inject({ url: '/e/crash', headers: { 'x-request-id': 'req-under-test' } });
      const errors = log.errors();
      expect(errors).to.have.length(1);
      const [line] = errors;
      expect(line.reqId).to.equal('req-under-test');
      expect(line.route).to.equal('ErrorController.crash');
      expect(line.err?.message).to.equal(SECRET_MESSAGE);
      expect(line.err?.stack).to.include('errors.test');
    });

    it('a thrown non-Error value is logged too', async () => {
      await app.inject({ url: '/e/crash-string', headers: { 'x-request-id': 'req-string' } });
      const errors = log.errors();
      expect(errors).to.have.length(1);
      expect(errors[0].reqId).to.equal('req-string');
      expect(JSON.stringify(errors[0])).to.include('hunter2');
    });
  });

  describe("Fastify's own errors", () => {
    it('invalid JSON is a 400 {"detail": message}', async () => {
      const res = await app.inject({
        method: 'POST',
        url: '/e/notes',
        payload: '{"text": ',
        headers: { 'content-type': 'application/json' },
      });
      expect(res.statusCode).to.equal(400);
      expect(res.headers['content-type']).to.equal('application/json; charset=utf-8');
      const body = res.json();
      expect(Object.keys(body)).to.deep.equal(['detail']);
      expect(body.detail).to.be.a('string').and.match(/JSON/);
      expect(log.errors()).to.deep.equal([]);
    });

    it('an empty JSON body is a 400', async () => {
      const res = await app.inject({
        method: 'POST',
        url: '/e/notes',
        payload: '',
        headers: { 'content-type': 'application/json' },
      });
      expect(res.statusCode).to.equal(400);
      expect(res.json()).to.have.all.keys('detail');
    });

    it("a body over Fastify's bodyLimit is a 413 {detail}", async () => {
      const res = await app.inject({
        method: 'POST',
        url: '/e/notes',
        payload: { text: 'x'.repeat(100) },
      });
      expect(res.statusCode).to.equal(413);
      expect(res.headers['content-type']).to.equal('application/json; charset=utf-8');
      expect(res.json()).to.have.all.keys('detail');
      expect(res.json().detail).to.be.a('string').and.not.equal('');
    });

    it('a 4xx error raised by a Fastify hook keeps its status, its message as detail', async () => {
      const res = await app.inject({ url: '/e/hooked', headers: { 'x-hook': 'forbid' } });
      expect(res.statusCode).to.equal(403);
      expect(res.body).to.equal('{"detail":"Hook says no"}');
    });

    it('a 4xx error without a message still answers {detail}: the status phrase', async () => {
      const empty = await app.inject({ url: '/e/hooked', headers: { 'x-hook': 'no-message' } });
      expect(empty.statusCode).to.equal(401);
      expect(empty.body).to.equal('{"detail":"Unauthorized"}');
      const thrown = await app.inject({ url: '/e/hooked', headers: { 'x-hook': 'not-an-error' } });
      expect(thrown.statusCode).to.equal(400);
      expect(thrown.body).to.equal('{"detail":"Bad Request"}');
    });

    it("a 4xx error's own headers go out with it, as Fastify's default handler sends them", async () => {
      const res = await app.inject({ url: '/e/hooked', headers: { 'x-hook': 'with-headers' } });
      expect(res.statusCode).to.equal(401);
      expect(res.headers['www-authenticate']).to.equal('Basic realm="api"');
      expect(res.headers['content-type']).to.equal('application/json; charset=utf-8');
      expect(res.headers['content-length']).to.equal(String(res.rawPayload.length));
      expect(res.headers).not.to.have.property('content-encoding');
      expect(res.headers).not.to.have.property('set-cookie');
      expect(res.body).to.equal('{"detail":"Missing credentials"}');
    });

    it('a plain Error raised by a Fastify hook is a 500 that leaks nothing, logged', async () => {
      const res = await app.inject({
        url: '/e/hooked',
        headers: { 'x-hook': 'crash', 'x-request-id': 'req-hook' },
      });
      expect(res.statusCode).to.equal(500);
      expect(res.body).to.equal('{"detail":"Internal Server Error"}');
      expect(log.errors().map((l) => l.reqId)).to.deep.equal(['req-hook']);
    });

    it('an HttpException thrown in a preHandler hook keeps its status, {detail} and headers', async () => {
      const res = await app.inject({ url: '/e/hooked', headers: { 'x-pre': 'deny' } });
      expect(res.statusCode).to.equal(401);
      expect(res.headers['content-type']).to.equal('application/json; charset=utf-8');
      expect(res.headers['www-authenticate']).to.equal('Bearer');
      expect(res.headers['access-control-allow-origin']).to.equal('*');
      expect(res.body).to.equal('{"detail":"nope"}');
      expect(log.errors()).to.deep.equal([]);
    });

    it('an HttpException with a bodyless status in a hook sends no body and no content-type', async () => {
      const res = await app.inject({ url: '/e/hooked', headers: { 'x-pre': 'not-modified' } });
      expect(res.statusCode).to.equal(304);
      expect(res.headers.etag).to.equal('"v1"');
      expect(res.headers).not.to.have.property('content-type');
      expect(res.body).to.equal('');
    });

    it('an HttpException with a header a response cannot carry is refused where it is built: a 500 {detail}, in a hook too', async () => {
      expect(() => new HttpException(401, 'nope', { headers: { 'X-Reason': 'a\r\nb' } })).to.throw(
        TypeError,
        /HttpException: invalid headers/,
      );
      const res = await app.inject({
        url: '/e/hooked',
        headers: { 'x-pre': 'bad-header', 'x-request-id': 'req-bad-header' },
      });
      expect(res.statusCode).to.equal(500);
      expect(res.headers['content-type']).to.equal('application/json; charset=utf-8');
      expect(res.headers).not.to.have.property('set-cookie');
      expect(res.body).to.equal('{"detail":"Internal Server Error"}');
      expect(log.errors().map((l) => l.reqId)).to.deep.equal(['req-bad-header']);
    });

    it('an HttpException thrown by a plain Fastify route on the app keeps its status, {detail} and headers', async () => {
      const res = await app.inject({ url: '/plain-fastify' });
      expect(res.statusCode).to.equal(409);
      expect(res.headers['x-reason']).to.equal('taken');
      expect(res.headers['content-type']).to.equal('application/json; charset=utf-8');
      expect(res.body).to.equal('{"detail":{"code":"duplicate"}}');
    });

    it("a plugin's 5xx (503 from @fastify/under-pressure) keeps its status, hides its message, is logged", async () => {
      const res = await app.inject({
        url: '/e/hooked',
        headers: { 'x-pre': 'overloaded', 'x-request-id': 'req-503' },
      });
      expect(res.statusCode).to.equal(503);
      expect(res.headers['content-type']).to.equal('application/json; charset=utf-8');
      expect(res.body).to.equal('{"detail":"Service Unavailable"}');
      expect(log.errors().map((l) => [l.reqId, l.err?.message])).to.deep.equal([['req-503', SECRET_MESSAGE]]);
    });

    it('a malformed URL (a broken percent-escape) is a 400 {detail} in JSON', async () => {
      for (const url of ['/e/hooked/%E0%A4%A', '/%E0%A4%A', '/e/%zz']) {
        const res = await app.inject({ url });
        expect(res.statusCode, url).to.equal(400);
        expect(res.headers['content-type'], url).to.equal('application/json; charset=utf-8');
        expect(res.json(), url).to.have.all.keys('detail');
        expect(res.json().detail, url).to.be.a('string').and.not.equal('');
      }
    });

    it('an unsupported content type is a 415 {detail}', async () => {
      const res = await app.inject({
        method: 'POST',
        url: '/e/notes',
        payload: 'a=1',
        headers: { 'content-type': 'application/x-unknown' },
      });
      expect(res.statusCode).to.equal(415);
      expect(res.json()).to.have.all.keys('detail');
    });

    it('keeps the headers hooks set (CORS, security) on 400, 404, 413 and hook errors', async () => {
      const answers = await Promise.all([
        app.inject({ url: '/nowhere' }),
        app.inject({ url: '/e/hooked', headers: { 'x-hook': 'forbid' } }),
        app.inject({ url: '/e/hooked', headers: { 'x-hook': 'crash' } }),
        app.inject({
          method: 'POST',
          url: '/e/notes',
          payload: '{',
          headers: { 'content-type': 'application/json' },
        }),
        app.inject({ method: 'POST', url: '/e/notes', payload: { text: 'x'.repeat(100) } }),
        app.inject({ url: '/e/not-found' }),
        app.inject({ url: '/e/range?from=9&to=1' }),
      ]);
      expect(answers.map((a) => a.statusCode)).to.deep.equal([404, 403, 500, 400, 413, 404, 422]);
      for (const answer of answers) {
        expect(answer.headers['access-control-allow-origin'], answer.body).to.equal('*');
        expect(answer.headers['x-content-type-options'], answer.body).to.equal('nosniff');
        expect(answer.headers['content-length']).to.equal(String(Buffer.byteLength(answer.body)));
      }
    });

    for (const [method, url] of [
      ['GET', '/nowhere'],
      ['GET', '/e'],
      ['GET', '/e/crash/extra'],
    ] as const) {
      it(`an unknown route (${method} ${url}) is a 404 {"detail":"Not Found"}`, async () => {
        const res = await app.inject({ method, url });
        expect(res.statusCode).to.equal(404);
        expect(res.headers['content-type']).to.equal('application/json; charset=utf-8');
        expect(res.body).to.equal('{"detail":"Not Found"}');
      });
    }

    it('a known route asked with another method (DELETE /e/not-found) is a 405 {detail} with Allow', async () => {
      const res = await app.inject({ method: 'DELETE', url: '/e/not-found' });
      expect(res.statusCode).to.equal(405);
      expect(res.headers['content-type']).to.equal('application/json; charset=utf-8');
      expect(res.headers.allow).to.equal('GET, HEAD');
      expect(res.body).to.equal('{"detail":"Method Not Allowed"}');
    });
  });
});
