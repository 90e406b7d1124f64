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
    if ((injected === undefined || injected.size === 0) && (own === undefined || own.size === 0)) return;
    const lists =
      injected === undefined || own === injected || own === undefined ? [injected ?? own!] : [injected, own];
    const { request, reply } = ctx;
    // 'close' comes once the last byte is handed to the socket, or when the client went away first.
    reply.raw.once('close', () => this.start(request, reply, lists));
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
