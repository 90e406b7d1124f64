import type { FastifyReply, FastifyRequest } from 'fastify';
import type { CookiePolicy } from '../http/cookie-options';
import { kCookiePolicy, Response } from '../http/response';
import type { ValidationIssue } from '../http/validation-error';

/**
 * Everything one request owns: its injected `Response`, the values its dependencies resolved, and
 * the input problems found so far. Nothing in it outlives the request or is shared with another.
 * Function providers and middleware receive it as `ctx`.
 */
export class RequestContext {
  readonly request: FastifyRequest;
  readonly reply: FastifyReply;
  /** @internal Input problems, gathered across parameters so that a 422 lists them all. */
  issues: ValidationIssue[] | undefined = undefined;
  /** @internal Dependency values of this request, by provider. */
  cache: Map<unknown, unknown> | undefined = undefined;
  private _injected: Response | undefined = undefined;
  /** @internal The outgoing response, once the handler or a middleware has answered. */
  outgoing: Response | undefined = undefined;
  /**
   * @internal The depth of the outermost middleware layer that has finished: layers inside it may
   * still be running (a middleware need not await next()), but what they settle on is dropped.
   */
  chainClosedAt = Number.POSITIVE_INFINITY;
  private readonly cookies: CookiePolicy;

  constructor(request: FastifyRequest, reply: FastifyReply, cookies: CookiePolicy) {
    this.request = request;
    this.reply = reply;
    this.cookies = cookies;
  }

  /**
   * This request's `Response`: the one `@Res()` injects, shared by the handler, its dependencies
   * and middleware. Once the handler has answered (in a middleware, after `await next()`), the
   * outgoing response. A middleware assigns it to answer early or to replace the outgoing response.
   */
  get response(): Response {
    return this.outgoing ?? this.injectedResponse();
  }

  set response(response: Response) {
    if (!(response instanceof Response)) {
      throw new TypeError('ctx.response takes a Response (JSONResponse, RedirectResponse, ...)');
    }
    this.outgoing = response;
  }

  /** @internal The injected response, built on first use so that a route that never asks pays nothing. */
  injectedResponse(): Response {
    if (this._injected === undefined) {
      this._injected = new Response();
      this._injected[kCookiePolicy] = this.cookies;
    }
    return this._injected;
  }

  /** @internal The injected response if anyone asked for it. */
  get injected(): Response | undefined {
    return this._injected;
  }

  /** @internal */
  addIssue(issue: ValidationIssue): void {
    (this.issues ??= []).push(issue);
  }
}
