import { createBlogApp } from '@arobase/sample-blog';
import { expect } from 'chai';
import type { FastifyInstance } from 'fastify';
import { type Browser, chromium } from 'playwright-core';
import { listen } from '../helpers/server';

// Debian's Chromium, never a downloaded one; nothing that phones home.
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

describe('browser: the /docs page of the blog', function () {
  this.timeout(60_000);
  let app: FastifyInstance;
  let browser: Browser;
  let origin: string;
  before(async () => {
    app = await createBlogApp({ db: ':memory:' });
    const { host, port } = await listen(app);
    origin = `http://${host}:${port}`;
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  });
  after(async () => {
    await browser?.close();
    await app?.close();
  });

  it('renders Swagger UI from the package alone and lists every operation of the document', async () => {
    const page = await browser.newPage();
    const outside: string[] = [];
    page.on('request', (request) => {
      if (!request.url().startsWith(origin) && !request.url().startsWith('data:'))
        outside.push(request.url());
    });
    await page.goto(`${origin}/docs`);
    await page.waitForSelector('.opblock-summary', { timeout: 30_000 });
    const shown = await page.$$eval('.opblock-summary', (blocks) =>
      blocks.map((b) => {
        const method = b.querySelector('.opblock-summary-method')?.textContent?.trim() ?? '';
        const path = b.querySelector('.opblock-summary-path')?.getAttribute('data-path') ?? '';
        return `${method} ${path}`;
      }),
    );
    const document = (await (await fetch(`${origin}/openapi.json`)).json()) as {
      paths: Record<string, Record<string, unknown>>;
    };
    const expected = Object.entries(document.paths).flatMap(([path, ops]) =>
      Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`),
    );
    expect(shown.sort()).to.deep.equal(expected.sort());
    expect(await page.textContent('.title')).to.include('Blog API');
    expect(outside).to.deep.equal([]);
  });
});
