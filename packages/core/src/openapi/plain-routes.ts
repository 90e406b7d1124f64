import Fastify, { type FastifyInstance, type HTTPMethods, type RouteOptions } from 'fastify';
import { DEFAULT_INFO, type OpenAPIDocument } from './document';
import type { OpenAPIOptions } from './options';

type Transform = (input: { schema?: unknown; url: string; route: unknown; openapiObject: unknown }) => {
  schema?: unknown;
  url?: string;
};

/** Marks arobase's own routes, which the document describes itself, for @fastify/swagger to skip. */
export const HIDDEN_FROM_SWAGGER = Object.freeze({
  swaggerTransform: ({ url }: { url: string }) => ({ schema: { hide: true }, url }),
});

/**
 * The plain Fastify routes registered beside arobase's, which the document lists with what their
 * own route schemas say. Collecting them costs an `onRoute` hook; @fastify/swagger (and the `yaml`
 * it loads) is only loaded at `ready` when there is one to convert, or a shared schema
 * (`addSchema`) it would list: it then converts them at `ready`, on an inner instance holding the
 * same routes, so that the document of the outer app can still be built synchronously later.
 */
export class PlainRoutes {
  private readonly routes: RouteOptions[] = [];
  private readonly instances: FastifyInstance[] = [];
  private inner: FastifyInstance | undefined;

  constructor(
    private readonly fastify: FastifyInstance,
    private readonly options: OpenAPIOptions,
  ) {
    fastify.addHook('onRoute', (route) => {
      if (documented(route)) this.routes.push(route);
    });
    // @fastify/swagger lists the shared schemas of every instance, read at `ready`.
    fastify.addHook('onRegister', (instance) => {
      this.instances.push(instance);
    });
    fastify.addHook('onClose', async () => this.inner?.close());
  }

  /** At `ready`: the inner instance, when there is something for @fastify/swagger to convert. */
  async prepare(): Promise<void> {
    const schemas = new Map<string, unknown>();
    for (const instance of [...this.instances, this.fastify]) {
      for (const [id, schema] of Object.entries(instance.getSchemas())) schemas.set(id, schema);
    }
    this.instances.length = 0;
    if (this.routes.length === 0 && schemas.size === 0) return;
    const swagger = require('@fastify/swagger') as typeof import('@fastify/swagger').default;
    const inner = Fastify();
    // Nothing is served: no validator or serializer is compiled, the outer app compiled them.
    inner.setValidatorCompiler(() => () => true);
    inner.setSerializerCompiler(() => (data) => JSON.stringify(data));
    await inner.register(swagger, { openapi: this.openapi() });
    for (const schema of schemas.values()) inner.addSchema(schema);
    for (const [i, route] of this.routes.entries()) inner.route(standIn(route, i, inner));
    try {
      await inner.ready();
      // Built now, and kept by @fastify/swagger: a mistake in a plain route fails `ready`, as it did
      // when @fastify/swagger ran on the app, not the first request for the document.
      inner.swagger();
    } catch (error) {
      await inner.close();
      throw this.named(error);
    }
    this.inner = inner;
  }

  /** @fastify/swagger's error, which names the stand-in's URL (`route /0`), with the outer route. */
  private named(error: unknown): unknown {
    if (!(error instanceof Error) || error.message.startsWith('arobase:')) return error;
    const message = error.message.replace(/\broute \/(\d+)\b/gu, (found, i: string) => {
      const route = this.routes[Number(i)];
      return route === undefined ? found : `route ${label(route)}`;
    });
    return new Error(`arobase: @fastify/swagger cannot list the plain Fastify routes: ${message}`, {
      cause: error,
    });
  }

  /** @fastify/swagger's document of the plain routes, or the same empty one when there are none. */
  document(): OpenAPIDocument {
    if (this.inner !== undefined) return this.inner.swagger() as OpenAPIDocument;
    // What @fastify/swagger writes for no route, in its key order.
    const { info, servers } = this.openapi();
    const empty: OpenAPIDocument = { openapi: '3.1.0', info, components: { schemas: {} }, paths: {} };
    if (servers) empty.servers = servers;
    return empty;
  }

  private openapi() {
    const { info, servers } = this.options;
    return { openapi: '3.1.0', info: { ...DEFAULT_INFO, ...info }, servers };
  }
}

/** What @fastify/swagger would list, left for it to decide when a route transforms its own entry. */
function documented(route: RouteOptions): boolean {
  const transform = route.config?.swaggerTransform;
  if (transform !== undefined) return transform !== HIDDEN_FROM_SWAGGER.swaggerTransform;
  const swagger = (route.config as { swagger?: { exposeHeadRoute?: boolean } } | undefined)?.swagger;
  if (route.method === 'HEAD' && swagger?.exposeHeadRoute !== true) return false;
  const schema = route.schema as { hide?: boolean; tags?: string[] } | undefined;
  return schema?.hide !== true && schema?.tags?.includes('X-HIDDEN') !== true;
}

/**
 * The route on the inner instance: its own URL, so that routes the outer router tells apart by
 * constraints cannot collide, and a transform that gives @fastify/swagger the outer route and URL.
 */
function standIn(route: RouteOptions, i: number, inner: FastifyInstance): RouteOptions {
  const methods = ([] as string[]).concat(route.method);
  for (const method of methods) {
    if (!inner.supportedMethods.includes(method as HTTPMethods))
      inner.addHttpMethod(method, { hasBody: true });
  }
  const own = route.config?.swaggerTransform as Transform | false | undefined;
  const swaggerTransform: Transform = ({ schema, openapiObject }) => {
    let result: ReturnType<Transform>;
    try {
      result = own ? own({ schema, url: route.url, route, openapiObject }) : {};
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      throw new Error(`arobase: the swaggerTransform of ${label(route)} threw: ${message}`, { cause: error });
    }
    // As @fastify/swagger reads a transform's answer: an empty field keeps the route's own.
    return { schema: result.schema || schema, url: result.url || route.url };
  };
  return {
    method: route.method,
    url: `/${i}`,
    schema: route.schema,
    config: { ...route.config, swaggerTransform },
    links: (route as { links?: unknown }).links,
    exposeHeadRoute: false,
    handler: () => undefined,
  } as RouteOptions;
}

/** The route as a user wrote it: `GET /plain`, `GET,POST /multi`. */
function label(route: RouteOptions): string {
  return `${([] as string[]).concat(route.method).join(',')} ${route.url}`;
}
