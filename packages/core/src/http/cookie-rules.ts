import type { CookieOptions } from './cookie-options';

// RFC 6265 section 4.1.1: a cookie name is an HTTP token.
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
// Anything that could end the attribute or start a new header line.
const UNSAFE_ATTRIBUTE = /[;\r\n\0]/;
const SAME_SITE = new Set(['strict', 'lax', 'none']);
const PRIORITY = new Set(['low', 'medium', 'high']);

/**
 * Refuses, with a `TypeError` that says why, a cookie that a browser would reject or that would
 * weaken it: the checks run when the cookie is set, not when the reply is written.
 */
export function assertValidCookie(name: string, value: string, options: CookieOptions): void {
  if (typeof name !== 'string' || !TOKEN.test(name)) {
    throw new TypeError(`Invalid cookie name ${JSON.stringify(name)}: a cookie name is an RFC 6265 token`);
  }
  if (typeof value !== 'string') {
    throw new TypeError(`Cookie "${name}": the value must be a string, got ${typeof value}`);
  }
  for (const attr of ['domain', 'path'] as const) {
    const v = options[attr];
    if (v !== undefined && (typeof v !== 'string' || UNSAFE_ATTRIBUTE.test(v))) {
      throw new TypeError(`Cookie "${name}": ${attr} must not contain ';', CR, LF or NUL`);
    }
  }
  if (options.maxAge !== undefined && !Number.isSafeInteger(options.maxAge)) {
    throw new TypeError(`Cookie "${name}": maxAge is a whole number of seconds, got ${options.maxAge}`);
  }
  if (
    options.expires !== undefined &&
    !(options.expires instanceof Date && !Number.isNaN(+options.expires))
  ) {
    throw new TypeError(`Cookie "${name}": expires must be a valid Date`);
  }
  if (options.sameSite !== undefined && !SAME_SITE.has(options.sameSite)) {
    throw new TypeError(
      `Cookie "${name}": sameSite is 'strict', 'lax' or 'none', got ${String(options.sameSite)}`,
    );
  }
  if (options.priority !== undefined && !PRIORITY.has(options.priority)) {
    throw new TypeError(
      `Cookie "${name}": priority is 'low', 'medium' or 'high', got ${String(options.priority)}`,
    );
  }
  if (options.sameSite === 'none' && !options.secure) {
    throw new TypeError(
      `Cookie "${name}": sameSite 'none' needs secure: true (browsers reject it otherwise)`,
    );
  }
  if (options.partitioned && !options.secure) {
    throw new TypeError(`Cookie "${name}": a partitioned cookie needs secure: true`);
  }
  // Browsers match the prefixes case-insensitively (RFC 6265bis), so do we.
  const lower = name.toLowerCase();
  if (lower.startsWith('__secure-') && !options.secure) {
    throw new TypeError(`Cookie "${name}": a __Secure- cookie needs secure: true`);
  }
  if (lower.startsWith('__host-')) {
    if (!options.secure) throw new TypeError(`Cookie "${name}": a __Host- cookie needs secure: true`);
    if (options.domain !== undefined)
      throw new TypeError(`Cookie "${name}": a __Host- cookie must not set a domain`);
    if ((options.path ?? '/') !== '/')
      throw new TypeError(`Cookie "${name}": a __Host- cookie needs path '/'`);
  }
}
