import { JSON_MEDIA_TYPE } from './media-type';
import { Response, type ResponseInit } from './response';

/**
 * Sends `content` as JSON (`application/json; charset=utf-8`), exactly as given: no response model
 * filters a returned response.
 *
 * @example
 * ```ts
 * return new JSONResponse({ items: [] }, { status: 200, headers: { 'X-Total-Count': '0' } });
 * ```
 */
export class JSONResponse extends Response {
  /** The value before it was serialised. */
  readonly content: unknown;

  constructor(content: unknown, init: ResponseInit = {}) {
    super(serialize(content), { ...init, mediaType: init.mediaType ?? JSON_MEDIA_TYPE });
    this.content = content;
  }
}

function serialize(content: unknown): string {
  // JSON has no `undefined`: a handler that returns nothing answers `null`, as FastAPI does.
  return JSON.stringify(content) ?? 'null';
}
