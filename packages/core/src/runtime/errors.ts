import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { JSON_MEDIA_TYPE } from '../http/media-type';

const INTERNAL = '{"detail":"Internal Server Error"}';

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
  return sendCleanJson(reply, 500, INTERNAL);
}

/** Fastify's own errors on arobase routes (bad JSON, a body too large, ...) in arobase's `{detail}` shape. */
export function fastifyErrorHandler(error: FastifyError, request: FastifyRequest, reply: FastifyReply) {
  const status = error.statusCode;
  if (status !== undefined && status >= 400 && status < 500) {
    return sendCleanJson(reply, status, JSON.stringify({ detail: error.message }));
  }
  return sendInternalError(request, reply, error);
}

/** `{"detail":"Not Found"}` for a URL no route matches. */
export function notFoundHandler(_request: FastifyRequest, reply: FastifyReply) {
  return sendCleanJson(reply, 404, '{"detail":"Not Found"}');
}

function sendCleanJson(reply: FastifyReply, status: number, body: string) {
  reply.removeHeader('set-cookie');
  for (const name of Object.keys(reply.getHeaders())) reply.removeHeader(name);
  return reply.code(status).header('content-type', JSON_MEDIA_TYPE).send(body);
}
