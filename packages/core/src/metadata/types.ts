import type { ResponseClass } from '../http/response';
import type { ResponseModelMetadata, ResponseModelOptions } from '../models/output/model-options';

export type { ResponseModelMetadata, ResponseModelOptions };

import type { HttpMethod } from '../http/method';

export type { HttpMethod };

/** Options of a route decorator such as `@Get(path, options)`. */
export interface RouteOptions {
  /** Status of a plain-data answer when the handler does not set `res.status`. Default 200. */
  status?: number;
  /**
   * Renders the returned value: `JSONResponse` (default), `HTMLResponse`, `PlainTextResponse`, `RedirectResponse`, ...
   * With `@ResponseModel`, only `JSONResponse` or a subclass: a class that renders text is refused at start-up.
   */
  responseClass?: ResponseClass;
  /** Headers sent with every successful answer of this route; `res.headers` replaces them. */
  headers?: Record<string, string>;
  /** A one-line summary of the operation, for the OpenAPI document. */
  summary?: string;
  /** A longer description of the operation (CommonMark), for the OpenAPI document. */
  description?: string;
  /** OpenAPI tags; default: the controller's. */
  tags?: string[];
  /** Marks the operation deprecated in the OpenAPI document. */
  deprecated?: boolean;
  /** The operation's id in the OpenAPI document; default `Controller_method`. Unique in the document. */
  operationId?: string;
  /** `false` leaves the route out of the OpenAPI document (it still answers). Default true. */
  includeInSchema?: boolean;
  /**
   * Answers other than the route's own, documented by status (FastAPI's `responses=`):
   * `{ 404: { description: 'No such post' }, 409: { model: ConflictOut } }`.
   */
  responses?: Record<number, DocumentedResponse>;
}

/** An extra answer of a route, for the OpenAPI document. */
export interface DocumentedResponse {
  description?: string;
  /** The body's model (`[Model]` for an array of them). */
  model?: Function | [Function];
  /** The body's media type, where the response class does not say it: `text/csv` for a FileResponse. */
  mediaType?: string;
  /** Headers sent with that answer, by name. */
  headers?: Record<string, { description?: string }>;
}

/** Options of `@Controller(prefix, options)`. */
export interface ControllerOptions {
  /** Headers sent with every successful answer of every route of the controller; the route's own win. */
  headers?: Record<string, string>;
  /** OpenAPI tags of its routes; default the class name without `Controller`. */
  tags?: string[];
  /** The response class of its routes that name none; default the app's (JSON). */
  responseClass?: ResponseClass;
}

export interface ControllerMetadata {
  prefix: string;
  options: ControllerOptions;
}

export interface RouteMetadata {
  method: HttpMethod;
  path: string;
  propertyKey: string | symbol;
  options: RouteOptions;
}

export type ParamSource =
  | 'path'
  | 'query'
  | 'body'
  | 'header'
  | 'cookie'
  | 'request'
  | 'response'
  | 'depends';

/** The decorator that records each source, for messages: `@Param('id')`. */
export const PARAM_DECORATOR: Readonly<Record<ParamSource, string>> = {
  path: 'Param',
  query: 'Query',
  body: 'Body',
  header: 'Header',
  cookie: 'Cookie',
  request: 'Req',
  response: 'Res',
  depends: 'Depends',
};

export interface ParamMetadata {
  index: number;
  source: ParamSource;
  /** The key read from the source; undefined reads the whole source (`@Query()`, `@Body()`). */
  name?: string;
  /** `@Cookie(name, { signed: true })`. */
  signed?: boolean;
  /** `@Depends(provider)`. */
  provider?: unknown;
  /** `@Body(Model)`: the class named explicitly, where the recorded type would be `Object`. */
  type?: Function;
  /** `@Body({ raw: true })`, `@Query({ raw: true })`: the parsed body or query as it is, unvalidated. */
  raw?: boolean;
  /** `{ required: true }`: a missing value is a 422 `missing` issue instead of `undefined`. */
  required?: boolean;
  /** What the OpenAPI document says of the parameter. */
  doc?: ParamDoc;
}

/** Documentation of a parameter, for the OpenAPI document. */
export interface ParamDoc {
  description?: string;
  deprecated?: boolean;
  example?: unknown;
}

/** The last argument of every parameter decorator: `@Query('limit', { description: 'page size' })`. */
export interface ParamOptions extends ParamDoc {
  /** A missing value is a 422 `missing` issue instead of `undefined`. */
  required?: boolean;
}
