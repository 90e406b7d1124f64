import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Container, createApp } from '@arobase/core';
import type { FastifyInstance, FastifyServerOptions } from 'fastify';
import { CurrentUser } from './auth/current-user';
import { AuthController } from './controllers/auth.controller';
import { ExportController } from './controllers/export.controller';
import { HealthController } from './controllers/health.controller';
import { PostsController } from './controllers/posts.controller';
import { cookieSecret, openDatabase } from './db/database';
import { BlogStore } from './db/store';
import { PostExport, type PostExportOptions } from './export/post-export';

/** The sample's version, as the OpenAPI document states it. */
export const BLOG_VERSION: string = JSON.parse(
  readFileSync(join(__dirname, '../../package.json'), 'utf8'),
).version;

/** Every controller of the blog, in the order `blog routes` lists them. */
export const CONTROLLERS = [AuthController, PostsController, ExportController, HealthController];

/** Options of `createBlogApp`. */
export interface BlogAppOptions {
  /** The SQLite file (created and migrated if needed), or `:memory:`. */
  db: string;
  /** Signs session cookies; default: `BLOG_COOKIE_SECRET`, else a secret generated once and kept in the database. */
  cookieSecret?: string;
  /** Progress lines (`migrating ...`). */
  log?: (line: string) => void;
  /** Fastify's logger option. */
  logger?: FastifyServerOptions['logger'];
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
  const db = openDatabase(options.db, { log: options.log });
  try {
    const store = new BlogStore(db);
    const exporter = new PostExport(store, options.db, options.export);
    const secret = options.cookieSecret ?? process.env.BLOG_COOKIE_SECRET ?? cookieSecret(db);
    const app = await createApp({
      controllers: CONTROLLERS,
      container: blogContainer(store, exporter),
      cookies: { secret },
      openapi: {
        info: {
          title: 'Blog API',
          version: BLOG_VERSION,
          description: 'Posts and accounts, on arobase and SQLite.',
        },
      },
      fastify: { logger: options.logger ?? false },
    });
    app.addHook('onClose', async () => db.close());
    return app;
  } catch (error) {
    db.close();
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
