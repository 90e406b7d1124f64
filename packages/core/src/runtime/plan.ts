import type { CookiePolicy } from '../http/cookie-options';
import type { HttpMethod } from '../http/method';
import type { PendingCookie, ResponseClass } from '../http/response';
import type { ResponseModelMetadata } from '../models/output/model-options';
import type { ModelFilter, ModelSerializer } from '../models/output/model-serializer';
import type { BackgroundRunner } from './background';
import type { RequestContext } from './context';
import type { Middleware } from './middleware';
import type { OpenStreams } from './open-streams';

// The contract between start-up and the request path: compile/ builds these, runtime/ reads them.
// They live here so that runtime never imports compile/.

/** How an app writes cookies: its defaults, and `@fastify/cookie`'s serialiser and signer. */
export interface CookieWriter extends CookiePolicy {
  serialize(cookie: PendingCookie): string;
}

export type StaticHeader = readonly [name: string, value: string];

/**
 * Builds the argument list of a method for one request. Returns the array itself when every
 * resolver answered synchronously, a promise of it when a dependency was asynchronous.
 */
export type ArgumentsResolver = (ctx: RequestContext) => unknown[] | Promise<unknown[]>;

const NO_ARGUMENTS: unknown[] = Object.freeze([]) as unknown as unknown[];

/**
 * The resolver of a method without parameters: one shared, frozen empty list (`apply` only reads
 * it). The route handler knows such a method by it: it needs no context to be called.
 */
export const noArguments: ArgumentsResolver = () => NO_ARGUMENTS;

/** What a request to one route runs, computed once at start-up. */
export interface RoutePlan {
  readonly method: HttpMethod;
  readonly url: string;
  /** `UserController.create`, for logs and errors. */
  readonly label: string;
  readonly instance: object;
  readonly handler: (...args: unknown[]) => unknown;
  readonly args: ArgumentsResolver;
  /** The route's default status; `res.status` overrides it. */
  readonly status: number | undefined;
  /** The controller's then the route's `headers` option, lower-cased names, on every successful answer. */
  readonly staticHeaders: readonly StaticHeader[];
  /**
   * Set when plain data is sent as JSON text with a body (no `responseClass`, a status with a body):
   * the static headers it goes out with, content-type left to JSON's. With no `res` to merge, such
   * data goes straight to Fastify's reply.
   */
  readonly jsonHeaders: readonly StaticHeader[] | undefined;
  /** Renders plain data; undefined means JSON. */
  readonly responseClass: ResponseClass | undefined;
  readonly model: ResponseModelMetadata | undefined;
  /** Plain data to the model's fields (identity without a model), for a `responseClass`. */
  readonly filter: ModelFilter;
  /** Plain data to JSON text, through the model when there is one. */
  readonly toJson: ModelSerializer;
  /** Which path `toJson` takes (logged at debug level), and why a model is not compiled. */
  readonly serialization: { readonly path: 'compiled' | 'reference' | 'json'; readonly reason?: string };
  readonly cookies: CookieWriter;
  /** The app's, the controller's then the route's middleware, outermost first. */
  readonly middleware: readonly Middleware[];
  /**
   * True when the response class streams items (`EventSourceResponse`, `JSONLinesResponse`): what the
   * route returns (an `async *` method's generator) is its source, each item through `serialize`.
   */
  readonly items: boolean;
  /** Runs the app's background tasks. */
  readonly background: BackgroundRunner;
  /** The app's open event streams, ended when it closes. */
  readonly streams: OpenStreams;
}
