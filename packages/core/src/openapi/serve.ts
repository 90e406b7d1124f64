import type { FastifyInstance } from 'fastify';
import { serveDocsPage } from './docs-page';
import { buildDocument, type DocumentedRoute, type OpenAPIDocument, operationIds } from './document';
import type { OpenAPIOptions } from './options';
import { PlainRoutes } from './plain-routes';
import { documentBuilt, documentReady, recordDocument } from './registry';

/**
 * The routes one document describes, handed over by the arobase plugin once it has planned them
 * (createApp makes the source before the routes exist), and the document itself, built once on
 * first use and kept.
 */
export class DocumentSource {
  private readonly routes: DocumentedRoute[] = [];
  private built: OpenAPIDocument | undefined;

  constructor(readonly options: OpenAPIOptions) {}

  add(routes: readonly DocumentedRoute[]): void {
    this.routes.push(...routes);
    this.built = undefined;
  }

  /** The mistakes the build would find, found from the decorators alone: no schema is built. */
  check(): void {
    operationIds(this.routes);
    for (const server of this.options.servers ?? []) {
      const variables = (server as { variables?: Record<string, { default?: string }> }).variables;
      for (const [, name] of server.url.matchAll(/\{([^{}]+)\}/gu)) {
        // @fastify/swagger strips the servers' base path from plain routes: it must be resolvable.
        if (variables?.[name]?.default !== undefined) continue;
        throw new TypeError(
          `arobase: openapi.servers URL ${server.url} has a variable {${name}} without a default: give it variables.${name}.default`,
        );
      }
    }
  }

  document(): OpenAPIDocument {
    this.built ??= buildDocument(this.routes, this.options);
    return this.built;
  }
}

/**
 * Serves the document at `options.path` and the Swagger UI page at `options.docsPath`. The
 * document lists the plain Fastify routes registered beside arobase's too (their own route
 * schemas, converted by @fastify/swagger), with arobase's operations and schemas merged in.
 * Start-up only registers routes and hooks, and converts the plain routes when there are some (so
 * that their mistakes fail `ready`): arobase's part of the document is built on its first request
 * (or `openapiDocument(app)` call), the docs page's modules are loaded on the page's first request.
 * Nothing is loaded when OpenAPI is off: this module is required only when called.
 */
export async function serveOpenAPI(fastify: FastifyInstance, source: DocumentSource): Promise<void> {
  const { path = '/openapi.json', docsPath = '/docs' } = source.options;
  const plain = new PlainRoutes(fastify, source.options);
  let built: { document: OpenAPIDocument; text: string } | undefined;
  let ready = false;
  let forget: () => void = () => undefined;
  const build = () => {
    if (built === undefined) {
      const document = merge(plain.document(), source.document());
      built = { document, text: JSON.stringify(document) };
      forget();
      documentBuilt(document);
    }
    return built;
  };
  // A mistake users must learn at start-up (two operations with one id) still fails `ready`.
  fastify.addHook('onReady', async () => {
    source.check();
    await plain.prepare();
    ready = true;
    forget = documentReady(build);
  });
  recordDocument(fastify, () => {
    // The routes are all there, and the plain ones converted, only once the app is ready.
    if (!ready) throw new TypeError('openapiDocument: call it after `await app.ready()`');
    return build().document;
  });
  fastify.get(path, { schema: { hide: true } }, (_request, reply) => {
    reply.type('application/json; charset=utf-8').send(build().text);
  });
  if (docsPath !== false) await serveDocsPage(fastify, docsPath, () => build().document);
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
