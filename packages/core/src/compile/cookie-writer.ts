import type { FastifyInstance } from 'fastify';
import { type CookieOptions, SECURE_COOKIE_DEFAULTS, withCookieDefaults } from '../http/cookie-options';
import { assertValidCookie } from '../http/cookie-rules';
import type { CookieWriter } from '../runtime/plan';

/**
 * The app's cookie policy, built once: its defaults (checked here, so that defaults which could
 * never produce a valid cookie fail at start-up) and @fastify/cookie's serialiser and signer.
 */
export function cookieWriter(fastify: FastifyInstance, overrides: CookieOptions | undefined): CookieWriter {
  const defaults = Object.freeze(withCookieDefaults(SECURE_COOKIE_DEFAULTS, overrides ?? {}));
  // Refuse defaults that could never produce a valid cookie (sameSite 'none' without secure, ...).
  const canSign = fastify.hasDecorator('signCookie');
  assertValidCookie('defaults', '', defaults);
  if (defaults.signed && !canSign) {
    throw new TypeError('arobase: cookies.defaults.signed needs cookies.secret');
  }
  const writer: CookieWriter = {
    defaults,
    canSign,
    serialize(cookie) {
      const { name, value } = cookie;
      // `setCookie` on a response bound to this policy (the injected one) checked these attributes.
      const checked = cookie.policy === writer ? cookie.attributes : undefined;
      const effective = checked ?? withCookieDefaults(defaults, cookie.options);
      // A response built by the handler itself was checked against the secure defaults only.
      if (checked === undefined) assertValidCookie(name, value, effective, canSign);
      const { signed, ...attributes } = effective;
      return fastify.serializeCookie(name, signed ? fastify.signCookie(value) : value, attributes);
    },
  };
  return writer;
}
