import { join } from 'node:path';
import { type RunningServer, startProcess, stopServer } from '../children';
import { expectedBodies, HELLO } from '../fixtures';
import { load, median, pairedRatio } from '../load';
import type { BenchOptions } from '../options';
import { type Scenario, scenario } from '../scenarios';
import { measureStartup, startupApp } from '../startup';
import { type AppSize, sampleUrl } from '../startup/spec';
import { verifyScenario } from '../verify';
import { workBody } from './work';

/** A server of one point of an axis: its name in the report, its script and arguments. */
interface Contender {
  name: 'fastify' | 'arobase' | 'nest';
  file: string;
  args: string[];
}

/** One point of an axis: the size of the work and what it is run on. */
interface Point {
  size: number;
  contenders: Contender[];
  scenario: Scenario;
  connections?: number;
  /** The routes axis also measures start-up at this point. */
  startup?: AppSize;
}

export interface Axis {
  id: string;
  /** What grows, as the table and the chart say it. */
  label: string;
  points: Point[];
}

/** What one point measured: each server's CPU per request and p99, and its ratio to raw Fastify. */
export interface PointResult {
  size: number;
  connections: number;
  servers: Record<string, { cpu: number; p99: number; ratio: number }>;
  /** CPU used until listening, arobase over raw Fastify (the routes axis). */
  startupRatio?: number;
  startupCpu?: { fastify: number; arobase: number };
}

export interface AxisResult {
  id: string;
  label: string;
  points: PointResult[];
}

const SERVERS = join(__dirname, '..', 'servers');
const server = (name: Contender['name'], args: string[] = []): Contender => ({
  name,
  file: join(SERVERS, `${name}.js`),
  args,
});
const work = (name: 'fastify' | 'arobase', middleware: number, dependencies: number): Contender => ({
  name,
  file: join(__dirname, `work-${name}.js`),
  args: ['--middleware', String(middleware), '--dependencies', String(dependencies)],
});
const app = (name: 'fastify' | 'arobase', size: AppSize): Contender => {
  const [file, args] = startupApp(name, size);
  return { name, file, args: [...args, '--serve'] };
};

const workScenario = (dependencies: number): Scenario => ({
  id: 'A',
  title: 'GET /work',
  method: 'GET',
  path: '/work',
  expected: { status: 200, body: workBody(dependencies) },
});

/** The axes of issue 14, each a list of points from the least work to the most. */
export function axes(): Axis[] {
  const posts = [5, 50, 500];
  const routes = [10, 200, 2000];
  return [
    {
      id: 'posts',
      label: 'nested posts in the model (scenario C)',
      points: posts.map((n) => ({
        size: n,
        contenders: (['fastify', 'arobase', 'nest'] as const).map((name) =>
          server(name, ['--posts', String(n)]),
        ),
        scenario: { ...scenario('C'), expected: { status: 200, body: expectedBodies(n).C } },
      })),
    },
    {
      id: 'routes',
      label: 'routes in the app (start-up, and a request to one of them)',
      points: routes.map((n) => {
        const size = { routes: n, models: Math.min(50, n) };
        return {
          size: n,
          contenders: [app('fastify', size), app('arobase', size)],
          // The sample route's answer is what both apps compute from the same spec.
          scenario: {
            id: 'A',
            title: 'a route of the app',
            method: 'GET',
            path: sampleUrl(size),
            expected: { status: 200, body: undefined },
          },
          startup: size,
        } satisfies Point;
      }),
    },
    {
      id: 'middleware',
      label: 'middleware on the route (pass-through)',
      points: [0, 1, 3, 10].map((n) => ({
        size: n,
        contenders: [work('fastify', n, 0), work('arobase', n, 0)],
        scenario: workScenario(0),
      })),
    },
    {
      id: 'dependencies',
      label: 'dependencies of the route (function providers)',
      points: [0, 1, 5].map((n) => ({
        size: n,
        contenders: [work('fastify', 0, n), work('arobase', 0, n)],
        scenario: workScenario(n),
      })),
    },
    {
      id: 'connections',
      label: 'concurrent connections (scenario A)',
      points: [50, 500].map((n) => ({
        size: n,
        connections: n,
        contenders: [server('fastify'), server('arobase'), server('nest')],
        scenario: { ...scenario('A'), expected: { status: 200, body: HELLO } },
      })),
    },
  ];
}

/**
 * `--scaling`: each point of each axis on its own servers, interleaved rounds as in the main run,
 * as CPU per request over raw Fastify's (median of the per-round ratios); p99 beside it.
 */
export async function scaling(
  options: BenchOptions,
  log: (line: string) => void,
  only?: string[],
): Promise<AxisResult[]> {
  const out: AxisResult[] = [];
  for (const axis of axes()) {
    if (only !== undefined && !only.includes(axis.id)) continue;
    const result: AxisResult = { id: axis.id, label: axis.label, points: [] };
    for (const point of axis.points) {
      const measured = await measurePoint(point, options);
      if (point.startup !== undefined) {
        const s = await measureStartup(Math.min(options.startupRuns, 5), point.startup, () => {});
        measured.startupRatio = s.cpuRatio;
        measured.startupCpu = { fastify: s.apps.fastify.cpu, arobase: s.apps.arobase.cpu };
      }
      result.points.push(measured);
      const ratios = Object.entries(measured.servers)
        .filter(([name]) => name !== 'fastify')
        .map(([name, r]) => `${name} ${r.ratio.toFixed(2)}× (p99 ${r.p99} ms)`)
        .join(', ');
      log(
        `scaling: ${axis.id} ${point.size}: ${ratios}${measured.startupRatio === undefined ? '' : `; start-up CPU ${measured.startupRatio.toFixed(2)}×`}`,
      );
    }
    out.push(result);
  }
  return out;
}

async function measurePoint(point: Point, options: BenchOptions): Promise<PointResult> {
  const servers: RunningServer<string>[] = [];
  const connections = point.connections ?? options.connections;
  const cpu = new Map<string, number[]>();
  const p99 = new Map<string, number[]>();
  try {
    for (const c of point.contenders)
      servers.push(await startProcess(c.name, c.file, c.args, { timeoutMs: 120_000 }));
    await verifyScenario(point.scenario, servers);
    for (const s of servers) await load(s, point.scenario, { connections, duration: options.warmup || 1 });
    for (let round = 0; round < options.rounds; round++) {
      const shift = round % servers.length;
      for (const s of [...servers.slice(shift), ...servers.slice(0, shift)]) {
        const sample = await load(s, point.scenario, { connections, duration: options.duration });
        cpu.set(s.name, [...(cpu.get(s.name) ?? []), sample.cpuPerRequest]);
        p99.set(s.name, [...(p99.get(s.name) ?? []), sample.p99]);
      }
    }
  } finally {
    await Promise.all(servers.map(stopServer));
  }
  const base = cpu.get('fastify')!;
  const result: PointResult = { size: point.size, connections, servers: {} };
  for (const s of servers) {
    result.servers[s.name] = {
      cpu: median(cpu.get(s.name)!),
      p99: median(p99.get(s.name)!),
      ratio: pairedRatio(cpu.get(s.name)!, base),
    };
  }
  return result;
}
