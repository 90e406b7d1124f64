import { STATUS_CODES } from 'node:http';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { headerProblem } from '../http/header-rules';
import { type HttpException, isHttpException } from '../http/http-exception';
import { JSON_MEDIA_TYPE } from '../http/media-type';
import type { HeadersInit } from '../http/response';
import type { AllowedMethods } from './allowed-methods';
import { kFailed } from './background';
import type { RequestContext } from './context';
import { fromException } from './merge';
import type { RoutePlan } from './plan';
import { kWritten, writeBody, writeResponse } from './write';

const INTERNAL = '{"detail":"Internal Server Error"}';
const NOT_FOUND = '{"detail":"Not Found"}';
const METHOD_NOT_ALLOWED = '{"detail":"Method Not Allowed"}';

/**
 * How a route's Fastify handler ends when something threw: an `HttpException` is rule 3's answer
 * (with what was set on `res`), anything else a logged 500 that drops it, and an error after the
 * reply went out only a log line.
 */
export async function fail(ctx: RequestContext, error: unknown, plan: RoutePlan): Promise<FastifyReply> {
  const { request, reply } = ctx;
  if (reply.sent) {
    logError(request, error, 'Error after the reply was sent', plan.label);
    return reply;
  }
  if (!isHttpException(error)) return sendInternalError(request, reply, error, plan.label);
  try {
    await writeResponse(reply, request, fromException(error, ctx), plan.cookies);
  } catch (writeError) {
    return sendInternalError(request, reply, writeError, plan.label);
  }
  // An answered refusal is no failure of the server: the tasks queued before it still run.
  plan.background.schedule(ctx, undefined);
  return reply;
}

/**
 * Rule 3's other half: an unexpected error is logged with the request id and answered with a 500
 * that holds nothing of it, and none of the state the handler had set on `res`.
 */
export function sendInternalError(
  request: FastifyRequest,
  reply: FastifyReply,
  error: unknown,
  label?: string,
) {
  markFailed(reply);
  logError(request, error, 'Unhandled error', label);
  try {
    return sendJson(reply, 500, INTERNAL);
  } catch (writeError) {
    logError(request, writeError, 'The error answer could not be written', label);
    return sendBare(reply);
  }
}

/**
 * Errors that reach Fastify rather than a route of arobase's (bad JSON, a body too large, a hook or a
 * plain Fastify route that throws), in arobase's `{detail}` shape. An `HttpException` answers as it
 * does in a handler; a 4xx says what was wrong with the request; a 5xx a plugin chose (503 from
 * @fastify/under-pressure) keeps its status but, like any other error, is logged and says nothing
 * of itself. It never throws: Fastify would answer in its own shape, with the error's message. Any
 * value may arrive (a string, `null`, a revoked Proxy, an error whose getters throw), so every read
 * of it is guarded.
 */
export function fastifyErrorHandler(error: unknown, request: FastifyRequest, reply: FastifyReply) {
  try {
    if (isHttpException(error)) return sendException(request, reply, error);
    const status = readStatus(error);
    if (status !== undefined && status >= 400 && status < 500) {
      const message = read(error, 'message');
      const detail = typeof message === 'string' && message !== '' ? message : STATUS_CODES[status]!;
      return sendJson(reply, status, JSON.stringify({ detail }), errorHeaders(error, status));
    }
    markFailed(reply);
    logError(request, error, 'Unhandled error');
    if (status !== undefined && status > 500) {
      const detail = JSON.stringify({ detail: STATUS_CODES[status] ?? 'Error' });
      return sendJson(reply, status, detail, errorHeaders(error, status));
    }
    return sendJson(reply, 500, INTERNAL);
  } catch (handlerError) {
    logError(request, handlerError, 'The error answer could not be written');
    return sendBare(reply);
  }
}

/** A property of any thrown value, or `undefined` when it has none or reading it throws. */
function read(value: unknown, key: string): unknown {
  if (value === null || (typeof value !== 'object' && typeof value !== 'function')) return undefined;
  try {
    return (value as Record<string, unknown>)[key];
  } catch {
    return undefined;
  }
}

/** The status an error asks for, as Fastify reads it: an integer from 400 to 599, or none. */
function readStatus(error: unknown): number | undefined {
  const status = read(error, 'statusCode') ?? read(error, 'status');
  return typeof status === 'number' && Number.isInteger(status) && status >= 400 && status <= 599
    ? status
    : undefined;
}

/**
 * Logs `error` with the request id. pino's serialiser reads the error's properties, which may throw
 * (a revoked Proxy): then what can be said of it safely is logged instead.
 */
/** An unexpected error's answer: the request's background tasks will not run. */
function markFailed(reply: FastifyReply): void {
  (reply as unknown as Record<symbol, boolean>)[kFailed] = true;
}

export function logError(request: FastifyRequest, error: unknown, message: string, route?: string): void {
  try {
    request.log.error({ err: error, route }, message);
  } catch {
    try {
      request.log.error(
        { err: { type: typeof error, message: 'the thrown value cannot be read' }, route },
        message,
      );
    } catch {
      // A logger that throws on a plain object: nothing more can be done, the answer still goes out.
    }
  }
}

/**
 * The headers an error carries (http-errors' `headers`, a `WWW-Authenticate`), which Fastify's default
 * handler sends: all of a deliberate 4xx's, and of a 5xx only `Retry-After` (RFC 9110 §10.2.3), since
 * a client library's error may carry the headers of the upstream answer it failed on. Those that
 * describe a body are dropped (the body is arobase's JSON), and so is any value that could not be
 * written: the error answer must not fail.
 */
function errorHeaders(error: unknown, status: number): Headers | undefined {
  const headers = read(error, 'headers');
  if (headers === null || typeof headers !== 'object') return undefined;
  let given: Headers;
  try {
    given = new Headers(headers as HeadersInit);
  } catch {
    return undefined;
  }
  const out = new Headers();
  for (const [name, value] of given) {
    if (BODY_HEADERS.has(name) || headerProblem(name, value) !== undefined) continue;
    if (status < 500 || name === 'retry-after') out.append(name, value);
  }
  return out;
}

const BODY_HEADERS = new Set([
  'content-type',
  'content-length',
  'content-encoding',
  'transfer-encoding',
  'set-cookie',
]);

/**
 * `{"detail":"Not Found"}` for a URL no route matches; a path some route has, asked with another
 * method, is a 405 `{"detail":"Method Not Allowed"}` whose `Allow` lists the methods it answers.
 */
export function notFoundHandler(routes: AllowedMethods) {
  return function arobaseNotFound(request: FastifyRequest, reply: FastifyReply) {
    const allow = routes.allowed(request.url);
    if (allow === undefined) return sendJson(reply, 404, NOT_FOUND);
    return sendJson(reply, 405, METHOD_NOT_ALLOWED, { allow: allow.join(', ') });
  };
}

function sendException(request: FastifyRequest, reply: FastifyReply, error: HttpException) {
  let body: string;
  try {
    body = JSON.stringify({ detail: error.detail });
  } catch (cause) {
    // A detail JSON cannot hold (a cycle, a bigint): the server's mistake.
    return sendInternalError(request, reply, cause);
  }
  return sendJson(reply, error.status, body, error.headers);
}

// Headers that hooks set before the error (CORS, security headers, a request id) still belong on
// it, as Fastify keeps them; a cookie or a length meant for another body does not. When arobase had
// started writing a response (an onSend hook threw, say), none of it may go out: rule 3.
function sendJson(reply: FastifyReply, status: number, body: string, headers?: HeadersInit) {
  const written = reply as unknown as Record<symbol, boolean>;
  if (written[kWritten]) {
    written[kWritten] = false;
    for (const name of Object.keys(reply.getHeaders())) reply.removeHeader(name);
  } else {
    reply.removeHeader('set-cookie');
    reply.removeHeader('content-length');
    dropUnwritable(reply);
  }
  reply.code(status).header('content-type', JSON_MEDIA_TYPE);
  if (headers !== undefined) setHeaders(reply, headers instanceof Headers ? headers : new Headers(headers));
  // Rule 4 for an exception with a status that has no content (304, 204).
  return writeBody(reply, status, body, undefined);
}

/** A header a hook set that Node would refuse to write would fail the error answer too. */
function dropUnwritable(reply: FastifyReply): void {
  const headers = reply.getHeaders();
  for (const name in headers) {
    const value = headers[name];
    const values = Array.isArray(value) ? value : [value];
    if (values.some((v) => headerProblem(name, String(v)) !== undefined)) reply.removeHeader(name);
  }
}

/** The last resort when even the error answer failed: no header of anyone's, the bare 500. */
function sendBare(reply: FastifyReply) {
  for (const name of Object.keys(reply.getHeaders())) reply.removeHeader(name);
  return reply.code(500).header('content-type', JSON_MEDIA_TYPE).send(INTERNAL);
}

function setHeaders(reply: FastifyReply, headers: Headers): void {
  for (const [name, value] of headers) {
    if (name !== 'set-cookie') reply.header(name, value);
  }
  const cookies = headers.getSetCookie();
  if (cookies.length > 0) reply.header('set-cookie', cookies);
}
