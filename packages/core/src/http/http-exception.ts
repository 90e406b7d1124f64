import { STATUS_CODES } from 'node:http';
import { checkedHeaders } from './header-rules';
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
    // Checked where the exception is built: thrown from a Fastify hook, a bad header would otherwise
    // only fail when the error answer is written.
    if (options.headers !== undefined) checkedHeaders(options.headers, 'HttpException');
    this.headers = options.headers;
  }
}

/**
 * Whether a thrown value is an `HttpException`. Any value can be thrown, and `instanceof` asks a
 * Proxy for its prototype, which may throw (a revoked one does): the error path must not.
 */
export function isHttpException(value: unknown): value is HttpException {
  try {
    return value instanceof HttpException;
  } catch {
    return false;
  }
}
