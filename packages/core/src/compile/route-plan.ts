import { FileResponse } from '../http/file-response';
import { checkedHeaders } from '../http/header-rules';
import { HTMLResponse } from '../http/html-response';
import { ItemStreamResponse } from '../http/item-stream-response';
import { JSONResponse } from '../http/json-response';
import { PlainTextResponse } from '../http/plain-text-response';
import { RedirectResponse } from '../http/redirect-response';
import { Response, type ResponseClass } from '../http/response';
import { assertResponseStatus, isBodyless } from '../http/status';
import { StreamingResponse } from '../http/streaming-response';
import { getMiddleware, getResponseModel } from '../metadata/store';
import { assertExposes } from '../models/output/model-leaves';
import {
  type ModelFilter,
  type ModelSerializer,
  modelSerializer,
  referenceFilter,
} from '../models/output/model-serializer';
import type { BackgroundRunner } from '../runtime/background';
import type { Middleware } from '../runtime/middleware';
import type { OpenStreams } from '../runtime/open-streams';
import type { CookieWriter, RoutePlan, StaticHeader } from '../runtime/plan';
import { compileArguments } from './arguments';
import type { MiddlewareCompiler } from './middleware-compiler';
import { effectiveResponseClass, type ScannedRoute } from './scan';
import type { CompileScope } from './scope';

export interface PlanOptions {
  validateResponse: boolean;
  cookies: CookieWriter;
  scope: CompileScope;
  /** `createApp({ defaultResponseClass })`: the class of a route that names none, nor its controller. */
  defaultResponseClass?: ResponseClass;
  /** The app's middleware, and what builds the controllers' and routes' own. */
  middleware: { app: readonly Middleware[]; compiler: MiddlewareCompiler };
  background: BackgroundRunner;
  streams: OpenStreams;
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
  const items = renderClass !== undefined && renderClass.prototype instanceof ItemStreamResponse;
  assertStreams(label, handler, renderClass);
  const sendsJson = renderClass === undefined && !(status !== undefined && isBodyless(status));
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
    staticHeaders: headers,
    jsonHeaders: sendsJson ? headers.filter(([name]) => name !== 'content-type') : undefined,
    responseClass: renderClass,
    model,
    // Only a responseClass renders the filtered objects; JSON and streamed items go through `toJson`.
    filter: model && renderClass && !items ? referenceFilter(model, options.validateResponse) : identity,
    toJson: serializer.serialize,
    serialization: { path: serializer.path, reason: serializer.reason },
    cookies: options.cookies,
    middleware,
    items,
    background: options.background,
    streams: options.streams,
  };
}

const identity: ModelFilter = (data) => data;

/**
 * An `async *` method returns a generator, which JSON (or HTML, a redirect) would send as `{}`:
 * only a class that streams can read it.
 */
function assertStreams(label: string, handler: Function, cls: ResponseClass | undefined): void {
  if (Object.prototype.toString.call(handler) !== '[object AsyncGeneratorFunction]') return;
  if (cls !== undefined && (cls === StreamingResponse || cls.prototype instanceof StreamingResponse)) return;
  throw new TypeError(
    `${label} is an async * generator: give it responseClass EventSourceResponse, JSONLinesResponse or StreamingResponse (its controller's or the app's default will do)`,
  );
}

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
  // Events and JSON lines carry objects: the model applies to each item.
  if (cls.prototype instanceof ItemStreamResponse) return false;
  return cls === Response || TEXT_CLASSES.some((text) => cls === text || cls.prototype instanceof text);
}

const jsonStringify: ModelSerializer = (data) => JSON.stringify(data) ?? 'null';
const JSON_SERIALIZER = { serialize: jsonStringify, path: 'json', reason: undefined } as const;

function staticHeaders(label: string, ...sources: (Record<string, string> | undefined)[]): StaticHeader[] {
  const merged = new Map<string, string>();
  for (const source of sources) {
    for (const [name, value] of Object.entries(source ?? {})) {
      // The checks every response's headers get, at start-up rather than on the first request.
      try {
        checkedHeaders([[name, value]]);
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
