// The examples of docs/streaming.md, run as written (examples-in-sync.test.ts checks the page quotes them).
import { EventEmitter, once } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  Background,
  type BackgroundTasks,
  Body,
  Controller,
  createApp,
  Depends,
  EventSourceResponse,
  Get,
  Header,
  HttpException,
  JSONLinesResponse,
  Param,
  Post,
  Res,
  type Response,
  ResponseModel,
  ServerSentEvent,
  Signal,
} from '@arobase/core';
import { expect } from 'chai';
import { Expose } from 'class-transformer';
import { EventSource } from 'eventsource';
import type { FastifyInstance } from 'fastify';
import { listen } from '../helpers/server';

@Controller('/clock')
class ClockController {
  @Get('/ticks')
  ticks() {
    async function* ticks() {
      for (let i = 1; i <= 3; i++) {
        yield new ServerSentEvent({ event: 'tick', id: i, data: { tick: i } });
        await sleep(10);
      }
    }
    return new EventSourceResponse(ticks(), { ping: 5000 });
  }
}

class PostOut {
  @Expose() id!: number;
  @Expose() title!: string;
}

const posts: { id: number; title: string; authorEmail: string }[] = [];
const newPosts = new EventEmitter();

@Controller('/posts')
class FeedController {
  @Get('/events', { responseClass: EventSourceResponse })
  @ResponseModel(PostOut)
  async *events(
    @Header('last-event-id') lastEventId: string | undefined,
    @Signal() signal: AbortSignal,
    @Res() res: Response,
  ) {
    res.headers.set('X-Feed', 'posts');
    let after = lastEventId === undefined ? posts.length : Number(lastEventId);
    yield new ServerSentEvent({ retry: 1000 }); // opens the stream before the first post
    for (;;) {
      while (after < posts.length) {
        const post = posts[after++];
        yield new ServerSentEvent({ event: 'post', id: post.id, data: post }); // no authorEmail
      }
      await once(newPosts, 'post', { signal }); // ends at once when the client goes away
    }
  }

  @Get('/export.jsonl', { responseClass: JSONLinesResponse })
  @ResponseModel(PostOut)
  async *exportLines() {
    for (const post of posts) yield post;
  }
}

const views = new Map<number, number>();

@Controller('/articles')
class ArticleController {
  @Get('/:id')
  read(@Param('id') id: number, @Background() tasks: BackgroundTasks) {
    tasks.add((articleId: number) => views.set(articleId, (views.get(articleId) ?? 0) + 1), id);
    return { id, title: 'Hello' };
  }

  @Get('/:id/views')
  count(@Param('id') id: number) {
    return { id, views: views.get(id) ?? 0 };
  }
}

class Tx {
  readonly rows: string[] = [];
}
const committed: string[] = [];

class Transaction {
  async *resolve(@Res() res: Response) {
    const tx = new Tx(); // BEGIN
    try {
      yield tx;
      committed.push(...tx.rows); // COMMIT
      res.headers.set('X-Transaction', 'committed');
    } catch (error) {
      res.headers.set('X-Transaction', 'rolled back'); // ROLLBACK
      throw error;
    }
  }
}

@Controller('/notes')
class NoteController {
  @Post('/')
  add(@Body({ raw: true }) body: { notes: string[] }, @Depends(Transaction) tx: Tx) {
    for (const note of body.notes) {
      if (note === '') throw new HttpException(422, 'Empty note: nothing was saved');
      tx.rows.push(note);
    }
    return { saved: body.notes.length };
  }
}

describe('docs/streaming.md', () => {
  let app: FastifyInstance;
  let base: string;

  before(async () => {
    app = await createApp({
      controllers: [ClockController, FeedController, ArticleController, NoteController],
      fastify: { forceCloseConnections: true },
    });
    const { host, port } = await listen(app);
    base = `http://${host}:${port}`;
  });

  after(() => app.close());

  it('sends the ticks as typed events with ids', async () => {
    const res = await app.inject({ url: '/clock/ticks' });
    expect(res.headers['content-type']).to.equal('text/event-stream; charset=utf-8');
    expect(res.body).to.equal(
      'event: tick\nid: 1\ndata: {"tick":1}\n\n' +
        'event: tick\nid: 2\ndata: {"tick":2}\n\n' +
        'event: tick\nid: 3\ndata: {"tick":3}\n\n',
    );
  });

  it('streams new posts through the model, and resumes from Last-Event-ID', async () => {
    posts.length = 0;
    posts.push({ id: 1, title: 'old', authorEmail: 'a@example.com' });
    const source = new EventSource(`${base}/posts/events`);
    await new Promise((resolve) => source.addEventListener('open', resolve));
    const received: unknown[] = [];
    const two = new Promise<void>((resolve) =>
      source.addEventListener('post', (event) => {
        received.push(JSON.parse(event.data));
        if (received.length === 2) resolve();
      }),
    );
    await sleep(20);
    for (const title of ['second', 'third']) {
      posts.push({ id: posts.length + 1, title, authorEmail: 'b@example.com' });
      newPosts.emit('post');
    }
    await two;
    source.close();
    expect(received).to.deep.equal([
      { id: 2, title: 'second' },
      { id: 3, title: 'third' },
    ]);

    const resumed = await fetch(`${base}/posts/events`, { headers: { 'last-event-id': '1' } });
    expect(resumed.headers.get('x-feed')).to.equal('posts');
    const reader = resumed.body!.getReader();
    let text = '';
    while (!text.includes('id: 3')) text += new TextDecoder().decode((await reader.read()).value);
    await reader.cancel();
    expect(text).to.equal(
      'retry: 1000\n\n' +
        'event: post\nid: 2\ndata: {"id":2,"title":"second"}\n\n' +
        'event: post\nid: 3\ndata: {"id":3,"title":"third"}\n\n',
    );
  });

  it('exports JSON Lines through the model', async () => {
    const res = await app.inject({ url: '/posts/export.jsonl' });
    expect(res.headers['content-type']).to.equal('application/jsonl');
    expect(res.body).to.equal(
      '{"id":1,"title":"old"}\n{"id":2,"title":"second"}\n{"id":3,"title":"third"}\n',
    );
  });

  it('counts a view after the answer', async () => {
    expect((await app.inject({ url: '/articles/5' })).json()).to.deep.equal({ id: 5, title: 'Hello' });
    await sleep(5);
    expect((await app.inject({ url: '/articles/5/views' })).json()).to.deep.equal({ id: 5, views: 1 });
  });

  it('commits after the handler, rolls back when it throws, and says so in a header', async () => {
    const ok = await app.inject({ method: 'POST', url: '/notes', payload: { notes: ['a', 'b'] } });
    expect(ok.json()).to.deep.equal({ saved: 2 });
    expect(ok.headers['x-transaction']).to.equal('committed');
    const failed = await app.inject({ method: 'POST', url: '/notes', payload: { notes: ['c', ''] } });
    expect(failed.statusCode).to.equal(422);
    expect(failed.json()).to.deep.equal({ detail: 'Empty note: nothing was saved' });
    expect(failed.headers['x-transaction']).to.equal('rolled back');
    expect(committed).to.deep.equal(['a', 'b']);
  });
});
