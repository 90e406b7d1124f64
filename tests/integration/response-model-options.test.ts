import { Controller, createApp, Get, ResponseModel } from '@arobase/core';
import { expect } from 'chai';
import { Expose, Type } from 'class-transformer';
import type { FastifyInstance } from 'fastify';

class Prefs {
  @Expose() theme = 'light';
  @Expose() size = 12;
}

class UserOut {
  @Expose() id!: number;
  @Expose() message = 'hello';
  @Expose() role = 'user';
  @Expose({ name: 'user_name' }) userName!: string;
  @Expose() bio: string | null = null;
  @Expose() @Type(() => Prefs) prefs?: Prefs;
  password = 'never sent';
}

class AdminUser extends UserOut {
  @Expose() level = 9;
}

class Dates {
  @Expose() at!: Date;
  @Expose() ok!: Date;
}

@Controller('/u')
class UserController {
  @Get('/empty')
  @ResponseModel(UserOut)
  empty() {
    return {};
  }

  @Get('/instance')
  @ResponseModel(UserOut)
  instance() {
    const user = new UserOut();
    user.id = 1;
    user.userName = 'ada';
    return user;
  }

  @Get('/subclass')
  @ResponseModel(UserOut)
  subclass() {
    const admin = new AdminUser();
    admin.id = 2;
    admin.userName = 'root';
    return admin;
  }

  @Get('/plain')
  @ResponseModel(UserOut)
  plain() {
    return { id: 3, user_name: 'bob', userName: 'ignored', prefs: { size: 14 } };
  }

  @Get('/unset')
  @ResponseModel(UserOut, { excludeUnset: true })
  unset() {
    return { id: 4, user_name: 'cy' };
  }

  @Get('/defaults')
  @ResponseModel(UserOut, { excludeDefaults: true })
  defaults() {
    return { id: 5, role: 'user', message: 'hi', user_name: 'di', prefs: { theme: 'light', size: 20 } };
  }

  @Get('/none')
  @ResponseModel(UserOut, { excludeNone: true })
  none() {
    return {
      id: Number.NaN,
      bio: null,
      user_name: 'ed',
      prefs: { theme: null, size: Number.POSITIVE_INFINITY },
    };
  }

  @Get('/include')
  @ResponseModel([UserOut], { include: ['id', 'userName'] })
  include() {
    return [{ id: 6, user_name: 'fay', role: 'admin' }];
  }

  @Get('/exclude')
  @ResponseModel(UserOut, { exclude: ['message', 'role', 'prefs'] })
  exclude() {
    return { id: 7, user_name: 'gus' };
  }

  @Get('/by-property')
  @ResponseModel(UserOut, { byAlias: false, excludeDefaults: true })
  byProperty() {
    return { id: 8, user_name: 'hal' };
  }

  @Get('/dates')
  @ResponseModel(Dates, { excludeNone: true })
  dates() {
    return { at: new Date(Number.NaN), ok: new Date(0) };
  }
}

describe('@ResponseModel: defaults, instances by property name, and the options', () => {
  for (const validateResponse of [false, true]) {
    // validateResponse keeps the reference path: every answer below is checked on both paths.
    describe(validateResponse ? 'reference path (validateResponse)' : 'compiled path', () => {
      let app: FastifyInstance;
      before(async () => {
        app = await createApp({ controllers: [UserController], validateResponse });
      });
      after(() => app.close());
      const get = async (url: string) => {
        const res = await app.inject({ url: `/u${url}` });
        expect(res.statusCode, res.body).to.equal(200);
        return res.body;
      };

      it("a field the value lacks takes the model's default", async () => {
        expect(await get('/empty')).to.equal('{"message":"hello","role":"user","bio":null}');
      });

      it('an instance of the model is read by property name: the renamed field is sent under its wire name', async () => {
        expect(await get('/instance')).to.equal(
          '{"id":1,"message":"hello","role":"user","user_name":"ada","bio":null}',
        );
      });

      it("an instance of a subclass is cut down to the model's fields", async () => {
        expect(await get('/subclass')).to.equal(
          '{"id":2,"message":"hello","role":"user","user_name":"root","bio":null}',
        );
      });

      it('a plain value is read by wire name; a nested model takes its own defaults', async () => {
        expect(await get('/plain')).to.equal(
          '{"id":3,"message":"hello","role":"user","user_name":"bob","bio":null,"prefs":{"theme":"light","size":14}}',
        );
      });

      it('excludeUnset: only what the value has, no defaults', async () => {
        expect(await get('/unset')).to.equal('{"id":4,"user_name":"cy"}');
      });

      it('excludeDefaults: fields equal to the default are left out, at every depth', async () => {
        expect(await get('/defaults')).to.equal(
          '{"id":5,"message":"hi","user_name":"di","prefs":{"size":20}}',
        );
      });

      it('excludeNone: null, NaN and Infinity are none, at every depth', async () => {
        expect(await get('/none')).to.equal('{"message":"hello","role":"user","user_name":"ed","prefs":{}}');
      });

      it('excludeNone: an invalid Date is none', async () => {
        expect(await get('/dates')).to.equal('{"ok":"1970-01-01T00:00:00.000Z"}');
      });

      it('include: these top-level fields only, by property name, for each item of a list', async () => {
        expect(await get('/include')).to.equal('[{"id":6,"user_name":"fay"}]');
      });

      it('exclude: all but these top-level fields', async () => {
        expect(await get('/exclude')).to.equal('{"id":7,"user_name":"gus","bio":null}');
      });

      it('byAlias: false sends property names (a plain value is still read by wire name)', async () => {
        expect(await get('/by-property')).to.equal('{"id":8,"userName":"hal"}');
      });
    });
  }
});
