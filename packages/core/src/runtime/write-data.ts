import type { FastifyReply } from 'fastify';
import { JSON_MEDIA_TYPE } from '../http/media-type';
import type { Response } from '../http/response';
import type { CookieWriter, RoutePlan } from './plan';
import { assertFinalStatus, cookieLines, writeBody, writeHead, writeHeaders } from './write';

/**
 * Rule 1 on a direct route (JSON, a status with a body): what `writeResponse(fromData(...))` writes,
 * with the same pieces, without building the outgoing `Response` and its `Headers`. The route's
 * static headers go first, then JSON's content-type, then those of `res`, each replacing the one
 * before, as `fromData` merges them.
 */
export function writeData(
  reply: FastifyReply,
  plan: RoutePlan,
  injected: Response | undefined,
  data: unknown,
  cookies: CookieWriter,
): FastifyReply {
  // Serialised first: a model that throws leaves the reply untouched for the error path.
  const body = plan.serialize(data);
  if (injected === undefined) {
    // Nothing to merge: the JSON text goes straight out, as hand-written Fastify would send it.
    if (plan.dataHeaders.length > 0) writeHeaders(reply, plan.dataHeaders);
    return reply
      .code(plan.status ?? 200)
      .type(JSON_MEDIA_TYPE)
      .send(body);
  }
  const status = injected.status ?? plan.status ?? 200;
  assertFinalStatus(status);
  writeHead(reply, status, injected, cookieLines(injected, cookies), plan.dataHeaders);
  // A content-type set on `res` is already on the reply and replaces the JSON one.
  return writeBody(reply, status, body, JSON_MEDIA_TYPE);
}
