// @ResponseModel: only @Expose()d fields reach the wire, recursively, whatever the handler returns.
import { Controller, createApp, Get, Query, Res, type Response, ResponseModel } from '@arobase/core';
import { expect } from 'chai';
import { Expose, Transform, Type } from 'class-transformer';
import { IsEmail, IsInt, Min } from 'class-validator';
import type { FastifyInstance } from 'fastify';
import { captureLog } from '../helpers/log';

class TagOut {
  @Expose() label!: string;
}

class PostOut {
  @Expose() id!: number;
  @Expose() title!: string;
  @Expose() @Type(() => TagOut) tags!: TagOut[];
}

class UserOut {
  @Expose() @IsInt() @Min(1) id!: number;
  @Expose() @IsEmail() email!: string;
  @Expose({ groups: ['admin'] }) role?: string;
  @Expose() nickname?: string | null;
  @Expose() @Type(() => PostOut) posts!: PostOut[];
  @Expose() @Type(() => PostOut) pinned?: PostOut | null;
  @Expose() @Type(() => TagOut) grid?: TagOut[][];
}

/** What an ORM hands back: more fields than the wire should see, methods, a getter. */
class UserRow {
  id = 7;
  email = 'ada@example.com';
  role = 'admin';
  nickname: string | null = null;
  password_hash = '$argon2id$secret';
  posts = [{ id: 1, title: 'Hello', draft_notes: 'secret', tags: [{ label: 'a', internal: 'secret' }] }];
  pinned: unknown = { id: 2, title: 'Pinned', tags: [], views_by_ip: { '10.0.0.1': 3 } };
  get token() {
    return 'secret-token';
  }
  check() {
    return 'secret';
  }
}

/** A subclass of the model with more, even exposed, fields. */
class AdminOut extends UserOut {
  @Expose() permissions = ['all'];
  apiKey = 'secret-key';
}

/** Models whose constructor sets fields: `new Model()`, where class-transformer starts, has them. */
class LabelWithDefault {
  @Expose() label!: string;
  internal = 'secret-nested-default';
}
class WithDefaults {
  @Expose() id!: number;
  @Expose() @Type(() => LabelWithDefault) tag?: LabelWithDefault;
  /** Exposed: the handler's value, or this default when the value lacks the field (as in FastAPI). */
  @Expose() kind = 'kind-default';
  internal = 'secret-default';
  audit = { by: 'secret-admin' };
}
/** The same, on the reference path (@Transform keeps the compiled serializer away). */
class WithDefaultsTransformed {
  @Expose() @Transform(({ value }) => value) id!: number;
  internal = 'secret-default';
}

const row = () => new UserRow();
const plain = () => ({ ...row(), api_key: 'secret', token: 'secret' });

@Controller()
class ModelController {
  @Get('/plain')
  @ResponseModel(UserOut)
  plainObject() {
    return plain();
  }

  @Get('/instance')
  @ResponseModel(UserOut)
  instance() {
    return row();
  }

  @Get('/subclass')
  @ResponseModel(UserOut)
  subclass() {
    return Object.assign(new AdminOut(), { id: 3, email: 'root@example.com', posts: [] });
  }

  @Get('/list')
  @ResponseModel([UserOut])
  list() {
    return [row(), plain()];
  }

  @Get('/grid')
  @ResponseModel(UserOut)
  grid() {
    return {
      ...plain(),
      grid: [
        [{ label: 'a', secret: 1 }],
        [
          { label: 'b', secret: 2 },
          { label: 'c', x: { y: 1 } },
        ],
      ],
    };
  }

  @Get('/admin')
  @ResponseModel(UserOut, { groups: ['admin'] })
  admin() {
    return row();
  }

  @Get('/exclude-none')
  @ResponseModel(UserOut, { excludeNone: true })
  excludeNone() {
    return { ...row(), pinned: null, posts: [{ id: 1, title: null, tags: [{ label: null }] }] };
  }

  @Get('/nothing')
  @ResponseModel(UserOut)
  nothing() {
    return undefined;
  }

  @Get('/not-a-list')
  @ResponseModel([UserOut])
  notAList(@Res() res: Response) {
    res.setCookie('dropped', 'd');
    return row();
  }

  @Get('/not-an-object')
  @ResponseModel(UserOut)
  notAnObject() {
    return 'secret string';
  }

  @Get('/array-for-one')
  @ResponseModel(UserOut)
  arrayForOne(@Res() res: Response) {
    res.setCookie('dropped', 'd');
    return [row()];
  }

  @Get('/array-for-one-reference')
  @ResponseModel(WithDefaultsTransformed)
  arrayForOneReference() {
    return [{ id: 1 }];
  }

  @Get('/defaults')
  @ResponseModel(WithDefaults)
  defaults(@Query('kind') kind?: string) {
    return { id: 1, tag: { label: 'a' }, ...(kind === undefined ? {} : { kind }) };
  }

  @Get('/defaults-reference')
  @ResponseModel(WithDefaultsTransformed)
  defaultsReference() {
    return { id: 1 };
  }

  @Get('/invalid')
  @ResponseModel(UserOut)
  invalid(@Query('which') which: string) {
    if (which === 'email') return { ...row(), email: 'not-an-email' };
    if (which === 'list') return { ...row(), id: 0 };
    return row();
  }

  @Get('/invalid-list')
  @ResponseModel([UserOut])
  invalidList() {
    return [row(), { ...row(), id: -1, email: 'leaky@secret' }];
  }
}

class AuditOut {
  @Expose() at!: Date;
  @Expose() tags!: string[];
  @Expose() settings!: Record<string, unknown>;
}

@Controller()
class LeafController {
  @Get('/dates')
  @ResponseModel(AuditOut)
  dates() {
    return { at: new Date('2030-01-02T03:04:05Z'), tags: ['a', 'b'], hidden: 1 };
  }

  @Get('/json-column')
  @ResponseModel(AuditOut)
  jsonColumn() {
    return { at: new Date(0), tags: [], settings: { theme: 'dark', api_key: 'secret' } };
  }

  @Get('/relation-in-leaf')
  @ResponseModel(AuditOut)
  relationInLeaf() {
    return { tags: [{ name: 'a', owner_password: 'secret' }] };
  }
}

const EXPECTED_USER = {
  id: 7,
  email: 'ada@example.com',
  nickname: null,
  posts: [{ id: 1, title: 'Hello', tags: [{ label: 'a' }] }],
  pinned: { id: 2, title: 'Pinned', tags: [] },
};

describe('@ResponseModel', () => {
  let app: FastifyInstance;
  before(async () => {
    app = await createApp({ controllers: [ModelController, LeafController] });
  });
  after(() => app.close());

  const get = async (url: string) => {
    const res = await app.inject({ url });
    expect(res.statusCode, res.body).to.equal(200);
    expect(res.body).not.to.include('secret');
    return res.json();
  };

  it('filters a plain object to the exposed fields, nested objects and arrays included', async () => {
    expect(await get('/plain')).to.deep.equal(EXPECTED_USER);
  });

  it('filters a class instance: no getters, methods or undeclared fields', async () => {
    expect(await get('/instance')).to.deep.equal(EXPECTED_USER);
  });

  it("filters a subclass instance to the model's fields, even the subclass's exposed ones", async () => {
    expect(await get('/subclass')).to.deep.equal({ id: 3, email: 'root@example.com', posts: [] });
  });

  it('[Model] filters every item of a list', async () => {
    expect(await get('/list')).to.deep.equal([EXPECTED_USER, EXPECTED_USER]);
  });

  it('@Type reaches arrays of arrays', async () => {
    const body = await get('/grid');
    expect(body.grid).to.deep.equal([[{ label: 'a' }], [{ label: 'b' }, { label: 'c' }]]);
  });

  it('groups: a field exposed to a group is sent only to routes that list it', async () => {
    expect(await get('/instance')).not.to.have.property('role');
    expect(await get('/admin')).to.deep.equal({ ...EXPECTED_USER, role: 'admin' });
  });

  it('excludeNone drops null and undefined fields at every depth', async () => {
    expect(await get('/exclude-none')).to.deep.equal({
      id: 7,
      email: 'ada@example.com',
      posts: [{ id: 1, tags: [{}] }],
    });
  });

  it('a route that returns nothing answers null', async () => {
    const res = await app.inject({ url: '/nothing' });
    expect(res.statusCode).to.equal(200);
    expect(res.body).to.equal('null');
  });

  it('a value of the wrong shape fails closed: a 500 that leaks nothing, res state dropped', async () => {
    for (const url of ['/not-a-list', '/not-an-object']) {
      const res = await app.inject({ url });
      expect(res.statusCode, url).to.equal(500);
      expect(res.body).to.equal('{"detail":"Internal Server Error"}');
      expect(res.headers['set-cookie']).to.equal(undefined);
    }
  });

  it('a single model given an array fails closed, as [Model] given one object does', async () => {
    for (const url of ['/array-for-one', '/array-for-one-reference']) {
      const res = await app.inject({ url });
      expect(res.statusCode, url).to.equal(500);
      expect(res.body).to.equal('{"detail":"Internal Server Error"}');
      expect(res.headers['set-cookie']).to.equal(undefined);
    }
  });

  it("a field the model's constructor sets but does not @Expose() never reaches the wire; an exposed one is a default", async () => {
    expect(await get('/defaults')).to.deep.equal({ id: 1, tag: { label: 'a' }, kind: 'kind-default' });
    expect(await get('/defaults?kind=given')).to.deep.equal({ id: 1, tag: { label: 'a' }, kind: 'given' });
    expect(await get('/defaults-reference')).to.deep.equal({ id: 1 });
  });

  it('a field without @Type holds scalars, Dates and arrays of them', async () => {
    expect(await get('/dates')).to.deep.equal({ at: '2030-01-02T03:04:05.000Z', tags: ['a', 'b'] });
  });

  it('an object in a field without @Type fails closed: class-transformer would copy it whole', async () => {
    for (const url of ['/json-column', '/relation-in-leaf']) {
      const res = await app.inject({ url });
      expect(res.statusCode, url).to.equal(500);
      expect(res.body).to.equal('{"detail":"Internal Server Error"}');
    }
  });

  it('a field declared with a class but no @Type is refused at start-up', async () => {
    class AuthorOut {
      @Expose() name!: string;
    }
    class BookOut {
      @Expose() title!: string;
      @Expose() author!: AuthorOut;
    }
    @Controller()
    class BookController {
      @Get('/book')
      @ResponseModel(BookOut)
      book() {
        return { title: 't', author: { name: 'n', password_hash: 'secret' } };
      }
    }
    let error: unknown;
    try {
      await createApp({ controllers: [BookController] });
    } catch (e) {
      error = e;
    }
    expect(error).to.be.instanceOf(TypeError);
    expect((error as Error).message)
      .to.include('BookOut.author')
      .and.include('@Type(() => AuthorOut)');
  });

  describe('validateResponse: true', () => {
    let strict: FastifyInstance;
    const logs = captureLog();
    before(async () => {
      strict = await createApp({
        controllers: [ModelController],
        validateResponse: true,
        fastify: { logger: { level: 'error', stream: logs.stream } },
      });
    });
    after(() => strict.close());

    it('a valid value is sent filtered', async () => {
      const res = await strict.inject({ url: '/invalid?which=none' });
      expect(res.statusCode).to.equal(200);
      expect(res.json()).to.deep.equal(EXPECTED_USER);
    });

    for (const [url, field] of [
      ['/invalid?which=email', 'email'],
      ['/invalid?which=list', 'id'],
      ['/invalid-list', '1.id'],
    ] as const) {
      it(`${url}: a 500 that leaks nothing, and the log says which field`, async () => {
        logs.lines.length = 0;
        const res = await strict.inject({ url });
        expect(res.statusCode).to.equal(500);
        expect(res.body).to.equal('{"detail":"Internal Server Error"}');
        const logged = logs.lines.find((l) => l.msg === 'Unhandled error');
        expect(logged, 'an error line').to.not.equal(undefined);
        const err = logged!.err as { type: string; message: string };
        expect(err.type).to.equal('ResponseValidationError');
        expect(err.message).to.include(`${field}:`);
        expect(err.message).not.to.match(/not-an-email|leaky|secret/);
      });
    }

    it('without validateResponse the same value is sent, filtered', async () => {
      const res = await app.inject({ url: '/invalid?which=email' });
      expect(res.statusCode).to.equal(200);
      expect(res.json().email).to.equal('not-an-email');
    });
  });
});
