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

  return async function arobaseRoute(request: FastifyRequest, reply: FastifyReply) {
    const ctx = new RequestContext(request, reply, cookies);
    try {
      let result = invoke(plan, ctx);
      if (result instanceof Promise) result = await result;
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
  };
}
