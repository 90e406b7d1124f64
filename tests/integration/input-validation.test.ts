import { Body, Controller, createApp, Get, Post, Query } from '@arobase/core';
import { expect } from 'chai';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsEmail,
  IsInt,
  IsOptional,
  IsString,
  Length,
  Max,
  Min,
  Validate,
  ValidateNested,
  ValidatorConstraint,
  type ValidatorConstraintInterface,
} from 'class-validator';
import { captureLog } from '../helpers/log';

class Address {
  @IsString() @Length(5, 5) zip!: string;
}

class SignUp {
  @IsString() @Length(3, 32) username!: string;
  @IsEmail() email!: string;
  @IsInt() @Min(0) @Max(150) age!: number;
  @IsArray() @ArrayMaxSize(2) @IsString({ each: true }) tags!: string[];
  @IsOptional() @ValidateNested() @Type(() => Address) address?: Address;
}

@ValidatorConstraint({ name: 'even' })
class Even implements ValidatorConstraintInterface {
  validate(value: unknown) {
    return typeof value === 'number' && value % 2 === 0;
  }
}

class Pair {
  @Validate(Even) n!: number;
}

class Page {
  @IsOptional() @IsInt() @Min(1) page = 1;
  @IsOptional() @IsString() q?: string;
}

@Controller('/v')
class InputController {
  @Post('/signup')
  signUp(@Body() body: SignUp) {
    return { isInstance: body instanceof SignUp, nested: body.address instanceof Address, body };
  }

  @Post('/pair')
  pair(@Body() body: Pair) {
    return body;
  }

  @Get('/page')
  page(@Query() query: Page) {
    return query;
  }
}

describe('compiled input validation, through the app', () => {
  const log = captureLog();
  let app: Awaited<ReturnType<typeof createApp>>;
  before(async () => {
    app = await createApp({
      controllers: [InputController],
      fastify: { logger: { level: 'debug', stream: log.stream } },
    });
  });
  after(() => app.close());

  it('says at debug level which path each model input takes, and why', () => {
    const lines = log.lines.filter((l) => l.msg === 'arobase input validation');
    const byModel = Object.fromEntries(lines.map((l) => [l.model, l]));
    expect(byModel.SignUp).to.include({ validation: 'compiled' });
    expect(byModel.Page).to.include({ validation: 'compiled' });
    expect(byModel.Pair).to.include({ validation: 'reference', reason: 'Pair.n: even' });
  });

  it('a valid body becomes an instance without the undeclared keys, nested instances included', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/v/signup',
      payload: {
        username: 'grace',
        email: 'g@ex.org',
        age: 85,
        tags: ['a'],
        role: 'admin',
        address: { zip: '75001', x: 1 },
      },
    });
    expect(res.statusCode).to.equal(200);
    expect(res.json()).to.deep.equal({
      isInstance: true,
      nested: true,
      body: { username: 'grace', email: 'g@ex.org', age: 85, tags: ['a'], address: { zip: '75001' } },
    });
  });

  it('an invalid body is a 422 with class-validator’s messages, in class-validator’s order (a property’s decorators apply bottom-up)', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/v/signup',
      payload: { username: 'x', email: 'nope', age: 1.5, tags: ['a', 2, 'c'], address: { zip: 75001 } },
    });
    expect(res.statusCode).to.equal(422);
    expect(res.json()).to.deep.equal({
      detail: [
        {
          loc: ['body', 'username'],
          msg: 'username must be longer than or equal to 3 characters',
          type: 'isLength',
          input: 'x',
        },
        { loc: ['body', 'email'], msg: 'email must be an email', type: 'isEmail', input: 'nope' },
        { loc: ['body', 'age'], msg: 'age must be an integer number', type: 'isInt', input: 1.5 },
        {
          loc: ['body', 'tags'],
          msg: 'each value in tags must be a string',
          type: 'isString',
          input: ['a', 2, 'c'],
        },
        {
          loc: ['body', 'tags'],
          msg: 'tags must contain no more than 2 elements',
          type: 'arrayMaxSize',
          input: ['a', 2, 'c'],
        },
        // A wrong type is one issue, its type's: the length rule of a string says nothing of a number.
        { loc: ['body', 'address', 'zip'], msg: 'zip must be a string', type: 'isString', input: 75001 },
      ],
    });
  });

  it('a class the compiler leaves alone still validates on the reference path', async () => {
    const bad = await app.inject({ method: 'POST', url: '/v/pair', payload: { n: 3 } });
    expect(bad.statusCode).to.equal(422);
    expect(bad.json()).to.deep.equal({ detail: [{ loc: ['body', 'n'], msg: '', type: 'even', input: 3 }] });
    const good = await app.inject({ method: 'POST', url: '/v/pair', payload: { n: 4, x: 1 } });
    expect(good.json()).to.deep.equal({ n: 4 });
  });

  it('an own `constructor` key deep in a body: dropped on the compiled path, where class-transformer throws', async () => {
    const payload = { username: 'grace', email: 'g@ex.org', age: 85, tags: [], extra: { constructor: 1 } };
    const res = await app.inject({ method: 'POST', url: '/v/signup', payload });
    expect(res.statusCode).to.equal(200);
    expect(res.json().body).to.deep.equal({ username: 'grace', email: 'g@ex.org', age: 85, tags: [] });
  });

  it('a nested `constructor` key on the reference path, where class-transformer throws: dropped before it, never a 500', async () => {
    for (const payload of [
      { n: 4, x: { constructor: 1 } },
      { n: 4, x: [{ constructor: 'a' }] },
    ]) {
      const res = await app.inject({ method: 'POST', url: '/v/pair', payload });
      expect(res.statusCode).to.equal(200);
      expect(res.json()).to.deep.equal({ n: 4 });
    }
  });

  it('a whole-query class: a default kept, text coerced, an unreadable field reported once', async () => {
    expect((await app.inject('/v/page?q=cats&x=1')).json()).to.deep.equal({ page: 1, q: 'cats' });
    expect((await app.inject('/v/page?page=3')).json()).to.deep.equal({ page: 3 });
    const res = await app.inject('/v/page?page=abc');
    expect(res.statusCode).to.equal(422);
    expect(res.json()).to.deep.equal({
      detail: [
        {
          loc: ['query', 'page'],
          msg: 'Input should be a valid number',
          type: 'number_parsing',
          input: 'abc',
        },
      ],
    });
    const low = await app.inject('/v/page?page=0');
    expect(low.json()).to.deep.equal({
      detail: [{ loc: ['query', 'page'], msg: 'page must not be less than 1', type: 'min', input: '0' }],
    });
  });
});
