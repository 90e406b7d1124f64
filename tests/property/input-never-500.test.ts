import { Body, Controller, Cookie, createApp, Get, Header, Param, Post, Query } from '@arobase/core';
import { expect } from 'chai';
import { Type } from 'class-transformer';
import { IsBoolean, IsInt, IsOptional, IsString, ValidateNested } from 'class-validator';
import fc from 'fast-check';
import type { FastifyInstance } from 'fastify';

class Filter {
  @IsOptional() @IsString() q?: string;
  @IsOptional() @IsInt() limit = 20;
  @IsOptional() @IsBoolean() drafts?: boolean;
  @IsOptional() @IsString({ each: true }) tag?: string[];
}

class Child {
  @IsInt() n!: number;
}

class Parent {
  @IsString() name!: string;
  @ValidateNested({ each: true }) @Type(() => Child) children!: Child[];
}

@Controller('/f')
class FuzzController {
  @Get('/:id/:at')
  get(
    @Param('id') id: number,
    @Param('at') at: Date,
    @Query() filter: Filter,
    @Query('flag') flag: boolean = false,
    @Header('x-n') n?: number,
    @Cookie('c') c: number = 0,
    @Cookie('s', { signed: true }) s?: string,
  ) {
    return { id, at, filter, flag, n: n ?? null, c, s: s ?? null };
  }

  @Post('/parents')
  create(@Body() parent: Parent) {
    return parent;
  }
}

const EXPECTED = [200, 400, 404, 413, 415, 422];

describe('property: no input makes a 500', () => {
  let app: FastifyInstance;
  before(async () => {
    app = await createApp({
      controllers: [FuzzController],
      cookies: { secret: 'fuzz' },
      fastify: { bodyLimit: 4096 },
    });
  });
  after(() => app.close());

  const text = fc.string({ unit: 'binary', maxLength: 30 });

  it('any path, query string, header and cookie: 200, 404 or 422, always JSON', async () => {
    await fc.assert(
      fc.asyncProperty(
        text,
        text,
        fc.array(fc.tuple(fc.constantFrom('q', 'limit', 'drafts', 'tag', 'flag', 'x'), text), {
          maxLength: 6,
        }),
        fc.string({ maxLength: 20 }),
        fc.string({ maxLength: 40 }),
        async (id, at, pairs, header, cookie) => {
          const query = pairs.map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join('&');
          const url = `/f/${encodeURIComponent(id)}/${encodeURIComponent(at)}?${query}`;
          const headers: Record<string, string> = {};
          // Only what an HTTP client could send as a header value.
          if (/^[\t\x20-\x7e]*$/.test(header)) headers['x-n'] = header;
          if (/^[\t\x20-\x7e]*$/.test(cookie)) headers.cookie = cookie;
          const res = await app.inject({ url, headers });
          expect(EXPECTED, `${url} ${JSON.stringify(headers)} -> ${res.body}`).to.include(res.statusCode);
          expect(res.headers['content-type']).to.equal('application/json; charset=utf-8');
          if (res.statusCode !== 200) expect(res.json()).to.have.property('detail');
        },
      ),
      { numRuns: 300 },
    );
  });

  it('a raw path with broken percent-escapes (/f/%E0%A4%A/x): 400 {detail}, never 500, always JSON', async () => {
    // Sent as written, not encoded: pieces of escapes, valid and broken, glued together.
    const piece = fc.constantFrom(
      '%',
      'E0',
      'A4',
      'A',
      'zz',
      '%25',
      'x',
      '%2F',
      '%C3%A9',
      '%FF',
      '%E0%A4%A',
      '1',
    );
    const raw = fc.array(piece, { minLength: 1, maxLength: 6 }).map((parts) => parts.join(''));
    await fc.assert(
      fc.asyncProperty(raw, fc.boolean(), async (segment, first) => {
        const url = first ? `/f/${segment}/x` : `/f/1/${segment}?flag=${segment}`;
        const res = await app.inject({ url });
        expect(EXPECTED, `${url} -> ${res.body}`).to.include(res.statusCode);
        expect(res.headers['content-type'], url).to.equal('application/json; charset=utf-8');
        if (res.statusCode !== 200) expect(res.json(), url).to.have.all.keys('detail');
      }),
      { numRuns: 200, examples: [['%E0%A4%A', true]] },
    );
  });

  it('any JSON body, or any text claiming to be JSON: 200, 400 or 422', async () => {
    const json = fc.oneof(
      fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v)),
      fc
        .record({
          name: fc.oneof(fc.string(), fc.integer()),
          children: fc.oneof(
            fc.array(fc.record({ n: fc.oneof(fc.integer(), fc.string(), fc.constant(null)) }), {
              maxLength: 3,
            }),
            fc.string(),
          ),
        })
        .map((v) => JSON.stringify(v)),
      fc.string({ maxLength: 40 }),
    );
    await fc.assert(
      fc.asyncProperty(json, async (payload) => {
        const res = await app.inject({
          method: 'POST',
          url: '/f/parents',
          payload,
          headers: { 'content-type': 'application/json' },
        });
        expect(EXPECTED, `${payload} -> ${res.body}`).to.include(res.statusCode);
        if (res.statusCode === 422) {
          for (const issue of res.json().detail) {
            expect(issue.loc[0]).to.equal('body');
            expect(issue.msg).to.be.a('string');
            expect(issue.type).to.be.a('string');
          }
        }
      }),
      { numRuns: 300 },
    );
  });
});
