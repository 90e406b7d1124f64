// `node dist/anatomy/server.js VARIANT`: one variant of the hello route (see variants.ts).
import 'reflect-metadata';
import fastifyCookie from '@fastify/cookie';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { HELLO } from '../fixtures';
import { announce, fail } from '../servers/announce';
import { arobase } from '../servers/core-libs';
import { variant } from './variants';

const helloSchema = {
  schema: { response: { 200: { type: 'object', properties: { hello: { type: 'string' } } } } },
};
const JSON_TYPE = 'application/json; charset=utf-8';

async function rawFastify(name: string): Promise<FastifyInstance> {
  const noop = (_error: unknown, _request: FastifyRequest, reply: FastifyReply) => reply.code(500).send();
  const app = Fastify({
    logger: false,
    ...(name === '+frameworkErrors' ? { frameworkErrors: noop } : {}),
    ...(name === '+ignoreTrailingSlash' ? { routerOptions: { ignoreTrailingSlash: true } } : {}),
  });
  if (name !== 'fastify-no-cookie') await app.register(fastifyCookie);
  if (name === '+notFound')
    app.setNotFoundHandler((_request, reply) => reply.code(404).send({ detail: 'Not Found' }));
  if (name === '+errorHandler') app.setErrorHandler(noop);
  if (name.startsWith('+send-string')) {
    const { RequestContext } = await import('@arobase/core');
    const policy = { defaults: {}, canSign: false } as never;
    const write = (reply: FastifyReply) => reply.code(200).type(JSON_TYPE).send(JSON.stringify(HELLO));
    // A plain handler that has sent returns nothing (returning the reply would make Fastify send it twice).
    if (name === '+send-string-sync')
      app.get('/hello', (_request, reply) => {
        write(reply);
      });
    else if (name === '+send-string') app.get('/hello', async (_request, reply) => write(reply));
    else if (name === '+send-string-undefined')
      app.get('/hello', async (_request, reply) => {
        write(reply);
      });
    else {
      app.get('/hello', async (request, reply) => {
        const ctx = new RequestContext(request, reply, policy);
        return write(ctx.reply);
      });
    }
  } else {
    app.get('/hello', helloSchema, async () => HELLO);
  }
  return app;
}

async function arobaseApp(name: string): Promise<FastifyInstance> {
  const core = arobase;
  class HelloController {
    hello() {
      return HELLO;
    }
  }
  Reflect.decorate([core.Controller()], HelloController);
  const proto = HelloController.prototype;
  Reflect.decorate([core.Get('/hello')], proto, 'hello', Object.getOwnPropertyDescriptor(proto, 'hello'));
  if (name === 'arobase')
    return core.createApp({ controllers: [HelloController], fastify: { logger: false } });
  // The Fastify createApp builds on (the workspace's copy), without createApp's options.
  const CoreFastify: typeof Fastify = require(
    require.resolve('fastify', { paths: [require.resolve('@arobase/core')] }),
  );
  const app = CoreFastify({ logger: false });
  await app.register(core.arobase, { controllers: [HelloController] });
  return app;
}

async function main() {
  const name = variant(process.argv[2] ?? '').name.replace('@before', '');
  const app = name.startsWith('arobase') ? await arobaseApp(name) : await rawFastify(name);
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  announce({ port: typeof address === 'object' && address ? address.port : 0, framework: name });
}

main().catch(fail);
