// The reference input path (a class the compiled validator does not handle: @Allow, a custom
// @Validate, a @Transform) gives class-transformer only the keys the class declares, so a body of
// many keys costs linear time (its speed is bench/'s to measure), and never stringifies an object
// under @Type(() => String).
import { Body, Controller, createApp, Post } from '@arobase/core';
import { expect } from 'chai';
import { Transform, Type } from 'class-transformer';
import {
  Allow,
  IsBoolean,
  IsEmail,
  IsInt,
  IsOptional,
  IsString,
  Validate,
  ValidateNested,
  ValidatorConstraint,
  type ValidatorConstraintInterface,
} from 'class-validator';
import type { FastifyInstance } from 'fastify';

@ValidatorConstraint({ name: 'always' })
class Always implements ValidatorConstraintInterface {
  validate() {
    return true;
  }
}

/** Counts the keys of the object class-transformer was given, as a @Transform sees it. */
const keysSeen = ({ obj }: { obj: object }) => Object.keys(obj).length;

class Inner {
  @IsInt() @Transform(keysSeen) seen!: number;
  @IsString() name!: string;
}

class RefIn {
  @IsEmail() email!: string;
  @Validate(Always) @IsOptional() @Allow() meta?: unknown;
  @IsInt() @Transform(keysSeen) seen!: number;
  @IsOptional() @ValidateNested() @Type(() => Inner) inner?: Inner;
  @IsOptional() @ValidateNested({ each: true }) @Type(() => Inner) items?: Inner[];
}

class Typed {
  @IsString() @Type(() => String) code!: string;
  @IsOptional() @IsBoolean() @Type(() => Boolean) flag?: boolean;
  @IsOptional() @IsInt({ each: true }) @Type(() => Number) nums?: number[];
}

class TypedRef extends Typed {
  @Validate(Always) @IsOptional() extra?: string;
}

@Controller()
class RefController {
  @Post('/ref')
  ref(@Body() body: RefIn) {
    return body;
  }

  @Post('/typed')
  typed(@Body() body: Typed) {
    return body;
  }

  @Post('/typed-ref')
  typedRef(@Body() body: TypedRef) {
    return body;
  }
}

function manyKeys(count: number): Record<string, number> {
  const out: Record<string, number> = {};
  for (let i = 0; i < count; i++) out[`k${i.toString(36)}`] = i;
  return out;
}

describe('reference input path: class-transformer sees only declared keys', () => {
  let app: FastifyInstance;

  before(async () => {
    app = await createApp({ controllers: [RefController], fastify: { bodyLimit: 4 * 1024 * 1024 } });
  });

  after(() => app.close());

  it('a 125,000-key body reaches class-transformer as the keys the class declares', async () => {
    const payload = { ...manyKeys(125_000), email: 'a@b.co', seen: 0, meta: { kept: [1, 2] } };
    expect(JSON.stringify(payload).length).to.be.greaterThan(1_000_000);
    const res = await app.inject({ method: 'POST', url: '/ref', payload });
    expect(res.statusCode, res.body).to.equal(200);
    // Only `seen` itself: `email` and `meta` (no @Type, no @Transform) are set on the instance after
    // class-transformer, which has nothing of theirs to walk.
    expect(res.json()).to.deep.equal({ email: 'a@b.co', seen: 1, meta: { kept: [1, 2] } });
  });

  it('a nested model and an array of them are pruned the same way', async () => {
    const payload = {
      email: 'a@b.co',
      seen: 0,
      inner: { ...manyKeys(1000), seen: 0, name: 'x' },
      items: [{ ...manyKeys(500), seen: 0, name: 'y' }],
    };
    const res = await app.inject({ method: 'POST', url: '/ref', payload });
    expect(res.statusCode, res.body).to.equal(200);
    // At the top seen, inner and items (nested models are built by class-transformer); below, seen.
    expect(res.json()).to.deep.equal({
      email: 'a@b.co',
      seen: 3,
      inner: { seen: 1, name: 'x' },
      items: [{ seen: 1, name: 'y' }],
    });
  });

  it('a value under an undeclared key never reaches the handler, an Object.prototype name included', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/ref',
      payload: '{"email":"a@b.co","seen":0,"toString":"x","hasOwnProperty":1,"constructor":{"name":"x"}}',
      headers: { 'content-type': 'application/json' },
    });
    expect(res.statusCode, res.body).to.equal(200);
    expect(res.json()).to.deep.equal({ email: 'a@b.co', seen: 1 });
  });
});

describe('@Type(() => String | Boolean | Number) on an input field', () => {
  let app: FastifyInstance;

  before(async () => {
    app = await createApp({ controllers: [RefController] });
  });

  after(() => app.close());

  for (const path of ['/typed', '/typed-ref']) {
    it(`${path}: converts scalars, and refuses an object as a field without @Type does`, async () => {
      const ok = await app.inject({
        method: 'POST',
        url: path,
        payload: { code: 42, flag: 1, nums: ['1', 2] },
      });
      expect(ok.json()).to.deep.equal({ code: '42', flag: true, nums: [1, 2] });

      const res = await app.inject({
        method: 'POST',
        url: path,
        payload: { code: { message: 'SECRET_error' }, flag: {}, nums: [1, { a: 1 }] },
      });
      expect(res.statusCode).to.equal(422);
      // Nothing converted the object to text: each issue's `input` is the value as the client sent it.
      expect(res.body).to.not.include('object Object').and.not.include('Error: SECRET_error');
      const detail: { loc: unknown[]; input: unknown }[] = res.json().detail;
      expect(detail.map((i) => i.loc.join('.'))).to.include.members(['body.code', 'body.flag', 'body.nums']);
      expect(detail.find((i) => i.loc.join('.') === 'body.code')?.input).to.deep.equal({
        message: 'SECRET_error',
      });
    });
  }
});
