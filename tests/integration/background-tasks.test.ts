import { request as httpRequest } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  Background,
  BackgroundTasks,
  Controller,
  createApp,
  Get,
  HttpException,
  JSONResponse,
  StreamingResponse,
} from '@arobase/core';
import { expect } from 'chai';
import type { FastifyInstance } from 'fastify';
import { captureLog } from '../helpers/log';
import { listen } from '../helpers/server';
import { until } from '../helpers/wait';

/** What the tasks did, in order, as the test sees it from outside. */
const trace: string[] = [];
/** Lets a test hold a task until it says so. */
let gate: { open: () => void; opened: Promise<void> } | undefined;

function newGate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  gate = { open, opened };
  return gate;
}

@Controller('/tasks')
class TaskController {
  @Get('/ordered')
  ordered(@Background() tasks: BackgroundTasks) {
    tasks.add(async (name: string) => {
      await sleep(5);
      trace.push(name);
    }, 'first');
    tasks.add(() => {
      throw new Error('the mail server is down');
    });
    tasks.add((a: number, b: number) => trace.push(`third ${a + b}`), 1, 2);
    trace.push('handler');
    return { queued: tasks.size };
  }

  @Get('/held')
  held(@Background() tasks: BackgroundTasks) {
    tasks.add(async () => {
      trace.push('task started');
      await gate!.opened;
      trace.push('task done');
    });
    async function* body() {
      yield 'a'.repeat(100_000);
      yield 'b'.repeat(100_000);
      trace.push('body written');
    }
    return new StreamingResponse(body());
  }

  @Get('/on-response')
  onResponse(@Background() injected: BackgroundTasks) {
    injected.add(() => trace.push('injected'));
    const own = new BackgroundTasks().add(() => trace.push('from init.background'));
    return new JSONResponse({ ok: true }, { background: own });
  }

  @Get('/refused')
  refused(@Background() tasks: BackgroundTasks) {
    tasks.add(() => trace.push('after a 404'));
    throw new HttpException(404, 'No such thing');
  }

  @Get('/crashed')
  crashed(@Background() tasks: BackgroundTasks) {
    tasks.add(() => trace.push('after a 500'));
    throw new Error('bug');
  }
}

describe('Background tasks', () => {
  let app: FastifyInstance;
  let target: { host: string; port: number };
  const log = captureLog();

  beforeEach(async () => {
    trace.length = 0;
    app = await createApp({ controllers: [TaskController], fastify: { logger: { stream: log.stream } } });
    target = await listen(app);
  });

  afterEach(() => app.close());

  it('run after the response, in order; an error is logged with the request id and the next task runs', async () => {
    log.lines.length = 0;
    const res = await fetch(`http://${target.host}:${target.port}/tasks/ordered`);
    expect(await res.json()).to.deep.equal({ queued: 3 });
    await until(() => trace.length === 3);
    expect(trace).to.deep.equal(['handler', 'first', 'third 3']);
    const failed = log.errors().filter((l) => l.msg === 'Background task failed');
    expect(failed).to.have.length(1);
    expect(failed[0].err?.message).to.equal('the mail server is down');
    const answered = log.lines.find((l) => l.msg === 'request completed');
    expect(failed[0].reqId).to.be.a('string').and.equal(answered?.reqId);
  });

  it('start once the whole body is written, and the client has it without waiting for them', async () => {
    const held = newGate();
    const body = await new Promise<string>((resolve, reject) => {
      const req = httpRequest({ ...target, path: '/tasks/held', agent: false }, (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          text += chunk;
        });
        res.on('end', () => resolve(text));
      });
      req.on('error', reject);
      req.end();
    });
    // The client has all of it while the task is still held: it did not wait for the task.
    expect(body.length).to.equal(200_000);
    await until(() => trace.length === 2);
    expect(trace).to.deep.equal(['body written', 'task started']);
    held.open();
    await until(() => trace.length === 3);
    expect(trace).to.deep.equal(['body written', 'task started', 'task done']);
  });

  it('run those of @Background() then those of init.background', async () => {
    const res = await app.inject({ url: '/tasks/on-response' });
    expect(res.json()).to.deep.equal({ ok: true });
    await until(() => trace.length === 2);
    expect(trace).to.deep.equal(['injected', 'from init.background']);
  });

  it('run after an HttpException answer, not after an unexpected 500', async () => {
    expect((await app.inject({ url: '/tasks/crashed' })).statusCode).to.equal(500);
    expect((await app.inject({ url: '/tasks/refused' })).statusCode).to.equal(404);
    await until(() => trace.length === 1);
    await sleep(20);
    expect(trace).to.deep.equal(['after a 404']);
  });

  it('are waited for by app.close()', async () => {
    const held = newGate();
    const res = await fetch(`http://${target.host}:${target.port}/tasks/held`);
    expect((await res.text()).length).to.equal(200_000);
    await until(() => trace.length === 2);
    let closed = false;
    const closing = app.close().then(() => (closed = true));
    await sleep(50);
    expect(closed, 'close waits for the running task').to.equal(false);
    held.open();
    await closing;
    expect(trace).to.deep.equal(['body written', 'task started', 'task done']);
  });

  it('refuse a task that is not a function, and an init.background that is not BackgroundTasks', () => {
    expect(() => new BackgroundTasks().add('send mail' as never)).to.throw(TypeError, /must be a function/);
    expect(() => new JSONResponse({}, { background: [() => {}] as never })).to.throw(
      TypeError,
      /init.background must be a BackgroundTasks/,
    );
  });
});
