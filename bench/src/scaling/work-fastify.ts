// Raw Fastify's version of the work route: a middleware is a pass-through async preHandler hook, a
// dependency a function the handler calls with the request.
import fastifyCookie from '@fastify/cookie';
import Fastify, { type FastifyRequest } from 'fastify';
import { announce, fail } from '../servers/announce';
import { workArgs } from './work';

const schema = {
  response: { 200: { type: 'object', properties: { hello: { type: 'string' }, n: { type: 'number' } } } },
};

async function main() {
  const { middleware, dependencies } = workArgs();
  const app = Fastify({ logger: false });
  await app.register(fastifyCookie);
  const preHandler = Array.from({ length: middleware }, () => async () => {});
  const providers = Array.from({ length: dependencies }, (_, i) => (_request: FastifyRequest) => i + 1);
  app.get('/work', { schema, preHandler }, async (request) => {
    let n = 0;
    for (const provide of providers) n += provide(request);
    return { hello: 'world', n };
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  announce({ port: typeof address === 'object' && address ? address.port : 0, framework: 'fastify' });
}

main().catch(fail);
