import 'reflect-metadata';
import { Expose, plainToInstance, Type } from 'class-transformer';
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
import express from 'express';
import { Body, Get, HttpCode, JsonController, Post, Res, useExpressServer } from 'routing-controllers';
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
// routing-controllers has no response model: its users build the model instance themselves and
// `classTransformer: true` turns it back into a plain object.
const onlyExposed = { excludeExtraneousValues: true };

@JsonController()
class BenchController {
  @Get('/hello')
  hello() {
    return HELLO;
  }

  @Get('/cookies')
  cookies(@Res() res: express.Response) {
    res.setHeader('x-bench', B_HEADERS['x-bench']);
    res.setHeader('cache-control', B_HEADERS['cache-control']);
    for (const c of B_COOKIES) res.cookie(c.name, c.value, { ...cookieDefaults, sameSite: c.sameSite });
    return B_BODY;
  }

  @Get('/user')
  user() {
    return plainToInstance(UserOut, user, onlyExposed);
  }

  @Post('/users')
  @HttpCode(201)
  create(@Body() body: UserIn) {
    return plainToInstance(UserCreated, body, onlyExposed);
  }
}

async function main() {
  const app = express();
  // Framework noise the others do not send: Fastify computes no ETag and names no framework.
  app.disable('x-powered-by');
  app.set('etag', false);
  useExpressServer(app, {
    controllers: [BenchController],
    classTransformer: true,
    validation: { whitelist: true },
    defaultErrorHandler: true,
  });
  // routing-controllers answers the error, then passes it on: without this, Express's final handler
  // would print every refused body's stack trace.
  app.use((error: unknown, _req: express.Request, res: express.Response, next: express.NextFunction) => {
    if (!res.headersSent) next(error);
  });
  const server = app.listen(0, '127.0.0.1', () => {
    const address = server.address();
    announce({
      port: typeof address === 'object' && address ? address.port : 0,
      framework: `${versionOf('routing-controllers')} on ${versionOf('express')}`,
    });
  });
}

main().catch(fail);
