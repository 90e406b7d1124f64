import type { CookiePolicy } from '../http/cookie-options';
import { FileResponse } from '../http/file-response';
import { HTMLResponse } from '../http/html-response';
import { JSONResponse } from '../http/json-response';
import { PlainTextResponse } from '../http/plain-text-response';
import { RedirectResponse } from '../http/redirect-response';
import { type PendingCookie, Response, type ResponseClass } from '../http/response';
import { assertResponseStatus, isBodyless } from '../http/status';
import { StreamingResponse } from '../http/streaming-response';
import { getMiddleware, getResponseModel } from '../metadata/store';
import type { HttpMethod, ResponseModelMetadata } from '../metadata/types';
import type { Middleware } from '../runtime/middleware';
import { type ArgumentsResolver, compileArguments } from './arguments';
import type { MiddlewareCompiler } from './middleware';
import { assertExposes } from './model-leaves';
import { type ModelFilter, type ModelSerializer, modelSerializer, referenceFilter } from './model-serializer';
import { effectiveResponseClass, type ScannedRoute } from './scan';
import type { CompileScope } from './scope';

/** How an app writes cookies: its defaults, and `@fastify/cookie`'s serialiser and signer. */
export interface CookieWriter extends CookiePolicy {
  serialize(cookie: PendingCookie): string;
}

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
  /** Controller then route headers, lower-cased names, sent with every successful answer. */
  readonly headers: readonly StaticHeader[];
  /** On a direct route, the static headers plain data is sent with: JSON's content-type replaces theirs. */
  readonly dataHeaders: readonly StaticHeader[];
  /** Renders plain data; undefined means JSON. */
  readonly responseClass: ResponseClass | undefined;
  readonly model: ResponseModelMetadata | undefined;
  /** Plain data to the model's fields (identity without a model). */
  readonly filter: ModelFilter;
  /** Plain data to JSON text, through the model when there is one. */
  readonly serialize: ModelSerializer;
  /** Which path `serialize` takes (logged at debug level), and why a model is not compiled. */
  readonly serializer: { readonly path: 'compiled' | 'reference' | 'json'; readonly reason?: string };
  readonly cookies: CookieWriter;
  /** True when plain data can go straight to the reply: JSON, a status with a body. */
  readonly direct: boolean;
  /** The app's, the controller's then the route's middleware, outermost first. */
  readonly middleware: readonly Middleware[];
}

export type StaticHeader = readonly [name: string, value: string];

export interface PlanOptions {
  validateResponse: boolean;
  cookies: CookieWriter;
  scope: CompileScope;
  /** `createApp({ defaultResponseClass })`: the class of a route that names none, nor its controller. */
  defaultResponseClass?: ResponseClass;
  /** The app's middleware, and what builds the controllers' and routes' own. */
  middleware: { app: readonly Middleware[]; compiler: MiddlewareCompiler };
}

export function compileRoute(scanned: ScannedRoute, instance: object, options: PlanOptions): RoutePlan {
  const { controller: cls, meta: controller, route, url } = scanned;
  const method = String(route.propertyKey);
  const label = `${cls.name}.${method}`;
  const handler = (instance as Record<string | symbol, unknown>)[route.propertyKey];
  if (typeof handler !== 'function')
    throw new TypeError(`${label} is decorated as a route but is not a method`);
  const { status } = route.options;
  if (status !== undefined) assertResponseStatus(status, `${label} route option`);
  const responseClass = effectiveResponseClass(scanned, options.defaultResponseClass);
  if (responseClass !== undefined && typeof responseClass !== 'function') {
    throw new TypeError(`${label}: responseClass must be a Response class such as HTMLResponse`);
  }
  const site = { owner: cls.name, method, path: url };
  const args = compileArguments(cls, route.propertyKey, site, options.scope);
  const model = getResponseModel(cls, route.propertyKey);
  if (model !== undefined) assertExposes(model.model, label);
  const headers = staticHeaders(label, controller.options.headers, route.options.headers);
  const renderClass = responseClass === JSONResponse ? undefined : responseClass;
  if (model !== undefined && renderClass !== undefined && rendersText(renderClass)) {
    throw new TypeError(
      `${label}: @ResponseModel(${model.model.name}) produces objects, which responseClass ${renderClass.name}${whence(scanned)} would send as "[object Object]": drop one of them`,
    );
  }
  const direct = renderClass === undefined && !(status !== undefined && isBodyless(status));
  const { app: appMiddleware, compiler } = options.middleware;
  const middleware = [
    ...appMiddleware,
    ...compiler.resolve(getMiddleware(cls, undefined), `@UseMiddleware on ${cls.name}`),
    ...compiler.resolve(getMiddleware(cls, route.propertyKey), `@UseMiddleware on ${label}`),
  ];
  const serializer = model ? modelSerializer(model, options.validateResponse) : JSON_SERIALIZER;
  return {
    method: route.method,
    url,
    label,
    instance,
    handler: handler as RoutePlan['handler'],
    args,
    status,
    headers,
    dataHeaders: direct ? headers.filter(([name]) => name !== 'content-type') : [],
    responseClass: renderClass,
    model,
    // Only a responseClass renders the filtered objects; JSON goes through `serialize`.
    filter: model && renderClass ? referenceFilter(model, options.validateResponse) : identity,
    serialize: serializer.serialize,
    serializer: { path: serializer.path, reason: serializer.reason },
    cookies: options.cookies,
    direct,
    middleware,
  };
}

const identity: ModelFilter = (data) => data;

// Classes that send a string (or a path, a stream) of their own: what a response model gives them
// is an object.
const TEXT_CLASSES: readonly ResponseClass[] = [
  HTMLResponse,
  PlainTextResponse,
  RedirectResponse,
  FileResponse,
  StreamingResponse,
];

/** Where an inherited response class comes from, for the start-up message. */
function whence({ route, meta }: ScannedRoute): string {
  if (route.options.responseClass !== undefined) return '';
  return meta.options.responseClass !== undefined
    ? " (the controller's responseClass; give the route responseClass: JSONResponse)"
    : " (the app's defaultResponseClass; give the route responseClass: JSONResponse)";
}

function rendersText(cls: ResponseClass): boolean {
  return cls === Response || TEXT_CLASSES.some((text) => cls === text || cls.prototype instanceof text);
}

const jsonStringify: ModelSerializer = (data) => JSON.stringify(data) ?? 'null';
const JSON_SERIALIZER = { serialize: jsonStringify, path: 'json', reason: undefined } as const;

function staticHeaders(label: string, ...sources: (Record<string, string> | undefined)[]): StaticHeader[] {
  const merged = new Map<string, string>();
  for (const source of sources) {
    for (const [name, value] of Object.entries(source ?? {})) {
      // The same checks a WHATWG Headers makes, at start-up rather than on the first request.
      try {
        new Headers([[name, value]]);
      } catch {
        throw new TypeError(
          `${label}: invalid static header ${JSON.stringify(name)}: ${JSON.stringify(value)}`,
        );
      }
      merged.set(name.toLowerCase(), value);
    }
  }
  return [...merged];
}
