import type { Response } from '../http/response';
import type { RequestContext } from './context';

/**
 * Runs the rest of the chain (inner middleware, then the handler and the response pipeline) and
 * resolves to the outgoing `Response`, also left in `ctx.response`. An `HttpException` thrown
 * inside is already rendered to that response (status, `{detail}`, headers); any other error
 * rejects, so that a middleware can catch it.
 */
export type Next = () => Promise<Response>;

/**
 * Code around every request of a route, with onion semantics: what runs before `await next()`
 * sees the request and the injected `Response` (`ctx.response`, shared with the handler and its
 * dependencies); what runs after sees the outgoing `Response` in `ctx.response` and can change its
 * headers and cookies, or return another `Response` to replace it. Not calling `next()` and
 * returning a `Response` (or setting `ctx.response`) answers early: the handler does not run.
 *
 * @example
 * ```ts
 * class Timing implements Middleware {
 *   async handle(ctx: RequestContext, next: Next) {
 *     const start = performance.now();
 *     await next();
 *     ctx.response.headers.set('Server-Timing', `app;dur=${(performance.now() - start).toFixed(1)}`);
 *   }
 * }
 * ```
 */
export interface Middleware {
  handle(ctx: RequestContext, next: Next): MiddlewareResult | Promise<MiddlewareResult>;
}

/** What `handle` gives back: nothing (keep `ctx.response`) or a `Response` that replaces it. */
// biome-ignore lint/suspicious/noConfusingVoidType: an async handle() that returns nothing is Promise<void>.
export type MiddlewareResult = Response | undefined | void;

/** A middleware class, built once per app through the app's `container` (or `new`). */
export type MiddlewareClass = new (...args: any[]) => Middleware;

/** What `createApp({ middleware })` and `@UseMiddleware(...)` take. */
export type MiddlewareEntry = Middleware | MiddlewareClass;
