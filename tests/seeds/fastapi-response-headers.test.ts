// Seed "Response Headers" (FastAPI docs): headers through the injected Response, through a dependency,
// and through a returned JSONResponse.
import { Controller, createApp, Depends, Get, JSONResponse, Res, type Response } from '@arobase/core';
import { expect } from 'chai';
import type { FastifyInstance } from 'fastify';

class TraceHeader {
  resolve(@Res() res: Response) {
    res.headers.set('X-Trace', 'dependency');
  }
}

@Controller()
class HeaderController {
  @Get('/headers-and-object/')
  getHeaders(@Res() response: Response) {
    response.headers.set('X-Cat-Dog', 'alone in the world');
    return { message: 'Hello World' };
  }

  @Get('/headers-from-dependency/')
  fromDependency(@Depends(TraceHeader) _trace: undefined, @Res() response: Response) {
    response.headers.set('X-Cat-Dog', 'alone in the world');
    return { message: 'Hello World' };
  }

  @Get('/headers/')
  getHeadersOnResponse() {
    const content = { message: 'Hello World' };
    const headers = { 'X-Cat-Dog': 'alone in the world', 'Content-Language': 'en-US' };
    return new JSONResponse(content, { headers });
  }
}

describe('seed: FastAPI Response Headers', () => {
  let app: FastifyInstance;
  before(async () => {
    app = await createApp({ controllers: [HeaderController] });
  });
  after(() => app.close());

  it('GET /headers-and-object/ sends the header set on the injected Response with the data', async () => {
    const res = await app.inject({ url: '/headers-and-object/' });
    expect(res.statusCode).to.equal(200);
    expect(res.headers['x-cat-dog']).to.equal('alone in the world');
    expect(res.headers['content-type']).to.equal('application/json; charset=utf-8');
    expect(res.json()).to.deep.equal({ message: 'Hello World' });
  });

  it('a dependency sets headers on the same Response as the handler', async () => {
    const res = await app.inject({ url: '/headers-from-dependency/' });
    expect(res.statusCode).to.equal(200);
    expect(res.headers['x-trace']).to.equal('dependency');
    expect(res.headers['x-cat-dog']).to.equal('alone in the world');
  });

  it('GET /headers/ sends the headers given to a returned JSONResponse', async () => {
    const res = await app.inject({ url: '/headers/' });
    expect(res.statusCode).to.equal(200);
    expect(res.headers['x-cat-dog']).to.equal('alone in the world');
    expect(res.headers['content-language']).to.equal('en-US');
    expect(res.headers['content-type']).to.equal('application/json; charset=utf-8');
    expect(res.json()).to.deep.equal({ message: 'Hello World' });
  });

  it('a header value with CR or LF is refused by Headers itself (no header injection)', () => {
    expect(() => new JSONResponse({}, { headers: { 'X-Evil': 'a\r\nSet-Cookie: x=1' } })).to.throw(TypeError);
  });
});
