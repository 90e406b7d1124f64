import type { ItemReadable } from '../http/item-stream';
import { ItemStreamResponse, kOpenStream } from '../http/item-stream-response';
import type { Response } from '../http/response';
import type { RequestContext } from './context';

/**
 * The event streams an app is sending. Fastify's `close()` waits for every response in flight, and
 * an event stream may never end by itself: `endAll()` (before the server stops) ends each after what
 * it has sent, aborts its `@Signal()` and closes its source, so the app can stop.
 */
export class OpenStreams {
  private readonly open = new Map<ItemReadable, RequestContext>();

  track(ctx: RequestContext, response: Response | undefined): void {
    if (!(response instanceof ItemStreamResponse) || !response.endsWhenAppCloses) return;
    const stream = response[kOpenStream];
    if (stream === undefined || stream.destroyed) return;
    this.open.set(stream, ctx);
    stream.once('close', () => this.open.delete(stream));
  }

  endAll(): void {
    for (const [stream, ctx] of this.open) {
      ctx.abort('The app is closing');
      stream.finish();
    }
  }
}
