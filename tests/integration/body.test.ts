import { Body, Controller, createApp, Param, Patch, Post, Put } from '@arobase/core';
import { expect } from 'chai';
import { Type } from 'class-transformer';
import {
  ArrayMinSize,
  IsBoolean,
  IsEmail,
  IsInt,
  IsOptional,
  IsString,
  Length,
  Matches,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';
import type { FastifyInstance } from 'fastify';

class Address {
  @IsString() street!: string;
  @Matches(/^\d{5}$/) zip!: string;
}

class LineItem {
  @IsString() sku!: string;
  @IsInt() @Min(1) quantity!: number;
}

class UserIn {
  @IsEmail() email!: string;
  @MinLength(8) password!: string;
  @IsOptional() @IsBoolean() newsletter?: boolean;
  @IsOptional() @ValidateNested() @Type(() => Address) address?: Address;
}

class OrderIn {
  @IsString() @Length(1, 40) customer!: string;
  @ValidateNested({ each: true }) @Type(() => LineItem) @ArrayMinSize(1) items!: LineItem[];
}

class PatchIn {
  @IsOptional() @IsString() title?: string;
}

@Controller('/b')
class BodyController {
  @Post('/users', { status: 201 })
  create(@Body() body: UserIn) {
    return {
      isInstance: body instanceof UserIn,
      addressIsInstance: body.address === undefined || body.address instanceof Address,
      body,
    };
  }

  @Post('/orders')
  order(@Body() order: OrderIn) {
    return { lines: order.items.length, firstIsInstance: order.items[0] instanceof LineItem, order };
  }

  @Patch('/posts/:id')
  patch(@Param('id') id: number, @Body() patch: PatchIn) {
    return { id, patch };
  }

  @Put('/raw')
  raw(@Body({ raw: true }) body: unknown) {
    return { body: body ?? null };
  }

  @Post('/text')
  text(@Body() body: string = '') {
    return { length: body.length };
  }

  @Post('/tags')
  tags(@Body() tags: string[] = ['default']) {
    return { tags };
  }
}

describe('@Body: class-transformer and class-validator', () => {
  let app: FastifyInstance;
  before(async () => {
    app = await createApp({ controllers: [BodyController], fastify: { bodyLimit: 1024 } });
  });
  after(() => app.close());

  function post(url: string, payload: unknown, method: 'POST' | 'PUT' | 'PATCH' = 'POST') {
    return app.inject({ method, url, payload: payload as object });
  }

  function locsAndTypes(detail: { loc: unknown[]; msg: string; type: string }[]) {
    for (const issue of detail) expect(issue.msg).to.be.a('string').and.not.equal('');
    return detail.map(({ loc, type }) => ({ loc, type }));
  }

  it('a valid body arrives as an instance of the declared class', async () => {
    const res = await post('/b/users', { email: 'a@b.co', password: 'long enough' });
    expect(res.statusCode).to.equal(201);
    expect(res.json()).to.deep.equal({
      isInstance: true,
      addressIsInstance: true,
      body: { email: 'a@b.co', password: 'long enough' },
    });
  });

  it('whitelist strips what the class does not declare, nested objects included', async () => {
    const res = await post('/b/users', {
      email: 'a@b.co',
      password: 'long enough',
      isAdmin: true,
      address: { street: '1 Main St', zip: '12345', secret: 'x' },
    });
    expect(res.statusCode).to.equal(201);
    expect(res.json().body).to.deep.equal({
      email: 'a@b.co',
      password: 'long enough',
      address: { street: '1 Main St', zip: '12345' },
    });
    expect(res.json().addressIsInstance).to.equal(true);
  });

  it('each failing field is listed with its loc under "body"', async () => {
    const res = await post('/b/users', { email: 'nope', password: 'short' });
    expect(res.statusCode).to.equal(422);
    expect(res.headers['content-type']).to.equal('application/json; charset=utf-8');
    expect(locsAndTypes(res.json().detail)).to.deep.equal([
      { loc: ['body', 'email'], type: 'isEmail' },
      { loc: ['body', 'password'], type: 'minLength' },
    ]);
  });

  it('a JSON body is not coerced: "true" is not a boolean', async () => {
    const res = await post('/b/users', { email: 'a@b.co', password: 'long enough', newsletter: 'true' });
    expect(res.statusCode).to.equal(422);
    expect(locsAndTypes(res.json().detail)).to.deep.equal([
      { loc: ['body', 'newsletter'], type: 'isBoolean' },
    ]);
  });

  it('a nested object is validated through @ValidateNested + @Type, loc ["body","address","zip"]', async () => {
    const res = await post('/b/users', {
      email: 'a@b.co',
      password: 'long enough',
      address: { street: 12, zip: 'abc' },
    });
    expect(res.statusCode).to.equal(422);
    expect(locsAndTypes(res.json().detail)).to.deep.equal([
      { loc: ['body', 'address', 'street'], type: 'isString' },
      { loc: ['body', 'address', 'zip'], type: 'matches' },
    ]);
  });

  it('an array of nested objects reports the index as a number', async () => {
    const res = await post('/b/orders', {
      customer: 'ACME',
      items: [
        { sku: 'A', quantity: 1 },
        { sku: 'B', quantity: 0 },
        { sku: 3, quantity: 2 },
      ],
    });
    expect(res.statusCode).to.equal(422);
    expect(locsAndTypes(res.json().detail)).to.deep.equal([
      { loc: ['body', 'items', 1, 'quantity'], type: 'min' },
      { loc: ['body', 'items', 2, 'sku'], type: 'isString' },
    ]);
  });

  it('an array of nested objects arrives as instances', async () => {
    const res = await post('/b/orders', { customer: 'ACME', items: [{ sku: 'A', quantity: 2, price: 9 }] });
    expect(res.statusCode).to.equal(200);
    expect(res.json()).to.deep.equal({
      lines: 1,
      firstIsInstance: true,
      order: { customer: 'ACME', items: [{ sku: 'A', quantity: 2 }] },
    });
  });

  it('a missing body for a class is a 422 "missing" at ["body"]', async () => {
    const res = await app.inject({ method: 'POST', url: '/b/users' });
    expect(res.statusCode).to.equal(422);
    expect(locsAndTypes(res.json().detail)).to.deep.equal([{ loc: ['body'], type: 'missing' }]);
  });

  it('a body that is not an object (an array, a number, a string) is a 422 at ["body"]', async () => {
    for (const payload of ['[1,2]', '42', '"text"', 'null']) {
      const res = await app.inject({
        method: 'POST',
        url: '/b/users',
        payload,
        headers: { 'content-type': 'application/json' },
      });
      expect(res.statusCode, payload).to.equal(422);
      expect(res.json().detail[0].loc, payload).to.deep.equal(['body']);
    }
  });

  it('errors of several sources are listed together: path, then body', async () => {
    const res = await post('/b/posts/abc', { title: 7 }, 'PATCH');
    expect(res.statusCode).to.equal(422);
    expect(locsAndTypes(res.json().detail)).to.deep.equal([
      { loc: ['path', 'id'], type: 'number_parsing' },
      { loc: ['body', 'title'], type: 'isString' },
    ]);
  });

  it('an untyped body arrives as parsed JSON', async () => {
    const res = await post('/b/raw', { any: ['thing', 1] }, 'PUT');
    expect(res.json()).to.deep.equal({ body: { any: ['thing', 1] } });
    const none = await app.inject({ method: 'PUT', url: '/b/raw' });
    expect(none.json()).to.deep.equal({ body: null });
  });

  it('a text/plain body reaches a string parameter', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/b/text',
      payload: 'hello',
      headers: { 'content-type': 'text/plain' },
    });
    expect(res.json()).to.deep.equal({ length: 5 });
  });

  it('a missing body is undefined for a string or a list, so the default applies', async () => {
    expect((await app.inject({ method: 'POST', url: '/b/text' })).json()).to.deep.equal({ length: 0 });
    expect((await app.inject({ method: 'POST', url: '/b/tags' })).json()).to.deep.equal({
      tags: ['default'],
    });
  });

  it('a list body must be a JSON array: a single value is a 422 list_type, not wrapped', async () => {
    expect((await post('/b/tags', ['a', 'b'])).json()).to.deep.equal({ tags: ['a', 'b'] });
    for (const payload of ['{"tag":"a"}', '"a"']) {
      const res = await app.inject({
        method: 'POST',
        url: '/b/tags',
        payload,
        headers: { 'content-type': 'application/json' },
      });
      expect(res.statusCode, payload).to.equal(422);
      expect(locsAndTypes(res.json().detail)).to.deep.equal([{ loc: ['body'], type: 'list_type' }]);
    }
  });

  it('__proto__ in a JSON body is refused with a 400, nothing polluted', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/b/users',
      payload: '{"email":"a@b.co","password":"long enough","__proto__":{"isAdmin":true}}',
      headers: { 'content-type': 'application/json' },
    });
    expect(res.statusCode).to.equal(400);
    expect(res.json()).to.have.all.keys('detail');
    expect(({} as Record<string, unknown>).isAdmin).to.equal(undefined);
  });
});
