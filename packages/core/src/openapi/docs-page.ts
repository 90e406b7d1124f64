import Fastify, {
  type FastifyInstance,
  type FastifyReply,
  type FastifyRequest,
  LogController,
} from 'fastify';
import { fastifyErrorHandler } from '../runtime/errors';
import type { OpenAPIDocument } from './document';
import { effectiveRouterOptions } from './router-options';

/** Headers of one connection: the outer reply's connection writes its own. */
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'date']);

/** Carries the outer request's id to the inner one, so that the inner logs read as the app's. */
const REQUEST_ID = 'x-arobase-docs-request-id';

/** The URLs @fastify/swagger-ui serves under its prefix (its assets are `/static/*`). */
const PAGE_URLS = [
  '/',
  '/json',
  '/yaml',
  '/static/index.html',
  '/static/swagger-initializer.js',
  '/static/*',
];

/**
 * Serves the Swagger UI page (from @fastify/swagger-ui: no CDN) at `docsPath`, loaded on its first
 * request: start-up registers the page's URLs and requires nothing. That request builds, once, an inner
 * instance holding @fastify/swagger-ui and the document; every docs request is handed to it with
 * `inject` and its answer written through the app's own reply, so the app's hooks (CORS, security
 * headers, `onSend`) apply to the page and its assets as to any route.
 */
export async function serveDocsPage(
  fastify: FastifyInstance,
  docsPath: string,
  document: () => OpenAPIDocument,
): Promise<void> {
  let page: Promise<FastifyInstance> | undefined;
  const routePrefix = fastify.prefix + docsPath;
  // Concurrent first requests share one build; a failed one is tried again on the next request.
  const load = () =>
    (page ??= buildPage(fastify, routePrefix, document).catch((error: unknown) => {
      page = undefined;
      throw error;
    }));
  const handler = async (request: FastifyRequest, reply: FastifyReply) => {
    const answer = await (await load()).inject({
      method: request.method as 'GET',
      url: request.url,
      headers: { ...request.headers, [REQUEST_ID]: request.id },
    });
    // The app's own 404, as for any URL it does not serve.
    if (answer.statusCode === 404) return reply.callNotFound();
    reply.code(answer.statusCode);
    for (const [name, value] of Object.entries(answer.headers)) {
      if (value !== undefined && !HOP_BY_HOP.has(name)) reply.header(name, value);
    }
    // Nothing to send is no payload, not an empty buffer Fastify would label application/octet-stream.
    return answer.rawPayload.length > 0 ? reply.send(answer.rawPayload) : reply.send();
  };
  // Under the prefix, as @fastify/swagger-ui's own routes were: `/docs` and `/docs/` both answer,
  // and another method on one of its URLs is a 405. HEAD is forwarded too, not derived from GET:
  // Fastify would recount the empty body, where the inner answer gives the asset's length.
  await fastify.register(
    async (docs) => {
      for (const url of PAGE_URLS) {
        docs.route({ method: ['GET', 'HEAD'], url, schema: { hide: true }, handler });
      }
    },
    { prefix: docsPath },
  );
  fastify.addHook('onClose', async () => {
    const built = await page?.catch(() => undefined);
    await built?.close();
  });
}

async function buildPage(
  fastify: FastifyInstance,
  routePrefix: string,
  document: () => OpenAPIDocument,
): Promise<FastifyInstance> {
  const swagger = require('@fastify/swagger') as typeof import('@fastify/swagger').default;
  const ui = require('@fastify/swagger-ui') as typeof import('@fastify/swagger-ui').default;
  const specification = { document: document() as never };
  const inner = Fastify({
    // The app's URL matching (trailing slashes, case), so that the page answers the URLs it did.
    routerOptions: effectiveRouterOptions(fastify),
    // Its errors are the app's: logged by the app's logger under the outer request's id (the outer
    // reply logs the request itself), answered in the `{detail}` shape, a 5xx saying nothing.
    loggerInstance: fastify.log.child({ docs: routePrefix }),
    logController: new LogController({
      disableRequestLogging: true,
      requestIdLogLabel: fastify.initialConfig.requestIdLogLabel,
    }),
    genReqId: (raw) => String(raw.headers[REQUEST_ID]),
  });
  try {
    inner.setErrorHandler(fastifyErrorHandler);
    await inner.register(swagger, { mode: 'static', specification });
    await inner.register(ui, { routePrefix });
    await inner.ready();
    return inner;
  } catch (error) {
    // The next request builds another: this one must not stay open.
    await inner.close().catch(() => undefined);
    throw error;
  }
}
