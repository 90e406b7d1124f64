import type { ParamSite, Resolver } from './param-resolver';

/** What compiling a parameter needs from the app being compiled. */
export interface CompileScope {
  readonly hasCookieSecret: boolean;
  /** A resolver for `@Depends(provider)`, compiled once per provider. */
  dependency(provider: unknown, site: ParamSite): Resolver;
}
