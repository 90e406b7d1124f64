import autocannon from 'autocannon';
import { cpuTime, type RunningServer } from './children';
import type { Scenario } from './scenarios';

/** One timed autocannon run against one server. */
export interface Sample {
  /** Completed requests per second over the run. */
  rps: number;
  /** 99th percentile latency, ms. */
  p99: number;
  requests: number;
  /** CPU time the server process spent per request, µs (user + system). */
  cpuPerRequest: number;
}

export interface LoadOptions {
  connections: number;
  duration: number;
  /** A fixed number of requests instead of a duration (a server under valgrind). */
  amount?: number;
}

/** Runs autocannon with fixed connections and duration (or amount); any error or non-2xx answer fails the run. */
export async function load(
  server: RunningServer<string>,
  scenario: Scenario,
  options: LoadOptions,
): Promise<Sample> {
  const cpuBefore = await cpuTime(server);
  const result = await autocannon({
    url: `http://127.0.0.1:${server.port}${scenario.path}`,
    method: scenario.method,
    headers: scenario.headers,
    body: scenario.body,
    connections: options.connections,
    ...(options.amount === undefined
      ? { duration: options.duration }
      : { amount: options.amount, timeout: 120 }),
    pipelining: 1,
  });
  const cpu = (await cpuTime(server)) - cpuBefore;
  const failed = result.errors + result.timeouts + result.non2xx;
  if (failed > 0) {
    throw new Error(
      `scenario ${scenario.id} on ${server.name}: ${result.errors} errors, ${result.timeouts} timeouts, ${result.non2xx} non-2xx answers`,
    );
  }
  const seconds = result.duration > 0 ? result.duration : options.duration;
  const requests = result.requests.total;
  return {
    rps: requests / seconds,
    p99: result.latency.p99,
    requests,
    cpuPerRequest: cpu / Math.max(1, requests),
  };
}

export function median(values: number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/**
 * The median of per-round ratios: the two servers of a round ran minutes apart at most, so a load
 * that drifts over the run (other work on a shared machine) cancels out better than in a ratio of
 * medians.
 */
export function pairedRatio(mine: number[], theirs: number[]): number {
  const n = Math.min(mine.length, theirs.length);
  const ratios: number[] = [];
  for (let i = 0; i < n; i++) ratios.push(mine[i] / theirs[i]);
  return median(ratios);
}

/**
 * The order of the servers in one round of one scenario: raw Fastify and arobase, whose ratio the
 * targets judge, always run back to back (who goes first alternates), the peers after them in a
 * rotating order. On this machine the CPU a request costs drifts by tens of per cent over seconds
 * (the same server, 5 s windows a few seconds apart: 34 and 63 µs/req), so the two sides of a pair
 * must run as close in time as they can.
 */
export function roundOrder<T extends { name: string }>(servers: readonly T[], turn: number): T[] {
  const pair = servers.filter((s) => s.name === 'fastify' || s.name === 'arobase');
  const peers = servers.filter((s) => !pair.includes(s));
  if (turn % 2 === 1) pair.reverse();
  const shift = peers.length === 0 ? 0 : turn % peers.length;
  return [...pair, ...peers.slice(shift), ...peers.slice(0, shift)];
}
