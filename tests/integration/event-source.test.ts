import { setTimeout as sleep } from 'node:timers/promises';
import {
  Body,
  Controller,
  createApp,
  EventSourceResponse,
  Get,
  Header,
  HttpException,
  type Next,
  Post,
  type RequestContext,
  Res,
  type Response,
  ResponseModel,
  ServerSentEvent,
  UseMiddleware,
} from '@arobase/core';
import { expect } from 'chai';
import { Expose } from 'class-transformer';
import { IsString } from 'class-validator';
import { EventSource } from 'eventsource';
import type { FastifyInstance } from 'fastify';
import { captureLog } from '../helpers/log';
import { listen } from '../helpers/server';
import { readUntilEnd } from '../helpers/wait';

class FeedItem {
  @Expose() id!: number;
  @Expose() title!: string;
}

class EchoIn {
  @IsString() text!: string;
}

/** Sees the stream's response after next(), as middleware around any route does. */
class StreamTag {
  async handle(ctx: RequestContext, next: Next) {
    const response = await next();
    response.headers.set('X-Stream-Class', response.constructor.name);
    ctx.response.headers.set('X-Middleware', 'after next');
  }
}

const seen = { lastEventIds: [] as (string | undefined)[], started: false };

@Controller('/sse')
class EventsController {
  @Get('/wire')
  wire() {
    return new EventSourceResponse(
      [
        new ServerSentEvent({ comment: 'hello\nworld' }),
        new ServerSentEvent({ event: 'post', id: 7, retry: 1500, data: { id: 7, title: 'a' } }),
        'two\nlines\r\nthree',
        { plain: true },
        new ServerSentEvent({ data: ' leading space' }),
        new ServerSentEvent({ id: '' }),
      ],
      { ping: 0 },
    );
  }

  /** Three posts per connection, after the client's Last-Event-ID; then the stream ends and the client reconnects. */
  @Get('/feed', { responseClass: EventSourceResponse })
  @ResponseModel(FeedItem)
  async *feed(@Header('last-event-id') lastId: string | undefined, @Res() res: Response) {
    seen.lastEventIds.push(lastId);
    res.setCookie('feed', 'on', { maxAge: 60 });
    res.headers.set('X-Feed', 'posts');
    yield new ServerSentEvent({ retry: 20 });
    const after = lastId === undefined ? 0 : Number(lastId);
    for (let id = after + 1; id <= after + 3; id++) {
      await sleep(1);
      yield new ServerSentEvent({
        event: 'post',
        id,
        data: { id, title: `post ${id}`, authorEmail: 'private@example.com' },
      });
    }
  }

  @Get('/plain', { responseClass: EventSourceResponse })
  @ResponseModel(FeedItem)
  async *plain() {
    yield { id: 1, title: 'one', secret: 's' };
    yield { id: 2, title: 'two', secret: 's' };
  }

  @Get('/wrapped', { responseClass: EventSourceResponse })
  @UseMiddleware(StreamTag)
  @ResponseModel(FeedItem)
  async *wrapped(@Res() res: Response) {
    res.headers.set('X-Before', 'first item');
    yield { id: 1, title: 'one', secret: 's' };
  }

  @Get('/quiet')
  quiet() {
    async function* slow() {
      yield 'first';
      await sleep(250);
      yield 'second';
    }
    return new EventSourceResponse(slow(), { ping: 40 });
  }

  @Get('/head')
  head() {
    async function* never() {
      seen.started = true;
      yield 'x';
    }
    return new EventSourceResponse(never());
  }

  @Get('/head-generator', { responseClass: EventSourceResponse })
  async *headGenerator() {
    seen.started = true;
    yield 'x';
  }

  @Post('/echo', { responseClass: EventSourceResponse })
  async *echo(@Body() body: EchoIn) {
    for (const word of body.text.split(' ')) yield new ServerSentEvent({ event: 'word', data: word });
  }

  // biome-ignore lint/correctness/useYield: it refuses before its first event on purpose
  @Get('/forbidden', { responseClass: EventSourceResponse })
  async *forbidden(@Res() res: Response) {
    res.setCookie('tried', '1');
    throw new HttpException(403, 'Not your feed', { headers: { 'X-Reason': 'owner' } });
  }

  // biome-ignore lint/correctness/useYield: it fails before its first event on purpose
  @Get('/broken-before', { responseClass: EventSourceResponse })
  async *brokenBefore(@Res() res: Response) {
    res.setCookie('lost', '1');
    throw new Error('database password is hunter2');
  }

  @Get('/broken-after', { responseClass: EventSourceResponse })
  async *brokenAfter() {
    yield 'one';
    await sleep(5);
    throw new Error('database password is hunter2');
  }
}

describe('EventSourceResponse and ServerSentEvent', () => {
  let app: FastifyInstance;
  let base: string;
  const log = captureLog();

  before(async () => {
    app = await createApp({
      controllers: [EventsController],
      fastify: { logger: { stream: log.stream }, forceCloseConnections: true },
    });
    const { host, port } = await listen(app);
    base = `http://${host}:${port}`;
  });

  after(() => app.close());

  describe('the wire format', () => {
    it('writes each field, one data: line per line, a blank line after each event, with the stream headers', async () => {
      const res = await app.inject({ url: '/sse/wire' });
      expect(res.statusCode).to.equal(200);
      expect(res.headers['content-type']).to.equal('text/event-stream; charset=utf-8');
      expect(res.headers['cache-control']).to.equal('no-cache');
      expect(res.headers['x-accel-buffering']).to.equal('no');
      expect(res.headers).to.not.have.property('content-length');
      expect(res.body).to.equal(
        ': hello\n: world\n\n' +
          'event: post\nid: 7\nretry: 1500\ndata: {"id":7,"title":"a"}\n\n' +
          'data: two\ndata: lines\ndata: three\n\n' +
          'data: {"plain":true}\n\n' +
          'data:  leading space\n\n' +
          'id: \n\n',
      );
    });

    it('refuses CR or LF in event and id, NUL in id, and a retry or ping that is not a count of ms', () => {
      expect(() => new ServerSentEvent({ event: 'a\nb' })).to.throw(
        TypeError,
        /event cannot contain CR or LF/,
      );
      expect(() => new ServerSentEvent({ id: '1\r' })).to.throw(TypeError, /id cannot contain CR or LF/);
      expect(() => new ServerSentEvent({ id: '1\0' })).to.throw(TypeError, /NUL/);
      expect(() => new ServerSentEvent({ retry: -1 })).to.throw(TypeError, /retry/);
      expect(() => new ServerSentEvent({ retry: 1.5 })).to.throw(TypeError, /retry/);
      expect(() => new EventSourceResponse([], { ping: -5 })).to.throw(TypeError, /ping/);
      expect(() => new EventSourceResponse(42 as never)).to.throw(TypeError, /async iterable/);
    });
  });

  describe('read by the eventsource client', () => {
    it('receives events with their type, id and data through the model, resumes from Last-Event-ID, keeps the cookies', async () => {
      seen.lastEventIds = [];
      const setCookies: string[] = [];
      const feedHeaders: string[] = [];
      const source = new EventSource(`${base}/sse/feed`, {
        fetch: async (url, init) => {
          const res = await fetch(url, init);
          setCookies.push(...res.headers.getSetCookie());
          feedHeaders.push(res.headers.get('x-feed') ?? '');
          return res;
        },
      });
      const events: { id: string; data: unknown; lastEventId: string }[] = [];
      let opened = 0;
      source.addEventListener('open', () => opened++);
      await new Promise<void>((resolve, reject) => {
        source.addEventListener('post', (event) => {
          events.push({
            id: event.lastEventId,
            data: JSON.parse(event.data),
            lastEventId: event.lastEventId,
          });
          if (events.length === 6) resolve();
        });
        setTimeout(() => reject(new Error(`only ${events.length} events`)), 5000).unref();
      });
      source.close();
      expect(events.map((e) => e.id)).to.deep.equal(['1', '2', '3', '4', '5', '6']);
      // The model let id and title through, not the author's email.
      expect(events[3].data).to.deep.equal({ id: 4, title: 'post 4' });
      // The client came back after `retry` ms with the last id it saw.
      expect(seen.lastEventIds.slice(0, 2)).to.deep.equal([undefined, '3']);
      expect(opened).to.be.at.least(2);
      expect(feedHeaders.slice(0, 2)).to.deep.equal(['posts', 'posts']);
      expect(setCookies[0]).to.match(/^feed=on; Max-Age=60; Path=\/; HttpOnly; Secure; SameSite=Lax$/);
    });

    it('sends a plain yielded item as a message event of the model JSON', async () => {
      const source = new EventSource(`${base}/sse/plain`);
      const data = await collect(source, 'message', 2);
      source.close();
      expect(data.map((d) => JSON.parse(d))).to.deep.equal([
        { id: 1, title: 'one' },
        { id: 2, title: 'two' },
      ]);
    });

    it('works over POST, with a body', async () => {
      const source = new EventSource(`${base}/sse/echo`, {
        fetch: (url, init) =>
          fetch(url, {
            ...init,
            method: 'POST',
            headers: { ...init.headers, 'content-type': 'application/json' },
            body: JSON.stringify({ text: 'hello over post' }),
          }),
      });
      const words = await collect(source, 'word', 3);
      source.close();
      expect(words).to.deep.equal(['hello', 'over', 'post']);
    });

    it('writes `: ping` while the source is idle, which the client ignores', async () => {
      const res = await fetch(`${base}/sse/quiet`);
      const text = await res.text();
      const [before, after] = text.split('data: second\n\n');
      expect(before.startsWith('data: first\n\n')).to.equal(true);
      // 250 ms of silence with a 40 ms ping: a few pings, and only between the two events.
      const pings = before.slice('data: first\n\n'.length).split(': ping\n\n');
      expect(pings.length - 1).to.be.at.least(3);
      expect(pings.every((rest) => rest === '')).to.equal(true);
      expect(after).to.equal('');

      const source = new EventSource(`${base}/sse/quiet`);
      const data = await collect(source, 'message', 2);
      source.close();
      expect(data).to.deep.equal(['first', 'second']);
    });
  });

  it('answers HEAD with the headers and does not start the source', async () => {
    for (const url of ['/sse/head', '/sse/head-generator']) {
      seen.started = false;
      const res = await app.inject({ method: 'HEAD', url });
      expect(res.statusCode).to.equal(200);
      expect(res.headers['content-type']).to.equal('text/event-stream; charset=utf-8');
      expect(res.body).to.equal('');
      await sleep(10);
      expect(seen.started, url).to.equal(false);
    }
  });

  it('runs a generator route inside its middleware, which sees the stream response after next()', async () => {
    const res = await app.inject({ url: '/sse/wrapped' });
    expect(res.headers['x-stream-class']).to.equal('EventSourceResponse');
    expect(res.headers['x-middleware']).to.equal('after next');
    expect(res.headers['x-before']).to.equal('first item');
    expect(res.body).to.equal('data: {"id":1,"title":"one"}\n\n');
  });

  describe('errors of a generator route', () => {
    it('answers an HttpException before the first event as any handler error, with the cookies of res', async () => {
      const res = await app.inject({ url: '/sse/forbidden' });
      expect(res.statusCode).to.equal(403);
      expect(res.json()).to.deep.equal({ detail: 'Not your feed' });
      expect(res.headers['x-reason']).to.equal('owner');
      expect(res.cookies.map((c) => c.name)).to.deep.equal(['tried']);
    });

    it('answers another error before the first event with a bare 500', async () => {
      const res = await app.inject({ url: '/sse/broken-before' });
      expect(res.statusCode).to.equal(500);
      expect(res.json()).to.deep.equal({ detail: 'Internal Server Error' });
      expect(res.headers).to.not.have.property('set-cookie');
    });

    it('ends the stream on an error after the first event, logs it and sends nothing of it', async () => {
      log.lines.length = 0;
      const res = await fetch(`${base}/sse/broken-after`);
      expect(res.status).to.equal(200);
      const text = await readUntilEnd(res);
      expect(text).to.equal('data: one\n\n');
      await sleep(10);
      const logged = log.errors().find((l) => l.err?.message === 'database password is hunter2');
      expect(logged, 'the error is logged').to.not.equal(undefined);
      expect(logged!.reqId).to.be.a('string');
    });
  });
});

/** The data of the first `count` events of `type`. */
async function collect(source: EventSource, type: string, count: number): Promise<string[]> {
  const data: string[] = [];
  await new Promise<void>((resolve, reject) => {
    source.addEventListener(type, (event) => {
      data.push(event.data);
      if (data.length === count) resolve();
    });
    source.addEventListener('error', (event) => {
      if (source.readyState === EventSource.CLOSED) reject(new Error(`closed: ${event.message}`));
    });
    setTimeout(() => reject(new Error(`only ${data.length} ${type} events`)), 5000).unref();
  });
  return data;
}
