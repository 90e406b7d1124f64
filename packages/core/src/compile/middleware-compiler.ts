import type { Middleware, MiddlewareClass } from '../runtime/middleware';

/**
 * Turns what `createApp({ middleware })` and `@UseMiddleware(...)` list into middleware objects,
 * once per app: a class is built on first use (through the container when there is one) and that
 * one instance serves every route that lists it.
 */
export class MiddlewareCompiler {
  private readonly built = new Map<Function, Middleware>();

  constructor(private readonly instantiate: (cls: Function) => object) {}

  resolve(entries: readonly unknown[], where: string): Middleware[] {
    if (!Array.isArray(entries)) throw new TypeError(`${where}: middleware must be an array`);
    return entries.map((entry) => this.one(entry, where));
  }

  private one(entry: unknown, where: string): Middleware {
    if (typeof entry === 'function') {
      if (typeof entry.prototype?.handle !== 'function') {
        throw new TypeError(
          `${where}: middleware ${entry.name || '<anonymous>'} is a function without a handle(ctx, next) method: give a class with handle(), or an object { handle(ctx, next) { ... } }`,
        );
      }
      let instance = this.built.get(entry);
      if (instance === undefined) {
        instance = this.instantiate(entry as MiddlewareClass) as Middleware;
        this.built.set(entry, instance);
      }
      return instance;
    }
    if (typeof entry === 'object' && entry !== null && typeof (entry as Middleware).handle === 'function') {
      return entry as Middleware;
    }
    throw new TypeError(
      `${where}: a middleware is a class or an object with handle(ctx, next), got ${entry === null ? 'null' : typeof entry}`,
    );
  }
}
