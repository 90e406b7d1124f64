import {
  Controller,
  EventSourceResponse,
  Get,
  Header,
  JSONLinesResponse,
  ResponseModel,
  ServerSentEvent,
  Signal,
} from '@arobase/core';
import { newPosts } from '../db/post-stream';
import type { BlogStore } from '../db/store';
import { PostOut } from '../models/post';

const PAGE = 100;
/** How long a browser waits before reconnecting after the stream drops. */
const RETRY_MS = 3000;

/** The posts as a live feed (server-sent events) and as an export (JSON Lines), each through PostOut. */
@Controller()
export class FeedController {
  constructor(private readonly store: BlogStore) {}

  /**
   * Every new post as an `event: post`, with the post id as the event id: a client that lost the
   * connection comes back with `Last-Event-ID` and gets what it missed first. A first connection
   * starts from now. Posts any process or instance writes are heard (see `newPosts`).
   */
  @Get('/posts/events', { responseClass: EventSourceResponse, summary: 'New posts, live' })
  @ResponseModel(PostOut)
  async *events(@Header('last-event-id') lastEventId: string | undefined, @Signal() signal: AbortSignal) {
    // Sent at once, so the client knows the stream is open before the first post.
    yield new ServerSentEvent({ retry: RETRY_MS });
    for await (const post of newPosts(this.store, { after: resumeFrom(lastEventId), signal })) {
      yield new ServerSentEvent({ event: 'post', id: post.id, data: post });
    }
  }

  /** Every post, one JSON object per line, read from the database a page at a time at the client's pace. */
  @Get('/posts.jsonl', { responseClass: JSONLinesResponse, summary: 'All posts as JSON Lines' })
  @ResponseModel(PostOut)
  async *jsonLines() {
    for (let page = await this.store.postsAfter(0, PAGE); page.length > 0; ) {
      yield* page;
      page = await this.store.postsAfter(page[page.length - 1].id, PAGE);
    }
  }
}

/** A Last-Event-ID this feed sent: a post id. Anything else starts from now. */
function resumeFrom(lastEventId: string | undefined): number | undefined {
  if (lastEventId === undefined || !/^\d{1,15}$/.test(lastEventId)) return undefined;
  return Number(lastEventId);
}
