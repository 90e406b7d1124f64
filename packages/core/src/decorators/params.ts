import { addParam } from '../metadata/store';
import { PARAM_DECORATOR, type ParamMetadata, type ParamOptions } from '../metadata/types';

function param(meta: Omit<ParamMetadata, 'index'>): ParameterDecorator {
  return (target, propertyKey, index) => {
    if (propertyKey === undefined) {
      const name = (target as Function).name;
      throw new TypeError(
        `@${PARAM_DECORATOR[meta.source]} is on a constructor parameter of ${name}: parameter decorators go on route methods`,
      );
    }
    addParam(target.constructor, propertyKey, { ...meta, index });
  };
}

/** The recorded form of a decorator's `{ description, deprecated, example, required }`. */
function withOptions(meta: Omit<ParamMetadata, 'index'>, options: ParamOptions | undefined) {
  if (options === undefined) return meta;
  const { required, description, deprecated, example } = options;
  const doc =
    description === undefined && deprecated === undefined && example === undefined
      ? undefined
      : { description, deprecated, example };
  return { ...meta, required: required === true, doc };
}

/**
 * Reads a path parameter, coerced to the parameter's declared type.
 *
 * @example
 * ```ts
 * @Get('/posts/:id') get(@Param('id') id: number) { ... }   // GET /posts/abc → 422
 * ```
 */
export function Param(name: string, options?: ParamOptions): ParameterDecorator {
  return param(withOptions({ source: 'path', name }, options));
}

/** Options of `@Query`. */
export interface QueryOptions extends ParamOptions {
  /** With no name: the parsed query string as it is, unvalidated (`@Query({ raw: true })`). */
  raw?: boolean;
}

/**
 * Reads one query parameter, or the whole query string when no name is given (validated against its
 * declared class; an interface or `unknown` is refused at start-up unless written `@Query({ raw: true })`).
 *
 * @example
 * ```ts
 * list(@Query('limit') limit: number = 20, @Query('tag') tags: string[] = []) { ... }
 * search(@Query() q: SearchQuery) { ... }
 * everything(@Query({ raw: true }) query: Record<string, string | string[]>) { ... }
 * ```
 */
export function Query(name?: string | QueryOptions, options?: QueryOptions): ParameterDecorator {
  const given = typeof name === 'string' ? options : (name ?? options);
  const meta = withOptions({ source: 'query', name: typeof name === 'string' ? name : undefined }, given);
  return param(given?.raw === true ? { ...meta, raw: true } : meta);
}

/** Options of `@Body`. */
export interface BodyOptions extends ParamOptions {
  /** The parsed JSON as it is, unvalidated: the only way to take a body typed as an interface or `unknown`. */
  raw?: boolean;
}

/**
 * Reads the request body. A class type is built with class-transformer and validated with
 * class-validator (`whitelist: true`): undeclared properties are stripped, bad input is a 422.
 * `@Body(Model)` names the class where TypeScript records none (an interface, `import type`).
 *
 * @example
 * ```ts
 * @Post('/users') create(@Body() body: UserIn) { ... }
 * @Post('/hooks') hook(@Body({ raw: true }) payload: unknown) { ... }
 * ```
 */
export function Body(model?: Function | BodyOptions, options?: BodyOptions): ParameterDecorator {
  const type = typeof model === 'function' ? model : undefined;
  const given = typeof model === 'function' ? options : (model ?? options);
  const meta = withOptions({ source: 'body', type }, given);
  return param(given?.raw === true ? { ...meta, raw: true } : meta);
}

/**
 * Reads a request header (case-insensitive name), coerced to the declared type.
 *
 * @example
 * ```ts
 * get(@Header('x-request-id') requestId?: string) { ... }
 * ```
 */
export function Header(name: string, options?: ParamOptions): ParameterDecorator {
  return param(withOptions({ source: 'header', name: name.toLowerCase() }, options));
}

/** Options of `@Cookie`. */
export interface CookieParamOptions extends ParamOptions {
  /** Verify the cookie's signature against `cookies.secret`: a missing or tampered cookie reads `undefined`. */
  signed?: boolean;
}

/**
 * Reads a request cookie, decoded; `undefined` when absent, so a default value applies.
 *
 * @example
 * ```ts
 * profile(@Cookie('session', { signed: true }) session: string | null = null) { ... }
 * ```
 */
export function Cookie(name: string, options: CookieParamOptions = {}): ParameterDecorator {
  return param(withOptions({ source: 'cookie', name, signed: options.signed === true }, options));
}

/**
 * Injects the `FastifyRequest`.
 *
 * @example
 * ```ts
 * whoami(@Req() req: FastifyRequest) { return { ip: req.ip }; }
 * ```
 */
export function Req(): ParameterDecorator {
  return param({ source: 'request' });
}

/**
 * Injects this request's `Response`: set its `status`, `headers` and cookies, and still return
 * plain data. Dependencies and middleware of the same request share it.
 *
 * @example
 * ```ts
 * @Post('/login')
 * login(@Res() res: Response) {
 *   res.setCookie('session', token, { maxAge: 3600 });
 *   return { ok: true };
 * }
 * ```
 */
export function Res(): ParameterDecorator {
  return param({ source: 'response' });
}

/**
 * Injects what a provider resolves to, once per request. A provider is a class with a
 * `resolve(...)` method (whose parameters take these same decorators) or a function `(ctx) => value`.
 *
 * @example
 * ```ts
 * me(@Depends(CurrentUser) user: User) { return user; }
 * ```
 */
export function Depends(provider: unknown): ParameterDecorator {
  if (provider === undefined || provider === null) {
    throw new TypeError(
      `@Depends() needs a provider: a class with resolve(...) or a function (ctx) => value, got ${provider} (a circular import between provider files?)`,
    );
  }
  return param({ source: 'depends', provider });
}
