import { createHmac } from 'node:crypto';
import { Controller, Cookie, createApp, Get, Header, Param, Query, Req, Res, Response } from '@arobase/core';
import { expect } from 'chai';
import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsInt, IsOptional, IsString, Max, Min } from 'class-validator';
import type { FastifyInstance, FastifyRequest } from 'fastify';

const SECRET = 'a-test-secret-that-is-long-enough';

/** What @fastify/cookie's signer produces, computed here independently of it. */
function sign(value: string, secret = SECRET): string {
  const mac = createHmac('sha256', secret).update(value).digest('base64').replace(/=+$/, '');
  return `${value}.${mac}`;
}

class SearchQuery {
  @IsOptional() @IsString() q?: string;
  @IsOptional() @IsInt() @Min(1) @Max(100) limit = 20;
  @IsOptional() @IsBoolean() draft?: boolean;
  @IsOptional() @IsString({ each: true }) tag?: string[];
}

class FilterQuery {
  // A field with its own @Transform reads the raw text: arobase leaves it alone.
  @IsOptional()
  @Transform(({ value }) => (typeof value === 'string' ? value.split(',') : value))
  @IsString({ each: true })
  fields?: string[];

  @IsOptional()
  @Transform(({ value }) => Number.parseInt(value, 16))
  @IsInt()
  mask?: number;

  // The element type of an array is not recorded: @Type converts each element.
  @IsOptional() @Type(() => Number) @IsInt({ each: true }) ids?: number[];
}

@Controller('/p')
class ParamController {
  @Get('/number/:id')
  number(@Param('id') id: number) {
    return { id, type: typeof id };
  }

  @Get('/string/:s')
  string(@Param('s') s: string) {
    return { s, type: typeof s };
  }

  @Get('/boolean/:flag')
  boolean(@Param('flag') flag: boolean) {
    return { flag, type: typeof flag };
  }

  @Get('/date/:at')
  date(@Param('at') at: Date) {
    return { at: at.toISOString(), isDate: at instanceof Date };
  }

  @Get('/query')
  query(
    @Query('q') q?: string,
    @Query('limit') limit: number = 20,
    @Query('draft') draft: boolean = false,
    @Query('since') since?: Date,
    @Query('tag') tags: string[] = [],
  ) {
    return { q: q ?? null, limit, draft, since: since?.toISOString() ?? null, tags };
  }

  // TypeScript records no type for `limit = 20` (no annotation) nor for `string | undefined`
  // under strictNullChecks: both are `Object`, so the raw value comes through.
  @Get('/query/untyped')
  untyped(@Query('limit') limit = 20, @Query('tag') tag: string | undefined) {
    return { limit, tag: tag ?? null };
  }

  @Get('/query/raw')
  rawQuery(@Query({ raw: true }) query: Record<string, unknown>) {
    return query;
  }

  @Get('/query/model')
  model(@Query() search: SearchQuery) {
    return { isInstance: search instanceof SearchQuery, ...search };
  }

  @Get('/query/filter')
  filter(@Query() filter: FilterQuery) {
    return filter;
  }

  @Get('/header')
  header(
    @Header('X-Count') count?: number,
    @Header('x-flag') flag: boolean = true,
    @Header('user-agent') agent: string = 'none',
  ) {
    return { count: count ?? null, flag, agent };
  }

  @Get('/cookie')
  cookie(
    @Cookie('theme') theme: string = 'light',
    @Cookie('visits') visits: number = 0,
    @Cookie('session', { signed: true }) session: string | null = null,
  ) {
    return { theme, visits, session };
  }

  @Get('/req')
  req(@Req() req: FastifyRequest) {
    return { method: req.method, url: req.url, id: req.id, agent: req.headers['user-agent'] };
  }

  @Get('/res')
  res(@Res() res: Response) {
    res.status = 202;
    res.headers.set('X-From-Res', 'yes');
    return { injected: res instanceof Response };
  }
}

describe('parameters: each decorator and each coercion', () => {
  let app: FastifyInstance;
  before(async () => {
    app = await createApp({ controllers: [ParamController], cookies: { secret: SECRET } });
  });
  after(() => app.close());

  async function get(url: string, headers: Record<string, string> = {}) {
    const res = await app.inject({ url, headers });
    return { status: res.statusCode, body: res.json(), headers: res.headers };
  }

  function issue(loc: (string | number)[], type: string) {
    return { loc, type };
  }

  /** The body of a 422, each issue with its msg checked to be a non-empty string and then left out. */
  function issues(body: { detail: { loc: unknown; msg: unknown; type: unknown }[] }) {
    expect(Object.keys(body)).to.deep.equal(['detail']);
    return body.detail.map(({ loc, msg, type }) => {
      expect(msg).to.be.a('string').and.not.equal('');
      return { loc, type };
    });
  }

  describe('@Param', () => {
    it('number: a decimal, a negative, an exponent', async () => {
      expect((await get('/p/number/42')).body).to.deep.equal({ id: 42, type: 'number' });
      expect((await get('/p/number/-1.5')).body).to.deep.equal({ id: -1.5, type: 'number' });
      expect((await get('/p/number/1e3')).body).to.deep.equal({ id: 1000, type: 'number' });
    });

    for (const bad of ['abc', 'Infinity', '-Infinity', 'NaN', '0x10', '1e999', '12abc']) {
      it(`number: '${bad}' is a 422 at ["path","id"]`, async () => {
        const res = await get(`/p/number/${bad}`);
        expect(res.status).to.equal(422);
        expect(issues(res.body)).to.deep.equal([issue(['path', 'id'], 'number_parsing')]);
      });
    }

    it('string: kept as it is, digits included', async () => {
      expect((await get('/p/string/007')).body).to.deep.equal({ s: '007', type: 'string' });
    });

    it('boolean: true/false/1/0, any case', async () => {
      for (const [raw, value] of [
        ['true', true],
        ['1', true],
        ['TRUE', true],
        ['false', false],
        ['0', false],
        ['False', false],
      ] as const) {
        expect((await get(`/p/boolean/${raw}`)).body, raw).to.deep.equal({ flag: value, type: 'boolean' });
      }
    });

    for (const bad of ['yes', '2', 'maybe']) {
      it(`boolean: '${bad}' is a 422 bool_parsing`, async () => {
        const res = await get(`/p/boolean/${bad}`);
        expect(res.status).to.equal(422);
        expect(issues(res.body)).to.deep.equal([issue(['path', 'flag'], 'bool_parsing')]);
      });
    }

    it('Date: an ISO 8601 date or date-time', async () => {
      expect((await get('/p/date/2024-02-29')).body).to.deep.equal({
        at: '2024-02-29T00:00:00.000Z',
        isDate: true,
      });
      expect((await get('/p/date/2024-03-01T10:20:30.5%2B02:00')).body).to.deep.equal({
        at: '2024-03-01T08:20:30.500Z',
        isDate: true,
      });
    });

    for (const bad of ['yesterday', '1', 'foo%201', '2024-13-01', '2023-02-29', '2024-01-01T25:00']) {
      it(`Date: '${decodeURIComponent(bad)}' is a 422 datetime_parsing`, async () => {
        const res = await get(`/p/date/${bad}`);
        expect(res.status).to.equal(422);
        expect(issues(res.body)).to.deep.equal([issue(['path', 'at'], 'datetime_parsing')]);
      });
    }
  });

  describe('@Query(name)', () => {
    it('a missing value is undefined, so the TypeScript default applies', async () => {
      expect((await get('/p/query')).body).to.deep.equal({
        q: null,
        limit: 20,
        draft: false,
        since: null,
        tags: [],
      });
    });

    it('each value coerced to its declared type', async () => {
      const res = await get('/p/query?q=hello%20world&limit=5&draft=true&since=2024-01-02&tag=a');
      expect(res.body).to.deep.equal({
        q: 'hello world',
        limit: 5,
        draft: true,
        since: '2024-01-02T00:00:00.000Z',
        tags: ['a'],
      });
    });

    it('string[] collects repeated keys in order', async () => {
      expect((await get('/p/query?tag=b&tag=a&tag=b')).body.tags).to.deep.equal(['b', 'a', 'b']);
    });

    it('a scalar given several times takes the last value', async () => {
      const res = await get('/p/query?limit=1&limit=2&q=x&q=y');
      expect(res.body).to.include({ limit: 2, q: 'y' });
    });

    it('an empty value is a string for a string, and a 422 for a number', async () => {
      expect((await get('/p/query?q=')).body.q).to.equal('');
      const res = await get('/p/query?limit=');
      expect(res.status).to.equal(422);
      expect(issues(res.body)).to.deep.equal([issue(['query', 'limit'], 'number_parsing')]);
    });

    it('several bad values are listed together, in parameter order', async () => {
      const res = await get('/p/query?since=never&draft=perhaps&limit=ten');
      expect(res.status).to.equal(422);
      expect(issues(res.body)).to.deep.equal([
        issue(['query', 'limit'], 'number_parsing'),
        issue(['query', 'draft'], 'bool_parsing'),
        issue(['query', 'since'], 'datetime_parsing'),
      ]);
    });
  });

  it('a parameter whose type TypeScript does not record receives the raw value', async () => {
    expect((await get('/p/query/untyped')).body).to.deep.equal({ limit: 20, tag: null });
    expect((await get('/p/query/untyped?limit=5&tag=a&tag=b')).body).to.deep.equal({
      limit: '5',
      tag: ['a', 'b'],
    });
  });

  describe('@Query() without a name', () => {
    it('an untyped parameter receives the whole query', async () => {
      expect((await get('/p/query/raw?a=1&b=x&b=y')).body).to.deep.equal({ a: '1', b: ['x', 'y'] });
    });

    it('a class receives a validated instance, defaults kept', async () => {
      expect((await get('/p/query/model')).body).to.deep.equal({ isInstance: true, limit: 20 });
    });

    it('a class receives coerced values and loses undeclared keys', async () => {
      const res = await get('/p/query/model?q=cats&limit=50&tag=x&tag=y&admin=1');
      expect(res.status).to.equal(200);
      expect(res.body).to.deep.equal({ isInstance: true, q: 'cats', limit: 50, tag: ['x', 'y'] });
    });

    it("a boolean field reads 'true' as true and 'false' as false", async () => {
      expect((await get('/p/query/model?draft=true')).body.draft).to.equal(true);
      expect((await get('/p/query/model?draft=false')).body.draft).to.equal(false);
      expect((await get('/p/query/model?draft=0')).body.draft).to.equal(false);
    });

    it('a single value of an array field is a one-element array', async () => {
      expect((await get('/p/query/model?tag=x')).body.tag).to.deep.equal(['x']);
    });

    it('a bad boolean is a 422, never true', async () => {
      const res = await get('/p/query/model?draft=maybe');
      expect(res.status).to.equal(422);
      expect(issues(res.body)).to.deep.equal([issue(['query', 'draft'], 'bool_parsing')]);
    });

    for (const bad of ['abc', 'Infinity', '', '0x10']) {
      it(`a number field given '${bad}' is a 422 at ["query","limit"]`, async () => {
        const res = await get(`/p/query/model?limit=${bad}`);
        expect(res.status).to.equal(422);
        expect(issues(res.body).map((i) => i.loc)).to.deep.equal([['query', 'limit']]);
      });
    }

    it('a field with @Transform gets the raw text; @Type(() => Number) converts array elements', async () => {
      const res = await get('/p/query/filter?fields=id,title&mask=ff&ids=1&ids=22');
      expect(res.status).to.equal(200);
      expect(res.body).to.deep.equal({ fields: ['id', 'title'], mask: 255, ids: [1, 22] });
      expect((await get('/p/query/filter?ids=7')).body).to.deep.equal({ ids: [7] });
      const bad = await get('/p/query/filter?ids=1&ids=x');
      expect(bad.status).to.equal(422);
      expect(issues(bad.body)).to.deep.equal([issue(['query', 'ids'], 'isInt')]);
    });

    it('class-validator rules apply after coercion, each error listed', async () => {
      const res = await get('/p/query/model?limit=500&q=1&q=2&draft=yes');
      expect(res.status).to.equal(422);
      expect(issues(res.body)).to.have.deep.members([
        issue(['query', 'draft'], 'bool_parsing'),
        issue(['query', 'limit'], 'max'),
      ]);
    });
  });

  describe('@Header', () => {
    it('reads a header by case-insensitive name and coerces it', async () => {
      const res = await get('/p/header', { 'x-count': '3', 'X-Flag': '0', 'User-Agent': 'tests' });
      expect(res.body).to.deep.equal({ count: 3, flag: false, agent: 'tests' });
    });

    it('a missing header is undefined, so the default applies', async () => {
      const res = await app.inject({ url: '/p/header', headers: { 'user-agent': '' } });
      expect(res.json()).to.deep.equal({ count: null, flag: true, agent: '' });
    });

    it('a bad value is a 422 at ["header", lower-cased name]', async () => {
      const res = await get('/p/header', { 'X-Count': 'three', 'X-Flag': 'nope' });
      expect(res.status).to.equal(422);
      expect(issues(res.body)).to.deep.equal([
        issue(['header', 'x-count'], 'number_parsing'),
        issue(['header', 'x-flag'], 'bool_parsing'),
      ]);
    });
  });

  describe('@Cookie', () => {
    it('reads decoded cookies, coerced', async () => {
      const res = await get('/p/cookie', { cookie: 'theme=dark%20blue; visits=12' });
      expect(res.body).to.deep.equal({ theme: 'dark blue', visits: 12, session: null });
    });

    it('missing cookies are undefined, so the defaults apply', async () => {
      expect((await get('/p/cookie')).body).to.deep.equal({ theme: 'light', visits: 0, session: null });
    });

    it('a bad value is a 422 at ["cookie", name]', async () => {
      const res = await get('/p/cookie', { cookie: 'visits=many' });
      expect(res.status).to.equal(422);
      expect(issues(res.body)).to.deep.equal([issue(['cookie', 'visits'], 'number_parsing')]);
    });

    it('signed: a valid signature gives the value', async () => {
      const res = await get('/p/cookie', { cookie: `session=${encodeURIComponent(sign('user-7'))}` });
      expect(res.body.session).to.equal('user-7');
    });

    it('signed: a missing cookie is undefined', async () => {
      expect((await get('/p/cookie', { cookie: 'theme=dark' })).body.session).to.equal(null);
    });

    it('signed: a tampered value, a wrong key or no signature is undefined, not an error', async () => {
      const forged = sign('user-7').replace('user-7', 'user-1');
      for (const value of [forged, sign('user-7', 'another-secret'), 'user-7', 'user-7.', '.']) {
        const res = await get('/p/cookie', { cookie: `session=${encodeURIComponent(value)}` });
        expect(res.status, value).to.equal(200);
        expect(res.body.session, value).to.equal(null);
      }
    });

    it('signed: with rotated secrets, a cookie signed by the old key still verifies', async () => {
      const rotated = await createApp({
        controllers: [ParamController],
        cookies: { secret: ['new-key', SECRET] },
      });
      try {
        for (const key of ['new-key', SECRET]) {
          const res = await rotated.inject({
            url: '/p/cookie',
            headers: { cookie: `session=${encodeURIComponent(sign('user-9', key))}` },
          });
          expect(res.json().session, key).to.equal('user-9');
        }
      } finally {
        await rotated.close();
      }
    });

    for (const header of ['=;;;', 'a', 'theme', '%', 'theme=%E0%A4%A', '; ; =x', 'theme="unterminated']) {
      it(`a malformed Cookie header (${header}) is never a 500`, async () => {
        const res = await get('/p/cookie', { cookie: header });
        expect(res.status).to.equal(200);
        expect(res.body.session).to.equal(null);
      });
    }
  });

  it('@Req injects the FastifyRequest', async () => {
    const res = await get('/p/req?x=1', { 'user-agent': 'req-test' });
    expect(res.body).to.deep.include({ method: 'GET', url: '/p/req?x=1', agent: 'req-test' });
    expect(res.body.id).to.match(/^req-\w+$/);
  });

  it("@Res injects this request's Response: its status and headers are sent", async () => {
    const res = await get('/p/res');
    expect(res.status).to.equal(202);
    expect(res.headers['x-from-res']).to.equal('yes');
    expect(res.body).to.deep.equal({ injected: true });
  });
});

// The @Query TSDoc example, as written there: the declared type is what coerces.
@Controller('/doc-example')
class QueryDocExample {
  @Get('/list')
  list(@Query('limit') limit: number = 20, @Query('tag') tags: string[] = []) {
    return { limit, tags };
  }

  @Get('/untyped')
  untyped(@Query('limit') limit = 20) {
    return { limit };
  }
}

describe('parameters: the @Query TSDoc example', () => {
  let app: FastifyInstance;
  before(async () => {
    app = await createApp({ controllers: [QueryDocExample] });
  });
  after(() => app.close());

  it('limit: number = 20 reads a number, the default when absent; tags: string[] reads every tag', async () => {
    expect((await app.inject({ url: '/doc-example/list?limit=5&tag=a&tag=b' })).json()).to.deep.equal({
      limit: 5,
      tags: ['a', 'b'],
    });
    expect((await app.inject({ url: '/doc-example/list?tag=a' })).json()).to.deep.equal({
      limit: 20,
      tags: ['a'],
    });
    expect((await app.inject({ url: '/doc-example/list?limit=x' })).statusCode).to.equal(422);
  });

  it('without the annotation (limit = 20), TypeScript records no type: the raw string arrives', async () => {
    expect((await app.inject({ url: '/doc-example/untyped?limit=5' })).json()).to.deep.equal({ limit: '5' });
  });
});
