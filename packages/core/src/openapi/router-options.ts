import type { FastifyInstance } from 'fastify';

/**
 * Fastify's defaults for the router options its start-up validation fills in, at the top level and
 * in `routerOptions` alike (so `initialConfig.routerOptions` holds them even where the user gave none).
 */
const DEFAULTS: Record<string, unknown> = {
  allowUnsafeRegex: false,
  caseSensitive: true,
  ignoreDuplicateSlashes: false,
  ignoreTrailingSlash: false,
  maxParamLength: 100,
  useSemicolonDelimiter: false,
};

/**
 * The router options an instance's URLs are matched with, as far as `initialConfig` tells them: each
 * key from `routerOptions`, else from the top level, where Fastify 5 still reads it (deprecated:
 * `Fastify({ caseSensitive: false })`). A value of `routerOptions` equal to Fastify's default may be
 * one the validation filled in: the top level's is taken then.
 */
export function effectiveRouterOptions(fastify: FastifyInstance): Record<string, unknown> {
  const config = fastify.initialConfig as Record<string, unknown>;
  const given = { ...(config.routerOptions as Record<string, unknown> | undefined) };
  const options: Record<string, unknown> = { ...given };
  for (const key of Object.keys(DEFAULTS)) {
    const own = given[key];
    if (own !== undefined && own !== DEFAULTS[key]) continue;
    const top = config[key];
    if (top !== undefined) options[key] = top;
  }
  return options;
}
