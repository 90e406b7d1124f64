// Headless Chromium for the browser suite: Debian's package, driven by playwright-core, which never
// downloads a browser of its own. Other suites (the /docs page, EventSource) reuse these helpers.
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { type BrowserContext, chromium, type Page } from 'playwright-core';

/** Debian's `chromium` package; `.ci/run` installs it when it is missing. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** A browser with its own fresh profile; `close()` ends it and removes the profile. */
export interface Browser {
  context: BrowserContext;
  /** A new tab. */
  page(): Promise<Page>;
  close(): Promise<void>;
}

/**
 * Starts Chromium with a fresh user-data-dir. A missing browser fails the suite with a message that
 * says how to install it: the suite never skips silently.
 */
export async function launchBrowser(executablePath = CHROMIUM_PATH): Promise<Browser> {
  if (!existsSync(executablePath)) {
    throw new Error(
      `The browser suite needs Chromium at ${executablePath}: install it with \`apt-get install -y chromium\` ` +
        '(.ci/run does) or set CHROMIUM_PATH to a Chromium executable',
    );
  }
  const profile = mkdtempSync(join(tmpdir(), 'arobase-chromium-'));
  // Third-party cookies allowed, as in Chrome's default settings (this Chromium blocks them): so that
  // what keeps a cookie off a cross-site request in these tests is its SameSite attribute alone.
  mkdirSync(join(profile, 'Default'));
  writeFileSync(
    join(profile, 'Default', 'Preferences'),
    JSON.stringify({ profile: { cookie_controls_mode: 0 } }),
  );
  const context = await chromium.launchPersistentContext(profile, {
    executablePath,
    headless: true,
    args: ARGS,
    acceptDownloads: true,
  });
  return {
    context,
    page: () => context.newPage(),
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/**
 * The two origins of one listening server: `http://localhost:PORT` and `http://127.0.0.1:PORT` are
 * different sites to a browser, so a page on one fetching the other is a cross-site request.
 */
export interface Origins {
  localhost: string;
  ip: string;
}

/** Starts `app` on the loopback interface with a free port. */
export async function serve(app: FastifyInstance): Promise<Origins> {
  await app.listen({ host: '127.0.0.1', port: 0 });
  const { port } = app.server.address() as AddressInfo;
  return { localhost: `http://localhost:${port}`, ip: `http://127.0.0.1:${port}` };
}

/** Opens a page of `browser` at `url` and waits for it to load. */
export async function open(browser: Browser, url: string): Promise<Page> {
  const page = await browser.page();
  const answer = await page.goto(url);
  if (answer === null || !answer.ok()) {
    throw new Error(`Opening ${url} answered ${answer === null ? 'nothing' : answer.status()}`);
  }
  return page;
}
