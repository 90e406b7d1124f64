import type { RequestContext } from './context';

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
  return rest(first, generator, ctx, label, end);
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
    if (first.done) return;
    yield first.value;
    yield* generator as AsyncGenerator<unknown, void, unknown>;
  } catch (error) {
    failed = true;
    failure = error;
    // An abort because the client left is no error of the route.
    if (!ctx.reply.raw.destroyed || ctx.reply.raw.writableFinished) {
      ctx.request.log.error({ err: error, route: label }, 'Error in a stream after its first item');
    }
    throw error;
  } finally {
    // Closed early (the client went away): close the route's generator too.
    await generator.return(undefined);
    await end(failed, failure).catch((error) =>
      ctx.request.log.error({ err: error, route: label }, 'Error in a cleanup after a stream'),
    );
  }
}

/** The response model's serializer for the items of a stream, logging the item it refuses before the stream ends. */
export function loggedSerializer(
  serialize: (value: unknown) => string,
  ctx: RequestContext,
  label: string,
): (value: unknown) => string {
  return (value) => {
    try {
      return serialize(value);
    } catch (error) {
      ctx.request.log.error({ err: error, route: label }, 'A streamed item failed its response model');
      throw error;
    }
  };
}
