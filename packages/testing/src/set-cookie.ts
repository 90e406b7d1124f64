import { Cookie } from 'tough-cookie';

/**
 * Anything that looks like an HTTP response: a `TestResponse`, what `app.inject()` returns, a fetch
 * `Response`, or a Node `IncomingMessage`.
 */
export type ResponseLike =
  | { status: number; headers: Headers }
  | { statusCode: number; headers: Record<string, unknown> }
  | { status: number; headers: Record<string, unknown> };

/** The status code of a response-like value, or `undefined` when it has none. */
export function statusOf(res: unknown): number | undefined {
  if (res === null || typeof res !== 'object') return undefined;
  const { status, statusCode } = res as { status?: unknown; statusCode?: unknown };
  if (typeof statusCode === 'number') return statusCode;
  return typeof status === 'number' ? status : undefined;
}

/**
 * A response header by case-insensitive name; several values are joined with `, ` (Set-Cookie lines
 * with `\n`, as they cannot be joined with commas). `undefined` when absent.
 *
 * @example
 * ```ts
 * headerOf(await app.inject({ url: '/posts' }), 'X-Total-Count');   // '2'
 * ```
 */
export function headerOf(res: ResponseLike, name: string): string | undefined {
  const key = name.toLowerCase();
  const headers = res.headers as unknown;
  if (headers instanceof Headers) {
    if (key === 'set-cookie') {
      const lines = headers.getSetCookie();
      return lines.length > 0 ? lines.join('\n') : undefined;
    }
    return headers.get(key) ?? undefined;
  }
  const value = (headers as Record<string, unknown>)[key];
  if (value === undefined || value === null) return undefined;
  if (Array.isArray(value)) return value.join(key === 'set-cookie' ? '\n' : ', ');
  return String(value);
}

/** The raw `Set-Cookie` lines of a response, in the order they were sent. */
export function setCookieLines(res: ResponseLike): string[] {
  const headers = res.headers as unknown;
  if (headers instanceof Headers) return headers.getSetCookie();
  const value = (headers as Record<string, unknown>)['set-cookie'];
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value.map(String) : [String(value)];
}

/**
 * Each `Set-Cookie` line of a response parsed by tough-cookie, attribute by attribute
 * (`key`, `value`, `path`, `domain`, `maxAge`, `expires`, `secure`, `httpOnly`, `sameSite`, and
 * `extensions` for the rest, such as `Partitioned`). A line tough-cookie cannot parse is an error:
 * a test should not pass over a malformed cookie.
 *
 * @example
 * ```ts
 * const [session] = setCookiesOf(res);
 * expect(session.httpOnly).to.equal(true);
 * ```
 */
export function setCookiesOf(res: ResponseLike): Cookie[] {
  return setCookieLines(res).map((line) => {
    const cookie = Cookie.parse(line);
    if (cookie === undefined) throw new TypeError(`Unparsable Set-Cookie line: ${JSON.stringify(line)}`);
    return cookie;
  });
}

/** The last `Set-Cookie` line for `name` (the one a browser keeps), parsed; `undefined` when none. */
export function setCookieOf(res: ResponseLike, name: string): Cookie | undefined {
  const all = setCookiesOf(res);
  for (let i = all.length - 1; i >= 0; i--) {
    if (all[i].key === name) return all[i];
  }
  return undefined;
}

/** Whether a parsed `Set-Cookie` line tells the browser to drop the cookie (`Max-Age<=0` or a past `Expires`). */
export function isDeletion(cookie: Cookie, now: Date = new Date()): boolean {
  if (typeof cookie.maxAge === 'number') return cookie.maxAge <= 0;
  if (cookie.maxAge === '-Infinity') return true;
  return cookie.expires instanceof Date && cookie.expires.getTime() <= now.getTime();
}
