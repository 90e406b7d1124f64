import type { FastifyReply, FastifyRequest } from 'fastify';
import type { RoutePlan } from '../compile/route-plan';
import { HttpException } from '../http/http-exception';
import { JSON_MEDIA_TYPE } from '../http/media-type';
import { Response } from '../http/response';
import { RequestValidationError } from '../http/validation-error';
import { createChainHandler } from './chain';
import { RequestContext } from './context';
import { sendInternalError } from './errors';
import { fromData, fromException, fromResponse } from './merge';
import { writeResponse } from './write';
import { writeData } from './write-data';

/**
 * The Fastify handler of one route. Everything it needs was computed in the plan; per request it
 * resolves the arguments, calls the method and writes what comes back.
 */
export function createRouteHandler(plan: RoutePlan) {
  // Middleware gets a handler of its own, so that a route without any keeps this one as it is.
  if (plan.middleware.length > 0) return createChainHandler(plan, plan.middleware);
  const { instance, handler, args: resolveArgs, cookies } = plan;

  return async function arobaseRoute(request: FastifyRequest, reply: FastifyReply) {
    const ctx = new RequestContext(request, reply, cookies);
    try {
      let args = resolveArgs(ctx);
      if (args instanceof Promise) args = await args;
      if (ctx.issues !== undefined) throw new RequestValidationError(ctx.issues);
      let result = handler.apply(instance, args);
      if (result instanceof Promise) result = await result;

      if (!(result instanceof Response)) {
        if (plan.direct) {
          const injected = ctx.injected;
          if (injected === undefined) {
            // Nothing to merge: the JSON text goes straight out, as hand-written Fastify would send it.
            return reply
              .code(plan.status ?? 200)
              .type(JSON_MEDIA_TYPE)
              .send(plan.serialize(result));
          }
          return writeData(reply, plan, injected, result, cookies);
        }
        await writeResponse(reply, request, fromData(result, ctx, plan), cookies);
      } else {
        await writeResponse(reply, request, fromResponse(result, ctx, plan), cookies);
      }
    } catch (error) {
      if (reply.sent) {
        request.log.error({ err: error, route: plan.label }, 'Error after the reply was sent');
        return reply;
      }
      if (!(error instanceof HttpException)) return sendInternalError(request, reply, error, plan.label);
      try {
        await writeResponse(reply, request, fromException(error, ctx), cookies);
      } catch (writeError) {
        return sendInternalError(request, reply, writeError, plan.label);
      }
    }
    return reply;
  };
}
