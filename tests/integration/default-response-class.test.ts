import {
  Controller,
  createApp,
  describeRoutes,
  Get,
  HTMLResponse,
  JSONResponse,
  PlainTextResponse,
  ResponseModel,
} from '@arobase/core';
import { expect } from 'chai';
import { Expose } from 'class-transformer';
import type { FastifyInstance } from 'fastify';
import { startupError } from '../helpers/startup';

class Note {
  @Expose() text!: string;
}

@Controller('/pages')
class Pages {
  @Get('/home')
  home() {
    return '<h1>Home</h1>';
  }

  @Get('/data', { responseClass: JSONResponse })
  data() {
    return { ok: true };
  }
}

@Controller('/text', { responseClass: PlainTextResponse })
class TextController {
  @Get('/hello')
  hello() {
    return 'hello';
  }

  @Get('/page', { responseClass: HTMLResponse })
  page() {
    return '<p>page</p>';
  }
}

describe('default response class: the app, then the controller, then the route', () => {
  let app: FastifyInstance;
  before(async () => {
    app = await createApp({ controllers: [Pages, TextController], defaultResponseClass: HTMLResponse });
  });
  after(() => app.close());

  it("the app's default renders a route that names no class", async () => {
    const res = await app.inject({ method: 'GET', url: '/pages/home' });
    expect(res.statusCode).to.equal(200);
    expect(res.headers['content-type']).to.equal('text/html; charset=utf-8');
    expect(res.body).to.equal('<h1>Home</h1>');
  });

  it("the route's own class wins over the app's", async () => {
    const res = await app.inject({ method: 'GET', url: '/pages/data' });
    expect(res.headers['content-type']).to.equal('application/json; charset=utf-8');
    expect(res.json()).to.deep.equal({ ok: true });
  });

  it("the controller's class wins over the app's, and the route's over the controller's", async () => {
    const text = await app.inject({ method: 'GET', url: '/text/hello' });
    expect(text.headers['content-type']).to.equal('text/plain; charset=utf-8');
    expect(text.body).to.equal('hello');
    const page = await app.inject({ method: 'GET', url: '/text/page' });
    expect(page.headers['content-type']).to.equal('text/html; charset=utf-8');
    expect(page.body).to.equal('<p>page</p>');
  });

  it('describeRoutes shows the class each route uses', () => {
    const table = describeRoutes([Pages, TextController], '', HTMLResponse);
    expect(table.map((r) => [r.path, r.responseClass])).to.deep.equal([
      ['/pages/home', 'HTMLResponse'],
      ['/pages/data', 'JSONResponse'],
      ['/text/hello', 'PlainTextResponse'],
      ['/text/page', 'HTMLResponse'],
    ]);
  });

  it('a text class inherited by a route with @ResponseModel is refused at start-up, saying where it comes from', async () => {
    @Controller('/m', { responseClass: HTMLResponse })
    class ModelUnderHtml {
      @Get()
      @ResponseModel(Note)
      get() {
        return { text: 'x' };
      }
    }
    const fromController = await startupError(createApp({ controllers: [ModelUnderHtml] }));
    expect(fromController.message).to.include('ModelUnderHtml.get: @ResponseModel(Note)');
    expect(fromController.message).to.include("the controller's responseClass");

    @Controller('/n')
    class ModelUnderApp {
      @Get()
      @ResponseModel(Note)
      get() {
        return { text: 'x' };
      }
    }
    const fromApp = await startupError(
      createApp({ controllers: [ModelUnderApp], defaultResponseClass: PlainTextResponse }),
    );
    expect(fromApp.message).to.include("the app's defaultResponseClass");
  });

  it('a route with @ResponseModel that names JSONResponse runs under a text default', async () => {
    @Controller('/j')
    class ModelJson {
      @Get('/', { responseClass: JSONResponse })
      @ResponseModel(Note)
      get() {
        return { text: 'x', secret: 'y' };
      }
    }
    const jsonApp = await createApp({ controllers: [ModelJson], defaultResponseClass: HTMLResponse });
    const res = await jsonApp.inject({ method: 'GET', url: '/j' });
    expect(res.json()).to.deep.equal({ text: 'x' });
    await jsonApp.close();
  });
});
