import type { FastifyReply, FastifyRequest } from 'fastify';
import { BackgroundTasks } from '../http/background-tasks';
import type { CookiePolicy } from '../http/cookie-options';
import { kCookiePolicy, Response } from '../http/response';
import type { ValidationIssue } from '../http/validation-error';

/** What a provider whose `resolve` is a generator left suspended at its `yield`. */
export type Cleanup = Generator<unknown, unknown, unknown> | AsyncGenerator<unknown, unknown, unknown>;

/**
 * Everything one request owns: its injected `Response`, the values its dependencies resolved, and
 * the input problems found so far. Nothing in it outlives the request or is shared with another.
 * Function providers and middleware receive it as `ctx`.
 *
 * @example
 * ```ts
 * const tenant = (ctx: RequestContext) => ctx.request.headers['x-tenant'] ?? 'public';
 * list(@Depends(tenant) tenant: string) { ... }
 * ```
 */
export class RequestContext {
  readonly request: FastifyRequest;
  readonly reply: FastifyReply;
  /** @internal Input problems, gathered across parameters so that a 422 lists them all. */
  issues: ValidationIssue[] | undefined = undefined;
  /** @internal Dependency values of this request, by provider. */
  cache: Map<unknown, unknown> | undefined = undefined;
  /** @internal Providers suspended at their `yield`, in the order they were created. */
  cleanups: Cleanup[] | undefined = undefined;
  private _injected: Response | undefined = undefined;
  /** @internal The outgoing response, once the handler or a middleware has answered. */
  outgoing: Response | undefined = undefined;
  /**
   * @internal The depth of the outermost middleware layer that has finished: layers inside it may
   * still be running (a middleware need not await next()), but what they settle on is dropped.
   */
  chainClosedAt = Number.POSITIVE_INFINITY;
  private readonly cookies: CookiePolicy;
  private _background: BackgroundTasks | undefined = undefined;
  private _abort: AbortController | undefined = undefined;

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

  /** @internal The tasks `@Background()` injects, built on first use. */
  backgroundTasks(): BackgroundTasks {
    return (this._background ??= new BackgroundTasks());
  }

  /** @internal The injected tasks if anyone asked for them. */
  get background(): BackgroundTasks | undefined {
    return this._background;
  }

  /**
   * @internal The signal `@Signal()` injects: aborted when the connection closes before the
   * response has been written whole.
   */
  signal(): AbortSignal {
    if (this._abort === undefined) {
      const abort = new AbortController();
      this._abort = abort;
      const raw = this.reply.raw;
      if (raw.destroyed && !raw.writableFinished) abort.abort();
      else
        raw.once('close', () => {
          if (!raw.writableFinished) abort.abort();
        });
    }
    return this._abort.signal;
  }

  /**
   * @internal Aborts the signal because the server ends the response early (the app is closing),
   * so that a generator waiting on it stops too.
   */
  abort(reason: string): void {
    this._abort?.abort(new Error(reason));
  }

  /** @internal Whether the response ended early: the client went away, or the server cut it. */
  get gone(): boolean {
    const raw = this.reply.raw;
    return this._abort?.signal.aborted === true || (raw.destroyed && !raw.writableFinished);
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
