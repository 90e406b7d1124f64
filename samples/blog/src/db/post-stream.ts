import type { BlogStore, PostRow } from './store';

const CATCH_UP_BATCH = 100;

/** Options of `newPosts`. */
export interface NewPostsOptions {
  /** Start after this id (a client's `Last-Event-ID`): the posts it missed come first. Default: only new ones. */
  after?: number;
  /** Ends the stream (the client went away: `@Signal()`). */
  signal?: AbortSignal;
}

/**
 * The posts created by any process on the store's database, as an async iterable: first those after
 * `options.after`, then each new one as it is written, each once, in id order. What an SSE route
 * yields from; returning from the loop or aborting the signal unsubscribes.
 *
 * @example
 * ```ts
 * for await (const post of newPosts(store, { after: Number(lastEventId), signal })) {
 *   yield new ServerSentEvent({ id: String(post.id), event: 'post', data: post });
 * }
 * ```
 */
export async function* newPosts(store: BlogStore, options: NewPostsOptions = {}): AsyncGenerator<PostRow> {
  const { signal } = options;
  if (signal?.aborted) return;
  const queue: PostRow[] = [];
  let wake: (() => void) | undefined;
  const notify = () => {
    wake?.();
    wake = undefined;
  };
  // Subscribe before catching up, so nothing written in between is lost; ids already sent are skipped.
  const stop = store.onNewPost((post) => {
    queue.push(post);
    notify();
  });
  signal?.addEventListener('abort', notify, { once: true });
  try {
    let last = options.after ?? Number.POSITIVE_INFINITY;
    if (options.after !== undefined) {
      for (;;) {
        const missed = await store.postsAfter(last, CATCH_UP_BATCH);
        for (const post of missed) {
          if (signal?.aborted) return;
          last = post.id;
          yield post;
        }
        if (missed.length < CATCH_UP_BATCH) break;
      }
    }
    for (;;) {
      while (queue.length > 0) {
        const post = queue.shift()!;
        if (signal?.aborted) return;
        if (last !== Number.POSITIVE_INFINITY && post.id <= last) continue;
        last = post.id;
        yield post;
      }
      if (signal?.aborted) return;
      await new Promise<void>((resolve) => {
        wake = resolve;
      });
    }
  } finally {
    stop();
    signal?.removeEventListener('abort', notify);
  }
}
