// Micro-benchmark of the response-model serializer alone: the compiled writer against the
// class-transformer reference path, JSON.stringify of the unfiltered object, and fast-json-stringify
// with a hand-written schema of the same fields (what a hand-written Fastify route would use).
//
//   npm run build && node bench/serializer.js [--quick]
//
// A user with 10 fields and 50 posts of 6 fields, filtered by the model to 8 and 5 fields.

require('reflect-metadata');
// core reads @Expose() metadata from its own copy of class-transformer (a module-level store): the
// models must be decorated with that copy, not with bench/node_modules' one, or nothing is exposed.
const { Expose, Type } = require(
  require.resolve('class-transformer', { paths: [require.resolve('@arobase/core')] }),
);
const fastJson = require('fast-json-stringify');
const { modelSerializer, referenceSerializer } = require('../packages/core/dist/internal');

// The models, decorated by hand: this is plain JavaScript, so no decorator syntax or emitted metadata.
class PostOut {}
for (const key of ['id', 'title', 'body', 'likes', 'publishedAt']) Expose()(PostOut.prototype, key);

class UserOut {}
for (const key of ['id', 'username', 'email', 'name', 'age', 'active', 'createdAt', 'posts']) {
  Expose()(UserOut.prototype, key);
}
Reflect.defineMetadata('design:type', Array, UserOut.prototype, 'posts');
Type(() => PostOut)(UserOut.prototype, 'posts');

const user = {
  id: 42,
  username: 'ada',
  email: 'ada@example.com',
  name: 'Ada Lovelace',
  age: 36,
  active: true,
  createdAt: new Date('2024-03-01T10:00:00.000Z'),
  passwordHash: '$argon2id$v=19$m=65536,t=3,p=4$c2FsdHNhbHQ$aGFzaGhhc2hoYXNo',
  apiToken: 'tok_4f9c2a7b1e',
  bio: 'Mathematician and writer, known for her work on the Analytical Engine.',
  posts: Array.from({ length: 50 }, (_, i) => ({
    id: i + 1,
    title: `Post number ${i + 1}`,
    body: 'Notes on the Analytical Engine, with "quotes" and a newline\n.',
    likes: i * 3,
    publishedAt: new Date(Date.UTC(2024, 0, 1 + i)),
    draft: i % 7 === 0,
  })),
};

const schema = {
  type: 'object',
  properties: {
    id: { type: 'integer' },
    username: { type: 'string' },
    email: { type: 'string' },
    name: { type: 'string' },
    age: { type: 'integer' },
    active: { type: 'boolean' },
    createdAt: { type: 'string', format: 'date-time' },
    posts: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          id: { type: 'integer' },
          title: { type: 'string' },
          body: { type: 'string' },
          likes: { type: 'integer' },
          publishedAt: { type: 'string', format: 'date-time' },
        },
      },
    },
  },
};

const meta = { model: UserOut, isArray: false, options: {} };
const compiled = modelSerializer(meta, false);
if (compiled.path !== 'compiled') throw new Error(`expected the compiled path, got ${compiled.reason}`);
const contenders = {
  compiled: compiled.serialize,
  reference: referenceSerializer(meta, false),
  'JSON.stringify (unfiltered)': (data) => JSON.stringify(data),
  'fast-json-stringify (hand-written schema)': fastJson(schema),
};

const expected = contenders.reference(user);
if (!expected.includes('"posts":[{')) throw new Error(`the reference exposes nothing: ${expected}`);
for (const name of ['compiled', 'fast-json-stringify (hand-written schema)']) {
  if (contenders[name](user) !== expected)
    throw new Error(`${name} differs from the reference:\n${contenders[name](user)}`);
}

const quick = process.argv.includes('--quick');
const rounds = quick ? 5 : 15;
const budgetMs = quick ? 500 : 2000;

/** Iterations that take about a round's budget. */
function calibrate(fn) {
  let iterations = 1;
  for (;;) {
    const start = process.hrtime.bigint();
    for (let i = 0; i < iterations; i++) fn(user);
    if (Number(process.hrtime.bigint() - start) / 1e6 > budgetMs / rounds) return iterations;
    iterations *= 2;
  }
}

// Rounds interleave the contenders, so that a burst of load from elsewhere on the machine spreads
// over all of them; each keeps the median of its rounds.
const plan = Object.entries(contenders).map(([name, fn]) => ({
  name,
  fn,
  iterations: calibrate(fn),
  samples: [],
}));
for (let r = 0; r < rounds; r++) {
  for (const c of plan) {
    const start = process.hrtime.bigint();
    for (let i = 0; i < c.iterations; i++) c.fn(user);
    c.samples.push(Number(process.hrtime.bigint() - start) / 1e3 / c.iterations);
  }
}
const median = (xs) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const results = plan.map((c) => ({ name: c.name, us: median(c.samples) }));
const reference = results.find((r) => r.name === 'reference').us;
const compiledUs = results.find((r) => r.name === 'compiled').us;
console.log(
  `node ${process.version}; body ${expected.length} bytes (unfiltered JSON ${JSON.stringify(user).length})`,
);
console.log(
  [
    'serializer'.padEnd(44) + 'µs/op'.padStart(10) + 'vs reference'.padStart(14) + 'vs compiled'.padStart(13),
    ...results.map(
      (r) =>
        r.name.padEnd(44) +
        r.us.toFixed(2).padStart(10) +
        `${(reference / r.us).toFixed(1)}x`.padStart(14) +
        `${(r.us / compiledUs).toFixed(2)}`.padStart(13),
    ),
  ].join('\n'),
);
