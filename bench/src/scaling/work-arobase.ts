// arobase's version of the work route: `@UseMiddleware` with pass-through middleware
// (`handle(ctx, next) { return next(); }`) and `@Depends` function providers, decorated as
// TypeScript's emitted __decorate would.
import 'reflect-metadata';
import {
  Controller,
  createApp,
  Depends,
  Get,
  type Next,
  type RequestContext,
  UseMiddleware,
} from '@arobase/core';
import { announce, fail } from '../servers/announce';
import { workArgs } from './work';

async function main() {
  const { middleware, dependencies } = workArgs();
  class Work {
    work(...values: number[]) {
      let n = 0;
      for (const v of values) n += v;
      return { hello: 'world', n };
    }
  }
  const passes = Array.from({ length: middleware }, () => ({
    handle: (_ctx: RequestContext, next: Next) => next(),
  }));
  const proto = Work.prototype;
  const params = Array.from({ length: dependencies }, (_, i) => {
    const provide = (_ctx: RequestContext) => i + 1;
    const decorate = Depends(provide);
    return (target: object, key: string | symbol) => decorate(target, key, i);
  });
  Reflect.decorate(
    [
      Get('/work'),
      ...(middleware > 0 ? [UseMiddleware(...passes)] : []),
      ...params,
      Reflect.metadata(
        'design:paramtypes',
        params.map(() => Number),
      ),
    ],
    proto,
    'work',
    Object.getOwnPropertyDescriptor(proto, 'work'),
  );
  Reflect.decorate([Controller()], Work);
  const app = await createApp({ controllers: [Work], fastify: { logger: false } });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  announce({ port: typeof address === 'object' && address ? address.port : 0, framework: 'arobase' });
}

main().catch(fail);
