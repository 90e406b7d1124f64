import { addRoute } from '../metadata/store';
import type { HttpMethod, RouteOptions } from '../metadata/types';

/**
 * The type of `@Get`, `@Post`, ...: a path in Fastify's syntax and the route's options.
 *
 * @example
 * ```ts
 * const Route: RouteDecorator = Get;
 * class Posts { @Route('/:id', { summary: 'One post' }) get(@Param('id') id: number) {} }
 * ```
 */
export type RouteDecorator = (path?: string, options?: RouteOptions) => MethodDecorator;

function route(method: HttpMethod): RouteDecorator {
  return (path = '', options = {}) =>
    (target, propertyKey) => {
      addRoute(target.constructor, { method, path, propertyKey, options });
    };
}

/**
 * Routes GET requests (and HEAD, with the same status and headers and no body) to the method.
 * The path uses Fastify's syntax: `/posts/:id`, `/files/*`.
 *
 * @example
 * ```ts
 * @Get('/posts/:id', { headers: { 'Cache-Control': 'public, max-age=60' } })
 * get(@Param('id') id: number) { return db.post(id); }
 * ```
 */
export const Get: RouteDecorator = route('GET');
/**
 * Routes POST requests to the method.
 *
 * @example
 * ```ts
 * @Post('/', { status: 201 })
 * create(@Body() body: PostIn) { return db.insert(body); }
 * ```
 */
export const Post: RouteDecorator = route('POST');
/** Routes PUT requests to the method. @example `@Put('/:id') replace(@Param('id') id: number, @Body() b: PostIn) {}` */
export const Put: RouteDecorator = route('PUT');
/** Routes PATCH requests to the method. @example `@Patch('/:id') edit(@Param('id') id: number, @Body() b: PostPatch) {}` */
export const Patch: RouteDecorator = route('PATCH');
/** Routes DELETE requests to the method. @example `@Delete('/:id', { status: 204 }) remove(@Param('id') id: number) {}` */
export const Delete: RouteDecorator = route('DELETE');
/** Routes HEAD requests to the method (a GET route already answers HEAD). @example `@Head('/ping') ping() {}` */
export const Head: RouteDecorator = route('HEAD');
/** Routes OPTIONS requests to the method. @example `@Options('/') allow(@Res() res: Response) { res.headers.set('Allow', 'GET'); }` */
export const Options: RouteDecorator = route('OPTIONS');
