import type { ParamSite, Resolver } from './param-resolver';

/** What compiling a parameter needs from the app being compiled. */
export interface CompileScope {
  readonly hasCookieSecret: boolean;
  /** A resolver for `@Depends(provider)`, compiled once per provider. */
  dependency(provider: unknown, site: ParamSite): Resolver;
  /** Start-up decisions worth a debug line (which validation path a model input takes). */
  debug?(details: object, message: string): void;
}
