import type { PostRow } from './store';

const BATCH = 100;

/**
 * Hears posts that any process writes to the database, by reading rows newer than the last id seen:
 * a feed that only heard its own process would miss what another worker or instance created. One
 * poll runs per process while anyone listens, whatever the number of listeners; `wake()` (PostgreSQL's
 * NOTIFY) reads at once instead of waiting for the next tick. A post created under an explicit id
 * lower than the newest (PUT to an old id) is not "new" here.
 */
export class NewPostFeed {
  private readonly listeners = new Set<(post: PostRow) => void>();
  private lastId: Promise<number> | undefined;
  private timer: NodeJS.Timeout | undefined;
  private reading: Promise<void> | undefined;
  private again = false;

  constructor(
    private readonly source: {
      latestId(): Promise<number>;
      postsAfter(afterId: number, limit: number): Promise<PostRow[]>;
    },
    private readonly intervalMs: number,
    private readonly onError: (error: unknown) => void,
  ) {}

  subscribe(listener: (post: PostRow) => void): () => void {
    this.listeners.add(listener);
    if (this.timer === undefined) {
      this.lastId ??= this.source.latestId();
      this.timer = setInterval(() => this.wake(), this.intervalMs);
      this.timer.unref();
    }
    return () => {
      this.listeners.delete(listener);
      if (this.listeners.size === 0) this.stop();
    };
  }

  /** Reads new rows now; a wake during a read reads once more after it. */
  wake(): void {
    if (this.listeners.size === 0) return;
    if (this.reading !== undefined) {
      this.again = true;
      return;
    }
    this.reading = this.read()
      .catch(this.onError)
      .finally(() => {
        this.reading = undefined;
        if (this.again) {
          this.again = false;
          this.wake();
        }
      });
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
    this.lastId = undefined;
  }

  private async read(): Promise<void> {
    if (this.lastId === undefined) return;
    let last = await this.lastId;
    for (;;) {
      const posts = await this.source.postsAfter(last, BATCH);
      for (const post of posts) {
        last = post.id;
        for (const listener of this.listeners) listener(post);
      }
      if (this.timer !== undefined) this.lastId = Promise.resolve(last);
      if (posts.length < BATCH) return;
    }
  }
}
