import { setTimeout as sleep } from 'node:timers/promises';
import {
  Controller,
  createApp,
  Depends,
  EventSourceResponse,
  Get,
  HttpException,
  Query,
  Res,
  type Response,
  UseMiddleware,
} from '@arobase/core';
import { expect } from 'chai';
import type { FastifyInstance } from 'fastify';
import { captureLog } from '../helpers/log';
import { parseSetCookies } from '../helpers/set-cookie';

const trace: string[] = [];

/** A sync generator provider: the simplest transaction. */
class Outer {
  *resolve(@Res() res: Response) {
    trace.push('outer open');
    try {
      yield 'outer';
      trace.push('outer commit');
      res.headers.set('X-Outer', 'committed');
      res.setCookie('outer', 'done');
    } catch (error) {
      trace.push(`outer rollback: ${(error as Error).message}`);
      throw error;
    }
  }
}

/** An async generator provider that depends on Outer, so it is created after it. */
class Inner {
  async *resolve(@Depends(Outer) outer: string, @Query('fail') fail: string | undefined) {
    await sleep(1);
    trace.push('inner open');
    try {
      yield `${outer}+inner`;
      if (fail === 'cleanup') throw new HttpException(409, 'Conflict at commit');
      if (fail === 'cleanup-bug') throw new Error('commit crashed');
      trace.push('inner commit');
    } catch (error) {
      trace.push(`inner rollback: ${(error as Error).message}`);
      throw error;
    }
  }
}

/** Swallows the error: the handler's answer still stands. */
class Swallower {
  *resolve() {
    try {
      yield 1;
    } catch {
      trace.push('swallowed');
    }
  }
}

class TwiceYield {
  *resolve() {
    yield 1;
    yield 2;
  }
}

class Marking {
  async handle(_ctx: unknown, next: () => Promise<unknown>) {
    trace.push('middleware before');
    await next();
    trace.push('middleware after');
  }
}

@Controller('/tx')
class TxController {
  @Get('/')
  both(
    @Depends(Outer) outer: string,
    @Depends(Inner) inner: string,
    @Query('fail') fail: string | undefined,
    @Res() res: Response,
  ) {
    trace.push(`handler ${outer} ${inner}`);
    res.headers.set('X-Handler', 'ran');
    if (fail === 'http') throw new HttpException(400, 'Refused by the handler');
    if (fail === 'bug') throw new Error('handler crashed');
    return { ok: true };
  }

  @Get('/swallowed')
  swallowed(@Depends(Swallower) _value: number) {
    throw new HttpException(418, 'Still a teapot');
  }

  @Get('/twice')
  twice(@Depends(TwiceYield) _value: number) {
    return { ok: true };
  }

  @Get('/middleware')
  @UseMiddleware(Marking)
  withMiddleware(@Depends(Outer) outer: string) {
    trace.push(`handler ${outer}`);
    return { ok: true };
  }

  @Get('/stream', { responseClass: EventSourceResponse })
  async *stream(@Depends(Outer) outer: string) {
    trace.push('stream start');
    yield outer;
    yield 'second';
    trace.push('stream end');
  }
}

describe('Dependencies that clean up (generator providers)', () => {
  let app: FastifyInstance;
  const log = captureLog();

  before(async () => {
    app = await createApp({ controllers: [TxController], fastify: { logger: { stream: log.stream } } });
  });
  after(() => app.close());
  beforeEach(() => {
    trace.length = 0;
  });

  it('inject what they yield; cleanup runs after the handler, last created first, and may set headers and cookies', async () => {
    const res = await app.inject({ url: '/tx' });
    expect(res.statusCode).to.equal(200);
    expect(res.json()).to.deep.equal({ ok: true });
    expect(trace).to.deep.equal([
      'outer open',
      'inner open',
      'handler outer outer+inner',
      'inner commit',
      'outer commit',
    ]);
    expect(res.headers['x-outer']).to.equal('committed');
    expect(res.headers['x-handler']).to.equal('ran');
    const cookies = parseSetCookies(res.headers);
    expect(cookies.map((c) => `${c.name}=${c.value}`)).to.deep.equal(['outer=done']);
  });

  it('run once per request, though Outer is reached twice (directly and through Inner)', async () => {
    await app.inject({ url: '/tx' });
    expect(trace.filter((t) => t === 'outer open')).to.have.length(1);
    expect(trace.filter((t) => t === 'outer commit')).to.have.length(1);
  });

  it("get the handler's HttpException thrown at their yield, and the client its answer", async () => {
    const res = await app.inject({ url: '/tx?fail=http' });
    expect(res.statusCode).to.equal(400);
    expect(res.json()).to.deep.equal({ detail: 'Refused by the handler' });
    expect(trace.slice(3)).to.deep.equal([
      'inner rollback: Refused by the handler',
      'outer rollback: Refused by the handler',
    ]);
    // Rule 3: what was set on res before the error is still sent with an HttpException.
    expect(res.headers['x-handler']).to.equal('ran');
  });

  it("get the handler's unexpected error too; the client gets a bare 500", async () => {
    const res = await app.inject({ url: '/tx?fail=bug' });
    expect(res.statusCode).to.equal(500);
    expect(res.json()).to.deep.equal({ detail: 'Internal Server Error' });
    expect(trace.slice(3)).to.deep.equal([
      'inner rollback: handler crashed',
      'outer rollback: handler crashed',
    ]);
  });

  it('answer an error of their cleanup like an error of the handler, and the providers created before hear it', async () => {
    const res = await app.inject({ url: '/tx?fail=cleanup' });
    expect(res.statusCode).to.equal(409);
    expect(res.json()).to.deep.equal({ detail: 'Conflict at commit' });
    expect(trace.slice(3)).to.deep.equal([
      'inner rollback: Conflict at commit',
      'outer rollback: Conflict at commit',
    ]);

    log.lines.length = 0;
    const crashed = await app.inject({ url: '/tx?fail=cleanup-bug' });
    expect(crashed.statusCode).to.equal(500);
    expect(crashed.body).to.not.include('commit crashed');
    expect(log.errors().some((l) => l.err?.message === 'commit crashed')).to.equal(true);
  });

  it('cannot turn a failure into a success by swallowing the error', async () => {
    const res = await app.inject({ url: '/tx/swallowed' });
    expect(res.statusCode).to.equal(418);
    expect(trace).to.deep.equal(['swallowed']);
  });

  it('must yield once: a second yield is a 500', async () => {
    const res = await app.inject({ url: '/tx/twice' });
    expect(res.statusCode).to.equal(500);
    expect(res.json()).to.deep.equal({ detail: 'Internal Server Error' });
  });

  it('clean up inside the middleware: before it sees the response', async () => {
    const res = await app.inject({ url: '/tx/middleware' });
    expect(res.headers['x-outer']).to.equal('committed');
    expect(trace).to.deep.equal([
      'middleware before',
      'outer open',
      'handler outer',
      'outer commit',
      'middleware after',
    ]);
  });

  it('on a generator route, clean up when the stream is over', async () => {
    const res = await app.inject({ url: '/tx/stream' });
    expect(res.body).to.equal('data: outer\n\ndata: second\n\n');
    expect(trace).to.deep.equal(['outer open', 'stream start', 'stream end', 'outer commit']);
  });
});
