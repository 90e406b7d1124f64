import type { FastifyRequest } from 'fastify';
import { BackgroundTasks } from './background-tasks';
import {
  type CookieOptions,
  type CookiePolicy,
  type DeleteCookieOptions,
  UNBOUND_COOKIE_POLICY,
  withCookieDefaults,
} from './cookie-options';
import { assertValidCookie } from './cookie-rules';
import { checkedHeaders, type HeadersInit } from './header-rules';
import { assertMediaType, withCharset } from './media-type';
import { kPayload, type Payload } from './payload';
import { assertResponseStatus } from './status';

export type { HeadersInit };

/** `init` of every response class. */
export interface ResponseInit {
  status?: number;
  headers?: HeadersInit;
  /** The Content-Type; `text/*` types get `; charset=utf-8`. */
  mediaType?: string;
  /** Tasks to run after this response has been sent. */
  background?: BackgroundTasks;
}

/** A cookie waiting to be written, as it was set. */
export interface PendingCookie {
  readonly name: string;
  readonly value: string;
  readonly options: CookieOptions;
  /** @internal The policy `setCookie` checked the cookie against, and the attributes it checked. */
  readonly policy?: CookiePolicy;
  /** @internal */
  readonly attributes?: Readonly<CookieOptions>;
}

/** A class of response that renders a handler's return value, as in `@Get('/', { responseClass: HTMLResponse })`. */
export type ResponseClass = new (content: any, init?: ResponseInit) => Response;

// Shared by every response without cookies: the getter runs on every write path.
const NO_COOKIES: readonly PendingCookie[] = Object.freeze([]);

/** The cookie policy a response checks `setCookie` against; the app binds its own to injected ones. */
export const kCookiePolicy: unique symbol = Symbol('arobase.cookiePolicy');

/**
 * A response: injected with `@Res()` (empty, to set status, headers and cookies while returning plain
 * data) or returned by a handler, directly or through a subclass such as `JSONResponse`.
 *
 * @example
 * ```ts
 * @Get('/posts/:id')
 * get(@Param('id') id: number, @Res() res: Response) {
 *   res.headers.set('Cache-Control', 'public, max-age=3600');
 *   res.setCookie('last_viewed_post', String(id), { maxAge: 86400 });
 *   return db.post(id);
 * }
 * ```
 */
export class Response {
  /**
   * The content sent as it is: a string, bytes or `null`. Data to serialise is returned by the
   * handler (the response model applies) or given to a `JSONResponse`; an object here is refused
   * when the response is sent (a logged 500), rather than sent past the model.
   */
  body: string | Uint8Array | null;
  /** Tasks run after this response has been sent (`init.background`). */
  background: BackgroundTasks | undefined;

  // Plain fields, not #private ones: a response is cloned per request before the pipeline merges
  // into it, and the Headers object is only built when someone asks for it.
  /** @internal */
  _headers: Headers | undefined;
  /**
   * @internal The content type while `headers` is not built: the first read of `headers` moves it
   * there, so it is only ever in one of the two, and a response that nobody asks about allocates no
   * Headers.
   */
  _mediaType: string | undefined;
  /** @internal */
  _cookies: PendingCookie[] | undefined;
  /** @internal Checked when set: see `status`. */
  _status: number | undefined;
  [kCookiePolicy]: CookiePolicy = UNBOUND_COOKIE_POLICY;

  constructor(body: string | Uint8Array | null = null, init: ResponseInit = {}) {
    this.body = body;
    if (init.status !== undefined) assertResponseStatus(init.status, new.target.name);
    this._status = init.status;
    if (init.mediaType !== undefined) assertMediaType(init.mediaType, new.target.name);
    this._mediaType = init.mediaType === undefined ? undefined : withCharset(init.mediaType);
    if (init.headers !== undefined) {
      this._headers = checkedHeaders(init.headers, new.target.name);
      // A content-type in `headers` wins over `mediaType`.
      if (this._mediaType !== undefined && !this._headers.has('content-type')) {
        this._headers.set('content-type', this._mediaType);
      }
      this._mediaType = undefined;
    }
    if (init.background !== undefined && !(init.background instanceof BackgroundTasks)) {
      throw new TypeError(`${new.target.name}: init.background must be a BackgroundTasks`);
    }
    this.background = init.background;
  }

  /**
   * The Content-Type: the `content-type` of `headers`, read and set through either. Setting a
   * text type (`text/*`) adds `; charset=utf-8` unless it names a charset; `undefined` removes it;
   * something that is not a media type throws a `TypeError` at once.
   */
  get mediaType(): string | undefined {
    return this._headers === undefined ? this._mediaType : (this._headers.get('content-type') ?? undefined);
  }

  set mediaType(mediaType: string | undefined) {
    if (mediaType !== undefined) assertMediaType(mediaType, 'Response.mediaType');
    const type = mediaType === undefined ? undefined : withCharset(mediaType);
    if (this._headers === undefined) this._mediaType = type;
    else if (type === undefined) this._headers.delete('content-type');
    else this._headers.set('content-type', type);
  }

  /**
   * The status; unset on an injected response, so the route's status applies. Setting anything but
   * an integer from 200 to 599 (or `undefined`) throws a `TypeError` at once, where the mistake is.
   */
  get status(): number | undefined {
    return this._status;
  }

  set status(status: number | undefined) {
    if (status !== undefined) assertResponseStatus(status, 'Response.status');
    this._status = status;
  }

  /**
   * The response headers: a WHATWG `Headers` whose `set` and `append` also refuse, with a
   * `TypeError`, any control character but tab in a name or value.
   */
  get headers(): Headers {
    if (this._headers === undefined) {
      this._headers = checkedHeaders();
      if (this._mediaType !== undefined) this._headers.set('content-type', this._mediaType);
      this._mediaType = undefined;
    }
    return this._headers;
  }

  /** Whether any header was set, without building the Headers object (a `mediaType` alone builds none). */
  get hasHeaders(): boolean {
    return this._headers !== undefined;
  }

  /** The cookies set so far, in call order. */
  get cookies(): readonly PendingCookie[] {
    return this._cookies ?? NO_COOKIES;
  }

  /**
   * Sets a cookie, sent as its own `Set-Cookie` line. Defaults: `Path=/`, `HttpOnly`, `Secure`,
   * `SameSite=Lax` (the app's `cookies.defaults` change them). Throws a `TypeError` at once for a
   * cookie a browser would reject or that would be weaker than its prefix promises.
   *
   * @example
   * ```ts
   * res.setCookie('session', token, { maxAge: 3600, signed: true });
   * ```
   */
  setCookie(name: string, value: string, options: CookieOptions = {}): this {
    const policy = this[kCookiePolicy];
    const effective = withCookieDefaults(policy.defaults, options);
    assertValidCookie(name, value, effective, policy.canSign);
    (this._cookies ??= []).push({ name, value, options, policy, attributes: effective });
    return this;
  }

  /**
   * Deletes a cookie in the browser: the same name, an empty value, `Max-Age=0` and an `Expires` in
   * 1970. Give the path and domain the cookie was set with, or the browser keeps it.
   *
   * @example
   * ```ts
   * res.deleteCookie('session');
   * ```
   */
  deleteCookie(name: string, options: DeleteCookieOptions = {}): this {
    return this.setCookie(name, '', { ...options, maxAge: 0, expires: new Date(0), signed: false });
  }

  /**
   * A copy that shares nothing mutable with this one: the pipeline merges into copies, so a
   * response kept in a constant and returned by many requests never carries one request's cookies
   * into another.
   */
  clone(): this {
    const copy: this = Object.assign(Object.create(Object.getPrototypeOf(this)), this);
    copy._headers = this._headers === undefined ? undefined : checkedHeaders(this._headers);
    copy._cookies = this._cookies?.slice();
    return copy;
  }

  /** @internal What goes on the wire for this request. */
  [kPayload](_request: FastifyRequest): Payload | Promise<Payload> {
    const body: unknown = this.body;
    if (typeof body === 'string' || body instanceof Uint8Array) return { body };
    if (body === null || body === undefined) return { body: null };
    throw new TypeError(
      `Response.body must be a string, bytes or null, got ${Array.isArray(body) ? 'an array' : typeof body}: ` +
        'return the data (the response model applies) or a JSONResponse',
    );
  }
}
