import 'reflect-metadata';
import type { Response } from '@arobase/core';
import { B_BODY, B_COOKIES, B_HEADERS, BIG_BODY_LIMIT, HELLO, makeUser, postsArg } from '../fixtures';
import { announce, fail, versionOf } from './announce';
import { arobase, transformer, validator } from './core-libs';

const { Body, Controller, createApp, Get, Post, Res, ResponseModel } = arobase;

const { Expose, Type } = transformer;
const { Allow, ArrayMaxSize, IsArray, IsEmail, IsInt, IsString, Length, Max, MaxLength, Min, MinLength } =
  validator();

class PostOut {
  @Expose() id!: number;
  @Expose() title!: string;
  @Expose() slug!: string;
  @Expose() excerpt!: string;
  @Expose() likes!: number;
}

class UserOut {
  @Expose() id!: number;
  @Expose() username!: string;
  @Expose() email!: string;
  @Expose() displayName!: string;
  @Expose() age!: number;
  @Expose() verified!: boolean;
  @Expose() createdAt!: Date;
  @Expose() @Type(() => PostOut) posts!: PostOut[];
}

class UserIn {
  @IsString() @Length(3, 32) username!: string;
  @IsEmail() email!: string;
  @IsString() @MaxLength(64) displayName!: string;
  @IsInt() @Min(0) @Max(150) age!: number;
  @IsString() @MinLength(8) password!: string;
  @IsArray() @ArrayMaxSize(10) @IsString({ each: true }) tags!: string[];
}

class UserCreated {
  @Expose() username!: string;
  @Expose() email!: string;
  @Expose() displayName!: string;
  @Expose() age!: number;
  @Expose() tags!: string[];
}

// The big body's input classes: the compiled validator handles the first; `@Allow()` sends the
// second to the reference path (class-transformer's plainToInstance, then class-validator).
class BulkIn {
  @IsString() name!: string;
}

class BulkInReference {
  @IsString() name!: string;
  @Allow() note?: string;
}

const user = makeUser(postsArg());

@Controller()
class BenchController {
  @Get('/hello')
  hello() {
    return HELLO;
  }

  @Get('/cookies')
  cookies(@Res() res: Response) {
    res.headers.set('x-bench', B_HEADERS['x-bench']);
    res.headers.set('cache-control', B_HEADERS['cache-control']);
    for (const c of B_COOKIES) res.setCookie(c.name, c.value, { sameSite: c.sameSite });
    return B_BODY;
  }

  @Get('/user')
  @ResponseModel(UserOut)
  user() {
    return user;
  }

  @Post('/users', { status: 201 })
  @ResponseModel(UserCreated)
  create(@Body() body: UserIn) {
    return body;
  }

  @Post('/bulk')
  bulk(@Body() body: BulkIn) {
    return { name: body.name };
  }

  @Post('/bulk-reference')
  bulkReference(@Body() body: BulkInReference) {
    return { name: body.name };
  }
}

async function main() {
  const app = await createApp({
    controllers: [BenchController],
    fastify: { logger: false, bodyLimit: BIG_BODY_LIMIT },
    openapi: openapiOption(),
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  announce({
    port: typeof address === 'object' && address ? address.port : 0,
    framework: `${versionOf('@arobase/core')} on ${versionOf('fastify', require.resolve('@arobase/core'))}`,
  });
}

main().catch(fail);

/** The OpenAPI document and /docs are on, as createApp's default; BENCH_OPENAPI=off measures without. */
function openapiOption(): false | undefined {
  return process.env.BENCH_OPENAPI === 'off' ? false : undefined;
}
