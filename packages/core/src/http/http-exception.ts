import { STATUS_CODES } from 'node:http';
import type { HeadersInit } from './response';
import { assertResponseStatus } from './status';

/**
 * Ends the request with `status` and the body `{"detail": detail}`. Cookies and headers already set
 * on the injected `Response` are still sent; the exception's own headers win over them.
 *
 * @example
 * ```ts
 * throw new HttpException(404, 'Post not found');
 * throw new HttpException(401, 'Not authenticated', { headers: { 'WWW-Authenticate': 'Bearer' } });
 * ```
 */
export class HttpException extends Error {
  readonly status: number;
  readonly detail: unknown;
  readonly headers: HeadersInit | undefined;

  constructor(status: number, detail?: unknown, options: { headers?: HeadersInit } = {}) {
    assertResponseStatus(status, 'HttpException');
    const text = detail === undefined ? (STATUS_CODES[status] ?? 'Error') : detail;
    super(typeof text === 'string' ? text : (STATUS_CODES[status] ?? 'Error'));
    this.name = 'HttpException';
    this.status = status;
    this.detail = text;
    if (options.headers !== undefined) assertHeaders(options.headers);
    this.headers = options.headers;
  }
}

/**
 * The checks a WHATWG `Headers` makes (no CR or LF in a value, a token for a name), where the
 * exception is built: thrown from a Fastify hook, a bad header would otherwise fail inside the error
 * handler and go out in Fastify's own error shape, with the Headers error's message.
 */
function assertHeaders(headers: HeadersInit): void {
  try {
    new Headers(headers);
  } catch (error) {
    throw new TypeError(`HttpException: invalid headers: ${(error as Error).message}`, { cause: error });
  }
}
