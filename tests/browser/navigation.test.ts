// Downloads and redirects as a browser performs them: a FileResponse is saved under the name its
// Content-Disposition gives (a non-ASCII one too), and a RedirectResponse is followed.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  Body,
  Controller,
  createApp,
  FileResponse,
  Get,
  HTMLResponse,
  Param,
  Post,
  RedirectResponse,
} from '@arobase/core';
import { expect } from 'chai';
import { IsString } from 'class-validator';
import type { FastifyInstance } from 'fastify';
import { type Browser, launchBrowser, type Origins, open, serve } from './chromium';

const dir = mkdtempSync(join(tmpdir(), 'arobase-browser-files-'));
const CSV = join(dir, 'export.csv');
const CONTENT = 'id,title\n1,Hello\n2,"Comma, inside"\n';
const NAMES: Record<string, string> = { ascii: 'posts.csv', unicode: 'résumé 2024 – €.csv' };

class Note {
  @IsString() text!: string;
}

@Controller()
class NavigationController {
  @Get('/', { responseClass: HTMLResponse })
  page() {
    return '<!doctype html><title>files</title><a id="ascii" href="/export/ascii">csv</a><a id="unicode" href="/export/unicode">csv</a>';
  }

  @Get('/export/:which')
  export(@Param('which') which: string) {
    return new FileResponse(CSV, { filename: NAMES[which] });
  }

  @Get('/go')
  go() {
    return new RedirectResponse('/landing');
  }

  @Get('/go/unicode')
  goUnicode() {
    return new RedirectResponse('/posts/café au lait');
  }

  @Get('/landing', { responseClass: HTMLResponse })
  landing() {
    return '<!doctype html><title>landed</title><h1>landed</h1>';
  }

  @Get('/posts/:slug')
  post(@Param('slug') slug: string) {
    return { slug };
  }

  @Post('/notes')
  notes() {
    return new RedirectResponse('/notes/echo');
  }

  @Post('/notes/echo')
  echo(@Body() note: Note) {
    return { method: 'POST', note };
  }
}

describe('browser: downloads and redirects', function () {
  this.timeout(30_000);
  let browser: Browser;
  let app: FastifyInstance;
  let origins: Origins;

  before(async () => {
    writeFileSync(CSV, CONTENT);
    app = await createApp({ controllers: [NavigationController] });
    origins = await serve(app);
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close();
    await app?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  for (const [which, name] of Object.entries(NAMES)) {
    it(`saves a FileResponse download as ${JSON.stringify(name)}, the name Content-Disposition gives`, async () => {
      const page = await open(browser, `${origins.localhost}/`);
      const [download] = await Promise.all([page.waitForEvent('download'), page.click(`#${which}`)]);
      expect(download.suggestedFilename()).to.equal(name);
      const saved = join(dir, `saved-${which}`);
      await download.saveAs(saved);
      expect(readFileSync(saved, 'utf8')).to.equal(CONTENT);
      await page.close();
    });
  }

  it('follows a redirect to the page it names', async () => {
    const page = await browser.page();
    const answer = await page.goto(`${origins.localhost}/go`);
    expect(page.url()).to.equal(`${origins.localhost}/landing`);
    expect(answer?.status()).to.equal(200);
    expect(await page.textContent('h1')).to.equal('landed');
    expect((await answer?.request().redirectedFrom()?.response())?.status()).to.equal(307);
    await page.close();
  });

  it('follows a redirect to a non-ASCII path, percent-encoded as UTF-8', async () => {
    const page = await browser.page();
    await page.goto(`${origins.localhost}/go/unicode`);
    expect(page.url()).to.equal(`${origins.localhost}/posts/caf%C3%A9%20au%20lait`);
    expect(JSON.parse((await page.textContent('body')) ?? '')).to.deep.equal({ slug: 'café au lait' });
    await page.close();
  });

  it('repeats a POST and its body through a 307, as fetch does', async () => {
    const page = await open(browser, `${origins.localhost}/`);
    const answer = await page.evaluate(async () => {
      const r = await fetch('/notes', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ text: 'kept' }),
      });
      return { redirected: r.redirected, url: new URL(r.url).pathname, body: await r.json() };
    });
    expect(answer).to.deep.equal({
      redirected: true,
      url: '/notes/echo',
      body: { method: 'POST', note: { text: 'kept' } },
    });
    await page.close();
  });
});
