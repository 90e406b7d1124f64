import {
  Controller,
  createApp,
  Get,
  HTMLResponse,
  JSONResponse,
  PlainTextResponse,
  Res,
  Response,
  UseMiddleware,
} from '@arobase/core';
import { expect } from 'chai';

// A response has one content-type: `mediaType` and `headers.get('content-type')` are two ways to
// read and set it, whichever is used first and however the response travels.
describe('Response.mediaType is the content-type header', () => {
  it('reads what headers hold and sets what headers read', () => {
    const html = new HTMLResponse('<p>hi</p>');
    expect(html.mediaType).to.equal('text/html; charset=utf-8');
    expect(html.headers.get('content-type')).to.equal('text/html; charset=utf-8');
    html.headers.set('Content-Type', 'application/xhtml+xml');
    expect(html.mediaType).to.equal('application/xhtml+xml');
    html.mediaType = 'text/plain';
    expect(html.headers.get('content-type')).to.equal('text/plain; charset=utf-8');
    html.mediaType = undefined;
    expect(html.headers.has('content-type')).to.equal(false);
  });

  it('a content-type in init.headers wins over init.mediaType', () => {
    const r = new JSONResponse({}, { headers: { 'Content-Type': 'application/problem+json' } });
    expect(r.mediaType).to.equal('application/problem+json');
    expect([...r.headers].filter(([name]) => name === 'content-type')).to.deep.equal([
      ['content-type', 'application/problem+json'],
    ]);
  });

  it('a clone keeps the type, and changing it on the clone leaves the original alone', () => {
    const original = new PlainTextResponse('x');
    const copy = original.clone();
    copy.mediaType = 'text/csv';
    expect(original.mediaType).to.equal('text/plain; charset=utf-8');
    expect(copy.headers.get('content-type')).to.equal('text/csv; charset=utf-8');
  });

  describe('on the wire', () => {
    const retype = {
      async handle(ctx: { response: Response }, next: () => Promise<Response>) {
        await next();
        ctx.response.mediaType = 'text/markdown';
      },
    };

    @Controller('/mt')
    class MediaTypeController {
      @Get('/header-after-class')
      headerAfterClass() {
        const r = new PlainTextResponse('a,b\n');
        r.headers.set('Content-Type', 'text/csv; charset=utf-8');
        return r;
      }

      @Get('/type-after-header')
      typeAfterHeader() {
        const r = new Response('# hi', { headers: { 'X-Kind': 'doc' } });
        r.mediaType = 'text/markdown';
        return r;
      }

      @Get('/res-type')
      resType(@Res() res: Response) {
        res.mediaType = 'application/vnd.api+json';
        return { data: [] };
      }

      @Get('/res-type-class', { responseClass: HTMLResponse })
      resTypeClass(@Res() res: Response) {
        res.mediaType = 'application/xhtml+xml';
        return '<p/>';
      }

      @Get('/middleware')
      @UseMiddleware(retype)
      middleware() {
        return new PlainTextResponse('# hi');
      }
    }

    async function get(url: string) {
      const app = await createApp({ controllers: [MediaTypeController] });
      return app.inject({ url: `/mt/${url}` });
    }

    it('a content-type set on a returned response after its class chose one replaces it', async () => {
      const res = await get('header-after-class');
      expect(res.headers['content-type']).to.equal('text/csv; charset=utf-8');
      expect(res.body).to.equal('a,b\n');
    });

    it('mediaType set after headers were built goes out, alone', async () => {
      const res = await get('type-after-header');
      expect(res.headers['content-type']).to.equal('text/markdown; charset=utf-8');
      expect(res.headers['x-kind']).to.equal('doc');
      expect(res.headers['content-type']).to.be.a('string');
    });

    it("res.mediaType with plain data replaces JSON's type, as res.headers would (rule 1)", async () => {
      const res = await get('res-type');
      expect(res.headers['content-type']).to.equal('application/vnd.api+json');
      expect(res.body).to.equal('{"data":[]}');
    });

    it("res.mediaType replaces a response class's type too", async () => {
      const res = await get('res-type-class');
      expect(res.headers['content-type']).to.equal('application/xhtml+xml');
      expect(res.body).to.equal('<p/>');
    });

    it('a middleware that sets mediaType after next() changes the one content-type', async () => {
      const res = await get('middleware');
      expect(res.headers['content-type']).to.equal('text/markdown; charset=utf-8');
      expect(res.headers['content-type']).to.be.a('string');
    });
  });
});
