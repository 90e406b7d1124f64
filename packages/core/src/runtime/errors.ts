import { STATUS_CODES } from 'node:http';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { HttpException } from '../http/http-exception';
import { JSON_MEDIA_TYPE } from '../http/media-type';
import type { HeadersInit } from '../http/response';
import type { RequestContext } from './context';
import { fromException } from './merge';
import type { RoutePlan } from './plan';
import { kWritten, writeBody, writeResponse } from './write';

const INTERNAL = '{"detail":"Internal Server Error"}';
const NOT_FOUND = '{"detail":"Not Found"}';

/**
 * How a route's Fastify handler ends when something threw: an `HttpException` is rule 3's answer
 * (with what was set on `res`), anything else a logged 500 that drops it, and an error after the
 * reply went out only a log line.
 */
export async function fail(ctx: RequestContext, error: unknown, plan: RoutePlan): Promise<FastifyReply> {
  const { request, reply } = ctx;
  if (reply.sent) {
    request.log.error({ err: error, route: plan.label }, 'Error after the reply was sent');
    return reply;
  }
  if (!(error instanceof HttpException)) return sendInternalError(request, reply, error, plan.label);
  try {
    await writeResponse(reply, request, fromException(error, ctx), plan.cookies);
  } catch (writeError) {
    return sendInternalError(request, reply, writeError, plan.label);
  }
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
  request.log.error({ err: error, route: label }, 'Unhandled error');
  return sendJson(reply, 500, INTERNAL);
}

/**
 * Errors that reach Fastify rather than a route of arobase's (bad JSON, a body too large, a hook or a
 * plain Fastify route that throws), in arobase's `{detail}` shape. An `HttpException` answers as it
 * does in a handler; a 4xx says what was wrong with the request; a 5xx a plugin chose (503 from
 * @fastify/under-pressure) keeps its status but, like any other error, is logged and says nothing
 * of itself.
 */
export function fastifyErrorHandler(error: FastifyError, request: FastifyRequest, reply: FastifyReply) {
  if (error instanceof HttpException) return sendException(request, reply, error);
  const status = error.statusCode;
  if (status !== undefined && status >= 400 && status < 500) {
    const message = error.message;
    const detail =
      typeof message === 'string' && message !== '' ? message : (STATUS_CODES[status] ?? 'Error');
    return sendJson(reply, status, JSON.stringify({ detail }), errorHeaders(error));
  }
  request.log.error({ err: error }, 'Unhandled error');
  if (status !== undefined && Number.isInteger(status) && status > 500 && status <= 599) {
    return sendJson(
      reply,
      status,
      JSON.stringify({ detail: STATUS_CODES[status] ?? 'Error' }),
      errorHeaders(error),
    );
  }
  return sendJson(reply, 500, INTERNAL);
}

/**
 * The headers an error carries (http-errors' `headers`, a `WWW-Authenticate` or `Retry-After`), which
 * Fastify's default handler sends; ignored when a response could not carry them. Those that describe
 * a body are dropped: the body is arobase's JSON, and a client library's error may carry the headers
 * of the upstream answer it failed on.
 */
function errorHeaders(error: FastifyError): Headers | undefined {
  const headers: unknown = (error as { headers?: unknown }).headers;
  if (headers === null || typeof headers !== 'object') return undefined;
  let out: Headers;
  try {
    out = new Headers(headers as HeadersInit);
  } catch {
    return undefined;
  }
  for (const name of BODY_HEADERS) out.delete(name);
  return out;
}

const BODY_HEADERS = [
  'content-type',
  'content-length',
  'content-encoding',
  'transfer-encoding',
  'set-cookie',
];

/** `{"detail":"Not Found"}` for a URL no route matches. */
export function notFoundHandler(_request: FastifyRequest, reply: FastifyReply) {
  return sendJson(reply, 404, NOT_FOUND);
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
  }
  reply.code(status).header('content-type', JSON_MEDIA_TYPE);
  if (headers !== undefined) setHeaders(reply, headers instanceof Headers ? headers : new Headers(headers));
  // Rule 4 for an exception with a status that has no content (304, 204).
  return writeBody(reply, status, body, undefined);
}

function setHeaders(reply: FastifyReply, headers: Headers): void {
  for (const [name, value] of headers) {
    if (name !== 'set-cookie') reply.header(name, value);
  }
  const cookies = headers.getSetCookie();
  if (cookies.length > 0) reply.header('set-cookie', cookies);
}
