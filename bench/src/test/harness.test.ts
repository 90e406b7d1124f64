// The harness's own logic, without any framework: `npm test --prefix bench` (after a bench build).
import { deepStrictEqual, ok, rejects, strictEqual, throws } from 'node:assert';
import { createServer, type OutgoingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, describe, it } from 'node:test';
import type { RunningServer } from '../children';
import { pairedRatio, roundOrder } from '../load';
import { parseOptions, UsageError } from '../options';
import { table } from '../report';
import { scalingChart } from '../scaling/chart';
import { scenario } from '../scenarios';
import { evaluateTargets, type ServerResult } from '../targets';
import { MismatchError, verifyScenario } from '../verify';

describe('parseOptions', () => {
  it('runs everything by default, with the baseline first', () => {
    const o = parseOptions([]);
    deepStrictEqual(o.scenarios, ['A', 'B', 'C', 'D']);
    deepStrictEqual(o.servers, ['fastify', 'arobase', 'nest', 'routing-controllers']);
    strictEqual(o.rounds, 15);
    strictEqual(o.duration, 2);
    strictEqual(o.startupRuns, 15);
  });

  it('--quick shortens every phase, and explicit flags still win', () => {
    const o = parseOptions(['--quick', '--rounds', '2']);
    strictEqual(o.rounds, 2);
    strictEqual(o.duration, 1);
    strictEqual(o.startupRuns, 5);
  });

  it('--only picks scenarios, and start-up only when named', () => {
    const o = parseOptions(['--only', 'C,A']);
    deepStrictEqual(o.scenarios, ['C', 'A']);
    strictEqual(o.startupRuns, 0);
    const s = parseOptions(['--only=startup', '--startup-runs=3']);
    deepStrictEqual(s.scenarios, []);
    strictEqual(s.startupRuns, 3);
  });

  it('--servers keeps fastify first whatever the order given', () => {
    deepStrictEqual(parseOptions(['--servers', 'nest,fastify']).servers, ['fastify', 'nest']);
  });

  it('refuses what it does not know', () => {
    throws(() => parseOptions(['--turbo']), UsageError);
    throws(() => parseOptions(['--only', 'E']), UsageError);
    throws(() => parseOptions(['--rounds', '0']), UsageError);
    throws(() => parseOptions(['--rounds', '1.5']), UsageError);
    throws(() => parseOptions(['--duration']), UsageError);
  });
});

describe('ratios and targets', () => {
  it('pairedRatio is the median of the per-round ratios', () => {
    strictEqual(pairedRatio([90, 50, 100], [100, 100, 100]), 0.9);
  });

  const result = (rps: number[], cpu: number[]): ServerResult => ({
    rps,
    p99: [],
    cpu,
    medianRps: 0,
    medianP99: 0,
    medianCpu: 0,
    ratio: null,
    cpuRatio: null,
  });

  it('judges each target on the CPU ratio, the bound included, and skips what did not run', () => {
    const targets = evaluateTargets(
      {
        A: { fastify: result([100], [10]), arobase: result([96], [10.3]) },
        B: { fastify: result([100], [10]), arobase: result([96], [10.4]) },
        D: { fastify: result([100], [10]), arobase: result([50], [20]), nest: result([50], [20]) },
      },
      [],
    );
    const byId = (id: string, goal = '') => targets.find((t) => t.id === id && t.goal.includes(goal))!;
    deepStrictEqual([byId('A').status, byId('A').ratio], ['PASS', 1.03]);
    strictEqual(byId('A').other.ratio, 100 / 96);
    strictEqual(byId('B').status, 'FAIL');
    strictEqual(byId('C').status, 'not measured');
    strictEqual(byId('D', 'raw Fastify').status, 'FAIL');
    // Equal to NestJS's cost reaches a bound of 1×.
    strictEqual(byId('D', 'NestJS').status, 'PASS');
    strictEqual(
      targets.filter((t) => t.id.startsWith('start-up')).every((t) => t.status === 'not measured'),
      true,
    );
  });
});

describe('roundOrder', () => {
  const servers = ['fastify', 'arobase', 'nest', 'routing-controllers'].map((name) => ({ name }));
  const names = (turn: number) => roundOrder(servers, turn).map((s) => s.name);

  it('runs raw Fastify and arobase back to back, alternating who goes first, and rotates the peers after them', () => {
    deepStrictEqual(names(0), ['fastify', 'arobase', 'nest', 'routing-controllers']);
    deepStrictEqual(names(1), ['arobase', 'fastify', 'routing-controllers', 'nest']);
    deepStrictEqual(names(2), ['fastify', 'arobase', 'nest', 'routing-controllers']);
  });

  it('keeps every server once, whatever is running', () => {
    deepStrictEqual(
      roundOrder([{ name: 'fastify' }, { name: 'nest' }], 1).map((s) => s.name),
      ['fastify', 'nest'],
    );
    deepStrictEqual(
      roundOrder([{ name: 'arobase' }, { name: 'fastify' }], 3).map((s) => s.name),
      ['fastify', 'arobase'],
    );
  });
});

describe('table', () => {
  it('pads columns and marks right-aligned ones as Biome does', () => {
    deepStrictEqual(table(['a', 'value'], [false, true], [['long name', '1']]), [
      '| a         | value |',
      '| --------- | ----: |',
      '| long name |     1 |',
    ]);
  });
});

describe('verifyScenario', () => {
  const servers: Server[] = [];
  after(() => {
    for (const s of servers) s.close();
  });

  async function serve(name: string, headers: OutgoingHttpHeaders, body: string): Promise<RunningServer> {
    const server = createServer((_req, res) => {
      res.writeHead(200, { date: new Date().toUTCString(), ...headers });
      res.end(body);
    });
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return { name, port: (server.address() as AddressInfo).port } as unknown as RunningServer;
  }

  const json = 'application/json; charset=utf-8';
  const cookies = ['session=abc123; Path=/; HttpOnly; Secure; SameSite=Lax'];

  it('passes identical answers and tolerates cookie attributes in another order', async () => {
    const a = await serve('fastify', { 'content-type': json, 'set-cookie': cookies }, '{"ok":true}');
    const b = await serve(
      'arobase',
      { 'content-type': json, 'set-cookie': ['session=abc123; SameSite=Lax; Secure; HttpOnly; Path=/'] },
      '{"ok":true}',
    );
    const notes = await verifyScenario({ ...scenario('B'), path: '/' }, [a, b]);
    strictEqual(notes.length, 1);
    ok(notes[0].includes('spelling only'));
  });

  it('fails on a header, a cookie attribute or a byte that differs', async () => {
    const a = await serve('fastify', { 'content-type': json, 'set-cookie': cookies }, '{"ok":true}');
    const b = await serve(
      'nest',
      {
        'content-type': json,
        'x-extra': '1',
        'set-cookie': ['session=abc123; Path=/; HttpOnly; SameSite=Lax'],
      },
      '{"ok": true}',
    );
    await rejects(verifyScenario({ ...scenario('B'), path: '/' }, [a, b]), (error: Error) => {
      ok(error instanceof MismatchError);
      ok(error.message.includes('header x-extra'));
      ok(error.message.includes('Set-Cookie'));
      ok(error.message.includes('byte for byte'));
      return true;
    });
  });
});

describe('modes', () => {
  it('--scaling and --anatomy run shorter points, and refuse what does not go with them', () => {
    const s = parseOptions(['--scaling', '--axes', 'posts,routes']);
    deepStrictEqual([s.mode, s.rounds, s.duration, s.startupRuns], ['scaling', 3, 2, 3]);
    deepStrictEqual(s.axes, ['posts', 'routes']);
    strictEqual(parseOptions(['--anatomy']).mode, 'anatomy');
    throws(() => parseOptions(['--scaling', '--callgrind']), UsageError);
    throws(() => parseOptions(['--anatomy', '--scaling']), UsageError);
    throws(() => parseOptions(['--scaling', '--axes', 'colours']), UsageError);
  });

  it('--quick runs raw Fastify and arobase only, without the 1 MB body', () => {
    const q = parseOptions(['--quick']);
    deepStrictEqual(q.servers, ['fastify', 'arobase']);
    strictEqual(q.bigBody, false);
    strictEqual(parseOptions([]).bigBody, true);
    strictEqual(parseOptions(['--only', 'bigbody']).scenarios.length, 0);
  });
});

describe('scalingChart', () => {
  const point = (size: number, arobase: number, nest?: number) => ({
    size,
    connections: 50,
    servers: {
      fastify: { cpu: 10, p99: 1, ratio: 1 },
      arobase: { cpu: 10 * arobase, p99: 1, ratio: arobase },
      ...(nest === undefined ? {} : { nest: { cpu: 10 * nest, p99: 2, ratio: nest } }),
    },
  });

  it('draws one line per axis for arobase, and NestJS dashed beside it where it ran', () => {
    const svg = scalingChart(
      [
        { id: 'posts', label: 'posts', points: [point(5, 1.1, 6), point(50, 1, 8)] },
        { id: 'middleware', label: 'middleware', points: [point(0, 1), point(10, 1.2)] },
      ],
      'a <title>',
    );
    ok(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"'));
    strictEqual(svg.match(/<polyline /g)?.length, 3);
    strictEqual(svg.match(/stroke-dasharray/g)?.length, 2); // NestJS's line and its legend
    ok(svg.includes('a &lt;title&gt;'));
    ok(svg.includes('>NestJS: posts<'));
  });
});
