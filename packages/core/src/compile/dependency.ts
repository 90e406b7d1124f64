import { getParams } from '../metadata/store';
import { enter, isGeneratorFunction } from '../runtime/cleanup';
import type { Cleanup, RequestContext } from '../runtime/context';
import { compileArguments } from './arguments';
import { assertPathParam } from './path-params';
import type { CompileScope, ParamSite, Resolver } from './scope';

/** A class whose `resolve(...)` takes parameter decorators, as a handler does. */
export interface ProviderClass<T = unknown> {
  new (...args: any[]): { resolve(...args: any[]): T | Promise<T> };
}
/** A function of this request's context. */
export type ProviderFunction<T = unknown> = (ctx: RequestContext) => T | Promise<T>;
/**
 * What `@Depends(provider)` takes: a class with `resolve(...)` or a function of the request's context.
 *
 * @example
 * ```ts
 * const pageSize: Provider<number> = (ctx) => Number(ctx.request.headers['x-page-size'] ?? 20);
 * list(@Depends(pageSize) size: number) { ... }
 * ```
 */
export type Provider<T = unknown> = ProviderClass<T> | ProviderFunction<T>;

export function isProviderClass(provider: unknown): provider is ProviderClass {
  return typeof provider === 'function' && typeof provider.prototype?.resolve === 'function';
}

/** A `class` (which cannot be called as a function provider), as opposed to a function. */
function isClass(fn: Function): boolean {
  return /^class[\s{]/.test(Function.prototype.toString.call(fn));
}

/**
 * Compiles `@Depends(provider)` parameters: each provider once per app, its `resolve` parameters
 * into the same kind of plan as a handler's, and its value cached per request so that a provider
 * reached twice (directly and through another) runs once.
 */
export class DependencyCompiler {
  private readonly compiled = new Map<unknown, Resolver>();
  private readonly stack: unknown[] = [];
  /** The `@Param` names each provider reads, its nested providers' included, to check each route's path. */
  private readonly pathParams = new Map<unknown, readonly string[]>();

  constructor(
    private readonly instantiate: (cls: Function) => object,
    private readonly scope: () => CompileScope,
  ) {}

  resolver(provider: unknown, site: ParamSite): Resolver {
    const known = this.compiled.get(provider);
    if (known) {
      this.checkPath(provider, site);
      return known;
    }
    if (this.stack.includes(provider)) {
      const chain = [...this.stack.slice(this.stack.indexOf(provider)), provider].map(nameOf).join(' -> ');
      throw new TypeError(`Dependency cycle: ${chain}`);
    }
    if (typeof provider !== 'function') {
      throw new TypeError(
        `${site.owner}.${site.method}: @Depends() takes a class with resolve(...) or a function (ctx) => value, got ${typeof provider}`,
      );
    }
    if (!isProviderClass(provider) && isClass(provider)) {
      throw new TypeError(
        `${site.owner}.${site.method}: @Depends(${nameOf(provider)}) is a class without a resolve(...) method`,
      );
    }
    this.stack.push(provider);
    try {
      const resolver = cached(provider, this.compute(provider));
      this.compiled.set(provider, resolver);
      this.checkPath(provider, site);
      return resolver;
    } finally {
      this.stack.pop();
    }
  }

  /** A provider used by a route reads only path parameters that route has. */
  private checkPath(provider: unknown, site: ParamSite): void {
    for (const name of this.pathParams.get(provider) ?? []) {
      assertPathParam(
        site.path,
        name,
        `${site.owner}.${site.method}: @Depends(${nameOf(provider)}) reads @Param('${name}') but`,
      );
    }
  }

  private compute(provider: Function): Resolver {
    if (!isProviderClass(provider)) return provider as ProviderFunction;
    const instance = this.instantiate(provider) as { resolve(...args: unknown[]): unknown };
    const site: ParamSite = { owner: provider.name, method: 'resolve' };
    const args = compileArguments(provider, 'resolve', site, this.scope());
    const names = new Set<string>();
    for (const param of getParams(provider, 'resolve')) {
      if (param.source === 'path') names.add(param.name!);
      if (param.source === 'depends')
        for (const name of this.pathParams.get(param.provider) ?? []) names.add(name);
    }
    this.pathParams.set(provider, [...names]);
    // A provider never runs on invalid input. It does not throw the 422 itself either: the
    // handler's parameters after it are still read, so that the 422 lists every problem.
    const cleansUp = isGeneratorFunction(instance.resolve);
    const name = provider.name;
    const call = (ctx: RequestContext, values: unknown[]) => {
      if (ctx.issues !== undefined) return undefined;
      const value = instance.resolve(...values);
      // A generator: what it yields is injected, and the rest of it runs after the handler.
      return cleansUp ? enter(ctx, value as Cleanup, name) : value;
    };
    return (ctx) => {
      const values = args(ctx);
      return values instanceof Promise ? values.then((v) => call(ctx, v)) : call(ctx, values);
    };
  }
}

function cached(provider: unknown, compute: Resolver): Resolver {
  return (ctx) => {
    const cache = (ctx.cache ??= new Map());
    if (cache.has(provider)) return cache.get(provider);
    const value = compute(ctx);
    // A pending value is cached as the promise, so a second use in the same request awaits the first.
    cache.set(provider, value);
    return value;
  };
}

function nameOf(provider: unknown): string {
  return typeof provider === 'function' && provider.name ? provider.name : '<anonymous provider>';
}
