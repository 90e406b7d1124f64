import { readFileSync } from 'node:fs';
import type { ServerOptions } from 'node:http';
import { join } from 'node:path';
import { type Container, createApp } from '@arobase/core';
import type { FastifyInstance, FastifyServerOptions } from 'fastify';
import { CurrentUser } from './auth/current-user';
import { AuthController } from './controllers/auth.controller';
import { ExportController } from './controllers/export.controller';
import { HealthController } from './controllers/health.controller';
import { PostsController } from './controllers/posts.controller';
import { openStore } from './db/open';
import type { BlogStore } from './db/store';
import { PostExport, type PostExportOptions } from './export/post-export';

/** The sample's version, as the OpenAPI document states it. */
export const BLOG_VERSION: string = JSON.parse(
  readFileSync(join(__dirname, '../../package.json'), 'utf8'),
).version;

/** Every controller of the blog, in the order `blog routes` lists them. */
export const CONTROLLERS = [AuthController, PostsController, ExportController, HealthController];

/** Fastify's server options the blog passes on, with `http` (node:http's, such as `headersTimeout`). */
export type BlogServerOptions = Omit<FastifyServerOptions, 'logger' | 'trustProxy'> & {
  http?: ServerOptions;
  /** A hop count as well as Fastify's typed forms. */
  trustProxy?: FastifyServerOptions['trustProxy'] | number;
};

/** Options of `createBlogApp`. */
export interface BlogAppOptions {
  /**
   * A SQLite file (created and migrated if needed), `:memory:`, or a `postgres://` URL (the server's
   * database is migrated; several instances may share it).
   */
  db: string;
  /** PostgreSQL: connections this process's pool may open (default 10). */
  poolSize?: number;
  /**
   * Signs session cookies; a list rotates keys (the first signs, every one verifies). Default:
   * `BLOG_COOKIE_SECRET` (comma-separated, newest first), else a secret generated once and kept in
   * the database.
   */
  cookieSecret?: string | string[];
  /** Progress lines (`migrating ...`). */
  log?: (line: string) => void;
  /** Fastify's logger option. */
  logger?: FastifyServerOptions['logger'];
  /** Other Fastify server options: timeouts, `trustProxy`. */
  fastify?: BlogServerOptions;
  export?: PostExportOptions;
}

/**
 * Opens the database and builds the blog's app. The database is closed when the app is.
 *
 * @example
 * ```ts
 * const app = await createBlogApp({ db: './data/blog.db' });
 * await app.listen({ port: 3000 });
 * ```
 */
export async function createBlogApp(options: BlogAppOptions): Promise<FastifyInstance> {
  let app: FastifyInstance | undefined;
  const store = await openStore(options.db, {
    log: options.log,
    poolSize: options.poolSize,
    onError: (error) => app?.log.error({ err: error }, 'database background work failed'),
  });
  try {
    const exporter = new PostExport(store, options.db, options.export);
    const secret = options.cookieSecret ?? secretsFromEnvironment() ?? (await store.cookieSecret());
    app = await createApp({
      controllers: CONTROLLERS,
      container: blogContainer(store, exporter),
      cookies: { secret },
      openapi: {
        info: {
          title: 'Blog API',
          version: BLOG_VERSION,
          description: 'Posts and accounts, on arobase and SQLite or PostgreSQL.',
        },
      },
      fastify: { ...options.fastify, logger: options.logger ?? false } as FastifyServerOptions,
    });
    app.addHook('onClose', () => store.close());
    return app;
  } catch (error) {
    await store.close();
    throw error;
  }
}

/** Builds controllers and providers with what they need: a hand-written container, no library. */
function blogContainer(store: BlogStore, exporter: PostExport): Container {
  const factories = new Map<Function, () => object>([
    [AuthController, () => new AuthController(store)],
    [PostsController, () => new PostsController(store)],
    [ExportController, () => new ExportController(exporter)],
    [HealthController, () => new HealthController(store)],
    [CurrentUser, () => new CurrentUser(store)],
  ]);
  return {
    get<T>(cls: new (...args: any[]) => T): T {
      const make = factories.get(cls);
      if (make === undefined) throw new TypeError(`the blog's container cannot build ${cls.name}`);
      return make() as T;
    },
  };
}

/** `BLOG_COOKIE_SECRET=new,old`: the newest signs, the older ones still verify while cookies roll over. */
function secretsFromEnvironment(): string[] | undefined {
  const keys = process.env.BLOG_COOKIE_SECRET?.split(',').map((key) => key.trim());
  return keys?.some((key) => key !== '') ? keys.filter((key) => key !== '') : undefined;
}
