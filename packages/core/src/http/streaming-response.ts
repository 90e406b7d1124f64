import { Readable } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import type { FastifyRequest } from 'fastify';
import { kPayload, type Payload } from './payload';
import { Response, type ResponseInit } from './response';
import { isBodyless } from './status';

/** What a stream may yield: text (sent as UTF-8) or bytes. */
export type StreamChunk = string | Uint8Array;

/** Where a `StreamingResponse` reads from. */
export type StreamSource =
  | AsyncIterable<StreamChunk>
  | Iterable<StreamChunk>
  | Readable
  | WebReadableStream<StreamChunk>
  | ReadableStream<StreamChunk>;

/**
 * Sends a body as it is produced, chunked (no Content-Length). The source is an async iterable (an
 * async generator), an iterable, a Node `Readable` or a web `ReadableStream`, yielding strings or
 * bytes. It is read at the client's pace (back-pressure), and when the client goes away it is closed:
 * an async generator's `finally` runs, a `Readable` is destroyed, a web stream is cancelled.
 *
 * The media type defaults to `application/octet-stream`, so a browser never sniffs a stream as HTML;
 * text types get `; charset=utf-8`. An error after the first bytes cuts the connection (the client
 * sees an incomplete body); an error before them is a 500.
 *
 * @example
 * ```ts
 * @Get('/events')
 * events() {
 *   async function* ticks() {
 *     try {
 *       for (let i = 0; ; i++) { yield `data: ${i}\n\n`; await sleep(1000); }
 *     } finally {
 *       console.log('client went away');
 *     }
 *   }
 *   return new StreamingResponse(ticks(), { mediaType: 'text/event-stream' });
 * }
 * ```
 */
export class StreamingResponse extends Response {
  /** The source, read once. */
  readonly source: StreamSource;

  constructor(source: StreamSource, init: ResponseInit = {}) {
    if (!isStreamSource(source)) {
      throw new TypeError(
        'StreamingResponse: source must be an async iterable, an iterable, a Node Readable or a web ReadableStream',
      );
    }
    super(null, { ...init, mediaType: init.mediaType ?? 'application/octet-stream' });
    this.source = source;
  }

  /** @internal */
  override [kPayload](request: FastifyRequest): Payload {
    const stream = toReadable(this.source);
    if (request.raw.method === 'HEAD' || (this.status !== undefined && isBodyless(this.status))) {
      // Nothing will read it: close the source now rather than leave a generator or descriptor open.
      stream.destroy();
      return { body: request.raw.method === 'HEAD' ? Readable.from([]) : null };
    }
    return { body: stream };
  }
}

function toReadable(source: StreamSource): Readable {
  if (source instanceof Readable) {
    if (source.readableEnded || source.destroyed) throw alreadyRead();
    return source;
  }
  if (typeof (source as ReadableStream).getReader === 'function') {
    if ((source as ReadableStream).locked) throw alreadyRead();
    return Readable.fromWeb(source as WebReadableStream, { objectMode: false });
  }
  // Not object mode: a chunk that is neither text nor bytes fails the stream instead of being sent.
  return Readable.from(source as AsyncIterable<StreamChunk>, { objectMode: false });
}

function alreadyRead(): Error {
  // A plain Error: the mistake is the server's, so it is a logged 500 rather than an empty 200.
  return new Error(
    'StreamingResponse: its source was already read; build a new StreamingResponse per request',
  );
}

function isStreamSource(source: unknown): source is StreamSource {
  if (source === null || (typeof source !== 'object' && typeof source !== 'string')) return false;
  const s = source as Record<symbol | string, unknown>;
  return (
    source instanceof Readable ||
    typeof s.getReader === 'function' ||
    typeof s[Symbol.asyncIterator] === 'function' ||
    typeof s[Symbol.iterator] === 'function'
  );
}
