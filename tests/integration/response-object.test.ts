// The Response object's own contract: what `body` may hold, and which `status` it takes.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  Controller,
  createApp,
  FileResponse,
  Get,
  HTMLResponse,
  JSONResponse,
  Param,
  PlainTextResponse,
  RedirectResponse,
  Res,
  Response,
  ResponseModel,
  StreamingResponse,
} from '@arobase/core';
import { expect } from 'chai';
import { Expose } from 'class-transformer';
import type { FastifyInstance } from 'fastify';
import { captureLog } from '../helpers/log';

class Out {
  @Expose() id!: number;
}

const dir = mkdtempSync(join(tmpdir(), 'arobase-response-object-'));
const file = join(dir, 'notes.txt');
writeFileSync(file, 'file body');

@Controller()
class BodyController {
  @Get('/res-body/:kind')
  @ResponseModel(Out)
  resBody(@Param('kind') kind: string, @Res() res: Response) {
    const values: Record<string, unknown> = {
      object: { id: 1, password_hash: 'secret-hash' },
      array: [{ id: 1, password_hash: 'secret-hash' }],
      number: 42,
    };
    (res as { body: unknown }).body = values[kind];
    res.setCookie('dropped', 'd');
    return res;
  }

  @Get('/constructed-with-object')
  constructedWithObject() {
    return new Response({ id: 1, password_hash: 'secret-hash' } as unknown as string);
  }

  @Get('/raw/:kind')
  raw(@Param('kind') kind: string) {
    if (kind === 'bytes') return new Response(new Uint8Array([104, 105]), { mediaType: 'text/plain' });
    if (kind === 'null') return new Response(null, { status: 200 });
    return new Response('hi', { mediaType: 'text/plain' });
  }

  @Get('/subclasses/:kind')
  subclasses(@Param('kind') kind: string) {
    switch (kind) {
      case 'json':
        return new JSONResponse({ id: 1 });
      case 'html':
        return new HTMLResponse('<p>x</p>');
      case 'text':
        return new PlainTextResponse('x');
      case 'redirect':
        return new RedirectResponse('/there');
      case 'file':
        return new FileResponse(file);
      default:
        return new StreamingResponse(['a', 'b'], { mediaType: 'text/plain' });
    }
  }

  @Get('/status/:value')
  status(@Param('value') value: number, @Res() res: Response) {
    try {
      res.status = value;
    } catch (error) {
      return { refused: (error as Error).message, status: res.status ?? null };
    }
    return { accepted: value };
  }

  @Get('/status-uncaught')
  statusUncaught(@Res() res: Response) {
    res.status = 999;
    return { unreachable: true };
  }
}

describe('Response.body: a string, bytes or null', () => {
  let app: FastifyInstance;
  const log = captureLog();
  before(async () => {
    app = await createApp({ controllers: [BodyController], fastify: { logger: { stream: log.stream } } });
  });
  after(() => app.close());
  beforeEach(() => {
    log.lines.length = 0;
  });

  for (const kind of ['object', 'array', 'number']) {
    it(`an ${kind} put in res.body is a logged 500 that leaks nothing, not JSON past the model`, async () => {
      const res = await app.inject({ url: `/res-body/${kind}` });
      expect(res.statusCode).to.equal(500);
      expect(res.body).to.equal('{"detail":"Internal Server Error"}');
      expect(res.headers['set-cookie']).to.equal(undefined);
      const errors = log.errors();
      expect(errors).to.have.length(1);
      expect(errors[0]!.err?.message).to.match(/^Response\.body must be a string, bytes or null/);
    });
  }

  it('an object given to new Response() is refused the same way', async () => {
    const res = await app.inject({ url: '/constructed-with-object' });
    expect(res.statusCode).to.equal(500);
    expect(res.body).to.equal('{"detail":"Internal Server Error"}');
    expect(log.errors()).to.have.length(1);
  });

  it('a string, bytes or null body is sent as it is', async () => {
    const text = await app.inject({ url: '/raw/text' });
    expect([text.statusCode, text.headers['content-type'], text.body]).to.deep.equal([
      200,
      'text/plain; charset=utf-8',
      'hi',
    ]);
    const bytes = await app.inject({ url: '/raw/bytes' });
    expect([bytes.statusCode, bytes.body]).to.deep.equal([200, 'hi']);
    const empty = await app.inject({ url: '/raw/null' });
    expect([empty.statusCode, empty.body, empty.headers['content-type']]).to.deep.equal([200, '', undefined]);
  });

  it('the subclasses that keep their own body (JSON, HTML, text, redirect, file, stream) still send it', async () => {
    const got: [string, number, string][] = [];
    for (const kind of ['json', 'html', 'text', 'redirect', 'file', 'stream']) {
      const res = await app.inject({ url: `/subclasses/${kind}` });
      got.push([kind, res.statusCode, res.body]);
    }
    expect(got).to.deep.equal([
      ['json', 200, '{"id":1}'],
      ['html', 200, '<p>x</p>'],
      ['text', 200, 'x'],
      ['redirect', 307, ''],
      ['file', 200, 'file body'],
      ['stream', 200, 'ab'],
    ]);
    expect(log.errors()).to.deep.equal([]);
  });
});

describe('Response.status: checked where it is set', () => {
  let app: FastifyInstance;
  const log = captureLog();
  before(async () => {
    app = await createApp({ controllers: [BodyController], fastify: { logger: { stream: log.stream } } });
  });
  after(() => app.close());

  it('a constructor refuses a status outside 200-599, naming the class', () => {
    expect(() => new Response(null, { status: 999 })).to.throw(
      TypeError,
      /^Response: status must be an integer/,
    );
    expect(() => new JSONResponse({}, { status: 20.5 })).to.throw(TypeError, /^JSONResponse: status must be/);
    expect(() => new HTMLResponse('', { status: 103 })).to.throw(
      TypeError,
      /^HTMLResponse: status 103 is informational \(1xx\) and cannot end a request/,
    );
    expect(() => new RedirectResponse('/x', { status: 100 })).to.throw(TypeError, /informational/);
    expect(new JSONResponse({}, { status: 201 }).status).to.equal(201);
    expect(new Response().status).to.equal(undefined);
  });

  it('assigning a bad status throws a TypeError at the assignment, and leaves the status as it was', async () => {
    for (const [value, why] of [
      ['999', /status must be an integer from 200 to 599, got 999/],
      ['101', /status 101 is informational/],
    ] as const) {
      const res = await app.inject({ url: `/status/${value}` });
      expect(res.statusCode, value).to.equal(200);
      const body = res.json();
      expect(body.refused)
        .to.match(/^Response\.status: /)
        .and.to.match(why);
      expect(body.status).to.equal(null);
    }
    const ok = await app.inject({ url: '/status/201' });
    expect([ok.statusCode, ok.json()]).to.deep.equal([201, { accepted: 201 }]);
  });

  it('an uncaught bad assignment is a logged 500 that leaks nothing', async () => {
    const res = await app.inject({ url: '/status-uncaught' });
    expect(res.statusCode).to.equal(500);
    expect(res.body).to.equal('{"detail":"Internal Server Error"}');
    expect(log.errors().some((l) => /got 999/.test(l.err?.message ?? ''))).to.equal(true);
  });

  it('undefined is accepted: the route status applies again', () => {
    const res = new Response(null, { status: 201 });
    res.status = undefined;
    expect(res.status).to.equal(undefined);
    expect(() => {
      res.status = 600;
    }).to.throw(TypeError);
  });
});
