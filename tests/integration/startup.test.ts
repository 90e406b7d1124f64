import { Controller, Cookie, createApp, Get, Param, Post, Query, ResponseModel } from '@arobase/core';
import { expect } from 'chai';
import { Expose } from 'class-transformer';
import { startupError } from '../helpers/startup';

@Controller('/a')
class DuplicateInOne {
  @Get('/x')
  first() {}

  @Get('/x/')
  second() {}
}

@Controller('/shared')
class OwnerOne {
  @Post()
  create() {}
}

@Controller('shared/')
class OwnerTwo {
  @Post('/')
  create() {}
}

@Controller('/helpers')
class ParamOnHelper {
  @Get()
  list() {
    return this.page(1);
  }

  page(@Query('page') page: number) {
    return { page };
  }
}

class Summary {
  @Expose() id!: number;
}

@Controller('/catalog')
class FullCatalog {
  @Get('/:id')
  find(@Param('id') id: number): object {
    return { id, secret: 'x' };
  }
}

// Means to narrow what the inherited route sends; decorating the override replaces that route.
@Controller('/narrow')
class NarrowCatalog extends FullCatalog {
  @ResponseModel(Summary)
  override find(id: number): object {
    return { id, secret: 'x' };
  }
}

@Controller('/model-helper')
class ModelOnHelper {
  @ResponseModel(Summary)
  helper() {
    return { id: 1 };
  }
}

class NotAController {
  @Get('/x')
  x() {}
}

@Controller('/posts')
class WrongParamName {
  @Get('/:postId')
  get(@Param('id') id: number) {
    return { id };
  }
}

@Controller('/posts')
class PrefixParamIsFine {
  @Get('/:id-:slug')
  get(@Param('id') id: number, @Param('slug') slug: string) {
    return { id, slug };
  }
}

@Controller('/me')
class SignedWithoutSecret {
  @Get()
  me(@Cookie('session', { signed: true }) session?: string) {
    return { session };
  }
}

@Controller('/status')
class BadStatus {
  @Get('/', { status: 1000 })
  get() {}
}

@Controller('/headers')
class BadHeader {
  @Get('/', { headers: { 'X-Injected': 'a\r\nSet-Cookie: evil=1' } })
  get() {}
}

describe('start-up: mistakes are refused with a clear message', () => {
  it('a duplicate route in one controller (trailing slash ignored)', async () => {
    const error = await startupError(createApp({ controllers: [DuplicateInOne] }));
    expect(error.message).to.equal(
      'arobase: duplicate route GET /a/x, declared by DuplicateInOne.first and DuplicateInOne.second',
    );
  });

  it('a duplicate route across two controllers', async () => {
    const error = await startupError(createApp({ controllers: [OwnerOne, OwnerTwo] }));
    expect(error.message).to.equal(
      'arobase: duplicate route POST /shared, declared by OwnerOne.create and OwnerTwo.create',
    );
  });

  it('the same controller listed twice is a duplicate', async () => {
    const error = await startupError(createApp({ controllers: [OwnerOne, OwnerOne] }));
    expect(error.message).to.match(/duplicate route POST \/shared/);
  });

  it('a parameter decorator on a method that is not a route', async () => {
    const error = await startupError(createApp({ controllers: [ParamOnHelper] }));
    expect(error.message).to.equal(
      'arobase: ParamOnHelper.page has parameter decorators but no route decorator (@Get, @Post, ...)',
    );
  });

  it('@ResponseModel on a method that is not a route', async () => {
    const error = await startupError(createApp({ controllers: [ModelOnHelper] }));
    expect(error.message).to.match(
      /^arobase: ModelOnHelper\.helper has @ResponseModel but no route decorator \(@Get, @Post, \.\.\.\)/,
    );
  });

  it('a subclass override with @ResponseModel alone, which would drop the inherited route (a silent 404)', async () => {
    const error = await startupError(createApp({ controllers: [NarrowCatalog] }));
    expect(error.message).to.equal(
      "arobase: NarrowCatalog.find has @ResponseModel but no route decorator (@Get, @Post, ...); an override decorated in a subclass replaces the base's route and must declare its own",
    );
  });

  it('a controller compiled without decorator metadata (tsx, esbuild) instead of silently skipping validation', async () => {
    // Decorators applied by hand, as a compiler that emits no `design:paramtypes` would apply them.
    class NoMetadata {
      get(id: number) {
        return { id };
      }
    }
    Controller('/no-metadata')(NoMetadata);
    Param('id')(NoMetadata.prototype, 'get', 0);
    Get('/:id')(NoMetadata.prototype, 'get', Object.getOwnPropertyDescriptor(NoMetadata.prototype, 'get')!);
    const error = await startupError(createApp({ controllers: [NoMetadata] }));
    expect(error.message).to.equal(
      'arobase: NoMetadata.get has no parameter types: compile it with tsc and "emitDecoratorMetadata": true ' +
        '(tsx, esbuild and swc without its decorator-metadata option do not record them)',
    );
  });

  it('a response model with no @Expose()d field, which would send {} for everything', async () => {
    class Bare {
      id!: number;
    }
    @Controller('/bare')
    class BareController {
      @Get()
      @ResponseModel(Bare)
      get() {
        return { id: 1 };
      }
    }
    const error = await startupError(createApp({ controllers: [BareController] }));
    expect(error.message).to.match(/^BareController\.get: response model Bare has no @Expose\(\)d field/);
    expect(error.message).to.include('npm ls class-transformer');
  });

  it('a class without @Controller', async () => {
    const error = await startupError(createApp({ controllers: [NotAController] }));
    expect(error.message).to.equal(
      'arobase: NotAController is listed in controllers but has no @Controller()',
    );
  });

  it('something that is not a class in controllers', async () => {
    const error = await startupError(createApp({ controllers: ['UserController' as unknown as Function] }));
    expect(error.message).to.equal('arobase: controllers must be classes, got string');
  });

  it('@Param with a name the path does not have', async () => {
    const error = await startupError(createApp({ controllers: [WrongParamName] }));
    expect(error.message).to.equal(
      "WrongParamName.get(#0 @Param('id')): the route path '/posts/:postId' has no ':id' parameter",
    );
  });

  it('@Param names in a multi-parameter segment are accepted', async () => {
    const app = await createApp({ controllers: [PrefixParamIsFine] });
    const res = await app.inject({ url: '/posts/7-hello' });
    expect(res.json()).to.deep.equal({ id: 7, slug: 'hello' });
    await app.close();
  });

  it('a signed @Cookie without cookies.secret', async () => {
    const error = await startupError(createApp({ controllers: [SignedWithoutSecret] }));
    expect(error.message).to.equal(
      "SignedWithoutSecret.me(#0 @Cookie('session')) reads a signed cookie: give createApp({ cookies: { secret } })",
    );
    const app = await createApp({ controllers: [SignedWithoutSecret], cookies: { secret: 'k' } });
    await app.close();
  });

  it('an empty cookies.secret, or one that is not strings', async () => {
    for (const secret of ['', [], [''], ['k', ''], 42, ['k', 7]]) {
      const error = await startupError(
        createApp({ controllers: [SignedWithoutSecret], cookies: { secret: secret as string } }),
      );
      expect(error.message, JSON.stringify(secret)).to.equal(
        'arobase: cookies.secret must be a non-empty string or a non-empty array of non-empty strings (the first signs)',
      );
    }
    const app = await createApp({ controllers: [SignedWithoutSecret], cookies: { secret: ['new', 'old'] } });
    await app.close();
  });

  it('a route status outside 200-599 (a 1xx cannot end a request)', async () => {
    const error = await startupError(createApp({ controllers: [BadStatus] }));
    expect(error.message).to.match(/^BadStatus\.get route option: status must be an integer from 200 to 599/);
  });

  it('a static header with CR/LF', async () => {
    const error = await startupError(createApp({ controllers: [BadHeader] }));
    expect(error.message).to.match(/^BadHeader\.get: invalid static header "X-Injected"/);
  });

  it('a parameter decorator on a constructor parameter fails where the class is defined', () => {
    expect(() => {
      @Controller()
      class Injected {
        constructor(@Query('x') readonly x: string) {}
      }
      return Injected;
    }).to.throw(TypeError, /@Query is on a constructor parameter of Injected/);
  });
});
