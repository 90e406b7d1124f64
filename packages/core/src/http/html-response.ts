import { Response, type ResponseInit } from './response';

/**
 * Sends an HTML page (`text/html; charset=utf-8`). As a route's `responseClass`, it renders the
 * string the handler returns.
 *
 * @example
 * ```ts
 * @Get('/health', { responseClass: HTMLResponse })
 * health() { return '<html><body><h1>OK</h1></body></html>'; }
 * ```
 */
export class HTMLResponse extends Response {
  constructor(html: string, init: ResponseInit = {}) {
    super(String(html), { ...init, mediaType: init.mediaType ?? 'text/html' });
  }
}
