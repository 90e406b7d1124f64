import FindMyWay from 'find-my-way';

type Method = FindMyWay.HTTPMethod;

/** Options of Fastify's router that change which URL a path matches, read the same way here. */
export interface RouterMatching {
  ignoreTrailingSlash?: boolean;
  ignoreDuplicateSlashes?: boolean;
  caseSensitive?: boolean;
  maxParamLength?: number;
  useSemicolonDelimiter?: boolean;
}

// The order `Allow` lists methods in: the usual ones first, any other after them.
const ORDER = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'];

/**
 * Every route an app has, by path, so that a request Fastify matched to no route can tell a known
 * path asked with another method (405, with `Allow`) from an unknown one (404). Fed by Fastify's
 * `onRoute` hook, it sees the routes of every plugin, not only arobase's. A catch-all route (`*`,
 * as @fastify/cors's preflight route) makes no path known, but the method it answers is listed.
 */
export class AllowedMethods {
  private readonly router: FindMyWay.Instance<FindMyWay.HTTPVersion.V1>;
  private readonly methods = new Set<Method>();

  constructor(matching: RouterMatching) {
    this.router = FindMyWay({
      ignoreTrailingSlash: matching.ignoreTrailingSlash,
      ignoreDuplicateSlashes: matching.ignoreDuplicateSlashes,
      caseSensitive: matching.caseSensitive,
      maxParamLength: matching.maxParamLength,
      useSemicolonDelimiter: matching.useSemicolonDelimiter,
    } as FindMyWay.Config<FindMyWay.HTTPVersion.V1>);
  }

  add(method: string | string[], url: string): void {
    for (const m of Array.isArray(method) ? method : [method]) {
      const upper = m.toUpperCase() as Method;
      try {
        this.router.on(upper, url, noop, { catchAll: url.includes('*') });
      } catch {
        // The same method and path under other constraints (a version, a host): it is listed already.
        continue;
      }
      this.methods.add(upper);
    }
  }

  /** The methods `url`'s path answers, or undefined when no route names that path. */
  allowed(url: string): string[] | undefined {
    const query = url.indexOf('?');
    const path = query === -1 ? url : url.slice(0, query);
    const found: string[] = [];
    let known = false;
    for (const method of this.methods) {
      const match = this.router.find(method, path);
      if (match === null) continue;
      found.push(method);
      if (!(match.store as { catchAll: boolean }).catchAll) known = true;
    }
    if (!known) return undefined;
    return found.sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
  }
}

function rank(method: string): number {
  const at = ORDER.indexOf(method);
  return at === -1 ? ORDER.length : at;
}

function noop(): void {}
