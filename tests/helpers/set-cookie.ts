import { Cookie } from 'tough-cookie';

/** One `Set-Cookie` line, read attribute by attribute the way a browser's cookie store reads it. */
export interface ParsedCookie {
  /** The line as it came. */
  raw: string;
  name: string;
  value: string;
  path: string | null;
  domain: string | null;
  /** Seconds; `null` when the line has no Max-Age. */
  maxAge: number | null;
  expires: Date | null;
  secure: boolean;
  httpOnly: boolean;
  /** Lower-cased: 'strict' | 'lax' | 'none'; `null` when absent. */
  sameSite: string | null;
  partitioned: boolean;
  /** Lower-cased; `null` when absent. */
  priority: string | null;
}

/** The `Set-Cookie` lines of a response (from `app.inject`, fetch or node:http), in order. */
export function setCookieLines(headers: Record<string, unknown> | Headers): string[] {
  if (headers instanceof Headers) return headers.getSetCookie();
  const value = headers['set-cookie'];
  if (value === undefined) return [];
  return Array.isArray(value) ? value.map(String) : [String(value)];
}

/** Parses every `Set-Cookie` line; a line tough-cookie cannot parse fails the test. */
export function parseSetCookies(headers: Record<string, unknown> | Headers): ParsedCookie[] {
  return setCookieLines(headers).map(parseSetCookie);
}

/** Parses one `Set-Cookie` line with tough-cookie (loose mode off: a line with no `=` is refused). */
export function parseSetCookie(raw: string): ParsedCookie {
  const cookie = Cookie.parse(raw);
  if (cookie === undefined) throw new Error(`Unparseable Set-Cookie line: ${JSON.stringify(raw)}`);
  const extensions = (cookie.extensions ?? []).map((e) => e.toLowerCase());
  const priority = extensions.find((e) => e.startsWith('priority='));
  const maxAge = cookie.maxAge;
  return {
    raw,
    name: cookie.key,
    value: cookie.value,
    path: cookie.path ?? null,
    domain: cookie.domain ?? null,
    maxAge: typeof maxAge === 'number' ? maxAge : null,
    expires: cookie.expires instanceof Date ? cookie.expires : null,
    secure: cookie.secure,
    httpOnly: cookie.httpOnly,
    sameSite: cookie.sameSite === undefined ? null : cookie.sameSite.toLowerCase(),
    partitioned: extensions.includes('partitioned'),
    priority: priority === undefined ? null : priority.slice('priority='.length),
  };
}

/** The one cookie of that name; fails when there is none or more than one. */
export function cookieNamed(headers: Record<string, unknown> | Headers, name: string): ParsedCookie {
  const found = parseSetCookies(headers).filter((c) => c.name === name);
  if (found.length !== 1) {
    throw new Error(`Expected one Set-Cookie for ${name}, found ${found.length}: ${setCookieLines(headers)}`);
  }
  return found[0]!;
}
