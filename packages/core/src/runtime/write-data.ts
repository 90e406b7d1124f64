import type { FastifyReply } from 'fastify';
import type { CookieWriter, RoutePlan } from '../compile/route-plan';
import { JSON_MEDIA_TYPE } from '../http/media-type';
import type { Response } from '../http/response';

/**
 * Rule 1 on a direct route (JSON, no static headers) whose handler used `@Res()`: the injected
 * response's headers and cookies and the JSON body go straight to the reply. It writes what
 * `writeResponse(fromData(...))` writes, in the same order, without building the outgoing
 * `Response` and a second `Headers` to copy the injected one into. The caller checked that the
 * status carries a body.
 */
export function writeData(
  reply: FastifyReply,
  plan: RoutePlan,
  injected: Response,
  status: number,
  data: unknown,
  cookies: CookieWriter,
): FastifyReply {
  // Serialised first: a model that throws leaves the reply untouched for the error path.
  const body = plan.serialize(data);
  reply.code(status);
  if (injected.hasHeaders) {
    const headers = injected.headers;
    for (const [name, value] of headers) {
      if (name !== 'set-cookie') reply.header(name, value);
    }
    const lines = headers.getSetCookie();
    if (lines.length > 0) reply.header('set-cookie', lines);
  }
  const pending = injected.cookies;
  if (pending.length > 0) {
    const lines = new Array<string>(pending.length);
    for (let i = 0; i < pending.length; i++) lines[i] = cookies.serialize(pending[i]);
    reply.header('set-cookie', lines);
  }
  // A content-type set on `res` replaces the JSON one (never two content-types).
  if (!reply.hasHeader('content-type')) reply.type(JSON_MEDIA_TYPE);
  return reply.send(body);
}
