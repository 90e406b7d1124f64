import fastifyCookie from '@fastify/cookie';
import Fastify, { type FastifyInstance, type FastifyPluginAsync } from 'fastify';
import { cookieWriter } from './compile/cookie-writer';
import { DependencyCompiler } from './compile/dependency';
import { MiddlewareCompiler } from './compile/middleware-compiler';
import { compileRoute } from './compile/route-plan';
import { scanControllers } from './compile/scan';
import type { CompileScope } from './compile/scope';
import { transformerInternalsProblem } from './models/vendor/class-transformer';
import { HIDDEN_FROM_SWAGGER } from './openapi/plain-routes';
import { recordDocument } from './openapi/registry';
import { assertFreePaths, DocumentSource, serveOpenAPI } from './openapi/serve';
import type { ArobaseOptions, CreateAppOptions } from './options';
import { AllowedMethods, type RouterMatching } from './runtime/allowed-methods';
import { BackgroundRunner } from './runtime/background';
import { fastifyErrorHandler, notFoundHandler } from './runtime/errors';
import { createRouteHandler } from './runtime/handler';
import { installJsonParser } from './runtime/json-body';
import { OpenStreams } from './runtime/open-streams';
import type { RoutePlan } from './runtime/plan';

/**
 * The Fastify plugin: registers the controllers' routes on an instance you already have.
 *
 * @example
 * ```ts
 * const app = Fastify({ logger: true });
 * await app.register(arobase, { controllers: [UserController], prefix: '/api' });
 * ```
 */
export const arobase: FastifyPluginAsync<ArobaseOptions> = async (fastify, options) => {
  // Fastify applied `options.prefix` (its own register option) and any parent's to `fastify.prefix`:
  // the full URL, so that a parameter of the prefix (`/tenants/:tenant`) can be read with @Param.
  const scanned = scanControllers(options.controllers, fastify.prefix);
  const secret = options.cookies?.secret;
  assertCookieSecret(secret);
  if (!fastify.hasDecorator('serializeCookie')) {
    await fastify.register(fastifyCookie, { secret });
  } else if (secret !== undefined && !fastify.hasDecorator('signCookie')) {
    throw new TypeError(
      'arobase: cookies.secret is set but @fastify/cookie was registered before without a secret',
    );
  } else if (secret !== undefined && (options as RootOptions)[kRootCookies] !== true) {
    // Its signer cannot be read back to compare: whichever secret is used, one of the two is ignored.
    throw new TypeError(
      'arobase: cookies.secret is set but @fastify/cookie was registered before with its own secret: ' +
        'give the secret to one of them only',
    );
  }
  fastify.setErrorHandler(fastifyErrorHandler);
  const root = (options as RootOptions)[kRootOpenAPI];
  let source = root;
  if (source === undefined && options.openapi) {
    source = new DocumentSource(options.openapi);
    await serveOpenAPI(fastify, source);
  }

  const cookies = cookieWriter(fastify, options.cookies?.defaults);
  const instantiate = (cls: Function) => build(cls, options);
  const scope: CompileScope = {
    hasCookieSecret: fastify.hasDecorator('unsignCookie'),
    dependency: (provider, site) => dependencies.resolver(provider, site),
    debug: (details, message) => fastify.log.debug(details, message),
  };
  const dependencies = new DependencyCompiler(instantiate, () => scope);
  const compiler = new MiddlewareCompiler(instantiate);
  const middleware = { app: compiler.resolve(options.middleware ?? [], 'middleware option'), compiler };
  const background = new BackgroundRunner();
  const streams = new OpenStreams();
  // Before the server waits for the responses in flight: an endless event stream would hold it.
  fastify.addHook('preClose', async () => streams.endAll());
  // After the server stops taking requests: a task that is running finishes before the app is closed.
  fastify.addHook('onClose', () => background.idle());
  const instances = new Map<Function, object>();
  const plans: RoutePlan[] = scanned.map((found) => {
    const { controller } = found;
    let instance = instances.get(controller);
    if (instance === undefined) {
      instance = instantiate(controller);
      instances.set(controller, instance);
    }
    return compileRoute(found, instance, {
      validateResponse: options.validateResponse === true,
      defaultResponseClass: options.defaultResponseClass,
      cookies,
      scope,
      middleware,
      background,
      streams,
    });
  });

  if (source !== undefined) assertFreePaths(plans, source.options, root === undefined ? fastify.prefix : '');
  const missing = plans.some((p) => p.model !== undefined) ? transformerInternalsProblem() : undefined;
  if (missing !== undefined) {
    // The reference paths still filter and validate; what is lost is the speed of the compiled
    // ones and the check that a field without @Type holds no object.
    fastify.log.warn(`arobase: ${missing}: response models and inputs take the reference paths`);
  }

  // A GET route answers HEAD too, unless the controller declares its own HEAD for that path.
  const explicitHead = new Set(plans.filter((p) => p.method === 'HEAD').map((p) => p.url));
  for (const plan of plans) {
    fastify.route({
      method: plan.method,
      // `prefix` is also Fastify's own register option: Fastify puts it before the route itself.
      url: plan.url.slice(fastify.prefix.length) || '/',
      exposeHeadRoute: plan.method === 'GET' ? !explicitHead.has(plan.url) : undefined,
      handler: createRouteHandler(plan),
      // The document describes arobase's routes from their plans; @fastify/swagger only adds the others.
      config: HIDDEN_FROM_SWAGGER,
    });
    fastify.log.debug(
      {
        route: plan.label,
        url: plan.url,
        model: plan.model?.model.name,
        serializer: plan.serialization.path,
        reason: plan.serialization.reason,
      },
      'arobase route',
    );
  }
  const documented = scanned.map((found, i) => ({ scanned: found, plan: plans[i] }));
  if (source !== undefined) {
    source.add(documented);
  } else {
    // Not served, still there for `openapiDocument(app)` (the CLI), built only if asked for.
    const own = new DocumentSource(options.openapi || {});
    own.add(documented);
    recordDocument(fastify, () => own.document(), false);
  }
};

/**
 * Creates a Fastify instance with the controllers' routes, arobase's JSON errors (`{"detail": ...}`)
 * and a JSON 404. It is a plain `FastifyInstance`: register any Fastify plugin on it.
 *
 * @example
 * ```ts
 * const app = await createApp({ controllers: [UserController], cookies: { secret: process.env.COOKIE_SECRET } });
 * await app.listen({ port: 3000 });
 * ```
 */
export async function createApp(options: CreateAppOptions): Promise<FastifyInstance> {
  const { fastify: serverOptions, ...pluginOptions } = options;
  assertCookieSecret(pluginOptions.cookies?.secret);
  // The router options, resolved once as Fastify resolves them (`routerOptions`, else the same key
  // at the top level, where Fastify 5 still reads it), trailing slashes ignored unless the user says
  // otherwise: Fastify's router and the 405 table then match URLs alike.
  const routerOptions = {
    ignoreTrailingSlash: true,
    ...topLevelRouterOptions(serverOptions),
    ...serverOptions?.routerOptions,
  };
  const app = Fastify({
    // A URL Fastify cannot decode (`/p/%E0%A4%A`) is a 400 in the `{detail}` shape too.
    frameworkErrors: fastifyErrorHandler,
    ...serverOptions,
    routerOptions,
  });
  // Added before any route, so that it sees every one, arobase's and the plugins' alike.
  const routes = new AllowedMethods(routerOptions);
  app.addHook('onRoute', (route) => routes.add(route.method, route.url ?? route.path ?? '/'));
  app.setNotFoundHandler(notFoundHandler(routes));
  app.setErrorHandler(fastifyErrorHandler);
  installJsonParser(app);
  // At the root, so that routes and plugins the user adds beside arobase's read and set cookies too.
  await app.register(fastifyCookie, { secret: pluginOptions.cookies?.secret });
  const own: RootOptions = { ...pluginOptions, [kRootCookies]: true };
  if (pluginOptions.openapi !== false) {
    // At the root, so that @fastify/swagger sees the plain Fastify routes added beside arobase's.
    const source = new DocumentSource(pluginOptions.openapi ?? {});
    await serveOpenAPI(app, source);
    own[kRootOpenAPI] = source;
  }
  await app.register(arobase, own);
  return app;
}

/** The router options given at the top level of Fastify's options (deprecated there, still read). */
function topLevelRouterOptions(options: object | undefined): RouterMatching {
  const top = (options ?? {}) as Record<string, unknown>;
  const found: Record<string, unknown> = {};
  for (const key of ROUTER_KEYS) if (top[key] !== undefined) found[key] = top[key];
  return found as RouterMatching;
}

const ROUTER_KEYS: readonly (keyof RouterMatching)[] = [
  'ignoreTrailingSlash',
  'ignoreDuplicateSlashes',
  'caseSensitive',
  'maxParamLength',
  'useSemicolonDelimiter',
];

/** Marks the options createApp gives the plugin: the @fastify/cookie it finds is createApp's own. */
const kRootCookies: unique symbol = Symbol('arobase.rootCookies');
/** The document createApp serves, which the plugin's routes join. */
const kRootOpenAPI: unique symbol = Symbol('arobase.rootOpenAPI');
type RootOptions = ArobaseOptions & { [kRootCookies]?: true; [kRootOpenAPI]?: DocumentSource };

/**
 * @fastify/cookie takes an empty secret, then fails every signed cookie with a 500: refuse it at
 * start-up instead.
 */
function assertCookieSecret(secret: unknown): void {
  if (secret === undefined) return;
  const valid =
    (typeof secret === 'string' && secret.length > 0) ||
    (Array.isArray(secret) &&
      secret.length > 0 &&
      secret.every((s) => typeof s === 'string' && s.length > 0));
  if (!valid) {
    throw new TypeError(
      'arobase: cookies.secret must be a non-empty string or a non-empty array of non-empty strings (the first signs)',
    );
  }
}

function build(cls: Function, options: ArobaseOptions): object {
  // `new` would leave the dependencies undefined, and the first request would fail instead.
  if (!options.container && cls.length > 0) {
    throw new TypeError(
      `arobase: ${cls.name}'s constructor takes ${cls.length} parameter(s): give createApp a container ({ get(cls) }) to build it`,
    );
  }
  try {
    return options.container
      ? options.container.get(cls as new () => object)
      : new (cls as new () => object)();
  } catch (error) {
    throw new TypeError(
      `arobase: could not build ${cls.name}${options.container ? ' with the container' : ' with new (give a container for constructor dependencies)'}: ${(error as Error).message}`,
      { cause: error },
    );
  }
}
