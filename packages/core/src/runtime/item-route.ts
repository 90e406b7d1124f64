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
 * and an error before then is answered as any handler's error. Resolves to the source that yields
 * that item and the rest; `end` runs once the stream is over (done, failed or closed by the client
 * leaving) and hears the error, if any. An error after the first item is logged here: the client
 * only sees the stream end.
 */
export async function firstItem(
  generator: AsyncGenerator<unknown, unknown, unknown>,
  ctx: RequestContext,
  label: string,
  end: (failed: boolean, error?: unknown) => Promise<void>,
): Promise<AsyncGenerator<unknown, void, unknown>> {
  const first = await generator.next();
  const source = rest(first, generator, ctx, label, end);
  // Run to its first (empty) yield: from there, closing it unread (a HEAD, a 204) still runs its
  // `finally`, so the route's generator and the cleanups are never left open.
  await source.next();
  return source;
}

async function* rest(
  first: IteratorResult<unknown, unknown>,
  generator: AsyncGenerator<unknown, unknown, unknown>,
  ctx: RequestContext,
  label: string,
  end: (failed: boolean, error?: unknown) => Promise<void>,
): AsyncGenerator<unknown, void, unknown> {
  let failed = false;
  let failure: unknown;
  try {
    yield undefined;
    if (first.done) return;
    yield first.value;
    yield* generator as AsyncGenerator<unknown, void, unknown>;
  } catch (error) {
    failed = true;
    failure = error;
    // An abort because the client left (or the app is closing) is no error of the route.
    if (!ctx.gone) {
      ctx.request.log.error({ err: error, route: label }, 'Error in a stream after its first item');
    }
    throw error;
  } finally {
    // Closed early (the client went away): close the route's generator too.
    await generator.return(undefined);
    await end(failed, failure).catch((error) => {
      // The stream's own error comes back from the cleanups unless one of them replaced it.
      if (!failed || error !== failure) {
        ctx.request.log.error({ err: error, route: label }, 'Error in a cleanup after a stream');
      }
    });
  }
}
