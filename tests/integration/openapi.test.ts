import {
  arobase,
  Body,
  Controller,
  Cookie,
  createApp,
  Delete,
  Depends,
  Get,
  Header,
  HTMLResponse,
  openapiDocument,
  Param,
  Post,
  Query,
  RedirectResponse,
  ResponseModel,
} from '@arobase/core';
import { expect } from 'chai';
import { Expose, Type } from 'class-transformer';
import {
  IsEmail,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Max,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';
import Fastify, { type FastifyInstance } from 'fastify';
import { expectValidOpenAPI } from '../helpers/openapi';

class AddressIn {
  @IsString() @MinLength(1) street!: string;
}
class UserIn {
  @IsEmail() email!: string;
  @IsString() @MinLength(8) password!: string;
  @IsOptional() @IsIn(['admin', 'user']) role?: string;
  @ValidateNested() @Type(() => AddressIn) address!: AddressIn;
}
class Search {
  @IsOptional() @IsInt() @Min(1) @Max(100) limit = 20;
  @IsOptional() @IsString() q?: string;
}
class PostOut {
  @Expose() id!: number;
  @Expose() @Type(() => Date) published!: Date;
}
class UserOut {
  @Expose() id!: number;
  @Expose({ name: 'e_mail' }) email!: string;
  @Expose({ groups: ['admin'] }) token!: string;
  @Expose() @Type(() => PostOut) posts!: PostOut[];
  @Expose() role = 'user';
  password?: string;
}
class Node {
  @Expose() label!: string;
  @Expose() @Type(() => Node) children!: Node[];
}
class Tenant {
  resolve(@Header('x-tenant') tenant: string) {
    return tenant;
  }
}

@Controller('/users', { headers: { 'Cache-Control': 'no-store' } })
class UserController {
  @Post('/', { status: 201, summary: 'Create a user', responses: { 409: { description: 'Taken' } } })
  @ResponseModel(UserOut)
  create(@Body() body: UserIn) {
    return { id: 1, ...body };
  }

  @Get('/:id', { tags: ['people'], deprecated: true, operationId: 'readUser' })
  @ResponseModel(UserOut, { groups: ['admin'] })
  get(@Param('id', { description: 'the id' }) id: number, @Depends(Tenant) _tenant: string) {
    return { id };
  }

  @Get('/')
  @ResponseModel([UserOut])
  list(@Query() search: Search, @Cookie('theme') _theme?: string) {
    return [{ id: search.limit }];
  }

  @Delete('/:id', { status: 204 })
  remove(@Param('id') _id: number) {}

  @Get('/tree', { includeInSchema: true })
  @ResponseModel(Node)
  tree() {
    return { label: 'root', children: [] };
  }

  @Get('/hidden', { includeInSchema: false })
  hidden() {
    return {};
  }

  @Get('/old', { responseClass: RedirectResponse })
  old() {
    return '/users';
  }

  @Get('/page', { responseClass: HTMLResponse })
  page() {
    return '<p>hi</p>';
  }

  @Get('/flag')
  flag(@Query('on') on: boolean, @Query('n', { required: true }) n: number) {
    return { on, n };
  }
}

// Two classes named alike, from two "modules".
const Other = (() => {
  class PostOut {
    @Expose() slug!: string;
  }
  return PostOut;
})();
@Controller('/other')
class OtherController {
  @Get('/')
  @ResponseModel(Other)
  one() {
    return { slug: 'a' };
  }
}

describe('OpenAPI: the document', () => {
  let app: FastifyInstance;
  let doc: any; // the document, read as JSON
  before(async () => {
    app = await createApp({
      controllers: [UserController, OtherController],
      openapi: { info: { title: 'Users', version: '2.0.0' }, servers: [{ url: 'https://api.example.com' }] },
    });
    app.get(
      '/plain',
      { schema: { response: { 200: { type: 'object', properties: { a: { type: 'string' } } } } } },
      async () => ({ a: 'x' }),
    );
    await app.ready();
    doc = openapiDocument(app);
  });
  after(() => app.close());

  it('is valid OpenAPI 3.1, served as JSON at /openapi.json, the same as openapiDocument(app)', async () => {
    await expectValidOpenAPI(doc);
    const res = await app.inject('/openapi.json');
    expect(res.statusCode).to.equal(200);
    expect(res.headers['content-type']).to.equal('application/json; charset=utf-8');
    expect(res.json()).to.deep.equal(doc);
    expect(doc.openapi).to.equal('3.1.0');
    expect(doc.info).to.deep.equal({ title: 'Users', version: '2.0.0' });
    expect(doc.servers).to.deep.equal([{ url: 'https://api.example.com' }]);
  });

  it('writes paths in OpenAPI form, one operation per method, HEAD not listed, hidden routes left out', () => {
    expect(Object.keys(doc.paths)).to.include.members(['/users', '/users/{id}', '/users/tree', '/plain']);
    expect(doc.paths).not.to.have.property('/users/hidden');
    expect(doc.paths).not.to.have.property('/openapi.json');
    expect(Object.keys(doc.paths['/users/{id}'])).to.deep.equal(['get', 'delete']);
    const get = doc.paths['/users/{id}'].get;
    expect(get).to.include({ operationId: 'readUser', deprecated: true });
    expect(get.tags).to.deep.equal(['people']);
    expect(doc.paths['/users'].post).to.include({ operationId: 'User_create', summary: 'Create a user' });
    expect(doc.paths['/users'].post.tags).to.deep.equal(['User']);
  });

  it("lists parameters with their coerced types, a dependency's included, a @Query() class field by field", () => {
    expect(doc.paths['/users/{id}'].get.parameters).to.deep.equal([
      { name: 'id', in: 'path', required: true, description: 'the id', schema: { type: 'number' } },
      { name: 'x-tenant', in: 'header', schema: { type: 'string' } },
    ]);
    expect(doc.paths['/users'].get.parameters).to.deep.equal([
      { name: 'limit', in: 'query', schema: { type: 'integer', maximum: 100, minimum: 1, default: 20 } },
      { name: 'q', in: 'query', schema: { type: 'string' } },
      { name: 'theme', in: 'cookie', schema: { type: 'string' } },
    ]);
    expect(doc.paths['/users/flag'].get.parameters).to.deep.equal([
      { name: 'on', in: 'query', schema: { type: 'boolean' } },
      { name: 'n', in: 'query', required: true, schema: { type: 'number' } },
    ]);
  });

  it('gives the body the schema of what the validator accepts, nested models as $refs', () => {
    const post = doc.paths['/users'].post;
    expect(post.requestBody).to.deep.equal({
      required: true,
      content: { 'application/json': { schema: { $ref: '#/components/schemas/UserIn' } } },
    });
    expect(doc.components.schemas.UserIn).to.deep.equal({
      type: 'object',
      properties: {
        email: { type: 'string', format: 'email' },
        password: { type: 'string', minLength: 8 },
        role: { anyOf: [{ enum: ['admin', 'user'] }, { type: 'null' }] },
        address: {
          anyOf: [
            { $ref: '#/components/schemas/AddressIn' },
            { type: 'array', items: { $ref: '#/components/schemas/AddressIn' } },
          ],
        },
      },
      required: ['email', 'password'],
    });
    expect(post.responses[422].content['application/json'].schema).to.deep.equal({
      $ref: '#/components/schemas/HTTPValidationError',
    });
  });

  it('gives responses the model as written: wire names, groups, Dates, arrays, nothing else', () => {
    const created = doc.paths['/users'].post.responses[201];
    expect(created.content['application/json'].schema).to.deep.equal({
      $ref: '#/components/schemas/UserOut',
    });
    expect(created.headers).to.deep.equal({
      'cache-control': { required: true, schema: { type: 'string' } },
    });
    expect(doc.components.schemas.UserOut).to.deep.equal({
      type: 'object',
      properties: {
        id: { type: 'number' },
        e_mail: { type: 'string' },
        posts: { type: 'array', items: { $ref: '#/components/schemas/PostOut' } },
        role: { type: 'string' },
      },
      additionalProperties: false,
    });
    expect(doc.components.schemas['UserOut-admin'].properties).to.have.keys(
      'id',
      'e_mail',
      'token',
      'posts',
      'role',
    );
    expect(doc.components.schemas.PostOut.properties.published).to.deep.equal({
      type: 'string',
      format: 'date-time',
    });
    expect(doc.paths['/users'].get.responses[200].content['application/json'].schema).to.deep.equal({
      type: 'array',
      items: { $ref: '#/components/schemas/UserOut' },
    });
    expect(doc.paths['/users'].post.responses[409]).to.deep.equal({
      description: 'Taken',
      content: { 'application/json': { schema: { $ref: '#/components/schemas/HTTPError' } } },
    });
  });

  it('keeps two classes of one name apart and writes a recursive model once', () => {
    expect(doc.components.schemas.PostOut2).to.deep.equal({
      type: 'object',
      properties: { slug: { type: 'string' } },
      additionalProperties: false,
    });
    expect(doc.components.schemas.Node.properties.children).to.deep.equal({
      type: 'array',
      items: { $ref: '#/components/schemas/Node' },
    });
  });

  it('says 204 has no content, a redirect its Location, HTML its media type', () => {
    expect(doc.paths['/users/{id}'].delete.responses[204]).to.not.have.property('content');
    expect(doc.paths['/users/old'].get.responses[307].headers.location).to.include({ required: true });
    expect(doc.paths['/users/old'].get.responses[307]).to.not.have.property('content');
    expect(doc.paths['/users/page'].get.responses[200].content).to.have.keys('text/html');
  });

  it('serves the Swagger UI page at /docs from the package, no CDN', async () => {
    const page = await app.inject('/docs/');
    expect(page.statusCode).to.equal(200);
    expect(page.headers['content-type']).to.match(/^text\/html/);
    expect(page.body).to.include('swagger-ui');
    expect(page.body).not.to.match(/https?:\/\/(?!localhost)[^"']*\.(js|css)/);
    const bundle = await app.inject('/docs/static/swagger-ui-bundle.js');
    expect(bundle.statusCode).to.equal(200);
  });

  it("adds no route schema: arobase's bytes are the same with the document on and off", async () => {
    const off = await createApp({ controllers: [UserController, OtherController], openapi: false });
    try {
      const body = { email: 'a@b.co', password: '12345678', address: { street: 'x' }, password_hash: 'no' };
      const a = await app.inject({ method: 'POST', url: '/users', payload: body });
      const b = await off.inject({ method: 'POST', url: '/users', payload: body });
      expect(a.statusCode).to.equal(201);
      expect(a.body).to.equal(b.body);
      expect(a.headers['content-type']).to.equal(b.headers['content-type']);
    } finally {
      await off.close();
    }
  });
});

describe('OpenAPI: serving options', () => {
  it('openapi: false serves neither the document nor the page; openapiDocument still builds it', async () => {
    const app = await createApp({ controllers: [OtherController], openapi: false });
    try {
      expect((await app.inject('/openapi.json')).statusCode).to.equal(404);
      expect((await app.inject('/docs')).statusCode).to.equal(404);
      await expectValidOpenAPI(openapiDocument(app));
    } finally {
      await app.close();
    }
  });

  it('path and docsPath move them; docsPath: false serves no page', async () => {
    const app = await createApp({
      controllers: [OtherController],
      openapi: { path: '/spec.json', docsPath: false },
    });
    try {
      expect((await app.inject('/spec.json')).json().paths).to.have.property('/other');
      expect((await app.inject('/openapi.json')).statusCode).to.equal(404);
      expect((await app.inject('/docs')).statusCode).to.equal(404);
    } finally {
      await app.close();
    }
  });

  it('the plugin serves nothing unless given openapi, and serves it when given', async () => {
    const quiet = Fastify();
    await quiet.register(arobase, { controllers: [OtherController] });
    const loud = Fastify();
    // Inside a plugin, the document and the page live under its prefix.
    await loud.register(arobase, { controllers: [OtherController], prefix: '/api', openapi: {} });
    try {
      expect((await quiet.inject('/openapi.json')).statusCode).to.equal(404);
      const res = await loud.inject('/api/openapi.json');
      expect(res.statusCode).to.equal(200);
      expect(res.json().paths).to.have.property('/api/other');
      expect(openapiDocument(loud).paths).to.have.property('/api/other');
      expect((await loud.inject('/api/docs/')).statusCode).to.equal(200);
    } finally {
      await quiet.close();
      await loud.close();
    }
  });

  it('refuses a route on the docs URL, and two operations with one id, at start-up', async () => {
    @Controller()
    class Docs {
      @Get('/docs') docs() {
        return 'mine';
      }
    }
    let error: Error | undefined;
    await createApp({ controllers: [Docs] }).catch((e) => (error = e));
    expect(error?.message).to.include(
      "Docs.docs (GET /docs) is on the URL of the OpenAPI docs page: give createApp({ openapi: { docsPath: '/another' } })",
    );
    @Controller()
    class Twice {
      @Get('/a', { operationId: 'same' }) a() {}
      @Get('/b', { operationId: 'same' }) b() {}
    }
    const app = await createApp({ controllers: [Twice] });
    let ready: Error | undefined;
    await app.ready().then(
      () => undefined,
      (e: Error) => (ready = e),
    );
    expect(ready?.message).to.equal("arobase: Twice.b and Twice.a have the same operationId 'same'");
    await app.close().then(
      () => undefined,
      () => undefined,
    );
  });
});
