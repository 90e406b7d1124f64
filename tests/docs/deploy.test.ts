// docs/deploy.md: its createApp example runs as written, and its tables say what the blog's CLI does.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Controller, createApp, Get, Req } from '@arobase/core';
import { buildProgram } from '@arobase/sample-blog/dist/src/cli/main';
import { serverTimeouts } from '@arobase/sample-blog/dist/src/cli/timeouts';
import { expect } from 'chai';
import type { FastifyRequest } from 'fastify';

const page = readFileSync(join(__dirname, '..', '..', '..', 'docs', 'deploy.md'), 'utf8');

@Controller('/whoami')
class WhoAmI {
  @Get('/')
  who(@Req() request: FastifyRequest) {
    return { ip: request.ip, protocol: request.protocol };
  }
}

/** The page's table row for `name`, as its cells. */
function row(name: string): string[] {
  const line = page.split('\n').find((l) => l.startsWith(`| \`${name}\``));
  expect(line, `docs/deploy.md has a row for ${name}`).to.be.a('string');
  return line!.split('|').map((cell) => cell.trim());
}

describe('docs/deploy.md', () => {
  it("runs its createApp example: the timeouts reach Node's server, and trustProxy reads X-Forwarded-*", async () => {
    const example = /```ts\n(async function main\(\) \{[\s\S]*?)```/.exec(page)![1];
    expect(example).to.contain(
      "fastify: { requestTimeout: 30_000, keepAliveTimeout: 65_000, connectionTimeout: 120_000, trustProxy: '10.0.0.0/8' },",
    );
    expect(example).to.contain('app.server.headersTimeout = 10_000;');
    const controllers = [WhoAmI];
    const app = await createApp({
      controllers,
      fastify: {
        requestTimeout: 30_000,
        keepAliveTimeout: 65_000,
        connectionTimeout: 120_000,
        trustProxy: '10.0.0.0/8',
      },
    });
    app.server.headersTimeout = 10_000;
    try {
      expect(app.server.requestTimeout).to.equal(30_000);
      expect(app.server.keepAliveTimeout).to.equal(65_000);
      expect(app.server.timeout).to.equal(120_000);
      const headers = { 'x-forwarded-for': '203.0.113.7', 'x-forwarded-proto': 'https' };
      const viaProxy = await app.inject({ url: '/whoami', remoteAddress: '10.0.0.5', headers });
      expect(viaProxy.json()).to.deep.equal({ ip: '203.0.113.7', protocol: 'https' });
      // From an address that is not the proxy, the same headers are a client's claim: ignored.
      const direct = await app.inject({ url: '/whoami', remoteAddress: '198.51.100.2', headers });
      expect(direct.json()).to.deep.equal({ ip: '198.51.100.2', protocol: 'http' });
    } finally {
      await app.close();
    }
  });

  it("states the blog's timeouts as the CLI sets them", () => {
    const serve = buildProgram().commands.find((c) => c.name() === 'serve')!;
    const flag = (name: string) => serve.options.find((o) => o.long === name)!.defaultValue as number;
    const set = serverTimeouts({
      requestTimeout: flag('--request-timeout'),
      keepAliveTimeout: flag('--keep-alive-timeout'),
    });
    const seconds = (ms: number) => `${ms / 1000} s`;
    expect(row('requestTimeout')[2]).to.equal(seconds(set.requestTimeout!));
    expect(row('headersTimeout')[2]).to.match(new RegExp(`^${seconds(set.http!.headersTimeout!)}`));
    expect(row('keepAliveTimeout')[2]).to.equal(seconds(set.keepAliveTimeout!));
    expect(row('connectionTimeout')[2]).to.equal(seconds(set.connectionTimeout!));
    expect(row('connectionsCheckingInterval')[2]).to.equal(seconds(set.http!.connectionsCheckingInterval!));
    expect(row('--grace')[2]).to.equal(`${flag('--grace')} s`);
    expect(page).to.contain(`(default ${flag('--pool')})`);
  });
});
