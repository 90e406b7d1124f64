import type { ItemSource } from './item-stream';
import { type ItemSerializer, ItemStreamResponse } from './item-stream-response';
import type { ResponseInit } from './response';

/**
 * JSON Lines (`application/jsonl`): one JSON value per line, each item of the source as it comes,
 * read at the client's pace and closed when the client goes away. As a route's `responseClass`, the
 * route may be an `async *` method: each item it yields goes through the route's `@ResponseModel`.
 *
 * @example
 * ```ts
 * @Get('/posts.jsonl', { responseClass: JSONLinesResponse })
 * @ResponseModel(PostOut)
 * async *export() {
 *   for (const post of db.allPosts()) yield post;   // one PostOut per line
 * }
 * ```
 */
export class JSONLinesResponse extends ItemStreamResponse {
  /** The media type it sends, as the OpenAPI document names it. */
  static readonly mediaType = 'application/jsonl';

  constructor(source: ItemSource, init: ResponseInit = {}) {
    super(source, { ...init, mediaType: init.mediaType ?? JSONLinesResponse.mediaType }, 'JSONLinesResponse');
  }

  protected override encode(item: unknown, serialize: ItemSerializer | undefined): string {
    return `${serialize === undefined ? (JSON.stringify(item) ?? 'null') : serialize(item)}\n`;
  }
}
