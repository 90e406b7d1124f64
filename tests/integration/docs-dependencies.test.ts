// The examples of docs/dependencies.md, run as they are written there.
import {
  Controller,
  Cookie,
  createApp,
  Depends,
  Get,
  Header,
  HttpException,
  RedirectResponse,
  type RequestContext,
  Res,
  type Response,
} from '@arobase/core';
import { expect } from 'chai';
import { container, injectable } from 'tsyringe';

interface User {
  id: number;
  name: string;
}

const SESSIONS = new Map<string, User>([['s3cr3t', { id: 1, name: 'Ada' }]]);

class CurrentUser {
  resolve(@Cookie('session') session: string | undefined, @Res() res: Response): User {
    const user = session === undefined ? undefined : SESSIONS.get(session);
    if (user === undefined) {
      throw new HttpException(401, 'Not authenticated', { headers: { 'WWW-Authenticate': 'Cookie' } });
    }
    res.setCookie('session', session!, { maxAge: 3600 });
    res.headers.set('Cache-Control', 'private, no-store');
    return user;
  }
}

@Controller('/me')
class MeController {
  @Get()
  me(@Depends(CurrentUser) user: User) {
    return { id: user.id, name: user.name };
  }
}

const requestId = (ctx: RequestContext) => {
  const id = String(ctx.request.headers['x-request-id'] ?? ctx.request.id);
  ctx.response.headers.set('X-Request-ID', id);
  return id;
};

class Visitor {
  resolve(@Cookie('visitor') visitor: string | undefined, @Res() res: Response) {
    const id = visitor ?? crypto.randomUUID();
    res.setCookie('visitor', id, { maxAge: 365 * 24 * 3600 });
    return id;
  }
}

class Greeting {
  resolve(@Depends(Visitor) visitor: string) {
    return `Hello, visitor ${visitor}`;
  }
}

@Controller()
class WelcomeController {
  @Get('/welcome')
  welcome(@Depends(Visitor) visitor: string) {
    return new RedirectResponse(`/visitors/${visitor}`);
  }

  @Get('/ping')
  ping(@Depends(requestId) id: string) {
    return { id };
  }

  @Get('/hello')
  hello(@Depends(Visitor) visitor: string, @Depends(Greeting) greeting: string) {
    return { visitor, greeting };
  }
}

const SHARDS: Record<string, string> = { acme: 'eu-1', globex: 'us-2' };

class Tenant {
  resolve(@Header('x-tenant') tenant: string, @Res() res: Response) {
    res.headers.set('X-Tenant', tenant);
    return tenant;
  }
}
class Shard {
  async resolve(@Depends(Tenant) tenant: string, @Res() res: Response) {
    const shard = SHARDS[tenant];
    if (shard === undefined) throw new HttpException(404, `Unknown tenant ${tenant}`);
    res.headers.set('X-Shard', shard);
    return shard;
  }
}

@Controller('/tenant')
class TenantController {
  @Get()
  info(@Depends(Shard) shard: string, @Depends(Tenant) tenant: string) {
    return { tenant, shard };
  }
}

@injectable()
class UserRepository {
  private readonly users = new Map([['1', { id: '1', name: 'Ada' }]]);
  find(id: string) {
    return this.users.get(id) ?? null;
  }
}

@injectable()
class CurrentAccount {
  constructor(private readonly users: UserRepository) {}
  resolve(@Header('x-user') id: string) {
    return this.users.find(id);
  }
}

@Controller('/account')
class AccountController {
  @Get()
  get(@Depends(CurrentAccount) account: { id: string; name: string } | null) {
    return account;
  }
}

describe('docs/dependencies.md examples', () => {
  it('CurrentUser: 200 with the refreshed cookie, 401 without a session', async () => {
    const app = await createApp({ controllers: [MeController] });
    const ok = await app.inject({ url: '/me', cookies: { session: 's3cr3t' } });
    expect(ok.statusCode).to.equal(200);
    expect(ok.headers['cache-control']).to.equal('private, no-store');
    expect(ok.headers['set-cookie']).to.deep.equal([
      'session=s3cr3t; Max-Age=3600; Path=/; HttpOnly; Secure; SameSite=Lax',
    ]);
    expect(ok.body).to.equal('{"id":1,"name":"Ada"}');
    const denied = await app.inject({ url: '/me' });
    expect(denied.statusCode).to.equal(401);
    expect(denied.headers['www-authenticate']).to.equal('Cookie');
    expect(denied.body).to.equal('{"detail":"Not authenticated"}');
  });

  it('function provider, redirect with a cookie, and the per-request cache', async () => {
    const app = await createApp({ controllers: [WelcomeController] });
    const ping = await app.inject({ url: '/ping', headers: { 'x-request-id': 'r-1' } });
    expect(ping.json()).to.deep.equal({ id: 'r-1' });
    expect(ping.headers['x-request-id']).to.equal('r-1');

    const welcome = await app.inject({ url: '/welcome' });
    expect(welcome.statusCode).to.equal(307);
    const id = welcome.cookies[0].value;
    expect(welcome.headers.location).to.equal(`/visitors/${id}`);

    const hello = await app.inject({ url: '/hello', cookies: { visitor: 'v1' } });
    expect(hello.json()).to.deep.equal({ visitor: 'v1', greeting: 'Hello, visitor v1' });
    expect(hello.cookies).to.have.length(1);
  });

  it('a chain where each level sets its header; an unknown tenant is a 404 that keeps X-Tenant', async () => {
    const app = await createApp({ controllers: [TenantController] });
    const res = await app.inject({ url: '/tenant', headers: { 'x-tenant': 'acme' } });
    expect(res.json()).to.deep.equal({ tenant: 'acme', shard: 'eu-1' });
    expect(res.headers['x-tenant']).to.equal('acme');
    expect(res.headers['x-shard']).to.equal('eu-1');
    const unknown = await app.inject({ url: '/tenant', headers: { 'x-tenant': 'initech' } });
    expect(unknown.statusCode).to.equal(404);
    expect(unknown.headers['x-tenant']).to.equal('initech');
  });

  it('tsyringe builds the provider with its constructor dependency', async () => {
    const app = await createApp({
      controllers: [AccountController],
      container: { get: (cls) => container.resolve(cls) },
    });
    const res = await app.inject({ url: '/account', headers: { 'x-user': '1' } });
    expect(res.json()).to.deep.equal({ id: '1', name: 'Ada' });
  });
});
