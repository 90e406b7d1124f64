import { Readable } from 'node:stream';
import type { FastifyRequest } from 'fastify';
import { closeItems, ItemReadable, type ItemSource, isItemSource, iterateItems } from './item-stream';
import { kPayload, type Payload } from './payload';
import type { ResponseInit } from './response';
import { isBodyless } from './status';
import { StreamingResponse, type StreamSource } from './streaming-response';

/** Turns one value into JSON text; a generator route sets its response model's serializer here. */
export type ItemSerializer = (value: unknown) => string;

/** @internal The serializer a generator route gives its stream: each item goes through the response model. */
export const kItemSerializer: unique symbol = Symbol('arobase.itemSerializer');

/** @internal The stream a response opened for its request, once it has. */
export const kOpenStream: unique symbol = Symbol('arobase.openStream');

/**
 * A stream whose source yields values rather than bytes, each encoded as it comes (an event, a
 * line of JSON). The base of `EventSourceResponse` and `JSONLinesResponse`.
 */
export abstract class ItemStreamResponse extends StreamingResponse {
  /** @internal */
  [kItemSerializer]: ItemSerializer | undefined = undefined;
  /** @internal */
  [kOpenStream]: ItemReadable | undefined = undefined;

  /**
   * Whether closing the app ends this stream (after the events sent so far) rather than waiting for
   * it: an endless feed would hold `app.close()` forever, and its clients reconnect elsewhere.
   */
  get endsWhenAppCloses(): boolean {
    return false;
  }

  constructor(source: ItemSource, init: ResponseInit, owner: string) {
    if (!isItemSource(source)) {
      throw new TypeError(
        `${owner}: source must be an async iterable, an iterable, a Node Readable or a web ReadableStream`,
      );
    }
    super(source as StreamSource, init);
  }

  /** The text of one item. */
  protected abstract encode(item: unknown, serialize: ItemSerializer | undefined): string;

  /** What is written while the source is idle, and how often; none by default. */
  protected keepAlive(): { text: string; everyMs: number } | undefined {
    return undefined;
  }

  /** @internal */
  override [kPayload](request: FastifyRequest): Payload {
    const items = iterateItems(this.source as ItemSource, this.constructor.name);
    const head = request.raw.method === 'HEAD';
    if (head || (this.status !== undefined && isBodyless(this.status))) {
      // Nothing will read it: close it unstarted (a generator's body never runs).
      closeItems(items);
      return { body: head ? Readable.from([]) : null };
    }
    const serialize = this[kItemSerializer];
    const stream = new ItemReadable(items, (item) => this.encode(item, serialize), this.keepAlive());
    this[kOpenStream] = stream;
    return { body: stream };
  }
}
