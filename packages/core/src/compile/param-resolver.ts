import { PARAM_DECORATOR, type ParamMetadata } from '../metadata/types';
import { type Coerce, coercerFor, isModelType } from '../models/input/coercer';
import { planInput } from '../models/input/compiled-input';
import type { Loc, ValidationIssue } from '../models/issues';
import type { RequestContext } from '../runtime/context';
import { assertPathParam } from './path-params';
import type { CompileScope, ParamSite, Resolver } from './scope';

export function compileParam(
  param: ParamMetadata,
  type: unknown,
  site: ParamSite,
  scope: CompileScope,
): Resolver {
  const name = param.name;
  const required = param.required === true;
  switch (param.source) {
    case 'path':
      assertPathParam(site.path, name!, `${where(site, param)}:`);
      // Fastify matched the route, so the segment is there: a path parameter is always required.
      return fromRecord((ctx) => ctx.request.params, name!, ['path', name!], coercerFor(type, true), true);
    case 'query':
      if (name !== undefined) {
        const coerce = coercerFor(type, true);
        return fromRecord((ctx) => ctx.request.query, name, ['query', name], coerce, required);
      }
      if (param.raw === true) return (ctx) => ctx.request.query;
      assertTyped(type, site, param);
      logInputPlan(type, site, param, scope);
      return whole((ctx) => ctx.request.query, ['query'], coercerFor(type, true));
    case 'header':
      return fromRecord(
        (ctx) => ctx.request.headers,
        name!,
        ['header', name!],
        coercerFor(type, true),
        required,
      );
    case 'cookie':
      return cookieResolver(param, type, site, scope);
    case 'body':
      return bodyResolver(param, param.type ?? type, site, scope);
    case 'request':
      return (ctx) => ctx.request;
    case 'response':
      return (ctx) => ctx.injectedResponse();
    case 'depends':
      return scope.dependency(param.provider, site);
  }
}

function bodyResolver(param: ParamMetadata, type: unknown, site: ParamSite, scope: CompileScope): Resolver {
  // `@Body({ raw: true })`: the parsed JSON as it is, the one way to opt out of validation.
  if (param.raw === true) return rawBody(param.required === true);
  assertTyped(type, site, param);
  logInputPlan(type, site, param, scope);
  const coerce = coercerFor(type, false);
  // A model requires a body (a 422 `missing`); a scalar or a list is `undefined`, so a default applies.
  return isModelType(type)
    ? whole((ctx) => ctx.request.body, ['body'], coerce)
    : scalarBody(coerce, param.required === true);
}

function scalarBody(coerce: Coerce, required: boolean): Resolver {
  return (ctx) => {
    const raw = ctx.request.body;
    if (raw !== undefined) return coerce(raw, ['body'], ctx);
    if (required) ctx.addIssue(missing(['body']));
    return undefined;
  };
}

function rawBody(required: boolean): Resolver {
  if (!required) return (ctx) => ctx.request.body;
  return (ctx) => {
    const body = ctx.request.body;
    if (body === undefined) ctx.addIssue(missing(['body']));
    return body;
  };
}

/**
 * TypeScript records `Object` for an interface, `unknown` and `any`, `Function` for a class imported with
 * `import type`: nothing to validate against. Taking the body as it is would switch validation off without a
 * word, so it is refused at start-up with the ways out.
 */
function assertTyped(type: unknown, site: ParamSite, param: ParamMetadata): void {
  if (type !== Object && type !== Function) return;
  const at = where(site, param);
  if (param.source === 'body') {
    throw new TypeError(
      `${at}: the parameter's type was recorded as Object or Function (an interface, a class imported with ` +
        '`import type`, unknown or any), so the body would not be validated. Import the class as a value ' +
        "(`import { ItemIn } from './item'`), name it (`@Body(ItemIn)`), or take the parsed JSON as it is " +
        'with `@Body({ raw: true })`',
    );
  }
  throw new TypeError(
    `${at}: the parameter's type was recorded as Object or Function (an interface, a class imported with ` +
      '`import type`, unknown or any), so the query would not be validated. Import the class as a value ' +
      "(`import { SearchQuery } from './search'`), read each key with `@Query('name')`, or take the " +
      'parsed query as it is with `@Query({ raw: true })`',
  );
}

/** Says at debug level whether a model input is checked by compiled code or by class-validator. */
function logInputPlan(type: unknown, site: ParamSite, param: ParamMetadata, scope: CompileScope): void {
  if (!isModelType(type) || scope.debug === undefined) return;
  const plan = planInput(type as new () => object);
  scope.debug(
    'compiled' in plan
      ? { param: where(site, param), model: (type as Function).name, validation: 'compiled' }
      : {
          param: where(site, param),
          model: (type as Function).name,
          validation: 'reference',
          reason: plan.reference,
        },
    'arobase input validation',
  );
}

function fromRecord(
  source: (ctx: RequestContext) => unknown,
  key: string,
  loc: Loc,
  coerce: Coerce,
  required: boolean,
): Resolver {
  if (required) {
    return (ctx) => {
      const raw = own(source(ctx), key);
      if (raw !== undefined) return coerce(raw, loc, ctx);
      ctx.addIssue(missing(loc));
      return undefined;
    };
  }
  return (ctx) => {
    const raw = own(source(ctx), key);
    return raw === undefined ? undefined : coerce(raw, loc, ctx);
  };
}

/** FastAPI's issue for a required value that is absent: no `input`, since there was none. */
function missing(loc: Loc): ValidationIssue {
  return { loc: [...loc], msg: 'Field required', type: 'missing' };
}

/**
 * `record[key]` when the request has it: an own property only, so that `constructor`, `toString` or
 * `__proto__` absent from the query, the headers or the cookies read as absent, not as
 * Object.prototype's function.
 */
function own(record: unknown, key: string): unknown {
  return typeof record === 'object' && record !== null && Object.hasOwn(record, key)
    ? (record as Record<string, unknown>)[key]
    : undefined;
}

function whole(source: (ctx: RequestContext) => unknown, loc: Loc, coerce: Coerce): Resolver {
  return (ctx) => coerce(source(ctx), loc, ctx);
}

function cookieResolver(param: ParamMetadata, type: unknown, site: ParamSite, scope: CompileScope): Resolver {
  const name = param.name!;
  const coerce = coercerFor(type, true);
  const loc: Loc = ['cookie', name];
  const required = param.required === true;
  if (!param.signed) return fromRecord((ctx) => ctx.request.cookies, name, loc, coerce, required);
  if (!scope.hasCookieSecret) {
    throw new TypeError(
      `${where(site, param)} reads a signed cookie: give createApp({ cookies: { secret } })`,
    );
  }
  return (ctx) => {
    const raw = own(ctx.request.cookies, name);
    const unsigned = typeof raw === 'string' ? ctx.request.unsignCookie(raw) : undefined;
    // A missing or tampered signature reads as no cookie at all, never as an error.
    if (unsigned?.valid && unsigned.value !== null) return coerce(unsigned.value, loc, ctx);
    if (required) ctx.addIssue(missing(loc));
    return undefined;
  };
}

export function where(site: ParamSite, param: ParamMetadata): string {
  const arg = param.name === undefined ? '' : `'${param.name}'`;
  return `${site.owner}.${site.method}(#${param.index} @${PARAM_DECORATOR[param.source]}(${arg}))`;
}
