import type { FastifyReply, FastifyRequest } from 'fastify';
import type { CookieWriter } from '../compile/route-plan';
import { kPayload, type Payload } from '../http/payload';
import type { Response } from '../http/response';
import { isBodyless } from '../http/status';

/**
 * Set on a reply once arobase has started writing a response's headers to it: an error after that
 * must drop them (rule 3), while the headers of Fastify hooks and plugins (CORS, helmet) stay.
 */
export const kWritten: unique symbol = Symbol('arobase.written');

/** Writes a response to Fastify's reply: status, headers, one `Set-Cookie` line per cookie, body. */
export async function writeResponse(
  reply: FastifyReply,
  request: FastifyRequest,
  response: Response,
  cookies: CookieWriter,
): Promise<void> {
  if (response.status !== undefined && response.status < 200) {
    // HTTP/1.1 clients read a 1xx as an interim answer and wait for the final one: sent as the
    // final status, it hangs the client until the socket closes. Fail loudly instead (a logged 500),
    // before a file is opened or a stream started for it.
    throw new TypeError(`Status ${response.status} is informational and cannot end a request`);
  }
  let payload = response[kPayload](request);
  if (payload instanceof Promise) payload = await payload;
  const status = (payload as Payload).status ?? response.status ?? 200;
  // Everything that can throw comes before the first write, so that a failure leaves the reply as it was.
  const pending = response.cookies;
  const cookieLines = pending.length > 0 ? pending.map((c) => cookies.serialize(c)) : undefined;
  reply.code(status);
  (reply as unknown as Record<symbol, boolean>)[kWritten] = true;
  if (response.hasHeaders) {
    for (const [name, value] of response.headers) {
      if (name === 'set-cookie') continue;
      // A plugin's Vary (CORS adds `Origin`) must survive the route's own, or caches mix origins.
      reply.header(name, name === 'vary' ? mergeVary(reply.getHeader('vary'), value) : value);
    }
    const lines = response.headers.getSetCookie();
    if (lines.length > 0) reply.header('set-cookie', lines);
  }
  if (cookieLines !== undefined) reply.header('set-cookie', cookieLines);
  const own = (payload as Payload).headers;
  if (own !== undefined) {
    for (const name in own) reply.header(name, own[name]);
  }
  if (isBodyless(status)) {
    reply.removeHeader('content-type');
    reply.removeHeader('content-length');
    if (status === 205) reply.header('content-length', '0');
    reply.send();
    return;
  }
  const body = (payload as Payload).body;
  if (body === null || body === undefined) {
    // An empty body has no type: Fastify would otherwise label it text/plain.
    reply.send();
    return;
  }
  if (response.mediaType !== undefined && !reply.hasHeader('content-type')) {
    reply.header('content-type', response.mediaType);
  }
  // Fastify appends "; charset=utf-8" to a JSON-like type sent with a string body; a type chosen by
  // hand (application/vnd.api+json forbids the parameter) goes out as written when sent as bytes.
  if (typeof body === 'string' && isJsonWithoutCharset(reply.getHeader('content-type'))) {
    reply.send(Buffer.from(body));
    return;
  }
  reply.send(body);
}

function isJsonWithoutCharset(type: unknown): boolean {
  return typeof type === 'string' && type.includes('json') && !/;\s*charset=/i.test(type);
}

function mergeVary(existing: unknown, value: string): string {
  if (typeof existing !== 'string' || existing === '') return value;
  const names = new Set(existing.split(',').map((v) => v.trim().toLowerCase()));
  const added = value
    .split(',')
    .map((v) => v.trim())
    .filter((v) => v !== '' && !names.has(v.toLowerCase()));
  return added.length === 0 ? existing : `${existing}, ${added.join(', ')}`;
}
