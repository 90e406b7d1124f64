/** Attributes of a cookie set with `res.setCookie(name, value, options)`. */
export interface CookieOptions {
  /** Lifetime in seconds (`Max-Age`). */
  maxAge?: number;
  /** Absolute expiry (`Expires`). */
  expires?: Date;
  domain?: string;
  /** Default `/`. */
  path?: string;
  /** Default `true`. */
  secure?: boolean;
  /** Default `true`: scripts cannot read the cookie. */
  httpOnly?: boolean;
  /** Default `'lax'`. `'none'` needs `secure`. */
  sameSite?: 'strict' | 'lax' | 'none';
  /** CHIPS: a cookie partitioned by top-level site. Needs `secure`. */
  partitioned?: boolean;
  priority?: 'low' | 'medium' | 'high';
  /** Sign the value with `cookies.secret`; read it back with `@Cookie(name, { signed: true })`. */
  signed?: boolean;
}

/** Where a cookie to delete lives: it must match the cookie's own path and domain. */
export interface DeleteCookieOptions {
  path?: string;
  domain?: string;
  secure?: boolean;
  httpOnly?: boolean;
  sameSite?: 'strict' | 'lax' | 'none';
  partitioned?: boolean;
}

/** Secure by default, where FastAPI defaults `httponly` to false. */
export const SECURE_COOKIE_DEFAULTS: Readonly<CookieOptions> = Object.freeze({
  path: '/',
  httpOnly: true,
  secure: true,
  sameSite: 'lax',
});
