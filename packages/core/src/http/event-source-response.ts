import type { ItemSource } from './item-stream';
import { type ItemSerializer, ItemStreamResponse } from './item-stream-response';
import type { ResponseInit } from './response';
import { encodeEvent, eventData, ServerSentEvent } from './server-sent-event';

/** `init` of an `EventSourceResponse`. */
export interface EventSourceInit extends ResponseInit {
  /** Milliseconds of silence after which a `: ping` comment is written; default 15000, 0 turns pings off. */
  ping?: number;
}

const DEFAULT_PING_MS = 15_000;
const PING = ': ping\n\n';

/**
 * Server-sent events (`text/event-stream; charset=utf-8`), for the browser's `EventSource`. Each item
 * of the source is a `ServerSentEvent` or plain data, sent as one event whose `data:` is the string
 * as it is, or JSON. `Cache-Control: no-cache` and `X-Accel-Buffering: no` keep caches and nginx
 * from holding events back, and a `: ping` comment every `ping` ms of silence keeps proxies from
 * closing the connection. The source is read at the client's pace and closed when the client goes
 * away; a HEAD request is answered without starting it.
 *
 * As a route's `responseClass`, the route may be an `async *` method: each item it yields goes
 * through the route's `@ResponseModel`.
 *
 * @example
 * ```ts
 * @Get('/ticks')
 * ticks() {
 *   async function* ticks() {
 *     for (let i = 1; i <= 3; i++) {
 *       yield new ServerSentEvent({ event: 'tick', id: i, data: { i } });
 *       await sleep(1000);
 *     }
 *   }
 *   return new EventSourceResponse(ticks(), { ping: 5000 });
 * }
 * ```
 */
export class EventSourceResponse extends ItemStreamResponse {
  /** The media type it sends (with `; charset=utf-8`), as the OpenAPI document names it. */
  static readonly mediaType = 'text/event-stream';

  /** Milliseconds of silence between pings; 0 for none. */
  readonly ping: number;

  constructor(source: ItemSource, init: EventSourceInit = {}) {
    const { ping = DEFAULT_PING_MS, ...rest } = init;
    if (typeof ping !== 'number' || !Number.isFinite(ping) || ping < 0) {
      throw new TypeError(
        `EventSourceResponse: ping must be a number of milliseconds >= 0, got ${String(ping)}`,
      );
    }
    super(
      source,
      { ...rest, mediaType: rest.mediaType ?? EventSourceResponse.mediaType },
      'EventSourceResponse',
    );
    this.ping = ping;
    const headers = this.headers;
    if (!headers.has('cache-control')) headers.set('cache-control', 'no-cache');
    if (!headers.has('x-accel-buffering')) headers.set('x-accel-buffering', 'no');
  }

  protected override encode(item: unknown, serialize: ItemSerializer | undefined): string {
    if (item instanceof ServerSentEvent) {
      const data = item.data === undefined ? undefined : (serialize ?? eventData)(item.data);
      return encodeEvent(item, data);
    }
    return encodeEvent(PLAIN, (serialize ?? eventData)(item));
  }

  /** An event stream ends when the app closes: `EventSource` clients reconnect, with `Last-Event-ID`. */
  override get endsWhenAppCloses(): boolean {
    return true;
  }

  protected override keepAlive() {
    return this.ping > 0 ? { text: PING, everyMs: this.ping } : undefined;
  }
}

const PLAIN = new ServerSentEvent();
