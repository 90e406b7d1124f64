import { request as httpRequest, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { Controller, createApp, Get, Res, type Response, StreamingResponse } from '@arobase/core';
import { expect } from 'chai';
import type { FastifyInstance } from 'fastify';

/** What the sources of the last request did, observed from outside the server. */
const probe = {
  started: false,
  produced: 0,
  closed: undefined as Promise<string> | undefined,
};

/** Resolves with `how` when the source is closed; the test awaits it with a time limit. */
function closeSignal(): (how: string) => void {
  let done!: (how: string) => void;
  probe.closed = new Promise((resolve) => (done = resolve));
  return done;
}

/** A Readable can be read once: returning it to a second request is a bug, reported as one. */
const REUSED = new StreamingResponse(Readable.from(['only once']));

const CHUNK = Buffer.alloc(64 * 1024, 'x');
const MAX_CHUNKS = 1024;

@Controller('/stream')
class StreamController {
  @Get('/async')
  asyncGenerator() {
    async function* words() {
      probe.started = true;
      for (const word of ['one ', 'two ', 'three']) {
        await sleep(1);
        yield word;
      }
    }
    return new StreamingResponse(words());
  }

  @Get('/sync')
  syncIterable() {
    return new StreamingResponse([
      'text, ',
      Buffer.from('buffer, '),
      new Uint8Array([98, 121, 116, 101, 115]),
    ]);
  }

  @Get('/readable')
  readable() {
    return new StreamingResponse(Readable.from(['from ', 'a ', 'Readable']));
  }

  @Get('/web')
  web() {
    const encoder = new TextEncoder();
    const stream = new ReadableStream<Uint8Array | string>({
      start(controller) {
        controller.enqueue(encoder.encode('from a '));
        controller.enqueue('web stream, é');
        controller.close();
      },
    });
    return new StreamingResponse(stream);
  }

  @Get('/events')
  events(@Res() res: Response) {
    res.setCookie('subscribed', 'yes');
    res.headers.set('Cache-Control', 'no-cache');
    async function* events() {
      yield 'data: 1\n\n';
      yield 'data: 2\n\n';
    }
    return new StreamingResponse(events(), {
      mediaType: 'text/event-stream',
      status: 201,
      headers: { 'X-Accel-Buffering': 'no' },
    });
  }

  @Get('/endless')
  endless() {
    const closed = closeSignal();
    async function* ticks() {
      try {
        for (let i = 0; i < 10_000; i++) {
          yield `tick ${i}\n`;
          await sleep(5);
        }
      } finally {
        closed('finally');
      }
    }
    return new StreamingResponse(ticks());
  }

  @Get('/endless-readable')
  endlessReadable() {
    const closed = closeSignal();
    let i = 0;
    const source = new Readable({
      read() {
        setTimeout(() => this.push(i < 10_000 ? `tick ${i++}\n` : null), 5);
      },
    });
    source.on('close', () => closed('destroyed'));
    return new StreamingResponse(source);
  }

  @Get('/endless-web')
  endlessWeb() {
    const closed = closeSignal();
    let i = 0;
    const source = new ReadableStream<string>({
      async pull(controller) {
        await sleep(5);
        controller.enqueue(`tick ${i++}\n`);
      },
      cancel() {
        closed('cancelled');
      },
    });
    return new StreamingResponse(source);
  }

  @Get('/big')
  big() {
    probe.produced = 0;
    async function* chunks() {
      for (let i = 0; i < MAX_CHUNKS; i++) {
        probe.produced++;
        yield CHUNK;
      }
    }
    return new StreamingResponse(chunks());
  }

  @Get('/fails-at-once')
  failsAtOnce(@Res() res: Response) {
    res.setCookie('lost', '1');
    // biome-ignore lint/correctness/useYield: it fails before its first chunk on purpose
    async function* broken(): AsyncGenerator<string> {
      throw new Error('database password is hunter2');
    }
    return new StreamingResponse(broken());
  }

  @Get('/fails-midway')
  failsMidway() {
    async function* broken() {
      yield 'first chunk\n';
      await sleep(20);
      throw new Error('lost the connection to the database');
    }
    return new StreamingResponse(broken());
  }

  @Get('/as-class', { responseClass: StreamingResponse, status: 202 })
  async *asClass() {
    yield 'rendered ';
    yield 'by the class';
  }

  @Get('/reused')
  reused() {
    return REUSED;
  }

  @Get('/bad-chunk')
  badChunk() {
    return new StreamingResponse([{ not: 'a chunk' }] as unknown as string[]);
  }
}

describe('StreamingResponse', () => {
  let app: FastifyInstance;
  let port: number;

  before(async () => {
    // fetch (undici) opens a spare connection after an abort; close it with the server.
    app = await createApp({ controllers: [StreamController], fastify: { forceCloseConnections: true } });
    await app.listen({ port: 0, host: '127.0.0.1' });
    port = (app.server.address() as AddressInfo).port;
  });

  after(() => app.close());

  describe('sources', () => {
    it('streams an async generator, as application/octet-stream by default', async () => {
      const res = await app.inject({ url: '/stream/async' });
      expect(res.statusCode).to.equal(200);
      expect(res.body).to.equal('one two three');
      expect(res.headers['content-type']).to.equal('application/octet-stream');
      expect(res.headers).to.not.have.property('content-length');
    });

    it('streams a sync iterable of strings, Buffers and Uint8Arrays', async () => {
      expect((await app.inject({ url: '/stream/sync' })).body).to.equal('text, buffer, bytes');
    });

    it('streams a Node Readable', async () => {
      expect((await app.inject({ url: '/stream/readable' })).body).to.equal('from a Readable');
    });

    it('streams a web ReadableStream, text as UTF-8', async () => {
      const res = await app.inject({ url: '/stream/web' });
      expect(res.rawPayload.equals(Buffer.from('from a web stream, é', 'utf8'))).to.equal(true);
    });

    it('refuses a source that is none of these', () => {
      for (const bad of [42, null, undefined, {}, () => 'x']) {
        expect(() => new StreamingResponse(bad as never)).to.throw(TypeError, /async iterable/);
      }
    });
  });

  it('keeps its status, media type (with charset) and headers, plus the injected cookie and header', async () => {
    const res = await app.inject({ url: '/stream/events' });
    expect(res.statusCode).to.equal(201);
    expect(res.headers['content-type']).to.equal('text/event-stream; charset=utf-8');
    expect(res.headers['x-accel-buffering']).to.equal('no');
    expect(res.headers['cache-control']).to.equal('no-cache');
    expect(res.cookies).to.have.length(1);
    expect(res.cookies[0]).to.include({
      name: 'subscribed',
      value: 'yes',
      path: '/',
      httpOnly: true,
      secure: true,
    });
    expect(res.body).to.equal('data: 1\n\ndata: 2\n\n');
  });

  it('renders a returned generator with responseClass: StreamingResponse and the route status', async () => {
    const res = await app.inject({ url: '/stream/as-class' });
    expect(res.statusCode).to.equal(202);
    expect(res.headers['content-type']).to.equal('application/octet-stream');
    expect(res.body).to.equal('rendered by the class');
  });

  it('is chunked on the wire, with no Content-Length', async () => {
    const res = await get(port, '/stream/async');
    expect(res.headers['transfer-encoding']).to.equal('chunked');
    expect(res.headers).to.not.have.property('content-length');
    expect(res.body.toString()).to.equal('one two three');
  });

  it('answers HEAD with the headers and without running the generator', async () => {
    probe.started = false;
    const res = await app.inject({ method: 'HEAD', url: '/stream/async' });
    expect(res.statusCode).to.equal(200);
    expect(res.headers['content-type']).to.equal('application/octet-stream');
    expect(res.body).to.equal('');
    await sleep(20);
    expect(probe.started).to.equal(false);
  });

  describe('when the client goes away', () => {
    for (const [path, how] of [
      ['/stream/endless', 'finally'],
      ['/stream/endless-readable', 'destroyed'],
      ['/stream/endless-web', 'cancelled'],
    ]) {
      it(`closes the source (${how}) of ${path}`, async () => {
        const controller = new AbortController();
        const res = await fetch(`http://127.0.0.1:${port}${path}`, { signal: controller.signal });
        const reader = res.body!.getReader();
        const first = await reader.read();
        expect(new TextDecoder().decode(first.value)).to.match(/^tick 0\n/);
        controller.abort();
        await reader.read().catch(() => undefined);
        expect(await within(2000, probe.closed!)).to.equal(how);
        // And the server is still there.
        expect((await get(port, '/stream/async')).body.toString()).to.equal('one two three');
      });
    }
  });

  it('respects back-pressure: a reader that stops reading stops the generator', async () => {
    const { res, done } = await open(port, '/stream/big');
    res.pause();
    await sleep(300);
    const whilePaused = probe.produced;
    await sleep(200);
    // Loopback socket buffers hold a few MB; without back-pressure all 64 MB would be made at once.
    expect(probe.produced).to.equal(whilePaused);
    expect(whilePaused * CHUNK.length).to.be.below(24 * 1024 * 1024);
    res.resume();
    const body = await done;
    expect(body.length).to.equal(MAX_CHUNKS * CHUNK.length);
    expect(probe.produced).to.equal(MAX_CHUNKS);
  });

  describe('errors', () => {
    it('answers a source that fails before its first chunk with a bare 500', async () => {
      const res = await app.inject({ url: '/stream/fails-at-once' });
      expect(res.statusCode).to.equal(500);
      expect(res.json()).to.deep.equal({ detail: 'Internal Server Error' });
      expect(res.body).to.not.include('hunter2');
      expect(res.headers).to.not.have.property('set-cookie');
    });

    it('answers a chunk that is neither text nor bytes with a bare 500', async () => {
      const res = await app.inject({ url: '/stream/bad-chunk' });
      expect(res.statusCode).to.equal(500);
      expect(res.json()).to.deep.equal({ detail: 'Internal Server Error' });
    });

    it('answers a second request for an already-read Readable with a 500, not an empty 200', async () => {
      const first = await app.inject({ url: '/stream/reused' });
      expect(first.statusCode).to.equal(200);
      expect(first.body).to.equal('only once');
      const second = await app.inject({ url: '/stream/reused' });
      expect(second.statusCode).to.equal(500);
      expect(second.json()).to.deep.equal({ detail: 'Internal Server Error' });
    });

    it('cuts the connection when a source fails midway, and the server goes on', async () => {
      const { res, done } = await open(port, '/stream/fails-midway');
      expect(res.statusCode).to.equal(200);
      const outcome = await done.then(
        () => 'complete',
        (error: Error) => error.message,
      );
      expect(outcome).to.not.equal('complete');
      expect((await get(port, '/stream/async')).body.toString()).to.equal('one two three');
    });
  });
});

/** Opens a request; `done` is the whole body, or rejects when the response is cut short. */
function open(port: number, path: string): Promise<{ res: IncomingMessage; done: Promise<Buffer> }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, path, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      const done = new Promise<Buffer>((ok, fail) => {
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => (res.complete ? ok(Buffer.concat(chunks)) : fail(new Error('incomplete'))));
        res.on('error', fail);
        res.on('aborted', () => fail(new Error('aborted')));
      });
      resolve({ res, done });
    });
    req.on('error', reject);
    req.end();
  });
}

async function get(port: number, path: string) {
  const { res, done } = await open(port, path);
  return { headers: res.headers, body: await done };
}

function within<T>(ms: number, promise: Promise<T>): Promise<T | 'timed out'> {
  return Promise.race([promise, sleep(ms, 'timed out' as const, { ref: false })]);
}
