// Server-sent events per second: an arobase generator route whose events go through a response
// model, against a hand-written Fastify route that writes the same bytes (the fields picked by hand,
// JSON.stringify, written to the raw response with a wait for 'drain'). Each server runs in its own process; this one is
// the client. The bodies are compared byte for byte before any timing.
//
//   npm run build && node bench/sse.js [--quick]
//
// Each round: CLIENTS concurrent streams of EVENTS events each, on one server then the other (who
// goes first alternates). Reported: the median events/s and the server's CPU µs per event, and the
// ratios of both to the hand-written route. On a shared machine, read the CPU ratio.

const { fork } = require('node:child_process');
const { request } = require('node:http');

const quick = process.argv.includes('--quick');
const ROUNDS = quick ? 3 : 7;
const CLIENTS = 8;
const EVENTS = quick ? 5_000 : 20_000;

/** A post as a database row would hand it over: the model keeps id, title and author.id. */
function row(id) {
  return {
    id,
    title: `Post number ${id}`,
    body: 'Notes on the Analytical Engine, with "quotes".',
    draft: false,
    author: { id: 7, email: 'ada@example.com', passwordHash: '$scrypt$N=16384$c2FsdA$aGFzaA' },
  };
}

function arobaseServer() {
  // The workspace's copies, as an app using @arobase/core would have them: bench/node_modules holds
  // another class-transformer (for the peers), whose decorators @arobase/core would not see.
  const fromCore = (name) => require(require.resolve(name, { paths: [require.resolve('@arobase/core')] }));
  fromCore('reflect-metadata');
  const { Expose, Type } = fromCore('class-transformer');
  const core = require('@arobase/core');
  // Plain JavaScript: the decorators applied by hand, as TypeScript's emitted code does.
  class AuthorOut {}
  Expose()(AuthorOut.prototype, 'id');
  class PostOut {}
  for (const key of ['id', 'title', 'body']) Expose()(PostOut.prototype, key);
  Expose()(PostOut.prototype, 'author');
  Reflect.defineMetadata('design:type', Object, PostOut.prototype, 'author');
  Type(() => AuthorOut)(PostOut.prototype, 'author');

  class FeedController {
    async *events() {
      for (let id = 1; id <= EVENTS; id++) {
        yield new core.ServerSentEvent({ event: 'post', id, data: row(id) });
      }
    }
  }
  const descriptor = Object.getOwnPropertyDescriptor(FeedController.prototype, 'events');
  core.ResponseModel(PostOut)(FeedController.prototype, 'events', descriptor);
  core.Get('/events', { responseClass: core.EventSourceResponse })(
    FeedController.prototype,
    'events',
    descriptor,
  );
  core.Controller()(FeedController);
  return core.createApp({ controllers: [FeedController], openapi: false });
}

function fastifyServer() {
  const Fastify = require('fastify');
  const { once } = require('node:events');
  const app = Fastify();
  // What one would write by hand: the raw response, the fields picked, a wait for 'drain' when the
  // socket is full.
  app.get('/events', async (request, reply) => {
    reply.hijack();
    const raw = reply.raw;
    raw.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache',
      'x-accel-buffering': 'no',
    });
    for (let id = 1; id <= EVENTS && !request.raw.destroyed; id++) {
      const post = row(id);
      const data = JSON.stringify({
        id: post.id,
        title: post.title,
        body: post.body,
        author: { id: post.author.id },
      });
      if (!raw.write(`event: post\nid: ${id}\ndata: ${data}\n\n`)) await once(raw, 'drain');
    }
    raw.end();
  });
  return Promise.resolve(app);
}

async function serve(name) {
  const app = await (name === 'arobase' ? arobaseServer() : fastifyServer());
  await app.listen({ host: '127.0.0.1', port: 0 });
  process.on('message', (message) => {
    if (message === 'cpu') process.send({ cpu: process.cpuUsage() });
  });
  // Gone with the parent (and a --cpu-prof run writes its profile on a normal exit).
  process.on('disconnect', () => process.exit(0));
  process.send({ port: app.server.address().port });
}

function get(port) {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path: '/events', agent: false }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

function start(name) {
  const child = fork(__filename, ['--serve', name, ...(quick ? ['--quick'] : [])], { stdio: 'inherit' });
  return new Promise((resolve) => {
    child.once('message', ({ port }) => resolve({ name, child, port }));
  });
}

function cpu(server) {
  return new Promise((resolve) => {
    server.child.once('message', ({ cpu }) => resolve((cpu.user + cpu.system) / 1000));
    server.child.send('cpu');
  });
}

async function round(server) {
  const before = await cpu(server);
  const began = performance.now();
  await Promise.all(Array.from({ length: CLIENTS }, () => get(server.port)));
  const seconds = (performance.now() - began) / 1000;
  const cpuMs = (await cpu(server)) - before;
  const events = CLIENTS * EVENTS;
  return { eps: events / seconds, cpuUsPerEvent: (cpuMs * 1000) / events };
}

async function main() {
  const servers = [await start('arobase'), await start('fastify')];
  try {
    const [a, f] = await Promise.all(servers.map((s) => get(s.port)));
    if (!a.body.equals(f.body)) throw new Error('the two servers do not write the same bytes');
    for (const name of ['content-type', 'cache-control', 'x-accel-buffering']) {
      if (a.headers[name] !== f.headers[name])
        throw new Error(`${name} differs: ${a.headers[name]} / ${f.headers[name]}`);
    }
    console.log(
      `sse: same ${a.body.length} bytes from both (${EVENTS} events); ${ROUNDS} rounds of ${CLIENTS} streams`,
    );
    for (const s of servers) await round(s); // warm-up
    const samples = { arobase: [], fastify: [] };
    for (let r = 0; r < ROUNDS; r++) {
      const order = r % 2 === 0 ? servers : [...servers].reverse();
      for (const s of order) samples[s.name].push(await round(s));
    }
    const median = (xs) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)];
    const ratios = samples.arobase.map((s, i) => s.eps / samples.fastify[i].eps);
    const cpuRatios = samples.arobase.map((s, i) => samples.fastify[i].cpuUsPerEvent / s.cpuUsPerEvent);
    console.log(`${'server'.padEnd(40)}${'events/s'.padStart(12)}${'CPU µs/event'.padStart(15)}`);
    for (const [name, label] of [
      ['fastify', 'fastify (hand-written SSE route)'],
      ['arobase', 'arobase (generator route + PostOut model)'],
    ]) {
      const list = samples[name];
      console.log(
        `${label.padEnd(40)}${median(list.map((s) => s.eps))
          .toFixed(0)
          .padStart(12)}${median(list.map((s) => s.cpuUsPerEvent))
          .toFixed(2)
          .padStart(15)}`,
      );
    }
    console.log(`events/s, arobase / fastify (median of per-round ratios): ${median(ratios).toFixed(2)}`);
    // The client (this process) may be the bottleneck of events/s; the servers' CPU per event is not.
    console.log(
      `CPU per event, fastify / arobase (above 1: arobase cheaper): ${median(cpuRatios).toFixed(2)}`,
    );
  } finally {
    for (const s of servers) s.child.kill();
  }
}

const at = process.argv.indexOf('--serve');
if (at !== -1) serve(process.argv[at + 1]);
else
  main().catch((error) => {
    console.error(`sse bench: FAILED: ${error.message}`);
    process.exitCode = 1;
  });
