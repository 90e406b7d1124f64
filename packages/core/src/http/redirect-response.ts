import encodeUrl from 'encodeurl';
import { Response, type ResponseInit } from './response';
import { isWellFormed } from './unicode';

function describe(url: unknown): string {
  return typeof url === 'string' ? `${JSON.stringify(url)} (it has a lone surrogate)` : typeof url;
}

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
    const location = typeof url === 'string' || url instanceof URL ? String(url) : undefined;
    // encodeurl throws a URIError for a lone surrogate: a TypeError here says what is wrong instead.
    if (location === undefined || !isWellFormed(location)) {
      throw new TypeError(
        `RedirectResponse: the URL must be a string or a URL of well-formed Unicode, got ${describe(url)}`,
      );
    }
    super(null, { ...init, status: init.status ?? RedirectResponse.defaultStatus });
    this.headers.set('Location', encodeUrl(location));
  }
}
