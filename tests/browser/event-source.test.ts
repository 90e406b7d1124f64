// The browser's own EventSource against a generator route: typed events with ids, data through the
// response model, the server's retry, the reconnection with Last-Event-ID, the cookie set on `res`
// kept by the browser and sent back on the reconnection, and pings that the browser ignores.

import {
  Controller,
  Cookie,
  createApp,
  EventSourceResponse,
  Get,
  Header,
  HTMLResponse,
  Res,
  type Response,
  ResponseModel,
  ServerSentEvent,
} from '@arobase/core';
import { expect } from 'chai';
import { Expose } from 'class-transformer';
import type { FastifyInstance } from 'fastify';
import { type Browser, launchBrowser, type Origins, open, serve } from './chromium';

class ItemOut {
  @Expose() id!: number;
  @Expose() name!: string;
}

/** What each connection of the EventSource sent the server. */
const connections: { lastEventId: string | undefined; cookie: string | undefined }[] = [];

@Controller()
class FeedController {
  @Get('/', { responseClass: HTMLResponse })
  page() {
    return '<!doctype html><title>feed</title>';
  }

  /** Two items per connection after the client's Last-Event-ID, then the stream ends: the browser reconnects. */
  @Get('/feed', { responseClass: EventSourceResponse })
  @ResponseModel(ItemOut)
  async *feed(
    @Header('last-event-id') lastEventId: string | undefined,
    @Cookie('feed') cookie: string | undefined,
    @Res() res: Response,
  ) {
    connections.push({ lastEventId, cookie });
    res.setCookie('feed', `connection-${connections.length}`);
    yield new ServerSentEvent({ retry: 50, comment: 'hello' });
    const after = lastEventId === undefined ? 0 : Number(lastEventId);
    for (let id = after + 1; id <= after + 2; id++) {
      yield new ServerSentEvent({
        event: 'item',
        id,
        data: { id, name: `item ${id}`, secret: 'never sent' },
      });
    }
  }

  @Get('/quiet')
  quiet() {
    async function* slow() {
      yield 'first';
      await new Promise((resolve) => setTimeout(resolve, 200));
      yield 'second\nline';
    }
    return new EventSourceResponse(slow(), { ping: 20 });
  }
}

describe('browser: EventSource', function () {
  this.timeout(30_000);
  let browser: Browser;
  let app: FastifyInstance;
  let origins: Origins;

  before(async () => {
    app = await createApp({ controllers: [FeedController], fastify: { forceCloseConnections: true } });
    origins = await serve(app);
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close();
    await app?.close();
  });

  it('receives typed events through the model, reconnects with Last-Event-ID and the cookie it was given', async () => {
    connections.length = 0;
    const page = await open(browser, `${origins.localhost}/`);
    const events = await page.evaluate(
      () =>
        new Promise<{ id: string; data: unknown; opens: number }[]>((resolve, reject) => {
          const source = new EventSource('/feed');
          const seen: { id: string; data: unknown; opens: number }[] = [];
          let opens = 0;
          source.onopen = () => opens++;
          source.addEventListener('item', (event) => {
            const message = event as MessageEvent;
            seen.push({ id: message.lastEventId, data: JSON.parse(message.data), opens });
            if (seen.length === 6) {
              source.close();
              resolve(seen);
            }
          });
          setTimeout(() => reject(new Error(`only ${seen.length} events`)), 10_000);
        }),
    );
    expect(events.map((e) => e.id)).to.deep.equal(['1', '2', '3', '4', '5', '6']);
    expect(events[4].data).to.deep.equal({ id: 5, name: 'item 5' });
    // Three connections: the browser came back after `retry` ms each time the stream ended.
    expect(events.map((e) => e.opens)).to.deep.equal([1, 1, 2, 2, 3, 3]);
    expect(connections.slice(0, 3)).to.deep.equal([
      { lastEventId: undefined, cookie: undefined },
      { lastEventId: '2', cookie: 'connection-1' },
      { lastEventId: '4', cookie: 'connection-2' },
    ]);
    await page.close();
  });

  it('ignores the pings and splits nothing: a multi-line data arrives whole', async () => {
    const page = await open(browser, `${origins.localhost}/`);
    const data = await page.evaluate(
      () =>
        new Promise<string[]>((resolve, reject) => {
          const source = new EventSource('/quiet');
          const seen: string[] = [];
          source.onmessage = (event) => {
            seen.push(event.data);
            if (seen.length === 2) {
              source.close();
              resolve(seen);
            }
          };
          setTimeout(() => reject(new Error(`only ${seen.length} messages`)), 10_000);
        }),
    );
    expect(data).to.deep.equal(['first', 'second\nline']);
    await page.close();
  });
});
