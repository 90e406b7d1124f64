import type { FastifyReply, FastifyRequest } from 'fastify';
import { Response } from '../http/response';
import { composeChain } from './chain';
import { RequestContext } from './context';
import { fail } from './errors';
import { invoke } from './invoke';
import { merge } from './merge';
import type { RoutePlan } from './plan';
import { writeJson, writeResponse } from './write';

/**
 * The Fastify handler of one route. Everything it needs was computed in the plan; per request it
 * resolves the arguments and calls the method (`invoke`), merges what came back with `res` and the
 * route's headers (`merge`) and writes the outgoing response (`write`). With middleware, the chain
 * runs the same steps inside its layers and hands back the response they settled on.
 */
export function createRouteHandler(plan: RoutePlan) {
  const { cookies, jsonHeaders } = plan;
  const chain = plan.middleware.length > 0 ? composeChain(plan, plan.middleware) : undefined;

  return async function arobaseRoute(request: FastifyRequest, reply: FastifyReply) {
    const ctx = new RequestContext(request, reply, cookies);
    try {
      let outgoing: Response;
      if (chain === undefined) {
        let result = invoke(plan, ctx);
        if (result instanceof Promise) result = await result;
        // Plain JSON data and no `res` to merge: nothing to build, straight to the reply.
        if (jsonHeaders !== undefined && ctx.injected === undefined && !(result instanceof Response)) {
          return writeJson(reply, plan, jsonHeaders, result);
        }
        outgoing = merge(result, ctx, plan);
      } else {
        outgoing = await chain(ctx);
      }
      await writeResponse(reply, request, outgoing, cookies);
    } catch (error) {
      return fail(ctx, error, plan);
    }
    return reply;
  };
}
