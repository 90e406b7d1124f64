// 2,000 requests at once through async handlers that await random delays between setting their
// status, headers and cookies: every response carries exactly its own values.
import { Agent, request as httpRequest } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  Controller,
  createApp,
  Depends,
  Get,
  JSONResponse,
  Param,
  Query,
  Res,
  type Response,
} from '@arobase/core';
import { expect } from 'chai';
import type { FastifyInstance } from 'fastify';
import { listen } from '../helpers/server';
import { parseSetCookie } from '../helpers/set-cookie';

const TOTAL = 2000;
const STATUSES = [200, 201, 202, 203, 206];
const SHARED = new JSONResponse({ shared: true }, { status: 200, headers: { 'X-Shared': 'yes' } });

const jitter = () => sleep(Math.floor(Math.random() * 15));

/** A dependency that writes on the same response, after its own delay. */
class Stamp {
  async resolve(@Param('id') id: number, @Res() res: Response) {
    await jitter();
    res.headers.set('X-Dependency', `dep-${id}`);
    res.setCookie('dep', `d${id}`);
    return id;
  }
}

@Controller()
class ConcurrentController {
  @Get('/req/:id')
  async handle(
    @Param('id') id: number,
    @Query('shared') shared: boolean,
    @Depends(Stamp) stamped: number,
    @Res() res: Response,
  ) {
    await jitter();
    res.headers.set('X-Id', String(id));
    res.setCookie('req', String(id), { maxAge: id });
    await jitter();
    res.status = STATUSES[id % STATUSES.length];
    res.setCookie(`c${id % 7}`, `v${id}`, { path: `/p/${id}` });
    await jitter();
    if (shared) return SHARED;
    return { id, stamped };
  }
}

interface Seen {
  status: number;
  headers: Record<string, unknown>;
  body: string;
}

/** Asserts that one response carries request `id`'s values and nobody else's. */
function assertOwn(id: number, shared: boolean, seen: Seen): void {
  const where = `request ${id}`;
  expect(seen.headers['x-id'], where).to.equal(String(id));
  expect(seen.headers['x-dependency'], where).to.equal(`dep-${id}`);
  const lines = ([] as string[]).concat((seen.headers['set-cookie'] as string[] | string | undefined) ?? []);
  const cookies = lines.map(parseSetCookie).map((c) => [c.name, c.value, c.maxAge, c.path]);
  expect(cookies, where).to.deep.equal([
    ['dep', `d${id}`, null, '/'],
    ['req', String(id), id, '/'],
    [`c${id % 7}`, `v${id}`, null, `/p/${id}`],
  ]);
  if (shared) {
    // A returned response keeps its own status; res state is merged into a copy.
    expect(seen.status, where).to.equal(200);
    expect(seen.headers['x-shared'], where).to.equal('yes');
    expect(JSON.parse(seen.body), where).to.deep.equal({ shared: true });
  } else {
    expect(seen.status, where).to.equal(STATUSES[id % STATUSES.length]);
    expect(JSON.parse(seen.body), where).to.deep.equal({ id, stamped: id });
  }
}

describe('concurrency: no cross-talk between requests', function () {
  this.timeout(60_000);
  let app: FastifyInstance;
  before(async () => {
    app = await createApp({ controllers: [ConcurrentController] });
  });
  after(() => app.close());

  it(`${TOTAL} concurrent injected requests each get exactly their own status, headers and cookies`, async () => {
    const answers = await Promise.all(
      Array.from({ length: TOTAL }, async (_, id) => {
        const shared = id % 3 === 0;
        const res = await app.inject({ url: `/req/${id}?shared=${shared}` });
        return { id, shared, seen: { status: res.statusCode, headers: res.headers, body: res.body } };
      }),
    );
    for (const { id, shared, seen } of answers) assertOwn(id, shared, seen);
    expect(SHARED.cookies).to.have.length(0);
    expect(SHARED.headers.has('x-id')).to.equal(false);
  });

  it(`${TOTAL} concurrent requests over real sockets each get exactly their own values`, async () => {
    const target = await listen(app);
    const agent = new Agent({ keepAlive: true, maxSockets: 256 });
    try {
      const answers = await Promise.all(
        Array.from({ length: TOTAL }, (_, id) => {
          const shared = id % 3 === 0;
          return new Promise<{ id: number; shared: boolean; seen: Seen }>((resolve, reject) => {
            const req = httpRequest({ ...target, agent, path: `/req/${id}?shared=${shared}` }, (res) => {
              const chunks: Buffer[] = [];
              res.on('data', (c: Buffer) => chunks.push(c));
              res.on('end', () =>
                resolve({
                  id,
                  shared,
                  seen: {
                    status: res.statusCode!,
                    headers: res.headers,
                    body: Buffer.concat(chunks).toString(),
                  },
                }),
              );
              res.on('error', reject);
            });
            req.on('error', reject);
            req.end();
          });
        }),
      );
      for (const { id, shared, seen } of answers) assertOwn(id, shared, seen);
    } finally {
      agent.destroy();
    }
  });
});
