import type { FastifyInstance } from 'fastify';
import { buildDocument, DEFAULT_INFO, type DocumentedRoute, type OpenAPIDocument } from './document';
import type { OpenAPIOptions } from './options';
import { documentBuilt, recordDocument } from './registry';

/**
 * The routes of one document, gathered from the arobase plugins that share it, and the document
 * itself, built once on first use (at `ready`) and kept.
 */
export class DocumentSource {
  private readonly routes: DocumentedRoute[] = [];
  private built: OpenAPIDocument | undefined;

  constructor(readonly options: OpenAPIOptions) {}

  add(routes: readonly DocumentedRoute[]): void {
    this.routes.push(...routes);
    this.built = undefined;
  }

  document(): OpenAPIDocument {
    this.built ??= buildDocument(this.routes, this.options);
    return this.built;
  }
}

/** Marks arobase's own routes, which the document describes itself, for @fastify/swagger to skip. */
export const HIDDEN_FROM_SWAGGER = Object.freeze({
  swaggerTransform: ({ url }: { url: string }) => ({ schema: { hide: true }, url }),
});

/**
 * Serves the document at `options.path` and the Swagger UI page at `options.docsPath`. The
 * document comes from @fastify/swagger, which collects the plain Fastify routes registered beside
 * arobase's (their own route schemas), with arobase's operations and schemas merged in. Nothing
 * is loaded when OpenAPI is off: this module requires the plugins only when called.
 */
export async function serveOpenAPI(fastify: FastifyInstance, source: DocumentSource): Promise<void> {
  const { path = '/openapi.json', docsPath = '/docs', info, servers } = source.options;
  const swagger = require('@fastify/swagger') as typeof import('@fastify/swagger').default;
  await fastify.register(swagger, {
    openapi: { openapi: '3.1.0', info: { ...DEFAULT_INFO, ...info }, servers },
    transformObject: (documents) =>
      merge((documents as { openapiObject: OpenAPIDocument }).openapiObject, source.document()),
  });
  let json: string | undefined;
  let ready = false;
  const text = () => (json ??= JSON.stringify(fastify.swagger()));
  // Built at start-up: a mistake in it (two operations with one id) fails `ready`, not a request.
  fastify.addHook('onReady', async () => {
    ready = true;
    text();
    documentBuilt(fastify.swagger() as OpenAPIDocument);
  });
  recordDocument(fastify, () => {
    // @fastify/swagger keeps the first document it builds: before `ready`, routes would be missing.
    if (!ready) throw new TypeError('openapiDocument: call it after `await app.ready()`');
    return fastify.swagger() as OpenAPIDocument;
  });
  fastify.get(path, { schema: { hide: true } }, (_request, reply) => {
    reply.type('application/json; charset=utf-8').send(text());
  });
  if (docsPath === false) return;
  const ui = require('@fastify/swagger-ui') as typeof import('@fastify/swagger-ui').default;
  await fastify.register(ui, { routePrefix: docsPath });
}

/** @fastify/swagger's document (plain Fastify routes) with arobase's operations and schemas. */
function merge(theirs: OpenAPIDocument, ours: OpenAPIDocument): OpenAPIDocument {
  const paths = { ...theirs.paths };
  for (const [path, operations] of Object.entries(ours.paths))
    paths[path] = { ...paths[path], ...operations };
  const schemas = { ...theirs.components?.schemas, ...ours.components.schemas };
  return { ...theirs, openapi: '3.1.0', paths, components: { ...theirs.components, schemas } };
}

/** A route of the app on the document's or the docs page's URL: said at start-up, with the fix. */
export function assertFreePaths(
  routes: readonly { method: string; url: string; label: string }[],
  options: OpenAPIOptions,
  prefix: string,
): void {
  const path = prefix + (options.path ?? '/openapi.json');
  const docsPath = options.docsPath === false ? false : prefix + (options.docsPath ?? '/docs');
  for (const route of routes) {
    if (route.method !== 'GET') continue;
    const url = route.url.replace(/\/+$/, '') || '/';
    const option =
      url === path
        ? 'path'
        : docsPath !== false && (url === docsPath || url.startsWith(`${docsPath}/`))
          ? 'docsPath'
          : undefined;
    if (option === undefined) continue;
    throw new TypeError(
      `arobase: ${route.label} (GET ${route.url}) is on the URL of the OpenAPI ${option === 'path' ? 'document' : 'docs page'}: ` +
        `give createApp({ openapi: { ${option}: '/another' } })${option === 'docsPath' ? ' or docsPath: false' : ''}, or openapi: false`,
    );
  }
}
