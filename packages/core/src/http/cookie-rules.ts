import type { CookieOptions } from './cookie-options';
import { isWellFormed } from './unicode';

// RFC 6265 section 4.1.1: a cookie name is an HTTP token.
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
// A domain is a host name (RFC 1034 labels, an optional leading dot): what the serialiser accepts.
const DOMAIN = /^\.?[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/i;
// A path is printable ASCII without ';' (RFC 6265 path-value) nor '<', which the serialiser refuses:
// anything else is percent-encoded by the caller.
const PATH = /^[\u0020-\u003A\u003D-\u007E]*$/;
const SAME_SITE = new Set(['strict', 'lax', 'none']);
const PRIORITY = new Set(['low', 'medium', 'high']);
// Every option of CookieOptions: another (`encode`, a typo such as `maxage`) would be passed to the
// serialiser, which either fails when the reply is written or silently does something else.
const KNOWN_OPTIONS = new Set([
  'maxAge',
  'expires',
  'domain',
  'path',
  'secure',
  'httpOnly',
  'sameSite',
  'partitioned',
  'priority',
  'signed',
]);
// The cookie date format (RFC 6265 §5.1.1) has four-digit years, and browsers read none before 1601.
const MIN_EXPIRES = Date.UTC(1601, 0, 1);
const MAX_EXPIRES = Date.UTC(10000, 0, 1) - 1;

/**
 * Refuses, with a `TypeError` that says why, a cookie that a browser would reject or that would
 * weaken it: the checks run when the cookie is set, not when the reply is written.
 */
export function assertValidCookie(
  name: string,
  value: string,
  options: CookieOptions,
  canSign: boolean | undefined = undefined,
): void {
  for (const key in options) {
    if (!KNOWN_OPTIONS.has(key)) {
      throw new TypeError(
        `Cookie ${JSON.stringify(String(name))}: unknown option ${JSON.stringify(key)} (known: ${[...KNOWN_OPTIONS].join(', ')})`,
      );
    }
  }
  if (options.signed && canSign === false) {
    throw new TypeError(`Cookie "${name}" is signed but the app has no cookies.secret`);
  }
  if (typeof name !== 'string' || !TOKEN.test(name)) {
    throw new TypeError(`Invalid cookie name ${JSON.stringify(name)}: a cookie name is an RFC 6265 token`);
  }
  if (typeof value !== 'string') {
    throw new TypeError(`Cookie "${name}": the value must be a string, got ${typeof value}`);
  }
  // A lone surrogate cannot be percent-encoded: refuse it here rather than fail writing the reply.
  if (!isWellFormed(value)) {
    throw new TypeError(`Cookie "${name}": the value is not well-formed Unicode (a lone surrogate)`);
  }
  const { domain, path } = options;
  if (domain !== undefined && (typeof domain !== 'string' || !DOMAIN.test(domain))) {
    throw new TypeError(
      `Cookie "${name}": domain must be a host name (letters, digits, '-' and '.'), got ${JSON.stringify(domain)}`,
    );
  }
  if (path !== undefined && (typeof path !== 'string' || !PATH.test(path))) {
    throw new TypeError(
      `Cookie "${name}": path must be printable ASCII without ';', CR, LF or '<' (percent-encode the rest), got ${JSON.stringify(path)}`,
    );
  }
  if (options.maxAge !== undefined && !Number.isSafeInteger(options.maxAge)) {
    throw new TypeError(`Cookie "${name}": maxAge is a whole number of seconds, got ${options.maxAge}`);
  }
  if (options.expires !== undefined) {
    const time = options.expires instanceof Date ? options.expires.getTime() : Number.NaN;
    if (!(time >= MIN_EXPIRES && time <= MAX_EXPIRES)) {
      throw new TypeError(
        `Cookie "${name}": expires must be a valid Date from year 1601 to 9999, got ${options.expires instanceof Date ? String(options.expires) : typeof options.expires}`,
      );
    }
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
