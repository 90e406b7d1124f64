import type { FastifyReply } from 'fastify';
import { isHttpException } from '../http/http-exception';
import { RequestValidationError } from '../http/validation-error';
import type { RequestContext } from './context';
import { logError, sendInternalError } from './errors';
import { fromException } from './merge';
import type { RoutePlan } from './plan';
import { writeResponse } from './write';

/**
 * Resolves the route method's arguments and calls it: what it returned, or a promise of it when a
 * dependency was asynchronous. Input problems are a 422 before the method runs. Shared by the route
 * handler and the middleware chain; it makes no closure unless the arguments are a promise.
 */
export function invoke(plan: RoutePlan, ctx: RequestContext): unknown {
  const args = plan.args(ctx);
  return args instanceof Promise ? args.then((resolved) => call(plan, ctx, resolved)) : call(plan, ctx, args);
}

function call(plan: RoutePlan, ctx: RequestContext, args: unknown[]): unknown {
  if (ctx.issues !== undefined) throw new RequestValidationError(ctx.issues);
  return plan.handler.apply(plan.instance, args);
}

/**
 * How a route's Fastify handler ends when something threw: an `HttpException` is rule 3's answer
 * (with what was set on `res`), anything else a logged 500 that drops it, and an error after the
 * reply went out only a log line.
 */
export async function fail(ctx: RequestContext, error: unknown, plan: RoutePlan): Promise<FastifyReply> {
  const { request, reply } = ctx;
  if (reply.sent) {
    logError(request, error, 'Error after the reply was sent', plan.label);
    return reply;
  }
  if (!isHttpException(error)) return sendInternalError(request, reply, error, plan.label);
  try {
    await writeResponse(reply, request, fromException(error, ctx), plan.cookies);
  } catch (writeError) {
    return sendInternalError(request, reply, writeError, plan.label);
  }
  return reply;
}
