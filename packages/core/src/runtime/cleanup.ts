import type { Cleanup, RequestContext } from './context';

/**
 * Resumes every suspended provider, last created first: with `next()` when the handler succeeded,
 * with `throw(error)` at its `yield` when it failed. An error of a cleanup replaces the one before
 * (it is what the client is answered with); a provider that swallows the handler's error does not
 * turn the failure into a success. Resolves when all are done, rejects with the error that stands.
 */
export async function cleanUp(ctx: RequestContext, failed: boolean, error?: unknown): Promise<void> {
  const pending = ctx.cleanups;
  if (pending === undefined) {
    if (failed) throw error;
    return;
  }
  ctx.cleanups = undefined;
  for (let i = pending.length - 1; i >= 0; i--) {
    const generator = pending[i];
    try {
      const step = await (failed ? generator.throw(error) : generator.next());
      if (!step.done) {
        await generator.return(undefined);
        throw new TypeError('a provider whose resolve() is a generator must yield exactly once');
      }
    } catch (cause) {
      failed = true;
      error = cause;
    }
  }
  if (failed) throw error;
}

/** After a failure: the error that stands once every provider has heard it. */
export async function cleanedUp(ctx: RequestContext, error: unknown): Promise<unknown> {
  if (ctx.cleanups === undefined) return error;
  return cleanUp(ctx, true, error).then(
    () => error,
    (standing: unknown) => standing,
  );
}

/**
 * Starts a provider whose `resolve` is a generator: it is kept for `cleanUp` (first, so that even a
 * failure before its `yield` is heard), and what it yields is the value injected.
 */
export function enter(ctx: RequestContext, generator: Cleanup, provider: string): unknown {
  (ctx.cleanups ??= []).push(generator);
  const step = generator.next();
  return step instanceof Promise ? step.then((s) => yielded(s, provider)) : yielded(step, provider);
}

function yielded(step: IteratorResult<unknown, unknown>, provider: string): unknown {
  if (step.done) throw new TypeError(`${provider}.resolve() ended without yielding the value to inject`);
  return step.value;
}

/** `function*` or `async function*`: a provider whose `resolve` cleans up after the handler. */
export function isGeneratorFunction(fn: unknown): boolean {
  const tag = Object.prototype.toString.call(fn);
  return tag === '[object GeneratorFunction]' || tag === '[object AsyncGeneratorFunction]';
}
