import { Readable } from 'node:stream';
import {
  Controller,
  createApp,
  EventSourceResponse,
  Get,
  JSONLinesResponse,
  Res,
  type Response,
  ResponseModel,
} from '@arobase/core';
import { expect } from 'chai';
import { Expose, Type } from 'class-transformer';
import { IsInt } from 'class-validator';
import type { FastifyInstance } from 'fastify';
import { captureLog } from '../helpers/log';
import { listen } from '../helpers/server';
import { readUntilEnd } from '../helpers/wait';

class AuthorOut {
  @Expose() id!: number;
}

class RowOut {
  @Expose() @IsInt() id!: number;
  @Expose() name!: string;
  @Expose() @Type(() => AuthorOut) author!: AuthorOut;
}

const ROWS = [
  { id: 1, name: 'one', password: 'p1', author: { id: 9, email: 'a@example.com' } },
  { id: 2, name: 'two\nlines', password: 'p2', author: { id: 9, email: 'a@example.com' } },
];

@Controller('/jsonl')
class LinesController {
  @Get('/returned')
  returned() {
    return new JSONLinesResponse([{ a: 1 }, 'text', 3, null, [true]]);
  }

  @Get('/readable')
  readable() {
    return new JSONLinesResponse(Readable.from([{ from: 'a Readable' }, { n: 2 }]));
  }

  @Get('/rows', { responseClass: JSONLinesResponse, status: 203 })
  @ResponseModel(RowOut)
  async *rows(@Res() res: Response) {
    res.headers.set('X-Rows', String(ROWS.length));
    for (const row of ROWS) yield row;
  }

  @Get('/invalid', { responseClass: JSONLinesResponse })
  @ResponseModel(RowOut)
  async *invalid() {
    yield ROWS[0];
    yield { id: 'not a number', name: 'bad', author: { id: 1 } };
    yield ROWS[1];
  }
}

@Controller('/by-default', { responseClass: JSONLinesResponse })
class DefaultController {
  @Get('/')
  @ResponseModel(RowOut)
  async *all() {
    yield* ROWS;
  }
}

@Controller('/by-app')
class AppDefaultController {
  @Get('/')
  @ResponseModel(RowOut)
  async *first() {
    yield ROWS[0];
  }
}

describe('JSONLinesResponse', () => {
  let app: FastifyInstance;
  let base: string;
  const log = captureLog();

  before(async () => {
    app = await createApp({
      controllers: [LinesController],
      validateResponse: true,
      fastify: { logger: { stream: log.stream } },
    });
    const { host, port } = await listen(app);
    base = `http://${host}:${port}`;
  });
  after(() => app.close());

  it('streams application/jsonl, one JSON value per line', async () => {
    const res = await app.inject({ url: '/jsonl/returned' });
    expect(res.statusCode).to.equal(200);
    expect(res.headers['content-type']).to.equal('application/jsonl');
    expect(res.body).to.equal('{"a":1}\n"text"\n3\nnull\n[true]\n');
    expect((await app.inject({ url: '/jsonl/readable' })).body).to.equal('{"from":"a Readable"}\n{"n":2}\n');
  });

  it('sends each item of a generator route through the model, with the route status and res headers', async () => {
    const res = await app.inject({ url: '/jsonl/rows' });
    expect(res.statusCode).to.equal(203);
    expect(res.headers['x-rows']).to.equal('2');
    const lines = res.body.split('\n');
    expect(lines.pop()).to.equal('');
    expect(lines.map((l) => JSON.parse(l))).to.deep.equal([
      { id: 1, name: 'one', author: { id: 9 } },
      { id: 2, name: 'two\nlines', author: { id: 9 } },
    ]);
    expect(res.body).to.not.match(/password|email/);
  });

  it('refuses at start-up an async * route whose response class cannot stream what it yields', async () => {
    @Controller('/wrong')
    class WrongController {
      @Get('/')
      async *items() {
        yield 1;
      }
    }
    let error: unknown;
    await createApp({ controllers: [WrongController] }).catch((e) => (error = e));
    expect(error).to.be.instanceOf(TypeError);
    expect((error as Error).message).to.equal(
      "WrongController.items is an async * generator: give it responseClass EventSourceResponse, JSONLinesResponse or StreamingResponse (its controller's or the app's default will do)",
    );
  });

  it("takes the controller's responseClass, or the app's defaultResponseClass", async () => {
    const own = await createApp({ controllers: [DefaultController] });
    const res = await own.inject({ url: '/by-default' });
    await own.close();
    expect(res.headers['content-type']).to.equal('application/jsonl');
    expect(res.body.trim().split('\n')).to.have.length(2);

    const byApp = await createApp({
      controllers: [AppDefaultController],
      defaultResponseClass: EventSourceResponse,
    });
    const events = await byApp.inject({ url: '/by-app' });
    await byApp.close();
    expect(events.headers['content-type']).to.equal('text/event-stream; charset=utf-8');
    expect(events.body).to.equal('data: {"id":1,"name":"one","author":{"id":9}}\n\n');
  });

  it('ends the stream at an item that fails the model (validateResponse), logged, nothing of it sent', async () => {
    log.lines.length = 0;
    const res = await fetch(`${base}/jsonl/invalid`);
    const body = await readUntilEnd(res);
    expect(body).to.equal('{"id":1,"name":"one","author":{"id":9}}\n');
    expect(log.errors().some((l) => l.route === 'LinesController.invalid')).to.equal(true);
  });
});
