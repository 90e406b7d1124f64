import { Readable } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';

/** Where a stream of items (events, JSON values) comes from: what `StreamingResponse` takes, of any values. */
export type ItemSource<T = unknown> =
  | AsyncIterable<T>
  | Iterable<T>
  | Readable
  | WebReadableStream<T>
  | ReadableStream<T>;

export type Items = AsyncIterator<unknown> | Iterator<unknown>;

/**
 * The iterator of a source, taken once. A Node `Readable` and a web stream iterate as async
 * iterables (returning early destroys or cancels them); a source that was read already is refused.
 */
export function iterateItems(source: ItemSource, owner: string): Items {
  if (source instanceof Readable) {
    if (source.readableEnded || source.destroyed) throw alreadyRead(owner);
  } else if (typeof (source as ReadableStream).getReader === 'function') {
    if ((source as ReadableStream).locked) throw alreadyRead(owner);
  }
  const async = (source as AsyncIterable<unknown>)[Symbol.asyncIterator];
  if (typeof async === 'function') return async.call(source);
  return (source as Iterable<unknown>)[Symbol.iterator]();
}

export function isItemSource(source: unknown): source is ItemSource {
  if (source === null || typeof source !== 'object') return false;
  const s = source as Record<symbol, unknown>;
  return typeof s[Symbol.asyncIterator] === 'function' || typeof s[Symbol.iterator] === 'function';
}

function alreadyRead(owner: string): Error {
  // A plain Error: the mistake is the server's, so it is a logged 500 rather than an empty 200.
  return new Error(`${owner}: its source was already read; build a new ${owner} per request`);
}

/**
 * A byte stream of encoded items, read at the client's pace: the next item is asked for only when
 * the socket has room, so a fast source never fills memory. While the source is idle (an item
 * asked for and not yet come) `ping` is written every `pingMs`. Destroyed (the client went away),
 * it closes the source: an async generator's `finally` runs once its pending `await` settles.
 */
export class ItemReadable extends Readable {
  private readonly items: Items;
  private readonly encode: (item: unknown) => string;
  private readonly ping: string | undefined;
  private readonly pingMs: number;
  private timer: NodeJS.Timeout | undefined;
  private pulling = false;
  private sourceClosed = false;
  private ended = false;

  constructor(items: Items, encode: (item: unknown) => string, ping?: { text: string; everyMs: number }) {
    super();
    this.items = items;
    this.encode = encode;
    this.ping = ping !== undefined && ping.everyMs > 0 ? ping.text : undefined;
    this.pingMs = ping?.everyMs ?? 0;
  }

  override _read(): void {
    if (!this.pulling) void this.pull();
  }

  private async pull(): Promise<void> {
    this.pulling = true;
    this.idle(true);
    try {
      for (;;) {
        const next = await this.items.next();
        if (this.destroyed || this.ended) return;
        if (next.done) {
          this.sourceClosed = true;
          this.push(null);
          return;
        }
        // An item that cannot be encoded (a model that refuses it) ends the stream: nothing of it goes out.
        if (!this.push(this.encode(next.value))) return;
        this.timer?.refresh();
      }
    } catch (error) {
      // A source that threw is done; one whose item could not be encoded is closed by _destroy.
      this.destroy(error as Error);
    } finally {
      this.idle(false);
      this.pulling = false;
    }
  }

  /**
   * Ends the stream as if the source were done, after what was written so far, and closes the
   * source: a server that is closing ends its event streams (the clients reconnect elsewhere).
   */
  finish(): void {
    if (this.destroyed || this.ended) return;
    this.ended = true;
    this.closeSource();
    this.idle(false);
    this.push(null);
  }

  private closeSource(): void {
    if (this.sourceClosed) return;
    this.sourceClosed = true;
    closeItems(this.items);
  }

  private idle(waiting: boolean): void {
    if (this.ping === undefined) return;
    if (waiting && this.timer === undefined) {
      this.timer = setInterval(() => this.push(this.ping), this.pingMs);
    } else if (!waiting && this.timer !== undefined) {
      clearInterval(this.timer);
      this.timer = undefined;
    }
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    this.idle(false);
    this.closeSource();
    callback(error);
  }
}

/**
 * Closes a source early (a generator's `finally` runs). Not awaited: a generator pending on a long
 * `await` would hold the socket open until it settles; what its `finally` throws is lost, as the
 * stream is over either way.
 */
export function closeItems(items: Items): void {
  try {
    const done = items.return?.();
    if (done instanceof Promise) done.catch(ignore);
  } catch {
    // A sync generator whose `finally` throws.
  }
}

function ignore(): void {}
