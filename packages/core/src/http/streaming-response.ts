// PLACEHOLDER (sample branch only): the real StreamingResponse (back-pressure, closing the source when
// the client goes away) is written by another helper; this keeps the contract's constructor.
import { Readable } from 'node:stream';
import type { FastifyRequest } from 'fastify';
import { kPayload, type Payload } from './payload';
import { Response, type ResponseInit } from './response';

export type StreamSource =
  | AsyncIterable<string | Uint8Array>
  | Iterable<string | Uint8Array>
  | Readable
  | ReadableStream<string | Uint8Array>;

/**
 * Streams a body from an async iterable, an iterable, a Node `Readable` or a web `ReadableStream`.
 *
 * @example
 * ```ts
 * return new StreamingResponse(rows(), { mediaType: 'text/csv' });
 * ```
 */
export class StreamingResponse extends Response {
  readonly source: StreamSource;

  constructor(source: StreamSource, init: ResponseInit = {}) {
    super(null, init);
    this.source = source;
  }

  override [kPayload](_request: FastifyRequest): Payload {
    const source = this.source;
    const body =
      source instanceof Readable
        ? source
        : source instanceof ReadableStream
          ? Readable.fromWeb(source as import('node:stream/web').ReadableStream)
          : Readable.from(source as Iterable<string | Uint8Array>);
    return { body };
  }
}
