import {
  Controller,
  createApp,
  Get,
  HttpException,
  type Middleware,
  PlainTextResponse,
  UseMiddleware,
} from '@arobase/core';
import { expect } from 'chai';
import fc from 'fast-check';

type Outcome = 'data' | 'http' | 'error';

/**
 * Middleware number `i` of the whole chain: leaves `in:i` in the log and `X-In-i` on the injected
 * Response, answers early if it is the chosen one, and otherwise leaves `out:i` and its number in
 * X-Trace once next() has resolved.
 */
function numbered(i: number, earlyAt: number | null, log: string[]): Middleware {
  return {
    async handle(ctx, next) {
      log.push(`in:${i}`);
      ctx.response.headers.set(`X-In-${i}`, 'yes');
      if (i === earlyAt) return new PlainTextResponse(`early ${i}`, { status: 203 });
      await next();
      log.push(`out:${i}`);
      ctx.response.headers.append('X-Trace', String(i));
    },
  };
}

describe('property: middleware is an onion, whatever the stack', () => {
  it('runs app, controller and route middleware in order, unwinds in reverse, and answers as expected', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.nat({ max: 3 }),
        fc.nat({ max: 3 }),
        fc.nat({ max: 3 }),
        fc.option(fc.nat({ max: 8 }), { nil: null }),
        fc.constantFrom<Outcome>('data', 'http', 'error'),
        async (appCount, controllerCount, routeCount, earlyPick, outcome) => {
          const total = appCount + controllerCount + routeCount;
          const earlyAt = earlyPick === null || earlyPick >= total ? null : earlyPick;
          const log: string[] = [];
          const chain = Array.from({ length: total }, (_, i) => numbered(i, earlyAt, log));

          class Fuzz {
            get() {
              log.push('handler');
              if (outcome === 'http') throw new HttpException(404, 'nope');
              if (outcome === 'error') throw new Error('boom');
              return { ok: true };
            }
          }
          const descriptor = Object.getOwnPropertyDescriptor(Fuzz.prototype, 'get')!;
          const routeMiddleware = chain.slice(appCount + controllerCount);
          if (routeMiddleware.length > 0)
            UseMiddleware(...routeMiddleware)(Fuzz.prototype, 'get', descriptor);
          Get('/')(Fuzz.prototype, 'get', descriptor);
          const controllerMiddleware = chain.slice(appCount, appCount + controllerCount);
          if (controllerMiddleware.length > 0) UseMiddleware(...controllerMiddleware)(Fuzz);
          Controller('/fuzz')(Fuzz);

          const app = await createApp({ controllers: [Fuzz], middleware: chain.slice(0, appCount) });
          const res = await app.inject({ url: '/fuzz' });

          const entered = earlyAt === null ? total : earlyAt + 1;
          const unwound = earlyAt === null ? total : earlyAt;
          const ins = Array.from({ length: entered }, (_, i) => `in:${i}`);
          const passed = Array.from({ length: unwound }, (_, i) => i).reverse();
          const failed = earlyAt === null && outcome === 'error';

          expect(log).to.deep.equal([
            ...ins,
            ...(earlyAt === null ? ['handler'] : []),
            ...(failed ? [] : passed.map((i) => `out:${i}`)),
          ]);
          const status = earlyAt !== null ? 203 : { data: 200, http: 404, error: 500 }[outcome];
          expect(res.statusCode).to.equal(status);
          if (failed) {
            expect(res.body).to.equal('{"detail":"Internal Server Error"}');
            expect(Object.keys(res.headers).filter((h) => h.startsWith('x-'))).to.deep.equal([]);
          } else {
            expect(res.headers['x-trace']).to.equal(passed.length > 0 ? passed.join(', ') : undefined);
            for (let i = 0; i < total; i++) {
              expect(res.headers[`x-in-${i}`], `X-In-${i}`).to.equal(i < entered ? 'yes' : undefined);
            }
          }
          await app.close();
        },
      ),
      { numRuns: 60 },
    );
  });
});
