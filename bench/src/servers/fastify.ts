// The baseline: Fastify written by hand, as its documentation recommends for speed. Every schema
// here is what arobase derives from the models at start-up, written out by hand.
import fastifyCookie, { type CookieSerializeOptions } from '@fastify/cookie';
import Fastify from 'fastify';
import { B_BODY, B_COOKIES, B_HEADERS, BIG_BODY_LIMIT, HELLO, makeUser, postsArg } from '../fixtures';
import { announce, fail, versionOf } from './announce';

const helloSchema = { type: 'object', properties: { hello: { type: 'string' } } };
const okSchema = { type: 'object', properties: { ok: { type: 'boolean' } } };
const postOut = {
  type: 'object',
  properties: {
    id: { type: 'number' },
    title: { type: 'string' },
    slug: { type: 'string' },
    excerpt: { type: 'string' },
    likes: { type: 'number' },
  },
};
const userOut = {
  type: 'object',
  properties: {
    id: { type: 'number' },
    username: { type: 'string' },
    email: { type: 'string' },
    displayName: { type: 'string' },
    age: { type: 'number' },
    verified: { type: 'boolean' },
    createdAt: { type: 'string', format: 'date-time' },
    posts: { type: 'array', items: postOut },
  },
};
const userIn = {
  type: 'object',
  required: ['username', 'email', 'displayName', 'age', 'password', 'tags'],
  additionalProperties: false,
  properties: {
    username: { type: 'string', minLength: 3, maxLength: 32 },
    email: { type: 'string', format: 'email' },
    displayName: { type: 'string', maxLength: 64 },
    age: { type: 'integer', minimum: 0, maximum: 150 },
    password: { type: 'string', minLength: 8 },
    tags: { type: 'array', maxItems: 10, items: { type: 'string' } },
  },
};
const userCreated = {
  type: 'object',
  properties: {
    username: { type: 'string' },
    email: { type: 'string' },
    displayName: { type: 'string' },
    age: { type: 'number' },
    tags: { type: 'array', items: { type: 'string' } },
  },
};

// The big body: Ajv's removeAdditional (Fastify's default) strips the 125,000 unknown keys.
const bulkIn = {
  type: 'object',
  required: ['name'],
  additionalProperties: false,
  properties: { name: { type: 'string' } },
};
const bulkOut = { type: 'object', properties: { name: { type: 'string' } } };

// arobase's secure defaults, spelled out.
const cookieDefaults: CookieSerializeOptions = { path: '/', httpOnly: true, secure: true };

async function main() {
  const user = makeUser(postsArg());
  const app = Fastify({ logger: false, bodyLimit: BIG_BODY_LIMIT });
  await app.register(fastifyCookie);

  app.get('/hello', { schema: { response: { 200: helloSchema } } }, async () => HELLO);

  app.get('/cookies', { schema: { response: { 200: okSchema } } }, async (_request, reply) => {
    reply.header('x-bench', B_HEADERS['x-bench']);
    reply.header('cache-control', B_HEADERS['cache-control']);
    for (const c of B_COOKIES) reply.setCookie(c.name, c.value, { ...cookieDefaults, sameSite: c.sameSite });
    return B_BODY;
  });

  app.get('/user', { schema: { response: { 200: userOut } } }, async () => user);

  app.post('/users', { schema: { body: userIn, response: { 201: userCreated } } }, async (request, reply) => {
    reply.code(201);
    return request.body;
  });

  app.post('/bulk', { schema: { body: bulkIn, response: { 200: bulkOut } } }, async (request) => ({
    name: (request.body as { name: string }).name,
  }));

  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  announce({
    port: typeof address === 'object' && address ? address.port : 0,
    framework: versionOf('fastify'),
  });
}

main().catch(fail);
