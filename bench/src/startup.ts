import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { median, pairedRatio } from './load';
import type { AppSize, StartupReport } from './startup/spec';

const run = promisify(execFile);

export type StartupApp = 'fastify' | 'arobase';

/** One app's medians, ms since its process started. */
export interface StartupMedians {
  loaded: number;
  ready: number;
  build: number;
  /** CPU time used by the time it listened. */
  cpu: number;
  each: { loaded: number; ready: number; cpu: number }[];
}

export interface StartupResult {
  size: AppSize;
  runs: number;
  apps: Record<StartupApp, StartupMedians>;
  /** arobase / fastify, on the time to listening (process start included): median of the per-run ratios. */
  ratio: number;
  /** arobase / fastify, on building and listening only (modules already loaded), likewise. */
  buildRatio: number;
  /** arobase / fastify, on the CPU time used until listening, likewise. */
  cpuRatio: number;
}

/** The start-up child of `app` and its arguments for an app of `size` (the same with --serve). */
export function startupApp(app: StartupApp, size: AppSize): [string, string[]] {
  return [
    join(__dirname, 'startup', `${app}-app.js`),
    ['--routes', String(size.routes), '--models', String(size.models)],
  ];
}

async function once(app: StartupApp, size: AppSize): Promise<StartupReport> {
  const [file, args] = startupApp(app, size);
  const { stdout } = await run(process.execPath, [file, ...args], { timeout: 120_000 });
  const lines = stdout.trim().split('\n');
  return JSON.parse(lines[lines.length - 1]) as StartupReport;
}

/**
 * Starts each app `runs` times, alternating, each in a fresh process (cold modules, cold JIT), and
 * checks both registered every route and answer the same bytes.
 */
export async function measureStartup(
  runs: number,
  size: AppSize,
  log: (line: string) => void,
): Promise<StartupResult> {
  const samples: Record<StartupApp, StartupReport[]> = { fastify: [], arobase: [] };
  for (let i = 0; i < runs; i++) {
    const order: StartupApp[] = i % 2 === 0 ? ['fastify', 'arobase'] : ['arobase', 'fastify'];
    for (const app of order) {
      const report = await once(app, size);
      samples[app].push(report);
      log(
        `  start-up (${size.routes} routes) ${i + 1}/${runs} ${app.padEnd(8)} listening after ${report.ready.toFixed(0)} ms (modules ${report.loaded.toFixed(0)} ms, CPU ${report.cpu.toFixed(0)} ms)`,
      );
    }
  }
  const [f, a] = [samples.fastify[0], samples.arobase[0]];
  if (f.routes !== size.routes || a.routes !== size.routes)
    throw new Error(`start-up apps registered ${f.routes} and ${a.routes} routes, not ${size.routes}`);
  if (f.sample !== a.sample) {
    throw new Error(
      `start-up apps answer differently:\n  fastify: ${f.sample.slice(0, 300)}\n  arobase: ${a.sample.slice(0, 300)}`,
    );
  }
  const summary = (list: StartupReport[]) => ({
    loaded: median(list.map((s) => s.loaded)),
    ready: median(list.map((s) => s.ready)),
    build: median(list.map((s) => s.ready - s.loaded)),
    cpu: median(list.map((s) => s.cpu)),
    each: list.map(({ loaded, ready, cpu }) => ({ loaded, ready, cpu })),
  });
  const apps = { fastify: summary(samples.fastify), arobase: summary(samples.arobase) };
  return {
    size,
    runs,
    apps,
    ratio: pairedRatio(
      samples.arobase.map((s) => s.ready),
      samples.fastify.map((s) => s.ready),
    ),
    buildRatio: pairedRatio(
      samples.arobase.map((s) => s.ready - s.loaded),
      samples.fastify.map((s) => s.ready - s.loaded),
    ),
    cpuRatio: pairedRatio(
      samples.arobase.map((s) => s.cpu),
      samples.fastify.map((s) => s.cpu),
    ),
  };
}
