import encodeUrl from 'encodeurl';
import { Response, type ResponseInit } from './response';

/**
 * Redirects to `url`: 307 by default (the method and body are kept), with an empty body. The
 * Location is percent-encoded (a space becomes `%20`, non-ASCII is UTF-8) and `%XX` escapes are kept.
 *
 * @example
 * ```ts
 * return new RedirectResponse('/posts/latest');                 // 307
 * return new RedirectResponse('/login', { status: 303 });        // after a POST
 * ```
 */
export class RedirectResponse extends Response {
  /** The status when `init` gives none (`describeRoutes` reports it too). */
  static readonly defaultStatus: number = 307;

  constructor(url: string | URL, init: ResponseInit = {}) {
    super(null, { ...init, status: init.status ?? RedirectResponse.defaultStatus });
    this.headers.set('Location', encodeUrl(String(url)));
  }
}
