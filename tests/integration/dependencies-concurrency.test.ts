import * as http from 'node:http';
import {
  Controller,
  createApp,
  Depends,
  Get,
  Header,
  type Middleware,
  Query,
  type RequestContext,
  Res,
  type Response,
  UseMiddleware,
} from '@arobase/core';
import { expect } from 'chai';
import type { FastifyInstance } from 'fastify';

// Every request carries its own caller id; each layer awaits a random short delay so that the
// requests interleave, and writes the id where a shared cache or Response would show it.
const pause = () => new Promise<void>((resolve) => setTimeout(resolve, Math.floor(Math.random() * 4)));

class Caller {
  async resolve(@Header('x-caller') id: string, @Query('n') n: number, @Res() res: Response) {
    await pause();
    res.setCookie('caller', id);
    res.headers.set('X-Caller', id);
    return { id, n };
  }
}

class Tag {
  async resolve(@Depends(Caller) caller: { id: string }, @Res() res: Response) {
    await pause();
    res.headers.set('X-Tag', `tag-${caller.id}`);
    return `tag-${caller.id}`;
  }
}

const responseOf = (ctx: RequestContext) => ctx.response;

const echo: Middleware = {
  async handle(ctx, next) {
    const id = String(ctx.request.headers['x-caller']);
    ctx.response.headers.set('X-Mw-In', id);
    await pause();
    await next();
    // The outgoing response must be this request's: it carries this request's caller.
    ctx.response.headers.set('X-Mw-Out', ctx.response.headers.get('x-caller') === id ? id : 'MIXED');
  },
};

@Controller('/c')
class ConcurrentController {
  @Get('/mw')
  @UseMiddleware(echo)
  async withMiddleware(
    @Depends(Caller) caller: { id: string; n: number },
    @Depends(Tag) tag: string,
    @Depends(responseOf) fromCtx: Response,
    @Res() res: Response,
  ) {
    await pause();
    res.setCookie('n', String(caller.n));
    return { ...caller, tag, same: fromCtx === res };
  }

  @Get('/plain')
  async plain(@Depends(Caller) caller: { id: string; n: number }, @Depends(Tag) tag: string) {
    await pause();
    return { ...caller, tag, same: true };
  }
}

interface Seen {
  status: number;
  body: unknown;
  header(name: string): string | undefined;
  cookies: string[];
}

function check(seen: Seen, i: number, withMiddleware: boolean) {
  const id = `c${i}`;
  expect(seen.status).to.equal(200);
  expect(seen.body).to.deep.equal({ id, n: i, tag: `tag-${id}`, same: true });
  expect(seen.header('x-caller')).to.equal(id);
  expect(seen.header('x-tag')).to.equal(`tag-${id}`);
  const cookies = seen.cookies.map((line) => line.split(';')[0]);
  if (withMiddleware) {
    expect(seen.header('x-mw-in')).to.equal(id);
    expect(seen.header('x-mw-out')).to.equal(id);
    expect(cookies).to.deep.equal([`caller=${id}`, `n=${i}`]);
  } else {
    expect(cookies).to.deep.equal([`caller=${id}`]);
  }
}

const COUNT = 1000;

describe('concurrency: the per-request cache and Response are never shared', () => {
  let app: FastifyInstance;
  before(async () => {
    app = await createApp({ controllers: [ConcurrentController] });
  });
  after(() => app.close());

  it(`${COUNT} concurrent injected requests, each with its own provider values`, async () => {
    const results = await Promise.all(
      Array.from({ length: COUNT }, (_, i) => {
        const path = i % 2 === 0 ? 'mw' : 'plain';
        return app.inject({ url: `/c/${path}?n=${i}`, headers: { 'x-caller': `c${i}` } });
      }),
    );
    results.forEach((res, i) => {
      const lines = res.headers['set-cookie'];
      check(
        {
          status: res.statusCode,
          body: res.json(),
          header: (name) => res.headers[name] as string | undefined,
          cookies: lines === undefined ? [] : Array.isArray(lines) ? lines : [lines],
        },
        i,
        i % 2 === 0,
      );
    });
  });

  it(`${COUNT} requests at once over real sockets on 127.0.0.1`, async () => {
    const address = await app.listen({ port: 0, host: '127.0.0.1' });
    // 200 keep-alive sockets carry the 1,000 requests: one socket each would need 2,000 file
    // descriptors in this process, over the default limit of many systems.
    const agent = new http.Agent({ keepAlive: true, maxSockets: 200 });
    try {
      const results = await Promise.all(
        Array.from({ length: COUNT }, (_, i) =>
          get(agent, `${address}/c/mw?n=${i}`, { 'x-caller': `c${i}` }),
        ),
      );
      for (const [i, seen] of results.entries()) check(seen, i, true);
    } finally {
      agent.destroy();
    }
  });
});

function get(agent: http.Agent, url: string, headers: Record<string, string>): Promise<Seen> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { agent, headers }, (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => {
          const lines = res.headers['set-cookie'] ?? [];
          resolve({
            status: res.statusCode ?? 0,
            body: JSON.parse(text),
            header: (name) => res.headers[name] as string | undefined,
            cookies: lines,
          });
        });
      })
      .on('error', reject);
  });
}
