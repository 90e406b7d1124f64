import { EventEmitter, once } from 'node:events';
import { readdirSync } from 'node:fs';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  Controller,
  createApp,
  EventSourceResponse,
  Get,
  JSONLinesResponse,
  ResponseModel,
  ServerSentEvent,
  Signal,
} from '@arobase/core';
import { expect } from 'chai';
import { Expose } from 'class-transformer';
import type { FastifyInstance } from 'fastify';
import { listen } from '../helpers/server';
import { until } from '../helpers/wait';

class ChunkOut {
  @Expose() n!: number;
  @Expose() text!: string;
}

const TEXT = 'x'.repeat(64 * 1024);
const ITEMS_IN_100_MB = Math.ceil((100 * 1024 * 1024) / TEXT.length);

const probe = {
  waiting: 0,
  /** When the last generator's `finally` ran. */
  finallyAt: 0,
  open: 0,
  finallies: 0,
  produced: 0,
};
const never = new EventEmitter();

@Controller('/live')
class LiveController {
  /** Sends one event, then waits for an event that never comes: only the signal ends the wait. */
  @Get('/waiting', { responseClass: EventSourceResponse })
  async *waiting(@Signal() signal: AbortSignal) {
    try {
      yield new ServerSentEvent({ event: 'hello' });
      probe.waiting++;
      await once(never, 'post', { signal });
    } finally {
      probe.finallyAt = performance.now();
    }
  }

  /** A plain handler with a long wait: the signal ends it when the client leaves. */
  @Get('/slow')
  async slow(@Signal() signal: AbortSignal) {
    try {
      probe.waiting++;
      await sleep(10_000, undefined, { signal });
      return { done: true };
    } finally {
      probe.finallyAt = performance.now();
    }
  }

  /** 100 MB of JSON Lines, 64 KB per item, through the model. */
  @Get('/big', { responseClass: JSONLinesResponse })
  @ResponseModel(ChunkOut)
  async *big() {
    for (let n = 0; n < ITEMS_IN_100_MB; n++) {
      probe.produced++;
      yield { n, text: TEXT, dropped: TEXT };
    }
  }

  /** Endless events, for clients that leave. */
  @Get('/endless', { responseClass: EventSourceResponse })
  async *endless() {
    probe.open++;
    try {
      for (let n = 0; ; n++) {
        yield { n };
        await sleep(5);
      }
    } finally {
      probe.open--;
      probe.finallies++;
    }
  }
}

describe('Streams over a real socket', () => {
  let app: FastifyInstance;
  let target: { host: string; port: number };

  before(async () => {
    app = await createApp({ controllers: [LiveController] });
    target = await listen(app);
  });
  after(() => app.close());

  it('aborts @Signal() when the client leaves: a generator waiting on it ends within 100 ms', async () => {
    probe.waiting = 0;
    const { res, request } = await open(target, '/live/waiting');
    await once(res, 'data');
    while (probe.waiting === 0) await sleep(1);
    const left = performance.now();
    request.destroy();
    await until(() => probe.finallyAt >= left, 1000);
    expect(probe.finallyAt - left).to.be.below(100);
  });

  it('aborts @Signal() in a plain handler too, when the client leaves before the answer', async () => {
    probe.waiting = 0;
    const request = httpRequest({ ...target, path: '/live/slow', agent: false });
    request.on('error', () => {});
    request.end();
    await until(() => probe.waiting === 1, 2000);
    const left = performance.now();
    request.destroy();
    await until(() => probe.finallyAt >= left, 1000);
    expect(probe.finallyAt - left).to.be.below(100);
  });

  it('keeps memory flat while a generator yields 100 MB to a slow reader', async () => {
    probe.produced = 0;
    global.gc?.();
    const start = process.memoryUsage();
    let peakRss = start.rss;
    let peakHeap = start.heapUsed;
    const { res } = await open(target, '/live/big');
    let received = 0;
    let lines = 0;
    res.on('data', (chunk: Buffer) => {
      received += chunk.length;
      for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) lines++;
    });
    // A slow reader: it stops for 20 ms after every 4 MB.
    let nextPause = 4 * 1024 * 1024;
    const sampler = setInterval(() => {
      const now = process.memoryUsage();
      peakRss = Math.max(peakRss, now.rss);
      peakHeap = Math.max(peakHeap, now.heapUsed);
      if (received >= nextPause && !res.isPaused()) {
        nextPause += 4 * 1024 * 1024;
        res.pause();
        setTimeout(() => res.resume(), 20);
      }
    }, 2);
    await once(res, 'end');
    clearInterval(sampler);
    expect(lines).to.equal(ITEMS_IN_100_MB);
    expect(received).to.be.above(100 * 1024 * 1024);
    // Without back-pressure the 100 MB (twice that as UTF-16 strings) would be in memory at once.
    expect(peakHeap - start.heapUsed, 'heap growth').to.be.below(48 * 1024 * 1024);
    expect(peakRss - start.rss, 'RSS growth').to.be.below(96 * 1024 * 1024);
  });

  it('leaves no open source and no open file descriptor after 200 clients leave mid-stream', async () => {
    probe.finallies = 0;
    const fdsBefore = openDescriptors();
    const clients = await Promise.all(
      Array.from({ length: 200 }, async () => {
        const client = await open(target, '/live/endless');
        await once(client.res, 'data');
        return client;
      }),
    );
    expect(probe.open).to.equal(200);
    for (const { request } of clients) request.destroy();
    await until(() => probe.finallies === 200, 5000);
    expect(probe.open).to.equal(0);
    await until(() => openDescriptors() <= fdsBefore, 5000);
    const connections = await new Promise<number>((resolve, reject) =>
      app.server.getConnections((error, count) => (error ? reject(error) : resolve(count))),
    );
    expect(connections).to.equal(0);
  });
});

describe('Closing the app with event streams open', () => {
  it('ends each stream after what it sent, aborts its @Signal() and closes its generator, so close() returns', async () => {
    const app = await createApp({ controllers: [LiveController] });
    const target = await listen(app);
    probe.waiting = 0;
    probe.finallyAt = 0;
    const { res } = await open(target, '/live/waiting');
    let body = '';
    res.setEncoding('utf8');
    res.on('data', (chunk: string) => (body += chunk));
    const ended = once(res, 'end');
    await until(() => probe.waiting === 1, 2000);
    await app.close();
    await ended;
    // A complete chunked body: the client reconnects (elsewhere) rather than seeing an error.
    expect(res.complete).to.equal(true);
    expect(body).to.equal('event: hello\n\n');
    await until(() => probe.finallyAt > 0, 1000);
  });
});

function open(
  target: { host: string; port: number },
  path: string,
): Promise<{ res: IncomingMessage; request: ReturnType<typeof httpRequest> }> {
  return new Promise((resolve, reject) => {
    const request = httpRequest({ ...target, path, agent: false }, (res) => resolve({ res, request }));
    request.on('error', (error) => {
      if ((error as NodeJS.ErrnoException).code !== 'ECONNRESET') reject(error);
    });
    request.end();
  });
}

function openDescriptors(): number {
  return readdirSync('/proc/self/fd').length;
}
