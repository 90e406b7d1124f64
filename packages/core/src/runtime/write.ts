import type { FastifyReply, FastifyRequest } from 'fastify';
import { JSON_MEDIA_TYPE } from '../http/media-type';
import { kPayload, type Payload } from '../http/payload';
import type { Response } from '../http/response';
import { isBodyless } from '../http/status';
import { mergeVary } from '../http/vary';
import type { CookieWriter, RoutePlan, StaticHeader } from './plan';

/**
 * Set on a reply once arobase has started writing a response's headers to it: an error after that
 * must drop them (rule 3), while the headers of Fastify hooks and plugins (CORS, helmet) stay.
 */
export const kWritten: unique symbol = Symbol('arobase.written');

/**
 * Rule 1 for JSON data when nothing needs a `Response` built: no `res`, or a `res` that only adds
 * a status with a body, headers and cookies (see `mergesIntoJson`). The JSON text goes straight
 * out, as hand-written Fastify would send it: the route's static headers, then `res`'s replacing
 * them (a `Vary` merged), then its cookies, with no `Response` or `Headers` built for the answer.
 */
export function writeJson(
  reply: FastifyReply,
  plan: RoutePlan,
  data: unknown,
  injected: Response | undefined,
): FastifyReply {
  const headers = plan.jsonHeaders!;
  // Serialised first, and the cookies too: a model or a cookie that throws leaves the reply
  // untouched for the error path.
  const body = plan.toJson(data);
  if (injected !== undefined) {
    const cookies = cookieLines(injected, plan.cookies);
    writeHeaders(reply, headers);
    writeResponseHeaders(reply, injected, cookies);
  } else if (headers.length > 0) {
    writeHeaders(reply, headers);
  }
  return reply
    .code(injected?.status ?? plan.status ?? 200)
    .type(JSON_MEDIA_TYPE)
    .send(body);
}

/**
 * Whether rule 1 can write JSON data and `res` without merging them into a `Response` first:
 * `res` sets no content-type of its own (it would replace JSON's) and no status without a body.
 */
export function mergesIntoJson(injected: Response | undefined): boolean {
  if (injected === undefined) return true;
  const status = injected.status;
  return (status === undefined || (status >= 200 && !isBodyless(status))) && injected.mediaType === undefined;
}

/**
 * Writes a response to Fastify's reply: status, headers, one `Set-Cookie` line per cookie, body.
 * Synchronous unless the body must first be opened (a file): then the promise of its writing.
 */
export function writeResponse(
  reply: FastifyReply,
  request: FastifyRequest,
  response: Response,
  cookies: CookieWriter,
): Promise<void> | undefined {
  // Before a file is opened or a stream started for it.
  assertFinalStatus(response.status);
  const payload = response[kPayload](request);
  if (payload instanceof Promise) {
    return payload.then((opened) => writePayload(reply, response, opened, cookies));
  }
  writePayload(reply, response, payload, cookies);
  return undefined;
}

function writePayload(
  reply: FastifyReply,
  response: Response,
  payload: Payload,
  cookies: CookieWriter,
): void {
  const status = payload.status ?? response.status ?? 200;
  writeHead(reply, status, response, cookieLines(response, cookies));
  const own = payload.headers;
  if (own !== undefined) {
    for (const name in own) reply.header(name, own[name]);
  }
  writeBody(reply, status, payload.body, response.mediaType);
}

/**
 * HTTP/1.1 clients read a 1xx as an interim answer and wait for the final one: sent as the final
 * status, it hangs the client until the socket closes. Fail loudly instead (a logged 500).
 * `Response.status` refuses a 1xx when it is set; this catches a subclass whose class field
 * defines `status` past that setter (`useDefineForClassFields`).
 */
function assertFinalStatus(status: number | undefined): void {
  if (status !== undefined && status < 200) {
    throw new TypeError(`Status ${status} is informational and cannot end a request`);
  }
}

/**
 * The `Set-Cookie` lines of the response's cookies. A cookie the serialiser refuses throws: call it
 * before the first write, so that a failure leaves the reply as it was.
 */
function cookieLines(response: Response, cookies: CookieWriter): string[] | undefined {
  const pending = response.cookies;
  if (pending.length === 0) return undefined;
  const lines = new Array<string>(pending.length);
  for (let i = 0; i < pending.length; i++) lines[i] = cookies.serialize(pending[i]);
  return lines;
}

/** The status, the response's headers and its cookies' lines (after the raw `Set-Cookie` ones). */
function writeHead(
  reply: FastifyReply,
  status: number,
  response: Response,
  cookies: string[] | undefined,
): void {
  reply.code(status);
  writeResponseHeaders(reply, response, cookies);
}

function writeResponseHeaders(reply: FastifyReply, response: Response, cookies: string[] | undefined): void {
  markWritten(reply);
  if (response.hasHeaders) {
    for (const [name, value] of response.headers) {
      if (name !== 'set-cookie') setHeader(reply, name, value);
    }
    const lines = response.headers.getSetCookie();
    if (lines.length > 0) reply.header('set-cookie', lines);
  }
  if (cookies !== undefined) reply.header('set-cookie', cookies);
}

function writeHeaders(reply: FastifyReply, headers: readonly StaticHeader[]): void {
  markWritten(reply);
  for (const [name, value] of headers) setHeader(reply, name, value);
}

/** From here on an error drops what arobase set on the reply. */
function markWritten(reply: FastifyReply): void {
  (reply as unknown as Record<symbol, boolean>)[kWritten] = true;
}

function setHeader(reply: FastifyReply, name: string, value: string): void {
  // A plugin's Vary (CORS adds `Origin`) must survive the route's own, or caches mix origins.
  reply.header(name, name === 'vary' ? mergeVary(reply.getHeader('vary'), value) : value);
}

/** Sends the body, or none for a status that has none; `mediaType` applies unless a content-type is set. */
export function writeBody(
  reply: FastifyReply,
  status: number,
  body: Payload['body'],
  mediaType: string | undefined,
): FastifyReply {
  if (isBodyless(status)) {
    reply.removeHeader('content-type');
    reply.removeHeader('content-length');
    if (status === 205) reply.header('content-length', '0');
    return reply.send();
  }
  // An empty body has no type: Fastify would otherwise label it text/plain.
  if (body === null || body === undefined) return reply.send();
  if (mediaType !== undefined && !reply.hasHeader('content-type')) {
    reply.header('content-type', mediaType);
  }
  // Fastify appends "; charset=utf-8" to a JSON-like type sent with a string body; a type chosen by
  // hand (application/vnd.api+json forbids the parameter) goes out as written when sent as bytes.
  if (typeof body === 'string' && isJsonWithoutCharset(reply.getHeader('content-type'))) {
    return reply.send(Buffer.from(body));
  }
  return reply.send(body);
}

function isJsonWithoutCharset(type: unknown): boolean {
  return typeof type === 'string' && type.includes('json') && !/;\s*charset=/i.test(type);
}
