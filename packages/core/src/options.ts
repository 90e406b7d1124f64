import type { FastifyServerOptions } from 'fastify';
import type { CookieOptions } from './http/cookie-options';
import type { ResponseClass } from './http/response';
import type { OpenAPIOptions } from './openapi/options';
import type { MiddlewareEntry } from './runtime/middleware';

/** Builds controllers and providers: tsyringe's, typedi's or inversify's container fit. */
export interface Container {
  get<T>(cls: new (...args: any[]) => T): T;
}

/** Options of the `arobase` plugin. */
export interface ArobaseOptions {
  /** Controller classes, each with `@Controller()`. */
  controllers: Function[];
  /** A path before every route: `/api`. */
  prefix?: string;
  /** Builds controllers and providers; without one, `new Cls()`. */
  container?: Container;
  cookies?: {
    /** Signs cookies set with `{ signed: true }` and verifies `@Cookie(name, { signed: true })`. An array rotates keys: the first signs. */
    secret?: string | string[];
    /** Replace the secure defaults (`Path=/; HttpOnly; Secure; SameSite=Lax`) attribute by attribute. */
    defaults?: CookieOptions;
  };
  /**
   * Middleware around every route of these controllers, outermost first; a controller's and a
   * route's own (`@UseMiddleware`) run inside them. A class is built through `container` (or `new`).
   */
  middleware?: readonly MiddlewareEntry[];
  /** Check returned values against the response model's class-validator rules: a failure is a 500 that leaks nothing. */
  validateResponse?: boolean;
  /** The response class of every route that names none (its controller's first). Default JSON. */
  defaultResponseClass?: ResponseClass;
  /**
   * The OpenAPI document and the docs page. `createApp` serves `/openapi.json` and `/docs` unless this is
   * `false`; the plugin serves nothing unless given it.
   */
  openapi?: false | OpenAPIOptions;
}

export type { OpenAPIOptions };

/** Options of `createApp`: the plugin's, plus the Fastify server's own. */
export interface CreateAppOptions extends ArobaseOptions {
  /** Passed to `Fastify()`: `logger`, `bodyLimit`, `trustProxy`, ... */
  fastify?: FastifyServerOptions;
}
