import type { FastifyReply } from 'fastify';
import type { CookieWriter, RoutePlan } from '../compile/route-plan';
import { JSON_MEDIA_TYPE } from '../http/media-type';
import type { Response } from '../http/response';
import { assertFinalStatus, cookieLines, writeBody, writeHead } from './write';

/**
 * Rule 1 on a direct route (JSON, no static headers) whose handler used `@Res()`: what
 * `writeResponse(fromData(...))` writes, with the same pieces, without building the outgoing
 * `Response` and a second `Headers` to copy the injected one into. The injected response's headers
 * are the outgoing one's, since there are no static ones to merge.
 */
export function writeData(
  reply: FastifyReply,
  plan: RoutePlan,
  injected: Response,
  data: unknown,
  cookies: CookieWriter,
): FastifyReply {
  // Serialised first: a model that throws leaves the reply untouched for the error path.
  const body = plan.serialize(data);
  const status = injected.status ?? plan.status ?? 200;
  assertFinalStatus(status);
  writeHead(reply, status, injected, cookieLines(injected, cookies));
  // A content-type set on `res` is already on the reply and replaces the JSON one.
  return writeBody(reply, status, body, JSON_MEDIA_TYPE);
}
