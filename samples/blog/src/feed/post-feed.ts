import { EventEmitter, once } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';

/** How often a waiting subscriber looks again on its own: posts another `--workers` process wrote. */
const POLL_MS = 2000;

/**
 * Tells live subscribers (`GET /posts/events`) that posts may have been added. It carries no data:
 * a subscriber reads what is new from the database, from the last id it sent, so a wake-up that
 * comes late or twice loses and repeats nothing.
 */
export class PostFeed {
  private readonly emitter = new EventEmitter();

  constructor(private readonly pollMs = POLL_MS) {
    // One listener per open stream: hundreds of readers are normal, not a leak.
    this.emitter.setMaxListeners(0);
  }

  /** Wakes every waiting subscriber (after a commit: they must be able to read the posts). */
  publish(): void {
    this.emitter.emit('posts');
  }

  /**
   * Resolves at the next `publish()` or after the poll interval; rejects with an `AbortError` as
   * soon as `signal` aborts (the client went away). Call it before reading, await it after, so a
   * post added in between is not missed.
   */
  async changed(signal: AbortSignal): Promise<void> {
    signal.throwIfAborted();
    const local = new AbortController();
    const stop = () => local.abort(signal.reason);
    signal.addEventListener('abort', stop, { once: true });
    await Promise.race([
      once(this.emitter, 'posts', { signal: local.signal }),
      sleep(this.pollMs, undefined, { signal: local.signal }),
    ]).finally(() => {
      // Whichever came first, the other wait is dropped with its listener.
      local.abort();
      signal.removeEventListener('abort', stop);
    });
  }
}
