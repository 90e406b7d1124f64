import { createBlogApp } from '@arobase/sample-blog';
import { expect } from 'chai';
import type { FastifyInstance } from 'fastify';
import { type Browser, launchBrowser, type Origins, open, serve } from './chromium';

describe('browser: the /docs page of the blog', function () {
  this.timeout(60_000);
  let app: FastifyInstance;
  let browser: Browser;
  let origins: Origins;
  before(async () => {
    app = await createBlogApp({ db: ':memory:' });
    origins = await serve(app);
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await app?.close();
  });

  it('renders Swagger UI from the package alone and lists every operation of the document', async () => {
    const outside: string[] = [];
    browser.context.on('request', (request) => {
      const url = request.url();
      if (!url.startsWith(origins.localhost) && !url.startsWith('data:')) outside.push(url);
    });
    const page = await open(browser, `${origins.localhost}/docs`);
    await page.waitForSelector('.opblock-summary', { timeout: 30_000 });
    const shown = await page.$$eval('.opblock-summary', (blocks) =>
      blocks.map((b) => {
        const method = b.querySelector('.opblock-summary-method')?.textContent?.trim() ?? '';
        const path = b.querySelector('.opblock-summary-path')?.getAttribute('data-path') ?? '';
        return `${method} ${path}`;
      }),
    );
    const document = (await (await fetch(`${origins.localhost}/openapi.json`)).json()) as {
      paths: Record<string, Record<string, unknown>>;
    };
    const expected = Object.entries(document.paths).flatMap(([path, ops]) =>
      Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`),
    );
    expect(shown.sort()).to.deep.equal(expected.sort());
    expect(shown).to.include.members(['GET /posts', 'POST /auth/login', 'DELETE /posts/{id}']);
    expect(await page.textContent('.title')).to.include('Blog API');
    expect(outside, 'requests that left the server').to.deep.equal([]);
  });
});
