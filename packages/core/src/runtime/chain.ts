import { isHttpException } from '../http/http-exception';
import { Response } from '../http/response';
import { cleanedUp, cleanUp } from './cleanup';
import { RequestContext } from './context';
import { ignore } from './ignore';
import { invoke } from './invoke';
import { streamedAnswer } from './item-route';
import { fromEarlyAnswer, fromException, merge } from './merge';
import type { Middleware, Next } from './middleware';
import type { RoutePlan } from './plan';

/** One layer of the onion: resolves to the response it settled on, or rejects. */
type Step = (ctx: RequestContext) => Promise<Response>;

/**
 * The middleware around a route, composed once: per request each layer makes only its `next`
 * function. The route's answer always goes through the merge rules into a response of this
 * request's own, so that middleware can change it; the promise resolves to the outgoing response.
 */
export function composeChain(plan: RoutePlan, middleware: readonly Middleware[]): Step {
  let step = endpoint(plan);
  for (let depth = middleware.length - 1; depth >= 0; depth--) step = layer(middleware[depth], step, depth);
  return step;
}

/** The innermost layer: the route's own answer, an `HttpException` rendered so middleware sees it. */
function endpoint(plan: RoutePlan): Step {
  return async (ctx) => {
    try {
      let result = invoke(plan, ctx);
      if (result instanceof Promise) result = await result;
      if (plan.items && !(result instanceof Response)) return await streamedAnswer(result, ctx, plan);
      // Inside the middleware: what they see after next() is the answer after the cleanup.
      if (ctx.cleanups !== undefined) await cleanUp(ctx, false);
      const out = merge(result, ctx, plan);
      // A response returned as it is may be a shared constant: middleware must change a copy.
      return out === result ? out.clone() : out;
    } catch (caught) {
      const error = await cleanedUp(ctx, caught);
      if (!isHttpException(error)) throw error;
      return fromException(error, ctx);
    }
  };
}

/** A middleware around `inner`; `depth` counts from the outermost layer (0). */
function layer(middleware: Middleware, inner: Step, depth: number): Step {
  const name =
    middleware.constructor?.name && middleware.constructor !== Object
      ? middleware.constructor.name
      : 'middleware';
  return async (ctx) => {
    let called = false;
    let settled = false;
    let produced: Response | undefined;
    let done: Promise<Response> | undefined;
    const next: Next = () => {
      if (called) return Promise.reject(new Error(`${name}: next() was called more than once`));
      called = true;
      done = inner(ctx).then(
        (out) => {
          settled = true;
          produced = out;
          expose(ctx, depth, out);
          return out;
        },
        (error) => {
          settled = true;
          throw error;
        },
      );
      // Nobody may listen if the middleware answers without awaiting next(): keep the process up.
      done.catch(ignore);
      return done;
    };
    try {
      const result = await middleware.handle(ctx, next);
      if (result !== undefined && !(result instanceof Response)) {
        throw new TypeError(`${name}.handle() returned ${typeof result}: return a Response or nothing`);
      }
      if (result === undefined && called && !settled) {
        // next() was called but not awaited: the answer is not ready before the handler is done.
        await done;
      }
      const outgoing = result ?? ctx.outgoing;
      if (outgoing === undefined) {
        // next() failed and the middleware caught the error without answering: the error stands.
        if (called) await done;
        throw new Error(`${name}.handle() neither called next() nor answered with a Response`);
      }
      // A response the middleware gave (rather than the one next() produced) may be shared: copy it.
      const own =
        outgoing === produced ? outgoing : called ? ownCopy(outgoing, ctx) : fromEarlyAnswer(outgoing, ctx);
      return finish(ctx, depth, own);
    } catch (error) {
      if (!isHttpException(error)) {
        // Rule 3: an unexpected error drops what was answered so far.
        finish(ctx, depth, undefined);
        throw error;
      }
      return finish(ctx, depth, fromException(error, ctx));
    }
  };
}

/**
 * Leaves what layer `depth` got from next() in `ctx.response` for its middleware, unless that layer
 * or one around it has finished already: a middleware that did not await next() may have failed
 * or answered in the meantime, and a late answer from inside must not replace that (rule 3 holds
 * whatever the timing).
 */
function expose(ctx: RequestContext, depth: number, out: Response | undefined): void {
  if (depth < ctx.chainClosedAt) ctx.outgoing = out;
}

/** What layer `depth` settled on, in `ctx.response` for the layer around it; the layers inside are done. */
function finish<T extends Response | undefined>(ctx: RequestContext, depth: number, out: T): T {
  expose(ctx, depth, out);
  if (depth < ctx.chainClosedAt) ctx.chainClosedAt = depth;
  return out;
}

/** A replacement given after next() is sent as it is, but changed only as a copy. */
function ownCopy(response: Response, ctx: RequestContext): Response {
  return response === ctx.injected ? response : response.clone();
}
