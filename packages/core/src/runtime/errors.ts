import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { JSON_MEDIA_TYPE } from '../http/media-type';
import { kWritten } from './write';

const INTERNAL = '{"detail":"Internal Server Error"}';
const NOT_FOUND = '{"detail":"Not Found"}';

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

/** Fastify's own errors (bad JSON, a body too large, a hook that throws, ...) in arobase's `{detail}` shape. */
export function fastifyErrorHandler(error: FastifyError, request: FastifyRequest, reply: FastifyReply) {
  const status = error.statusCode;
  if (status !== undefined && status >= 400 && status < 500) {
    return sendJson(reply, status, JSON.stringify({ detail: error.message }));
  }
  request.log.error({ err: error }, 'Unhandled error');
  return sendJson(reply, 500, INTERNAL);
}

/** `{"detail":"Not Found"}` for a URL no route matches. */
export function notFoundHandler(_request: FastifyRequest, reply: FastifyReply) {
  return sendJson(reply, 404, NOT_FOUND);
}

// Headers that hooks set before the error (CORS, security headers, a request id) still belong on
// it, as Fastify keeps them; a cookie or a length meant for another body does not. When arobase had
// started writing a response (an onSend hook threw, say), none of it may go out: rule 3.
function sendJson(reply: FastifyReply, status: number, body: string) {
  const written = reply as unknown as Record<symbol, boolean>;
  if (written[kWritten]) {
    written[kWritten] = false;
    for (const name of Object.keys(reply.getHeaders())) reply.removeHeader(name);
  } else {
    reply.removeHeader('set-cookie');
    reply.removeHeader('content-length');
  }
  return reply.code(status).header('content-type', JSON_MEDIA_TYPE).send(body);
}
