// @ResponseModel gives objects: a responseClass that renders text would send "[object Object]".
import {
  Controller,
  createApp,
  Get,
  HTMLResponse,
  JSONResponse,
  PlainTextResponse,
  RedirectResponse,
  type ResponseClass,
  ResponseModel,
} from '@arobase/core';
import { expect } from 'chai';
import { Expose } from 'class-transformer';

class Public {
  @Expose() id!: number;
}

function controllerWith(responseClass: ResponseClass) {
  @Controller('/m')
  class ModelController {
    @Get('/', { responseClass })
    @ResponseModel(Public)
    get() {
      return { id: 1, secret: 's' };
    }
  }
  return ModelController;
}

class PrettyJSONResponse extends JSONResponse {}
class FancyHTMLResponse extends HTMLResponse {}

describe('@ResponseModel with a responseClass', () => {
  for (const cls of [HTMLResponse, PlainTextResponse, RedirectResponse, FancyHTMLResponse]) {
    it(`is refused at start-up with ${cls.name}, which renders text`, async () => {
      let error: Error | undefined;
      try {
        await (await createApp({ controllers: [controllerWith(cls)] })).close();
      } catch (e) {
        error = e as Error;
      }
      expect(error?.message).to.equal(
        `ModelController.get: @ResponseModel(Public) produces objects, which responseClass ${cls.name} would send as "[object Object]": drop one of them`,
      );
    });
  }

  it('is kept with a JSONResponse subclass: the model filters what it renders', async () => {
    const app = await createApp({ controllers: [controllerWith(PrettyJSONResponse)] });
    try {
      const res = await app.inject({ url: '/m' });
      expect(res.statusCode).to.equal(200);
      expect(res.headers['content-type']).to.equal('application/json; charset=utf-8');
      expect(res.body).to.equal('{"id":1}');
    } finally {
      await app.close();
    }
  });
});
