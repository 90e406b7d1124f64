import autocannon from 'autocannon';
import type { Scenario } from './scenarios';

/** One timed autocannon run against one server. */
export interface Sample {
  /** Completed requests per second over the run. */
  rps: number;
  /** 99th percentile latency, ms. */
  p99: number;
  requests: number;
}

export interface LoadOptions {
  connections: number;
  duration: number;
}

/** Runs autocannon with fixed connections and duration; any error or non-2xx answer fails the run. */
export async function load(port: number, scenario: Scenario, options: LoadOptions): Promise<Sample> {
  const result = await autocannon({
    url: `http://127.0.0.1:${port}${scenario.path}`,
    method: scenario.method,
    headers: scenario.headers,
    body: scenario.body,
    connections: options.connections,
    duration: options.duration,
    pipelining: 1,
  });
  const failed = result.errors + result.timeouts + result.non2xx;
  if (failed > 0) {
    throw new Error(
      `scenario ${scenario.id} on port ${port}: ${result.errors} errors, ${result.timeouts} timeouts, ${result.non2xx} non-2xx answers`,
    );
  }
  const seconds = result.duration > 0 ? result.duration : options.duration;
  return { rps: result.requests.total / seconds, p99: result.latency.p99, requests: result.requests.total };
}

export function median(values: number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}
