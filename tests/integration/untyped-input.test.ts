import { Body, Controller, createApp, Get, Post, Query } from '@arobase/core';
import { expect } from 'chai';
import { IsString, MaxLength } from 'class-validator';
import type { FastifyInstance } from 'fastify';
import { startupError } from '../helpers/startup';
import type { TypeOnlyItem } from './untyped-input.model';
import { ValueItem } from './untyped-input.model';

interface ItemShape {
  name: string;
}

class Strict {
  @IsString() @MaxLength(10) name!: string;
}

describe('no silent loss of validation: a body or query typed as Object', () => {
  it('@Body() typed with an interface is refused at start-up with the three ways out', async () => {
    @Controller('/i')
    class InterfaceBody {
      @Post()
      create(@Body() item: ItemShape) {
        return item;
      }
    }
    const error = await startupError(createApp({ controllers: [InterfaceBody] }));
    expect(error.message).to.include('InterfaceBody.create(#0 @Body())');
    expect(error.message).to.include('Import the class as a value');
    expect(error.message).to.include('@Body(ItemIn)');
    expect(error.message).to.include('@Body({ raw: true })');
  });

  it('@Body() typed with a class imported by `import type` is refused too', async () => {
    @Controller('/t')
    class TypeOnlyBody {
      @Post()
      create(@Body() item: TypeOnlyItem) {
        return item;
      }
    }
    const error = await startupError(createApp({ controllers: [TypeOnlyBody] }));
    expect(error.message).to.include('TypeOnlyBody.create(#0 @Body())');
  });

  it('@Body() typed unknown, and @Query() typed as a record, are refused', async () => {
    @Controller('/u')
    class UnknownBody {
      @Post()
      create(@Body() item: unknown) {
        return item;
      }
    }
    expect((await startupError(createApp({ controllers: [UnknownBody] }))).message).to.include(
      'UnknownBody.create(#0 @Body())',
    );
    @Controller('/q')
    class RecordQuery {
      @Get()
      list(@Query() query: Record<string, string>) {
        return query;
      }
    }
    const error = await startupError(createApp({ controllers: [RecordQuery] }));
    expect(error.message).to.include('RecordQuery.list(#0 @Query())');
    expect(error.message).to.include('@Query({ raw: true })');
  });

  describe('the ways out', () => {
    @Controller('/ok')
    class WaysOut {
      @Post('/named')
      named(@Body(ValueItem) item: TypeOnlyItem) {
        return { isInstance: item instanceof ValueItem, item };
      }

      @Post('/strict')
      strict(@Body(Strict) item: ItemShape) {
        return item;
      }

      @Post('/raw')
      raw(@Body({ raw: true }) payload: unknown) {
        return { payload: payload ?? null };
      }

      @Get('/query')
      query(@Query({ raw: true }) query: Record<string, string | string[]>) {
        return query;
      }
    }

    let app: FastifyInstance;
    before(async () => {
      app = await createApp({ controllers: [WaysOut] });
    });
    after(() => app.close());

    it('@Body(Model) validates against the class named, whatever TypeScript recorded', async () => {
      const ok = await app.inject({
        method: 'POST',
        url: '/ok/named',
        payload: { name: 'a', isAdmin: true },
      });
      expect(ok.statusCode).to.equal(200);
      expect(ok.json()).to.deep.equal({ isInstance: true, item: { name: 'a' } });
      const bad = await app.inject({ method: 'POST', url: '/ok/named', payload: { name: 1, isAdmin: true } });
      expect(bad.statusCode).to.equal(422);
      expect(bad.json().detail.map((i: { loc: unknown }) => i.loc)).to.deep.equal([['body', 'name']]);
    });

    it('@Body(Model) overrides an interface type', async () => {
      const bad = await app.inject({
        method: 'POST',
        url: '/ok/strict',
        payload: { name: 'far too long a name' },
      });
      expect(bad.statusCode).to.equal(422);
      expect(bad.json().detail[0].loc).to.deep.equal(['body', 'name']);
    });

    it('@Body({ raw: true }) receives the parsed JSON as it is', async () => {
      const res = await app.inject({ method: 'POST', url: '/ok/raw', payload: { name: 1, isAdmin: true } });
      expect(res.json()).to.deep.equal({ payload: { name: 1, isAdmin: true } });
      const none = await app.inject({ method: 'POST', url: '/ok/raw' });
      expect(none.json()).to.deep.equal({ payload: null });
    });

    it('@Query({ raw: true }) receives the parsed query string', async () => {
      const res = await app.inject({ method: 'GET', url: '/ok/query?a=1&b=x&b=y' });
      expect(res.json()).to.deep.equal({ a: '1', b: ['x', 'y'] });
    });
  });
});
