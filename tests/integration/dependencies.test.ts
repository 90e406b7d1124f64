import {
  Controller,
  Cookie,
  createApp,
  Depends,
  Get,
  Header,
  HttpException,
  Param,
  Query,
  RedirectResponse,
  type RequestContext,
  Res,
  type Response,
} from '@arobase/core';
import { expect } from 'chai';
import { injectable, container as rootContainer } from 'tsyringe';

/** Sets a cookie and a header on the request's Response, and resolves to the visitor's id. */
class Visitor {
  static runs = 0;
  resolve(@Cookie('visitor') visitor: string | undefined, @Res() res: Response) {
    Visitor.runs++;
    const id = visitor ?? 'new-visitor';
    res.setCookie('visitor', id, { maxAge: 3600 });
    res.headers.set('X-Visitor', id);
    return id;
  }
}

/** Reaches Visitor a second time, through itself. */
class Greeting {
  resolve(@Depends(Visitor) visitor: string) {
    return `hello ${visitor}`;
  }
}

class Level3 {
  resolve(@Res() res: Response) {
    res.headers.set('X-Level-3', 'c');
    return 3;
  }
}
class Level2 {
  async resolve(@Depends(Level3) three: number, @Res() res: Response) {
    await Promise.resolve();
    res.headers.set('X-Level-2', 'b');
    return three + 2;
  }
}
class Level1 {
  resolve(@Depends(Level2) two: number, @Res() res: Response) {
    res.headers.set('X-Level-1', 'a');
    return two + 1;
  }
}

/** A CurrentUser provider: leaves a trace on the response, then refuses unknown tokens. */
class CurrentUser {
  resolve(@Header('authorization') auth: string | undefined, @Res() res: Response) {
    res.headers.set('X-Auth-Checked', 'yes');
    res.setCookie('auth_attempt', '1');
    if (auth !== 'Bearer good') {
      throw new HttpException(401, 'Not authenticated', { headers: { 'WWW-Authenticate': 'Bearer' } });
    }
    return { name: 'ada' };
  }
}

/** A function provider: `ctx.request` and this request's `ctx.response`. */
const requestTag = (ctx: RequestContext) => {
  const tag = String(ctx.request.headers['x-tag'] ?? 'none');
  ctx.response.headers.set('X-Tag-Seen', tag);
  return tag;
};

class Limit {
  static runs = 0;
  resolve(@Query('limit') limit: number) {
    Limit.runs++;
    return limit;
  }
}

@Controller('/deps')
class DepsController {
  @Get('/data')
  data(@Depends(Visitor) visitor: string) {
    return { visitor };
  }

  @Get('/redirect')
  redirect(@Depends(Visitor) visitor: string) {
    return new RedirectResponse(`/welcome/${visitor}`);
  }

  @Get('/twice')
  twice(@Depends(Visitor) visitor: string, @Depends(Greeting) greeting: string) {
    return { visitor, greeting };
  }

  @Get('/chain')
  chain(@Depends(Level1) total: number) {
    return { total };
  }

  @Get('/me')
  me(@Depends(CurrentUser) user: { name: string }) {
    return user;
  }

  @Get('/tag')
  async tag(@Depends(requestTag) tag: string, @Depends(requestTag) again: string) {
    return { tag, again };
  }

  @Get('/limited')
  limited(@Depends(Limit) limit: number, @Query('page') page: number) {
    return { limit, page };
  }
}

describe('dependencies: @Depends(provider)', () => {
  beforeEach(() => {
    Visitor.runs = 0;
    Limit.runs = 0;
  });

  it('a provider sets a cookie and a header while the handler returns plain data', async () => {
    const app = await createApp({ controllers: [DepsController] });
    const res = await app.inject({ url: '/deps/data', cookies: { visitor: 'v42' } });
    expect(res.statusCode).to.equal(200);
    expect(res.headers['content-type']).to.equal('application/json; charset=utf-8');
    expect(res.headers['x-visitor']).to.equal('v42');
    expect(res.json()).to.deep.equal({ visitor: 'v42' });
    expect(res.cookies).to.have.length(1);
    expect(res.cookies[0]).to.deep.include({
      name: 'visitor',
      value: 'v42',
      maxAge: 3600,
      path: '/',
      httpOnly: true,
      secure: true,
      sameSite: 'Lax',
    });
  });

  it('a provider sets a cookie and a header while the handler returns a RedirectResponse', async () => {
    const app = await createApp({ controllers: [DepsController] });
    const res = await app.inject({ url: '/deps/redirect' });
    expect(res.statusCode).to.equal(307);
    expect(res.headers.location).to.equal('/welcome/new-visitor');
    expect(res.headers['x-visitor']).to.equal('new-visitor');
    expect(res.body).to.equal('');
    expect(res.cookies.map((c) => [c.name, c.value, c.maxAge])).to.deep.equal([
      ['visitor', 'new-visitor', 3600],
    ]);
  });

  it('the same provider reached twice (directly and through another) runs once: one Set-Cookie', async () => {
    const app = await createApp({ controllers: [DepsController] });
    const res = await app.inject({ url: '/deps/twice', cookies: { visitor: 'v7' } });
    expect(res.json()).to.deep.equal({ visitor: 'v7', greeting: 'hello v7' });
    expect(Visitor.runs).to.equal(1);
    const raw = res.headers['set-cookie'];
    expect(Array.isArray(raw) ? raw : [raw]).to.have.length(1);
    expect(res.cookies[0]).to.deep.include({ name: 'visitor', value: 'v7' });
  });

  it('the per-request cache is per request: the provider runs again on the next one', async () => {
    const app = await createApp({ controllers: [DepsController] });
    await app.inject({ url: '/deps/twice', cookies: { visitor: 'a' } });
    const res = await app.inject({ url: '/deps/twice', cookies: { visitor: 'b' } });
    expect(Visitor.runs).to.equal(2);
    expect(res.json()).to.deep.equal({ visitor: 'b', greeting: 'hello b' });
  });

  it('a dependency chain where each level sets its own header', async () => {
    const app = await createApp({ controllers: [DepsController] });
    const res = await app.inject({ url: '/deps/chain' });
    expect(res.statusCode).to.equal(200);
    expect(res.json()).to.deep.equal({ total: 6 });
    expect(res.headers['x-level-1']).to.equal('a');
    expect(res.headers['x-level-2']).to.equal('b');
    expect(res.headers['x-level-3']).to.equal('c');
  });

  it('a provider that throws HttpException(401): the headers and cookie it set before are sent', async () => {
    const app = await createApp({ controllers: [DepsController] });
    const res = await app.inject({ url: '/deps/me', headers: { authorization: 'Bearer bad' } });
    expect(res.statusCode).to.equal(401);
    expect(res.json()).to.deep.equal({ detail: 'Not authenticated' });
    expect(res.headers['www-authenticate']).to.equal('Bearer');
    expect(res.headers['x-auth-checked']).to.equal('yes');
    expect(res.cookies.map((c) => [c.name, c.value])).to.deep.equal([['auth_attempt', '1']]);

    const ok = await app.inject({ url: '/deps/me', headers: { authorization: 'Bearer good' } });
    expect(ok.statusCode).to.equal(200);
    expect(ok.json()).to.deep.equal({ name: 'ada' });
    expect(ok.headers['x-auth-checked']).to.equal('yes');
  });

  it('a function provider gets ctx.request and ctx.response, and is cached per request too', async () => {
    let runs = 0;
    const counted = (ctx: RequestContext) => {
      runs++;
      return requestTag(ctx);
    };
    @Controller()
    class TagController {
      @Get('/t')
      t(@Depends(counted) a: string, @Depends(counted) b: string) {
        return { a, b };
      }
    }
    const app = await createApp({ controllers: [TagController, DepsController] });
    const res = await app.inject({ url: '/t', headers: { 'x-tag': 'blue' } });
    expect(res.json()).to.deep.equal({ a: 'blue', b: 'blue' });
    expect(res.headers['x-tag-seen']).to.equal('blue');
    expect(runs).to.equal(1);
    const other = await app.inject({ url: '/deps/tag' });
    expect(other.json()).to.deep.equal({ tag: 'none', again: 'none' });
  });

  it("bad input to a provider's parameters is a 422 listing every problem, and the provider never runs", async () => {
    const app = await createApp({ controllers: [DepsController] });
    const res = await app.inject({ url: '/deps/limited?limit=abc&page=xyz' });
    expect(res.statusCode).to.equal(422);
    expect(res.json().detail.map((d: { loc: string[] }) => d.loc)).to.deep.equal([
      ['query', 'limit'],
      ['query', 'page'],
    ]);
    expect(Limit.runs).to.equal(0);
    const ok = await app.inject({ url: '/deps/limited?limit=5&page=2' });
    expect(ok.json()).to.deep.equal({ limit: 5, page: 2 });
  });

  it('an unexpected error in a provider is a 500 that drops what it set and leaks nothing', async () => {
    class Broken {
      resolve(@Res() res: Response) {
        res.setCookie('half', 'done');
        res.headers.set('X-Half', 'done');
        throw new Error('database password is hunter2');
      }
    }
    @Controller()
    class BrokenController {
      @Get('/broken')
      broken(@Depends(Broken) _b: unknown) {
        return {};
      }
    }
    const app = await createApp({ controllers: [BrokenController] });
    const res = await app.inject({ url: '/broken' });
    expect(res.statusCode).to.equal(500);
    expect(res.body).to.equal('{"detail":"Internal Server Error"}');
    expect(res.headers['set-cookie']).to.equal(undefined);
    expect(res.headers['x-half']).to.equal(undefined);
  });

  it('an async provider that rejects beside a provider that throws does not stop the process', async () => {
    const rejected: unknown[] = [];
    const onRejection = (reason: unknown) => rejected.push(reason);
    process.on('unhandledRejection', onRejection);
    try {
      const slowFail = async () => {
        await new Promise((r) => setTimeout(r, 5));
        throw new Error('slow');
      };
      const fastFail = () => {
        throw new HttpException(403, 'Forbidden');
      };
      @Controller()
      class TwoFailures {
        @Get('/two')
        two(@Depends(slowFail) _a: unknown, @Depends(fastFail) _b: unknown) {
          return {};
        }
      }
      const app = await createApp({ controllers: [TwoFailures] });
      const res = await app.inject({ url: '/two' });
      expect(res.statusCode).to.equal(403);
      await new Promise((r) => setTimeout(r, 30));
      expect(rejected).to.deep.equal([]);
    } finally {
      process.off('unhandledRejection', onRejection);
    }
  });
});

describe('dependencies: start-up checks', () => {
  it('a cycle among providers fails at start-up with the chain in the message', async () => {
    class A {
      resolve(_b: unknown) {}
    }
    class B {
      resolve(@Depends(A) _a: unknown) {}
    }
    class C {
      resolve(@Depends(B) _b: unknown) {}
    }
    // A class cannot name a class declared after it in a decorator, so close the loop
    // A -> C -> B -> A by applying the decorator once all three exist.
    Depends(C)(A.prototype, 'resolve', 0);
    @Controller()
    class CycleController {
      @Get('/cycle')
      cycle(@Depends(A) _a: unknown) {}
    }
    let error: Error | undefined;
    await createApp({ controllers: [CycleController] }).catch((e: Error) => (error = e));
    expect(error?.message).to.equal('Dependency cycle: A -> C -> B -> A');
  });

  it('a provider that depends on itself is a cycle too', async () => {
    class Selfish {
      resolve(@Depends(Selfish) _me: unknown) {}
    }
    @Controller()
    class SelfController {
      @Get('/self')
      self(@Depends(Selfish) _s: unknown) {}
    }
    let error: Error | undefined;
    await createApp({ controllers: [SelfController] }).catch((e: Error) => (error = e));
    expect(error?.message).to.equal('Dependency cycle: Selfish -> Selfish');
  });

  it('a class without resolve() is refused at start-up, not called per request', async () => {
    class NotAProvider {
      value = 1;
    }
    @Controller()
    class WrongController {
      @Get('/wrong')
      wrong(@Depends(NotAProvider) _x: unknown) {}
    }
    let error: Error | undefined;
    await createApp({ controllers: [WrongController] }).catch((e: Error) => (error = e));
    expect(error?.message).to.equal(
      'WrongController.wrong: @Depends(NotAProvider) is a class without a resolve(...) method',
    );
  });

  it("a provider's @Param, nested ones included, must exist in the path of every route that uses it", async () => {
    class PostId {
      resolve(@Param('postId') id: number) {
        return id;
      }
    }
    class CurrentPost {
      resolve(@Depends(PostId) id: number) {
        return { id };
      }
    }
    @Controller('/posts')
    class PostController {
      @Get('/:postId')
      get(@Depends(CurrentPost) post: { id: number }) {
        return post;
      }
    }
    const app = await createApp({ controllers: [PostController] });
    expect((await app.inject({ url: '/posts/7' })).json()).to.deep.equal({ id: 7 });

    @Controller('/drafts')
    class DraftController {
      @Get('/:id')
      get(@Depends(CurrentPost) post: { id: number }) {
        return post;
      }
    }
    let error: Error | undefined;
    await createApp({ controllers: [PostController, DraftController] }).catch((e: Error) => (error = e));
    expect(error?.message).to.equal(
      "DraftController.get: @Depends(CurrentPost) reads @Param('postId') but the route path '/drafts/:id' has no ':postId' parameter",
    );
  });

  it('@Depends() without a provider is refused where it is written', () => {
    expect(() => Depends(undefined)).to.throw(TypeError, /@Depends\(\) needs a provider/);
  });
});

describe('dependencies: built through a tsyringe container', () => {
  @injectable()
  class UserRepository {
    find(id: string) {
      return { id, name: `user ${id}` };
    }
  }

  @injectable()
  class CurrentAccount {
    constructor(private readonly users: UserRepository) {}
    resolve(@Header('x-user') id: string, @Res() res: Response) {
      res.headers.set('X-Resolved-By', this.constructor.name);
      return this.users.find(id);
    }
  }

  @Controller('/account')
  class AccountController {
    @Get()
    get(@Depends(CurrentAccount) account: { id: string; name: string }) {
      return account;
    }
  }

  it("builds class providers with the container's constructor injection", async () => {
    const child = rootContainer.createChildContainer();
    const built: Function[] = [];
    const app = await createApp({
      controllers: [AccountController],
      container: {
        get(cls) {
          built.push(cls);
          return child.resolve(cls);
        },
      },
    });
    expect(built).to.include(CurrentAccount);
    const res = await app.inject({ url: '/account', headers: { 'x-user': '9' } });
    expect(res.statusCode).to.equal(200);
    expect(res.json()).to.deep.equal({ id: '9', name: 'user 9' });
    expect(res.headers['x-resolved-by']).to.equal('CurrentAccount');
  });

  it('without a container, a provider whose constructor takes arguments fails at start-up', async () => {
    class NeedsRepo {
      constructor(private readonly users: UserRepository) {}
      resolve() {
        return this.users.find('1');
      }
    }
    @Controller()
    class NeedsController {
      @Get('/needs')
      needs(@Depends(NeedsRepo) x: unknown) {
        return x;
      }
    }
    let error: Error | undefined;
    await createApp({ controllers: [NeedsController] }).catch((e: Error) => (error = e));
    expect(error?.message).to.match(
      /NeedsRepo's constructor takes 1 parameter\(s\): give createApp a container/,
    );
  });
});
