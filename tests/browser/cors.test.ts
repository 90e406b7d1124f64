// CORS with @fastify/cors and credentials, as a browser enforces it: a page on another origin reads a
// response header only when the server exposes it, and its cookies go along with `credentials`.

import { Controller, Cookie, createApp, Get, HTMLResponse, Post, Res, Response } from '@arobase/core';
import cors from '@fastify/cors';
import { expect } from 'chai';
import type { FastifyInstance } from 'fastify';
import { type Browser, launchBrowser, type Origins, open, serve } from './chromium';

@Controller()
class ItemController {
  @Get('/', { responseClass: HTMLResponse })
  page() {
    return '<!doctype html><title>client</title>';
  }

  @Post('/login')
  login(@Res() res: Response) {
    res.setCookie('session', 'abc', { sameSite: 'none' });
    return { ok: true };
  }

  @Get('/exposed/items')
  exposed(@Cookie('session') session: string | undefined, @Res() res: Response) {
    res.headers.set('X-Total-Count', '42');
    return { session: session ?? null };
  }

  @Get('/hidden/items')
  hidden(@Cookie('session') session: string | undefined, @Res() res: Response) {
    res.headers.set('X-Total-Count', '42');
    return { session: session ?? null };
  }
}

/** What the cross-origin page could read of an answer. */
interface Read {
  status: number;
  total: string | null;
  body: { session: string | null };
}

describe('browser: CORS with credentials', function () {
  this.timeout(30_000);
  let browser: Browser;
  let app: FastifyInstance;
  let origins: Origins;

  before(async () => {
    app = await createApp({ controllers: [ItemController] });
    await app.register(cors, {
      delegator: (request, callback) =>
        callback(null, {
          origin: `http://127.0.0.1:${(app.server.address() as { port: number }).port}`,
          credentials: true,
          exposedHeaders: request.url.startsWith('/exposed/') ? ['X-Total-Count'] : [],
        }),
    });
    origins = await serve(app);
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close();
    await app?.close();
  });

  /** From a page on 127.0.0.1, fetches `path` on localhost with the browser's cookies. */
  async function readCrossOrigin(path: string): Promise<Read> {
    const home = await open(browser, `${origins.localhost}/`);
    await home.evaluate(() => fetch('/login', { method: 'POST' }));
    await home.close();
    const page = await open(browser, `${origins.ip}/`);
    const read = await page.evaluate(async (url) => {
      const answer = await fetch(url, { credentials: 'include' });
      return {
        status: answer.status,
        total: answer.headers.get('x-total-count'),
        body: (await answer.json()) as { session: string | null },
      };
    }, `${origins.localhost}${path}`);
    await page.close();
    return read;
  }

  it('lets the page read X-Total-Count when it is exposed, and sends the cookie', async () => {
    const read = await readCrossOrigin('/exposed/items');
    expect(read).to.deep.equal({ status: 200, total: '42', body: { session: 'abc' } });
  });

  it('hides X-Total-Count from the page when it is not exposed, though the server sent it', async () => {
    const read = await readCrossOrigin('/hidden/items');
    expect(read).to.deep.equal({ status: 200, total: null, body: { session: 'abc' } });
    const direct = await fetch(`${origins.ip}/hidden/items`);
    expect(direct.headers.get('x-total-count')).to.equal('42');
  });

  it('keeps the answer from a page on an origin CORS does not allow', async () => {
    const page = await open(browser, `${origins.localhost}/`);
    const outcome = await page.evaluate(
      (url) =>
        fetch(url, { credentials: 'include' }).then(
          () => 'read',
          (error: Error) => error.name,
        ),
      `${origins.ip}/exposed/items`,
    );
    expect(outcome).to.equal('TypeError');
    await page.close();
  });
});
