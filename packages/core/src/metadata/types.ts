import type { ResponseClass } from '../http/response';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'HEAD' | 'OPTIONS';

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
}

/** Options of `@Controller(prefix, options)`. */
export interface ControllerOptions {
  /** Headers sent with every successful answer of every route of the controller; the route's own win. */
  headers?: Record<string, string>;
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
}

export interface ResponseModelOptions {
  /** class-transformer groups: a field exposed only to some groups is sent only when one of them is listed. */
  groups?: string[];
  /** Leave out fields whose value is `null` or `undefined`, at every depth. */
  excludeNone?: boolean;
}

export interface ResponseModelMetadata {
  model: Function;
  isArray: boolean;
  options: ResponseModelOptions;
}
