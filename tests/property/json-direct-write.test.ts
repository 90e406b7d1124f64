// Rule 1 has two writers: plain JSON data with a `res` that only adds a status, headers and cookies
// goes straight to Fastify's reply, and everything else (here: a pass-through middleware in front
// of the same route) is merged into a Response first. Whatever `res` holds, both must send the same
// answer: status, every header, each Set-Cookie line in order, body.
import {
  Controller,
  createApp,
  Get,
  type Middleware,
  Res,
  type Response,
  UseMiddleware,
} from '@arobase/core';
import { expect } from 'chai';
import fc from 'fast-check';
import type { LightMyRequestResponse } from 'fastify';

const RUNS = 150 * Number(process.env.FC_SCALE ?? 1);

interface HeaderOp {
  op: 'set' | 'append' | 'delete';
  name: string;
  value: string;
}
interface CookieOp {
  name: string;
  value: string;
  sameSite?: 'lax' | 'strict';
}
interface ResState {
  status: number | undefined;
  mediaType: string | undefined;
  headers: HeaderOp[];
  cookies: CookieOp[];
}

const NAMES = ['x-a', 'X-B', 'vary', 'Vary', 'cache-control', 'set-cookie', 'content-language', 'x-static'];
const VALUES = ['1', 'Origin', 'Accept-Encoding', 'a, b', 'no-store', 'k=v; Path=/'];

const resState: fc.Arbitrary<ResState> = fc.record({
  // 204 and 304 have no body, a media type replaces JSON's: those take the merging writer on both routes.
  status: fc.option(fc.constantFrom(200, 201, 202, 203, 204, 206, 299, 304, 400, 404, 418), {
    nil: undefined,
  }),
  mediaType: fc.option(fc.constantFrom('application/vnd.api+json', 'text/plain'), {
    nil: undefined,
    freq: 5,
  }),
  headers: fc.array(
    fc.record({
      op: fc.constantFrom<HeaderOp['op']>('set', 'append', 'delete'),
      name: fc.constantFrom(...NAMES),
      value: fc.constantFrom(...VALUES),
    }),
    { maxLength: 6 },
  ),
  cookies: fc.array(
    fc.record(
      {
        name: fc.constantFrom('session', 'theme', 'a'),
        value: fc.stringMatching(/^[a-zA-Z0-9]{0,8}$/),
        sameSite: fc.constantFrom<'lax' | 'strict'>('lax', 'strict'),
      },
      { requiredKeys: ['name', 'value'] },
    ),
    { maxLength: 4 },
  ),
});

const staticHeaders = fc.dictionary(
  fc.constantFrom('x-static', 'vary', 'cache-control', 'x-a'),
  fc.constantFrom(...VALUES),
  {
    maxKeys: 3,
  },
);

function apply(res: Response, state: ResState): void {
  if (state.status !== undefined) res.status = state.status;
  if (state.mediaType !== undefined) res.mediaType = state.mediaType;
  for (const { op, name, value } of state.headers) {
    if (op === 'delete') res.headers.delete(name);
    else res.headers[op](name, value);
  }
  for (const { name, value, sameSite } of state.cookies) res.setCookie(name, value, { sameSite });
}

const passThrough: Middleware = {
  async handle(_ctx, next) {
    await next();
  },
};

/** What a client sees, the clock left out. */
function seen(answer: LightMyRequestResponse) {
  const { date: _date, ...headers } = answer.headers;
  return { status: answer.statusCode, headers, body: answer.body };
}

describe('property: JSON data and res written directly answer what the merged Response does', () => {
  it('same status, headers, Set-Cookie lines and body with and without the direct writer', async () => {
    await fc.assert(
      fc.asyncProperty(
        resState,
        staticHeaders,
        fc.option(fc.constantFrom(201, 202)),
        async (state, headers, status) => {
          class Direct {
            both(res: Response) {
              apply(res, state);
              return { ok: true, n: 1 };
            }
          }
          const route = { headers, ...(status === null ? {} : { status }) };
          const key = 'both';
          const direct = Object.getOwnPropertyDescriptor(Direct.prototype, key)!;
          Res()(Direct.prototype, key, 0);
          Get('/direct', route)(Direct.prototype, key, direct);
          Reflect.defineMetadata('design:paramtypes', [Object], Direct.prototype, key);
          Controller()(Direct);

          class Merged {
            both(res: Response) {
              apply(res, state);
              return { ok: true, n: 1 };
            }
          }
          const merged = Object.getOwnPropertyDescriptor(Merged.prototype, key)!;
          Res()(Merged.prototype, key, 0);
          UseMiddleware(passThrough)(Merged.prototype, key, merged);
          Get('/merged', route)(Merged.prototype, key, merged);
          Reflect.defineMetadata('design:paramtypes', [Object], Merged.prototype, key);
          Controller()(Merged);

          const app = await createApp({ controllers: [Direct, Merged], openapi: false });
          try {
            const [a, b] = await Promise.all([
              app.inject({ url: '/direct' }),
              app.inject({ url: '/merged' }),
            ]);
            expect(seen(a)).to.deep.equal(seen(b));
            expect(a.statusCode).to.be.below(500);
          } finally {
            await app.close();
          }
        },
      ),
      { numRuns: RUNS },
    );
  });
});
