import type { RequestContext } from '../runtime/context';

/** Reads one argument of a handler (or of a provider's `resolve`) from the request. */
export type Resolver = (ctx: RequestContext) => unknown;

/** Where a parameter lives, for error messages: `UserController.get(#1 @Param('id'))`. */
export interface ParamSite {
  owner: string;
  method: string;
  /** The route path, when the method is a route, to check `@Param` names against. */
  path?: string;
}

/** What compiling a parameter needs from the app being compiled. */
export interface CompileScope {
  readonly hasCookieSecret: boolean;
  /** A resolver for `@Depends(provider)`, compiled once per provider. */
  dependency(provider: unknown, site: ParamSite): Resolver;
  /** Start-up decisions worth a debug line (which validation path a model input takes). */
  debug?(details: object, message: string): void;
}
