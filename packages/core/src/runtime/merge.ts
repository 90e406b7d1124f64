import type { HttpException } from '../http/http-exception';
import { type ItemStreamResponse, kItemSerializer } from '../http/item-stream-response';
import { JSONResponse } from '../http/json-response';
import { JSON_MEDIA_TYPE } from '../http/media-type';
import { Response } from '../http/response';
import { mergeVary } from '../http/vary';
import type { RequestContext } from './context';
import type { RoutePlan } from './plan';

/** Rules 1 and 2: what the route method returned, as the outgoing response. */
export function merge(result: unknown, ctx: RequestContext, plan: RoutePlan): Response {
  return result instanceof Response ? fromResponse(result, ctx, plan) : fromData(result, ctx, plan);
}

/**
 * Rule 1: plain data. Status is `res.status` ?? the route's ?? the class's ?? 200; headers are the
 * route's static ones, then the class's own, then `res.headers`, each replacing the one before
 * (a `Vary` is merged instead); then every cookie set on `res`, in call order.
 */
function fromData(data: unknown, ctx: RequestContext, plan: RoutePlan): Response {
  const injected = ctx.injected;
  const status = injected?.status ?? plan.status;
  const out =
    plan.responseClass === undefined
      ? new Response(plan.toJson(data), { status, mediaType: JSON_MEDIA_TYPE })
      : new plan.responseClass(plan.filter(data), { status });
  return withInjected(out, ctx, plan);
}

/**
 * Rule 1 for a route whose class streams items: `source` (what the route returned, or its
 * generator from the first item on) becomes the class's source, each item through the model.
 */
export function fromItems(source: unknown, ctx: RequestContext, plan: RoutePlan): Response {
  const out = new plan.responseClass!(source, { status: ctx.injected?.status ?? plan.status });
  if (plan.model !== undefined) {
    (out as ItemStreamResponse)[kItemSerializer] = loggedSerializer(plan.toJson, ctx, plan.label);
  }
  return withInjected(out, ctx, plan);
}

function withInjected(out: Response, ctx: RequestContext, plan: RoutePlan): Response {
  // The class's own headers, content-type included, come after the static ones and so win over them.
  for (const [name, value] of plan.staticHeaders) addHeader(out, name, value);
  const injected = ctx.injected;
  if (injected !== undefined) {
    copyHeaders(injected, out, true);
    appendCookies(out, injected);
  }
  return out;
}

/**
 * Rule 2: a returned response keeps its status, body and headers; the injected response's headers
 * are added where it has none of that name, then the route's static headers likewise, and the
 * injected cookies come before its own. It is merged into a copy: the returned object may be shared.
 */
function fromResponse(returned: Response, ctx: RequestContext, plan: RoutePlan): Response {
  const injected = ctx.injected;
  if ((injected === undefined || injected === returned) && plan.staticHeaders.length === 0) return returned;
  const out = returned.clone();
  if (injected !== returned) underInjected(out, injected);
  for (const [name, value] of plan.staticHeaders) addHeader(out, name, value);
  return out;
}

/**
 * A middleware that answers without calling `next()`: rule 2 with the injected response, so that
 * what outer middleware set on it is still sent; the route's static headers are not added (they go
 * with the route's own answers, and the route did not run). Always a copy, since middleware around
 * it may still change it.
 */
export function fromEarlyAnswer(answer: Response, ctx: RequestContext): Response {
  const injected = ctx.injected;
  if (answer === injected) return answer;
  const out = answer.clone();
  underInjected(out, injected);
  return out;
}

/** Rule 3: an `HttpException` answers its status and `{detail}` with its headers, plus `res` as in rule 2. */
export function fromException(error: HttpException, ctx: RequestContext): Response {
  const out = new JSONResponse({ detail: error.detail }, { status: error.status, headers: error.headers });
  underInjected(out, ctx.injected);
  return out;
}

/** Rules 2 and 3: what was set on `res` goes under what the answer carries. */
function underInjected(out: Response, injected: Response | undefined): void {
  if (injected === undefined) return;
  copyHeaders(injected, out, false);
  prependCookies(out, injected);
}

function copyHeaders(from: Response, to: Response, replace: boolean): void {
  if (!from.hasHeaders && from.mediaType === undefined) return;
  for (const [name, value] of from.headers) {
    if (name === 'set-cookie') continue;
    if (replace && name !== 'vary') {
      to.headers.set(name, value);
    } else {
      addHeader(to, name, value);
    }
  }
  for (const line of from.headers.getSetCookie()) to.headers.append('set-cookie', line);
}

/** Adds a header where `to` has none of that name; a `Vary` is merged with `to`'s, never dropped. */
function addHeader(to: Response, name: string, value: string): void {
  const existing = to.headers.get(name);
  if (existing === null) to.headers.set(name, value);
  else if (name === 'vary') to.headers.set(name, mergeVary(existing, value));
}

function appendCookies(to: Response, from: Response): void {
  if (from.cookies.length > 0) to._cookies = [...(to._cookies ?? []), ...from.cookies];
}

function prependCookies(to: Response, from: Response): void {
  if (from.cookies.length > 0) to._cookies = [...from.cookies, ...(to._cookies ?? [])];
}

/** The response model's serializer for the items of a stream, logging the item it refuses before the stream ends. */
export function loggedSerializer(
  serialize: (value: unknown) => string,
  ctx: RequestContext,
  label: string,
): (value: unknown) => string {
  return (value) => {
    try {
      return serialize(value);
    } catch (error) {
      ctx.request.log.error({ err: error, route: label }, 'A streamed item failed its response model');
      throw error;
    }
  };
}
