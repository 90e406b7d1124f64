import type { Response } from '../http/response';
import { cleanUp } from './cleanup';
import type { RequestContext } from './context';
import { fromItems } from './merge';
import type { RoutePlan } from './plan';

/**
 * The answer of a route whose class streams items. A generator runs to its first item first (not
 * for HEAD, which never starts it), and the cleanups wait for the stream to end, since the
 * generator may use what the providers gave it until then.
 */
export async function streamedAnswer(
  result: unknown,
  ctx: RequestContext,
  plan: RoutePlan,
): Promise<Response> {
  if (isAsyncGenerator(result) && ctx.request.raw.method !== 'HEAD') {
    const source = await firstItem(result, ctx, plan.label, (failed, error) => cleanUp(ctx, failed, error));
    return fromItems(source, ctx, plan);
  }
  if (ctx.cleanups !== undefined) await cleanUp(ctx, false);
  return fromItems(result, ctx, plan);
}

/** What calling an `async *` method returns. */
export function isAsyncGenerator(value: unknown): value is AsyncGenerator<unknown, unknown, unknown> {
  return (
    value !== null &&
    typeof value === 'object' &&
    typeof (value as AsyncGenerator).next === 'function' &&
    typeof (value as AsyncGenerator).return === 'function' &&
    typeof (value as AsyncGenerator)[Symbol.asyncIterator] === 'function'
  );
}

/**
 * Runs a generator route up to its first item, so that what it set on `res` before then is sent
 * and an error before then is answered as any handler's error. Resolves to the source that gives
 * that item and the rest; `end` runs once the stream is over (done, failed, or closed unread or by
 * the client leaving) and hears the error, if any.
 */
export async function firstItem(
  generator: AsyncGenerator<unknown, unknown, unknown>,
  ctx: RequestContext,
  label: string,
  end: (failed: boolean, error?: unknown) => Promise<void>,
): Promise<AsyncIterableIterator<unknown>> {
  return new Resumed(await generator.next(), generator, ctx, label, end);
}

const DONE: IteratorResult<unknown, undefined> = Object.freeze({ done: true, value: undefined });

/**
 * The route's generator from its first item on. A plain iterator rather than another `async *`:
 * each item passes straight through, one `then` per item.
 */
class Resumed implements AsyncIterableIterator<unknown> {
  private first: IteratorResult<unknown, unknown> | undefined;
  private over = false;

  constructor(
    first: IteratorResult<unknown, unknown>,
    private readonly generator: AsyncGenerator<unknown, unknown, unknown>,
    private readonly ctx: RequestContext,
    private readonly label: string,
    private readonly end: (failed: boolean, error?: unknown) => Promise<void>,
  ) {
    this.first = first;
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  next(): Promise<IteratorResult<unknown, unknown>> {
    const first = this.first;
    if (first !== undefined) {
      this.first = undefined;
      return first.done ? this.finish(false).then(() => DONE) : Promise.resolve(first);
    }
    return this.generator.next().then(
      (step) => (step.done ? this.finish(false).then(() => DONE) : step),
      (error) => this.fail(error),
    );
  }

  /** Closed early (the client went away, a HEAD): the route's generator is closed, then the cleanups run. */
  return(): Promise<IteratorResult<unknown, unknown>> {
    return this.generator.return(undefined).then(
      () => this.finish(false).then(() => DONE),
      (error) => this.fail(error),
    );
  }

  private async fail(error: unknown): Promise<never> {
    // An abort because the client left (or the app is closing) is no error of the route.
    if (!this.ctx.gone) {
      this.ctx.request.log.error({ err: error, route: this.label }, 'Error in a stream after its first item');
    }
    await this.finish(true, error);
    throw error;
  }

  private async finish(failed: boolean, error?: unknown): Promise<void> {
    if (this.over) return;
    this.over = true;
    await this.end(failed, error).catch((standing: unknown) => {
      // The stream's own error comes back from the cleanups unless one of them replaced it.
      if (!failed || standing !== error) {
        this.ctx.request.log.error({ err: standing, route: this.label }, 'Error in a cleanup after a stream');
      }
    });
  }
}
