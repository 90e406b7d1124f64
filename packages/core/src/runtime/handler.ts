import type { FastifyReply, FastifyRequest } from 'fastify';
import { Response } from '../http/response';
import { createChainHandler } from './chain';
import { cleanedUp, cleanUp } from './cleanup';
import { RequestContext } from './context';
import { fail, invoke } from './invoke';
import { streamedAnswer } from './item-route';
import { fromData, fromResponse } from './merge';
import type { RoutePlan } from './plan';
import { writeResponse } from './write';
import { writeData } from './write-data';

/**
 * The Fastify handler of one route. Everything it needs was computed in the plan; per request it
 * resolves the arguments, calls the method and writes what comes back.
 */
export function createRouteHandler(plan: RoutePlan) {
  // Middleware gets a handler of its own, so that a route without any keeps this one as it is.
  if (plan.middleware.length > 0) return createChainHandler(plan, plan.middleware);
  const { cookies } = plan;

  // Not async: plain data from a method that did not wait is written in the same call and the
  // handler returns nothing, so Fastify has no promise to await (and no reply to adopt as a
  // thenable), as a hand-written handler that calls `reply.send` does. What waits goes to `settle`,
  // and so does a route with a provider to clean up before the answer is written.
  return function arobaseRoute(request: FastifyRequest, reply: FastifyReply) {
    const ctx = new RequestContext(request, reply, cookies);
    let result: unknown;
    try {
      result = invoke(plan, ctx);
      if (
        plan.direct &&
        !(result instanceof Promise) &&
        !(result instanceof Response) &&
        ctx.cleanups === undefined
      ) {
        writeData(reply, plan, ctx.injected, result, cookies);
        if (ctx.background !== undefined) plan.background.schedule(ctx, undefined);
        return undefined;
      }
    } catch (error) {
      if (ctx.cleanups !== undefined)
        return cleanedUp(ctx, error).then((standing) => fail(ctx, standing, plan));
      return fail(ctx, error, plan);
    }
    return settle(plan, ctx, result);
  };
}

/**
 * The rest of the route handler: a promise from the method, the cleanups, a stream of items, a
 * returned `Response`, merged data; then the background tasks once the answer is over.
 */
async function settle(plan: RoutePlan, ctx: RequestContext, pending: unknown): Promise<FastifyReply> {
  const { request, reply } = ctx;
  const { cookies } = plan;
  let out: Response | undefined;
  try {
    const result = pending instanceof Promise ? await pending : pending;
    if (plan.items && !(result instanceof Response)) {
      out = await streamedAnswer(result, ctx, plan);
    } else {
      // After the handler, before the answer is written: cleanup may still set headers on `res`.
      if (ctx.cleanups !== undefined) await cleanUp(ctx, false);
      if (result instanceof Response) {
        out = fromResponse(result, ctx, plan);
      } else if (plan.direct) {
        writeData(reply, plan, ctx.injected, result, cookies);
        if (ctx.background !== undefined) plan.background.schedule(ctx, undefined);
        return reply;
      } else {
        out = fromData(result, ctx, plan);
      }
    }
    await writeResponse(reply, request, out, cookies);
  } catch (error) {
    return fail(ctx, await cleanedUp(ctx, error), plan);
  }
  plan.streams.track(ctx, out);
  plan.background.schedule(ctx, out);
  return reply;
}
