import type { ResponseClass } from '../http/response';
import {
  getController,
  getDecoratedMethods,
  getModelMethods,
  getResponseModel,
  getRoutes,
} from '../metadata/store';
import type { ControllerMetadata, RouteMetadata } from '../metadata/types';
import { describeValue } from '../models/describe';

/** One route of one controller, found from the decorators alone. */
export interface ScannedRoute {
  controller: Function;
  meta: ControllerMetadata;
  route: RouteMetadata;
  /** The full URL: the prefix given (a plugin's own and its parents'), the controller's, the route's. */
  url: string;
}

/**
 * Reads the controllers' decorators into a list of routes, refusing at start-up what would
 * otherwise fail or be ignored at request time.
 */
export function scanControllers(controllers: readonly unknown[], prefix = ''): ScannedRoute[] {
  if (!Array.isArray(controllers)) throw new TypeError('arobase: `controllers` must be an array of classes');
  const routes: ScannedRoute[] = [];
  const seen = new Map<string, string>();
  for (const controller of controllers) {
    if (typeof controller !== 'function') {
      throw new TypeError(`arobase: controllers must be classes, got ${describeValue(controller)}`);
    }
    const meta = getController(controller);
    if (meta === undefined) {
      throw new TypeError(
        `arobase: ${controller.name || 'a class'} is listed in controllers but has no @Controller()`,
      );
    }
    const own = getRoutes(controller);
    const routeMethods = new Set(own.map((r) => r.propertyKey));
    for (const method of getDecoratedMethods(controller)) {
      if (!routeMethods.has(method)) {
        throw new TypeError(
          `arobase: ${controller.name}.${String(method)} has parameter decorators but no route decorator (@Get, @Post, ...)`,
        );
      }
    }
    for (const method of getModelMethods(controller)) {
      if (!routeMethods.has(method)) {
        // Also a subclass that narrows an inherited route's model with @ResponseModel alone: decorating
        // the override replaces the base's route, so without its own @Get it would silently 404.
        throw new TypeError(
          `arobase: ${controller.name}.${String(method)} has @ResponseModel but no route decorator (@Get, @Post, ...); ` +
            "an override decorated in a subclass replaces the base's route and must declare its own",
        );
      }
    }
    for (const route of own) {
      const url = joinPaths(prefix, meta.prefix, route.path);
      const key = `${route.method} ${url}`;
      const label = `${controller.name}.${String(route.propertyKey)}`;
      const previous = seen.get(key);
      if (previous !== undefined) {
        throw new TypeError(`arobase: duplicate route ${key}, declared by ${previous} and ${label}`);
      }
      seen.set(key, label);
      routes.push({ controller, meta, route, url });
    }
  }
  return routes;
}

/** The route's own class wins, then its controller's, then the app's; undefined is JSON. */
export function effectiveResponseClass(
  scanned: ScannedRoute,
  appDefault: ResponseClass | undefined,
): ResponseClass | undefined {
  return scanned.route.options.responseClass ?? scanned.meta.options.responseClass ?? appDefault;
}

/** A line of the route table, as `blog routes` prints it. */
export interface RouteDescription {
  method: string;
  path: string;
  handler: string;
  status: number;
  responseModel: string | undefined;
  responseClass: string;
}

/**
 * The routes an app would serve, without starting it. Give the app's `defaultResponseClass`, if it
 * has one, for the table to show it.
 *
 * @example
 * ```ts
 * console.table(describeRoutes([UserController, PostController], '/api'));
 * ```
 */
export function describeRoutes(
  controllers: readonly unknown[],
  prefix = '',
  defaultResponseClass?: ResponseClass,
): RouteDescription[] {
  return scanControllers(controllers, prefix).map((scanned) => {
    const { controller, route, url } = scanned;
    const model = getResponseModel(controller, route.propertyKey);
    const responseClass = effectiveResponseClass(scanned, defaultResponseClass);
    return {
      method: route.method,
      path: url,
      handler: `${controller.name}.${String(route.propertyKey)}`,
      status: route.options.status ?? defaultStatus(responseClass),
      responseModel: model ? (model.isArray ? `[${model.model.name}]` : model.model.name) : undefined,
      responseClass: responseClass?.name ?? 'JSONResponse',
    };
  });
}

/** The status a class gives plain data when neither the route nor `res` sets one. */
function defaultStatus(cls: ResponseClass | undefined): number {
  return (cls as { defaultStatus?: number } | undefined)?.defaultStatus ?? 200;
}

/** `/api` + `/users/` + `/:id` → `/api/users/:id`; the root stays `/`. */
function joinPaths(...parts: string[]): string {
  const joined = parts
    .map((p) => p.trim().replace(/^\/+|\/+$/g, ''))
    .filter((p) => p.length > 0)
    .join('/');
  return `/${joined}`;
}
