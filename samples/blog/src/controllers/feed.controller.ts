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
   * connection comes back with `Last-Event-ID` and gets what it missed. A first connection starts
   * from now.
   */
  @Get('/posts/events', { responseClass: EventSourceResponse, summary: 'New posts, live' })
  @ResponseModel(PostOut)
  async *events(@Header('last-event-id') lastEventId: string | undefined, @Signal() signal: AbortSignal) {
    let after = resumeFrom(lastEventId) ?? this.store.maxPostId();
    // Sent at once, so the client knows the stream is open before the first post.
    yield new ServerSentEvent({ retry: RETRY_MS });
    for (;;) {
      // Asked before reading, so a post added while this page is sent wakes the next round.
      const changed = this.store.feed.changed(signal);
      changed.catch(() => {});
      for (
        let page = this.store.postsAfter(after, PAGE);
        page.length > 0;
        page = this.store.postsAfter(after, PAGE)
      ) {
        for (const post of page) {
          yield new ServerSentEvent({ event: 'post', id: post.id, data: post });
          after = post.id;
        }
      }
      await changed;
    }
  }

  /** Every post, one JSON object per line, read from the database a page at a time at the client's pace. */
  @Get('/posts.jsonl', { responseClass: JSONLinesResponse, summary: 'All posts as JSON Lines' })
  @ResponseModel(PostOut)
  async *jsonLines() {
    for (
      let after = 0, page = this.store.postsAfter(0, PAGE);
      page.length > 0;
      page = this.store.postsAfter(after, PAGE)
    ) {
      for (const post of page) yield post;
      after = page[page.length - 1].id;
    }
  }
}

/** A Last-Event-ID this feed sent: a post id. Anything else starts from now. */
function resumeFrom(lastEventId: string | undefined): number | undefined {
  if (lastEventId === undefined || !/^\d{1,15}$/.test(lastEventId)) return undefined;
  return Number(lastEventId);
}
