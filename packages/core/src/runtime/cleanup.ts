import type { RequestContext } from './context';

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
