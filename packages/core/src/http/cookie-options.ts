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
export type DeleteCookieOptions = Pick<
  CookieOptions,
  'path' | 'domain' | 'secure' | 'httpOnly' | 'sameSite' | 'partitioned'
>;

/**
 * What an app allows its cookies: the defaults they start from and whether it can sign them.
 * An injected response carries its app's, so `setCookie` refuses at the call what the write would.
 */
export interface CookiePolicy {
  readonly defaults: Readonly<CookieOptions>;
  /** `undefined` when unknown: a response built by a handler does not know its app. */
  readonly canSign: boolean | undefined;
}

/** Secure by default, where FastAPI defaults `httponly` to false. */
export const SECURE_COOKIE_DEFAULTS: Readonly<CookieOptions> = Object.freeze({
  path: '/',
  httpOnly: true,
  secure: true,
  sameSite: 'lax',
});

/** The policy of a response built by a handler: the secure defaults, signing checked when written. */
export const UNBOUND_COOKIE_POLICY: CookiePolicy = Object.freeze({
  defaults: SECURE_COOKIE_DEFAULTS,
  canSign: undefined,
});

/**
 * `options` over `defaults`, where an option given as `undefined` is not given: `{ secure: config.secure }`
 * with the setting absent keeps `Secure` rather than dropping it.
 */
export function withCookieDefaults(defaults: Readonly<CookieOptions>, options: CookieOptions): CookieOptions {
  const merged: Record<string, unknown> = { ...defaults };
  for (const key in options) {
    const value = options[key as keyof CookieOptions];
    if (value !== undefined) merged[key] = value;
  }
  return merged as CookieOptions;
}
