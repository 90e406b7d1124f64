import { Response, type ResponseInit } from './response';

/**
 * Sends plain text (`text/plain; charset=utf-8`).
 *
 * @example
 * ```ts
 * return new PlainTextResponse('pong');
 * ```
 */
export class PlainTextResponse extends Response {
  constructor(text: string, init: ResponseInit = {}) {
    super(String(text), { ...init, mediaType: init.mediaType ?? 'text/plain' });
  }
}
