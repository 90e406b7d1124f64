// The examples of docs/models.md, run as written (examples-in-sync.test.ts checks the page quotes them).
import { Controller, createApp, Get, JSONResponse, Param, ResponseModel } from '@arobase/core';
import { expect } from 'chai';
import { Expose, Type } from 'class-transformer';
import { IsEmail, IsInt } from 'class-validator';
import type { FastifyInstance } from 'fastify';

class PostOut {
  @Expose() id!: number;
  @Expose() title!: string;
}

class UserOut {
  @Expose() @IsInt() id!: number;
  @Expose() @IsEmail() email!: string;
  @Expose({ groups: ['admin'] }) lastLoginIp?: string;
  @Expose() bio?: string | null;
  @Expose() @Type(() => PostOut) posts!: PostOut[];
}

// What the database hands back: more than the wire should see.
const users = [
  {
    id: 1,
    email: 'ada@example.com',
    password_hash: '$argon2id$...',
    lastLoginIp: '203.0.113.7',
    bio: null,
    posts: [{ id: 10, title: 'Hello', draft_notes: 'private' }],
  },
];

@Controller('/users')
class UserController {
  @Get('/')
  @ResponseModel([UserOut])
  list() {
    return users;
  }

  @Get('/:id')
  @ResponseModel(UserOut, { excludeNone: true })
  get(@Param('id') id: number) {
    return users.find((u) => u.id === id);
  }

  @Get('/:id/admin')
  @ResponseModel(UserOut, { groups: ['admin'] })
  getAsAdmin(@Param('id') id: number) {
    return users.find((u) => u.id === id);
  }

  // Mistake: a returned response is sent as it is, the model never sees it.
  @Get('/:id/raw')
  @ResponseModel(UserOut)
  getRaw(@Param('id') id: number) {
    return new JSONResponse(users.find((u) => u.id === id));
  }
}

describe('docs/models.md', () => {
  let app: FastifyInstance;
  before(async () => {
    app = await createApp({ controllers: [UserController], validateResponse: true });
  });
  after(() => app.close());

  const ada = { id: 1, email: 'ada@example.com', bio: null, posts: [{ id: 10, title: 'Hello' }] };

  it('lists through [UserOut]', async () => {
    const res = await app.inject({ url: '/users' });
    expect(res.json()).to.deep.equal([ada]);
  });

  it('excludeNone drops the null bio', async () => {
    const res = await app.inject({ url: '/users/1' });
    expect(res.body).to.equal('{"id":1,"email":"ada@example.com","posts":[{"id":10,"title":"Hello"}]}');
  });

  it('groups add the admin-only field', async () => {
    const res = await app.inject({ url: '/users/1/admin' });
    expect(res.json()).to.deep.equal({ ...ada, lastLoginIp: '203.0.113.7' });
  });

  it('a returned JSONResponse bypasses the model', async () => {
    const res = await app.inject({ url: '/users/1/raw' });
    expect(res.json()).to.have.property('password_hash');
  });
});
