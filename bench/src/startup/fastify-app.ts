// The same 200 routes and 50 models, hand-written for Fastify: one JSON schema per model (shared by
// the routes that answer it), a params schema, and @fastify/cookie as arobase registers it.
import { performance } from 'node:perf_hooks';
import type * as Cookie from '@fastify/cookie';
import type * as FastifyModule from 'fastify';
import { announce } from '../servers/announce';
import { type ModelSpec, models, parseAppArgs, routes, row, type StartupReport, sampleUrl } from './spec';

const params = { type: 'object', properties: { id: { type: 'number' } } };

async function main() {
  const Fastify: typeof FastifyModule.default = require('fastify');
  const fastifyCookie: typeof Cookie.default = require('@fastify/cookie');
  const loaded = performance.now();

  const size = parseAppArgs(process.argv.slice(2));
  const specs = models(size);
  const schemas: object[] = [];
  for (const spec of specs) schemas.push(schemaOf(spec, schemas));

  const app = Fastify({ logger: false });
  await app.register(fastifyCookie);
  let count = 0;
  for (const route of routes(size)) {
    const data = row(specs, route.model);
    app.get(
      `${route.prefix}${route.path}`,
      { schema: { params, response: { 200: schemas[route.model] } } },
      async () => data,
    );
    count++;
  }
  await app.listen({ port: 0, host: '127.0.0.1' });
  const ready = performance.now();
  const { user, system } = process.cpuUsage();
  const cpu = (user + system) / 1000;
  if (size.serve) {
    // --scaling loads the sample route of a running app: its per-request cost against the app's size.
    const address = app.server.address();
    announce({ port: typeof address === 'object' && address ? address.port : 0, framework: 'fastify' });
    return;
  }
  const sample = await app.inject({ url: sampleUrl(size) });
  const report: StartupReport = { loaded, ready, cpu, routes: count, sample: sample.body };
  await app.close();
  console.log(JSON.stringify(report));
}

const JSON_TYPES = { number: 'number', string: 'string', boolean: 'boolean' };

function schemaOf(spec: ModelSpec, schemas: object[]): object {
  const properties: Record<string, object> = {};
  for (const field of spec.fields) {
    if (field.kind === 'date') properties[field.name] = { type: 'string', format: 'date-time' };
    else if (field.kind === 'list') properties[field.name] = { type: 'array', items: schemas[field.of!] };
    else properties[field.name] = { type: JSON_TYPES[field.kind] };
  }
  return { type: 'object', properties };
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
