import { PARAM_DECORATOR, type ParamMetadata } from '../metadata/types';
import { type Coerce, coercerFor, isModelType } from '../models/input/coercer';
import { planInput } from '../models/input/compiled-input';
import type { Loc } from '../models/issues';
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
  switch (param.source) {
    case 'path':
      assertPathParam(site.path, name!, `${where(site, param)}:`);
      return fromRecord((ctx) => ctx.request.params, name!, ['path', name!], coercerFor(type, true));
    case 'query':
      if (name === undefined) logInputPlan(type, site, param, scope);
      return name === undefined
        ? whole((ctx) => ctx.request.query, ['query'], coercerFor(type, true))
        : fromRecord((ctx) => ctx.request.query, name, ['query', name], coercerFor(type, true));
    case 'header':
      return fromRecord((ctx) => ctx.request.headers, name!, ['header', name!], coercerFor(type, true));
    case 'cookie':
      return cookieResolver(param, type, site, scope);
    case 'body': {
      logInputPlan(type, site, param, scope);
      const coerce = coercerFor(type, false);
      // A model requires a body (a 422 `missing`); a scalar or a list is `undefined`, so a default applies.
      return isModelType(type)
        ? whole((ctx) => ctx.request.body, ['body'], coerce)
        : (ctx) => {
            const raw = ctx.request.body;
            return raw === undefined ? undefined : coerce(raw, ['body'], ctx);
          };
    }
    case 'request':
      return (ctx) => ctx.request;
    case 'response':
      return (ctx) => ctx.injectedResponse();
    case 'depends':
      return scope.dependency(param.provider, site);
  }
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
): Resolver {
  return (ctx) => {
    const raw = own(source(ctx), key);
    return raw === undefined ? undefined : coerce(raw, loc, ctx);
  };
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
  if (!param.signed) {
    return (ctx) => {
      const raw = own(ctx.request.cookies, name);
      return raw === undefined ? undefined : coerce(raw, loc, ctx);
    };
  }
  if (!scope.hasCookieSecret) {
    throw new TypeError(
      `${where(site, param)} reads a signed cookie: give createApp({ cookies: { secret } })`,
    );
  }
  return (ctx) => {
    const raw = own(ctx.request.cookies, name);
    if (typeof raw !== 'string') return undefined;
    // A missing or tampered signature reads as no cookie at all, never as an error.
    const unsigned = ctx.request.unsignCookie(raw);
    return unsigned.valid && unsigned.value !== null ? coerce(unsigned.value, loc, ctx) : undefined;
  };
}

export function where(site: ParamSite, param: ParamMetadata): string {
  const arg = param.name === undefined ? '' : `'${param.name}'`;
  return `${site.owner}.${site.method}(#${param.index} @${PARAM_DECORATOR[param.source]}(${arg}))`;
}
