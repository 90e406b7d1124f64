import type { FastifyReply, FastifyRequest } from 'fastify';
import { Response } from '../http/response';
import { composeChain } from './chain';
import { cleanedUp, cleanUp } from './cleanup';
import { RequestContext } from './context';
import { fail } from './errors';
import { invoke } from './invoke';
import { streamedAnswer } from './item-route';
import { merge } from './merge';
import { noArguments, type RoutePlan } from './plan';
import { mergesIntoJson, writeJson, writeResponse } from './write';

/**
 * The Fastify handler of one route. Everything it needs was computed in the plan; per request it
 * resolves the arguments and calls the method (`invoke`), merges what came back with `res` and the
 * route's headers (`merge`) and writes the outgoing response (`write`). With middleware, the chain
 * runs the same steps inside its layers and hands back the response they settled on.
 */
export function createRouteHandler(plan: RoutePlan) {
  const { cookies } = plan;
  if (plan.middleware.length > 0) {
    const chain = composeChain(plan, plan.middleware);
    return async function arobaseRoute(request: FastifyRequest, reply: FastifyReply) {
      const ctx = new RequestContext(request, reply, cookies);
      let out: Response;
      try {
        out = await chain(ctx);
        await writeResponse(reply, request, out, cookies);
      } catch (error) {
        return fail(ctx, error, plan);
      }
      return tracked(plan, ctx, out);
    };
  }

  // Not async: an answer from a method that did not wait is written in the same call and the
  // handler returns nothing, so Fastify has no promise to await (and no reply to adopt as a
  // thenable), as a hand-written handler that calls `reply.send` does. What waits goes to `settle`.
  if (plan.args === noArguments) {
    // No parameter, so no `res`, dependency or input to read: the context is built only when the
    // answer needs more than the JSON text.
    return function arobaseRoute(request: FastifyRequest, reply: FastifyReply) {
      let result: unknown;
      try {
        result = plan.handler.call(plan.instance);
        if (!(result instanceof Promise) && sendsJson(plan, undefined, result)) {
          writeJson(reply, plan, result, undefined);
          return undefined;
        }
      } catch (error) {
        return fail(new RequestContext(request, reply, cookies), error, plan);
      }
      return answer(plan, new RequestContext(request, reply, cookies), result);
    };
  }

  return function arobaseRoute(request: FastifyRequest, reply: FastifyReply) {
    const ctx = new RequestContext(request, reply, cookies);
    let result: unknown;
    try {
      result = invoke(plan, ctx);
    } catch (error) {
      if (ctx.cleanups !== undefined)
        return cleanedUp(ctx, error).then((standing) => fail(ctx, standing, plan));
      return fail(ctx, error, plan);
    }
    return answer(plan, ctx, result);
  };
}

/** What the method returned, answered in the same call when it did not wait, else by `settle`. */
function answer(
  plan: RoutePlan,
  ctx: RequestContext,
  result: unknown,
): FastifyReply | Promise<FastifyReply> | undefined {
  // A provider to clean up runs before the answer is written, and items stream: `settle`'s.
  if (result instanceof Promise || ctx.cleanups !== undefined || plan.items) return settle(plan, ctx, result);
  try {
    if (sendsJson(plan, ctx.injected, result)) {
      sendJson(plan, ctx, result);
      return undefined;
    }
    const out = merge(result, ctx, plan);
    const writing = writeResponse(ctx.reply, ctx.request, out, plan.cookies);
    if (writing !== undefined) return finish(plan, ctx, out, writing);
    tracked(plan, ctx, out);
    return undefined;
  } catch (error) {
    return fail(ctx, error, plan);
  }
}

/** Plain JSON data with nothing to merge into a `Response` first: straight to the reply. */
function sendsJson(plan: RoutePlan, injected: Response | undefined, result: unknown): boolean {
  return plan.jsonHeaders !== undefined && !(result instanceof Response) && mergesIntoJson(injected);
}

/** The fast path's answer: the JSON text straight to the reply, then the request's background tasks. */
function sendJson(plan: RoutePlan, ctx: RequestContext, result: unknown): FastifyReply {
  const reply = writeJson(ctx.reply, plan, result, ctx.injected);
  if (ctx.background !== undefined) plan.background.schedule(ctx, undefined);
  return reply;
}

/**
 * The rest of the route handler: a promise from the method, the cleanups, a stream of items, a
 * returned `Response`, merged data; then the background tasks once the answer is over.
 */
async function settle(plan: RoutePlan, ctx: RequestContext, pending: unknown): Promise<FastifyReply> {
  const { request, reply } = ctx;
  let out: Response;
  try {
    const result = pending instanceof Promise ? await pending : pending;
    if (plan.items && !(result instanceof Response)) {
      out = await streamedAnswer(result, ctx, plan);
    } else {
      // After the handler, before the answer is written: cleanup may still set headers on `res`.
      if (ctx.cleanups !== undefined) await cleanUp(ctx, false);
      if (sendsJson(plan, ctx.injected, result)) {
        return sendJson(plan, ctx, result);
      }
      out = merge(result, ctx, plan);
    }
    await writeResponse(reply, request, out, plan.cookies);
  } catch (error) {
    return fail(ctx, await cleanedUp(ctx, error), plan);
  }
  return tracked(plan, ctx, out);
}

/** A response whose body had to be opened first (a file): written once it is, then as `settle`. */
async function finish(
  plan: RoutePlan,
  ctx: RequestContext,
  out: Response,
  writing: Promise<void>,
): Promise<FastifyReply> {
  try {
    await writing;
  } catch (error) {
    return fail(ctx, error, plan);
  }
  return tracked(plan, ctx, out);
}

/** After the answer is written: its stream watched for the app's close, then the background tasks. */
function tracked(plan: RoutePlan, ctx: RequestContext, out: Response): FastifyReply {
  plan.streams.track(ctx, out);
  plan.background.schedule(ctx, out);
  return ctx.reply;
}
