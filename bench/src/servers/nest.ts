import 'reflect-metadata';
import fastifyCookie from '@fastify/cookie';
import {
  Body,
  ClassSerializerInterceptor,
  Controller,
  Get,
  Module,
  Post,
  Res,
  SerializeOptions,
  ValidationPipe,
} from '@nestjs/common';
import { NestFactory, Reflector } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { Expose, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsEmail,
  IsInt,
  IsString,
  Length,
  Max,
  MaxLength,
  Min,
  MinLength,
} from 'class-validator';
import type { FastifyReply } from 'fastify';
import { B_BODY, B_COOKIES, B_HEADERS, HELLO, makeUser, postsArg } from '../fixtures';
import { announce, fail, versionOf } from './announce';

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

const user = makeUser(postsArg());
const cookieDefaults = { path: '/', httpOnly: true, secure: true };

@Controller()
class BenchController {
  @Get('hello')
  hello() {
    return HELLO;
  }

  @Get('cookies')
  cookies(@Res({ passthrough: true }) reply: FastifyReply) {
    reply.header('x-bench', B_HEADERS['x-bench']);
    reply.header('cache-control', B_HEADERS['cache-control']);
    for (const c of B_COOKIES) reply.setCookie(c.name, c.value, { ...cookieDefaults, sameSite: c.sameSite });
    return B_BODY;
  }

  // What Nest's serialization docs recommend: the interceptor turns the returned value into the
  // model (excludeExtraneousValues keeps only @Expose()d fields, as arobase's model does).
  @Get('user')
  @SerializeOptions({ type: UserOut, excludeExtraneousValues: true })
  user() {
    return user;
  }

  @Post('users')
  @SerializeOptions({ type: UserCreated, excludeExtraneousValues: true })
  create(@Body() body: UserIn) {
    return body;
  }
}

@Module({ controllers: [BenchController] })
class BenchModule {}

async function main() {
  const app = await NestFactory.create<NestFastifyApplication>(BenchModule, new FastifyAdapter(), {
    logger: false,
  });
  await app.register(fastifyCookie as any);
  app.useGlobalPipes(new ValidationPipe({ whitelist: true, transform: true }));
  app.useGlobalInterceptors(new ClassSerializerInterceptor(app.get(Reflector)));
  await app.listen(0, '127.0.0.1');
  const address = app.getHttpServer().address();
  const platform = require.resolve('@nestjs/platform-fastify');
  announce({
    port: typeof address === 'object' && address ? address.port : 0,
    framework: `${versionOf('@nestjs/core')} on ${versionOf('fastify', platform)}`,
  });
}

main().catch(fail);
