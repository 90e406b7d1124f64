import { RequestValidationError } from '../http/validation-error';
import type { RequestContext } from './context';
import type { RoutePlan } from './plan';

/**
 * Resolves the route method's arguments and calls it: what it returned, or a promise of it when a
 * dependency was asynchronous. Input problems are a 422 before the method runs. It makes no closure
 * unless the arguments are a promise.
 */
export function invoke(plan: RoutePlan, ctx: RequestContext): unknown {
  const args = plan.args(ctx);
  return args instanceof Promise ? args.then((resolved) => call(plan, ctx, resolved)) : call(plan, ctx, args);
}

function call(plan: RoutePlan, ctx: RequestContext, args: unknown[]): unknown {
  if (ctx.issues !== undefined) throw new RequestValidationError(ctx.issues);
  return plan.handler.apply(plan.instance, args);
}
