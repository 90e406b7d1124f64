import { HttpException } from '../http/http-exception';
import { Response } from '../http/response';
import { RequestContext } from './context';
import { ignore } from './ignore';
import { invoke } from './invoke';
import { fromEarlyAnswer, fromException, merge } from './merge';
import type { Middleware, Next } from './middleware';
import type { RoutePlan } from './plan';

/** One layer of the onion: leaves the outgoing response in `ctx.outgoing`, or rejects. */
type Step = (ctx: RequestContext) => Promise<void>;

/**
 * The middleware around a route, composed once: per request each layer makes only its `next`
 * function. The route's answer always goes through the merge rules into a response of this
 * request's own, so that middleware can change it; the promise resolves to the outgoing response.
 */
export function composeChain(plan: RoutePlan, middleware: readonly Middleware[]) {
  let step = endpoint(plan);
  for (let i = middleware.length - 1; i >= 0; i--) step = layer(middleware[i], step);
  return async (ctx: RequestContext): Promise<Response> => {
    await step(ctx);
    return ctx.outgoing!;
  };
}

/** The innermost layer: the route's own answer, an `HttpException` rendered so middleware sees it. */
function endpoint(plan: RoutePlan): Step {
  return async (ctx) => {
    try {
      let result = invoke(plan, ctx);
      if (result instanceof Promise) result = await result;
      const out = merge(result, ctx, plan);
      // A response returned as it is may be a shared constant: middleware must change a copy.
      ctx.outgoing = out === result ? out.clone() : out;
    } catch (error) {
      if (!(error instanceof HttpException)) throw error;
      ctx.outgoing = fromException(error, ctx);
    }
  };
}

function layer(middleware: Middleware, inner: Step): Step {
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
        () => {
          settled = true;
          return (produced = ctx.outgoing!);
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
      if (result !== undefined) {
        if (!(result instanceof Response)) {
          throw new TypeError(`${name}.handle() returned ${typeof result}: return a Response or nothing`);
        }
        ctx.outgoing = result;
      } else if (called && !settled) {
        // next() was called but not awaited: the answer is not ready before the handler is done.
        await done;
      }
      const outgoing = ctx.outgoing;
      if (outgoing === undefined) {
        // next() failed and the middleware caught the error without answering: the error stands.
        if (called) await done;
        throw new Error(`${name}.handle() neither called next() nor answered with a Response`);
      }
      // A response the middleware gave (rather than the one next() produced) may be shared: copy it.
      if (outgoing !== produced)
        ctx.outgoing = called ? ownCopy(outgoing, ctx) : fromEarlyAnswer(outgoing, ctx);
    } catch (error) {
      if (!(error instanceof HttpException)) {
        // Rule 3: an unexpected error drops what was answered so far.
        ctx.outgoing = undefined;
        throw error;
      }
      ctx.outgoing = fromException(error, ctx);
    }
  };
}

/** A replacement given after next() is sent as it is, but changed only as a copy. */
function ownCopy(response: Response, ctx: RequestContext): Response {
  return response === ctx.injected ? response : response.clone();
}
