import { arobase, Controller, Cookie, createApp, Get, HttpException, Param } from '@arobase/core';
import fastifyCookie from '@fastify/cookie';
import { expect } from 'chai';
import Fastify from 'fastify';
import { container, injectable } from 'tsyringe';

@Controller('/users')
class UserController {
  @Get('/:id')
  get(@Param('id') id: number) {
    if (id === 0) throw new HttpException(404, 'User not found');
    return { id };
  }

  @Get('/boom/:id')
  boom(@Param('id') _id: number) {
    throw new Error('secret');
  }
}

@Controller('/prefs')
class PrefsController {
  @Get()
  prefs(@Cookie('theme') theme: string = 'light', @Cookie('uid', { signed: true }) uid?: string) {
    return { theme, uid: uid ?? null };
  }
}

@Controller('/settings')
class TenantController {
  @Get()
  get(@Param('tenant') tenant: string) {
    return { tenant };
  }
}

describe('the arobase plugin on a Fastify instance the user owns', () => {
  it('registers the routes under the register prefix, next to the user routes', async () => {
    const fastify = Fastify();
    fastify.get('/health', async () => ({ ok: true }));
    await fastify.register(arobase, { controllers: [UserController], prefix: '/api' });
    try {
      const res = await fastify.inject({ url: '/api/users/5' });
      expect(res.statusCode).to.equal(200);
      expect(res.json()).to.deep.equal({ id: 5 });
      expect((await fastify.inject({ url: '/users/5' })).statusCode).to.equal(404);
      expect((await fastify.inject({ url: '/api/api/users/5' })).statusCode).to.equal(404);
      expect((await fastify.inject({ url: '/health' })).json()).to.deep.equal({ ok: true });
    } finally {
      await fastify.close();
    }
  });

  it('can be registered twice under two prefixes (API versions)', async () => {
    const fastify = Fastify();
    await fastify.register(arobase, {
      controllers: [UserController, PrefsController],
      prefix: '/v1',
      cookies: { secret: 'k' },
    });
    await fastify.register(arobase, {
      controllers: [UserController, PrefsController],
      prefix: '/v2',
      cookies: { secret: 'k' },
    });
    try {
      for (const version of ['v1', 'v2']) {
        expect((await fastify.inject({ url: `/${version}/users/3` })).json()).to.deep.equal({ id: 3 });
        const prefs = await fastify.inject({ url: `/${version}/prefs`, headers: { cookie: 'theme=dark' } });
        expect(prefs.json()).to.deep.equal({ theme: 'dark', uid: null });
      }
    } finally {
      await fastify.close();
    }
  });

  it('a parameter of the register prefix is read with @Param', async () => {
    const fastify = Fastify();
    await fastify.register(arobase, { controllers: [TenantController], prefix: '/tenants/:tenant' });
    try {
      const res = await fastify.inject({ url: '/tenants/acme/settings' });
      expect(res.json()).to.deep.equal({ tenant: 'acme' });
    } finally {
      await fastify.close();
    }
  });

  it("maps arobase's errors to {detail} without touching the user's error handler", async () => {
    const fastify = Fastify();
    fastify.setErrorHandler((_error, _request, reply) => reply.code(599).send({ mine: true }));
    fastify.get('/own', async () => {
      throw new Error('own route');
    });
    await fastify.register(arobase, { controllers: [UserController] });
    try {
      const missing = await fastify.inject({ url: '/users/0' });
      expect(missing.statusCode).to.equal(404);
      expect(missing.json()).to.deep.equal({ detail: 'User not found' });
      const invalid = await fastify.inject({ url: '/users/abc' });
      expect(invalid.statusCode).to.equal(422);
      expect(invalid.json().detail[0].loc).to.deep.equal(['path', 'id']);
      const boom = await fastify.inject({ url: '/users/boom/1' });
      expect(boom.statusCode).to.equal(500);
      expect(boom.json()).to.deep.equal({ detail: 'Internal Server Error' });
      const own = await fastify.inject({ url: '/own' });
      expect(own.statusCode).to.equal(599);
      expect(own.json()).to.deep.equal({ mine: true });
    } finally {
      await fastify.close();
    }
  });

  it('parses cookies itself when the user has not registered @fastify/cookie', async () => {
    const fastify = Fastify();
    await fastify.register(arobase, { controllers: [PrefsController], cookies: { secret: 'k' } });
    try {
      const res = await fastify.inject({ url: '/prefs', headers: { cookie: 'theme=dark' } });
      expect(res.json()).to.deep.equal({ theme: 'dark', uid: null });
    } finally {
      await fastify.close();
    }
  });

  it("uses the user's @fastify/cookie and its secret when it is registered", async () => {
    const fastify = Fastify();
    await fastify.register(fastifyCookie, { secret: 'users-secret' });
    await fastify.register(arobase, { controllers: [PrefsController] });
    try {
      const signed = fastify.signCookie('42');
      const res = await fastify.inject({
        url: '/prefs',
        headers: { cookie: `uid=${encodeURIComponent(signed)}` },
      });
      expect(res.json()).to.deep.equal({ theme: 'light', uid: '42' });
    } finally {
      await fastify.close();
    }
  });

  it("refuses cookies.secret when the user's @fastify/cookie has none", async () => {
    const fastify = Fastify();
    await fastify.register(fastifyCookie);
    fastify.register(arobase, { controllers: [PrefsController], cookies: { secret: 'k' } });
    let error: Error | undefined;
    try {
      await fastify.ready();
    } catch (e) {
      error = e as Error;
    }
    expect(error?.message).to.equal(
      'arobase: cookies.secret is set but @fastify/cookie was registered before without a secret',
    );
  });

  it("refuses a cookies.secret beside the user's @fastify/cookie that has its own", async () => {
    const fastify = Fastify();
    await fastify.register(fastifyCookie, { secret: 'users-secret' });
    fastify.register(arobase, { controllers: [PrefsController], cookies: { secret: 'other-secret' } });
    let error: Error | undefined;
    try {
      await fastify.ready();
    } catch (e) {
      error = e as Error;
    }
    expect(error?.message).to.equal(
      'arobase: cookies.secret is set but @fastify/cookie was registered before with its own secret: ' +
        'give the secret to one of them only',
    );
  });

  it("refuses a second registration's cookies.secret on an app createApp made with one", async () => {
    const app = await createApp({ controllers: [UserController], cookies: { secret: 'first' } });
    app.register(arobase, { controllers: [PrefsController], prefix: '/v2', cookies: { secret: 'second' } });
    let error: Error | undefined;
    try {
      await app.ready();
    } catch (e) {
      error = e as Error;
    }
    expect(error?.message).to.match(/registered before with its own secret/);
  });

  it('refuses an empty cookies.secret when registered as a plugin', async () => {
    for (const secret of ['', [], ['k', '']] as (string | string[])[]) {
      const fastify = Fastify();
      fastify.register(arobase, { controllers: [PrefsController], cookies: { secret } });
      let error: Error | undefined;
      try {
        await fastify.ready();
      } catch (e) {
        error = e as Error;
      }
      expect(error?.message, JSON.stringify(secret)).to.match(/cookies\.secret must be a non-empty string/);
    }
  });
});

@injectable()
class Clock {
  now() {
    return '2024-01-01T00:00:00.000Z';
  }
}

@injectable()
class GreetingService {
  constructor(private readonly clock: Clock) {}

  greet(name: string) {
    return `hello ${name} at ${this.clock.now()}`;
  }
}

@injectable()
@Controller('/greet')
class GreetingController {
  constructor(private readonly greetings: GreetingService) {}

  @Get('/:name')
  greet(@Param('name') name: string) {
    return { message: this.greetings.greet(name) };
  }
}

describe('the container option', () => {
  it('builds a controller with constructor dependencies through tsyringe', async () => {
    const child = container.createChildContainer();
    const app = await createApp({
      controllers: [GreetingController],
      container: { get: (cls) => child.resolve(cls) },
    });
    try {
      const res = await app.inject({ url: '/greet/ada' });
      expect(res.statusCode).to.equal(200);
      expect(res.json()).to.deep.equal({ message: 'hello ada at 2024-01-01T00:00:00.000Z' });
    } finally {
      await app.close();
    }
  });

  it('builds each controller once, at start-up', async () => {
    let built = 0;
    const app = await createApp({
      controllers: [GreetingController],
      container: {
        get: (cls) => {
          built++;
          return container.resolve(cls);
        },
      },
    });
    try {
      await app.inject({ url: '/greet/a' });
      await app.inject({ url: '/greet/b' });
      expect(built).to.equal(1);
    } finally {
      await app.close();
    }
  });

  it('without a container, a controller whose constructor takes parameters is refused at start-up', async () => {
    let error: Error | undefined;
    try {
      await createApp({ controllers: [GreetingController] });
    } catch (e) {
      error = e as Error;
    }
    expect(error?.message).to.equal(
      "arobase: GreetingController's constructor takes 1 parameter(s): give createApp a container ({ get(cls) }) to build it",
    );
  });

  it("a container's failure names the controller", async () => {
    let error: Error | undefined;
    try {
      await createApp({
        controllers: [UserController],
        container: {
          get: () => {
            throw new Error('not registered');
          },
        },
      });
    } catch (e) {
      error = e as Error;
    }
    expect(error?.message).to.equal(
      'arobase: could not build UserController with the container: not registered',
    );
  });
});
