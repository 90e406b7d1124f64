import type { FastifyReply, FastifyRequest } from 'fastify';
import type { BackgroundTasks } from '../http/background-tasks';
import type { Response } from '../http/response';
import type { RequestContext } from './context';

/** Set on a reply answered with an unexpected 500: its background tasks do not run. */
export const kFailed: unique symbol = Symbol('arobase.failed');

/**
 * The background tasks of one app: each request's run once its response is over, and `idle()`
 * resolves when none is running, so that `app.close()` waits for them.
 */
export class BackgroundRunner {
  private readonly running = new Set<Promise<void>>();

  /** Runs the tasks of `ctx` (`@Background()`) then of `response` (`init.background`) once the response is over. */
  schedule(ctx: RequestContext, response: Response | undefined): void {
    const injected = ctx.background;
    const own = response?.background;
    // Not checked for emptiness here: a streaming generator may still add tasks while it runs.
    const lists: BackgroundTasks[] = [];
    if (injected !== undefined) lists.push(injected);
    if (own !== undefined && own !== injected) lists.push(own);
    if (lists.length === 0) return;
    const { request, reply } = ctx;
    // 'close' comes once the last byte is handed to the socket, or when the client went away first
    // (then it may have come already).
    if (reply.raw.closed) this.start(request, reply, lists);
    else reply.raw.once('close', () => this.start(request, reply, lists));
  }

  private start(request: FastifyRequest, reply: FastifyReply, lists: BackgroundTasks[]): void {
    if ((reply as unknown as Record<symbol, boolean>)[kFailed]) return;
    const run = (async () => {
      for (const tasks of lists) {
        await tasks.run((err, task) => request.log.error({ err, task }, 'Background task failed'));
      }
    })();
    this.running.add(run);
    run.finally(() => this.running.delete(run));
  }

  /** Resolves when no task is running, tasks started meanwhile included. */
  async idle(): Promise<void> {
    while (this.running.size > 0) await Promise.allSettled([...this.running]);
  }
}
