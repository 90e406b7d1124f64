import type { FastifyReply, FastifyRequest } from 'fastify';
import { Response } from '../http/response';
import { createChainHandler } from './chain';
import { RequestContext } from './context';
import { fail, invoke } from './invoke';
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
  // thenable), as a hand-written handler that calls `reply.send` does. What waits goes to `settle`.
  return function arobaseRoute(request: FastifyRequest, reply: FastifyReply) {
    const ctx = new RequestContext(request, reply, cookies);
    let result: unknown;
    try {
      result = invoke(plan, ctx);
      if (plan.direct && !(result instanceof Promise) && !(result instanceof Response)) {
        writeData(reply, plan, ctx.injected, result, cookies);
        return undefined;
      }
    } catch (error) {
      return fail(ctx, error, plan);
    }
    return settle(plan, ctx, result);
  };
}

/** The rest of the route handler: a promise from the method, a returned `Response`, merged data. */
async function settle(plan: RoutePlan, ctx: RequestContext, pending: unknown): Promise<FastifyReply> {
  const { request, reply } = ctx;
  const { cookies } = plan;
  try {
    const result = pending instanceof Promise ? await pending : pending;
    if (result instanceof Response) {
      await writeResponse(reply, request, fromResponse(result, ctx, plan), cookies);
    } else if (plan.direct) {
      return writeData(reply, plan, ctx.injected, result, cookies);
    } else {
      await writeResponse(reply, request, fromData(result, ctx, plan), cookies);
    }
  } catch (error) {
    return fail(ctx, error, plan);
  }
  return reply;
}
