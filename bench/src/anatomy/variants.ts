// Where the hello route's extra CPU goes: raw Fastify with one of arobase's pieces added at a time,
// and arobase with some of its pieces taken away. Every variant answers GET /hello with the same
// status, headers and bytes (the runner checks it), so what differs is only the work behind it.

/** One variant: what it adds to (or takes from) the baseline, in the words of the report. */
export interface Variant {
  name: string;
  what: string;
}

export const VARIANTS: readonly Variant[] = [
  {
    name: 'fastify',
    what: "the bench's raw Fastify: @fastify/cookie, a response schema, `async () => HELLO`",
  },
  {
    name: 'fastify-no-cookie',
    what: "baseline without @fastify/cookie's onRequest hook (both servers pay it)",
  },
  { name: '+frameworkErrors', what: 'baseline + the `frameworkErrors` option' },
  { name: '+notFound', what: 'baseline + `setNotFoundHandler`' },
  { name: '+errorHandler', what: 'baseline + `setErrorHandler`' },
  { name: '+ignoreTrailingSlash', what: 'baseline + `routerOptions.ignoreTrailingSlash`' },
  {
    name: '+send-string',
    what: 'baseline handler writes as arobase does: `reply.code(200).type(json).send(JSON.stringify(HELLO))`, no schema',
  },
  { name: '+send-string-sync', what: 'the same, from a plain (not async) handler that returns nothing' },
  {
    name: '+send-string-undefined',
    what: 'the same, async, returning nothing instead of the reply (a thenable Fastify then awaits)',
  },
  { name: '+send-string+context', what: 'the same (async) + a `RequestContext` per request' },
  {
    name: 'arobase-plugin',
    what: 'Fastify() + `register(arobase)`: no frameworkErrors, 404 handler or trailing slash',
  },
  { name: 'arobase', what: '`createApp`, as the bench serves it' },
  {
    name: 'arobase@before',
    what: 'the same on the copy of core kept in packages/core/.before, when there is one',
  },
];

export function variant(name: string): Variant {
  const found = VARIANTS.find((v) => v.name === name);
  if (found === undefined) throw new Error(`unknown anatomy variant ${name}`);
  return found;
}
