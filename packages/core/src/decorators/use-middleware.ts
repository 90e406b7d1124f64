import { addMiddleware } from '../metadata/store';
import type { MiddlewareEntry } from '../runtime/middleware';

/**
 * Runs middleware around every route of a controller, or around one route. Order: the app's
 * middleware, then the controller's, then the route's, outermost first; within one list, and across
 * stacked decorators, in reading order (the first one listed wraps the others).
 *
 * @example
 * ```ts
 * @Controller('/admin')
 * @UseMiddleware(RequireAdmin)
 * class AdminController {
 *   @Get('/report')
 *   @UseMiddleware(new CacheFor(60))
 *   report() { ... }
 * }
 * ```
 */
export function UseMiddleware(...middleware: MiddlewareEntry[]): ClassDecorator & MethodDecorator {
  if (middleware.length === 0) throw new TypeError('@UseMiddleware() needs at least one middleware');
  return (target: object, propertyKey?: string | symbol) => {
    if (propertyKey === undefined) addMiddleware(target as Function, undefined, middleware);
    else addMiddleware(target.constructor, propertyKey, middleware);
  };
}
