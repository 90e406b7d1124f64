import { pairedRatio } from './load';
import type { ScenarioId, ServerName } from './options';
import type { StartupResult } from './startup';
import { LARGE_APP, SMALL_APP } from './startup/spec';

/** Medians of one scenario on one server. */
export interface ServerResult {
  rps: number[];
  p99: number[];
  /** Server CPU time per request, µs. */
  cpu: number[];
  medianRps: number;
  medianP99: number;
  medianCpu: number;
  /** Median over the rounds of req/s over raw Fastify's in the same round; null without the baseline. */
  ratio: number | null;
  /** Median over the rounds of this server's CPU per request over raw Fastify's (below 1: cheaper). */
  cpuRatio: number | null;
}
export type ScenarioResults = Partial<Record<ScenarioId, Partial<Record<ServerName, ServerResult>>>>;

export type Status = 'PASS' | 'FAIL' | 'not measured';

/** One target: a ratio of costs (CPU per request, or CPU used until listening) and its bound. */
export interface Target {
  /** A scenario, or `start-up (N routes)`. */
  id: string;
  goal: string;
  /** The measured ratio, null when the run did not measure it. */
  ratio: number | null;
  limit: number;
  /** `max`: the ratio must not exceed the limit (arobase's cost over raw Fastify's); `min`: reach it. */
  bound: 'max' | 'min';
  status: Status;
  /** The same comparison on another measure, for the record: req/s, or wall-clock time to listening. */
  other: { label: string; ratio: number | null };
}

/**
 * Issue 14's targets: arobase's server CPU per request over raw Fastify's in the same rounds (median
 * of the per-round ratios), and its CPU used until listening over raw Fastify's for a small and the
 * 200-route app; then the peers' targets of issue 6 (only when they ran).
 */
export function evaluateTargets(results: ScenarioResults, startups: StartupResult[]): Target[] {
  const cost = (id: ScenarioId, limit: number): Target => {
    const a = results[id]?.arobase;
    const f = results[id]?.fastify;
    return judge(
      id,
      `server CPU per request ≤ ${limit.toFixed(2)}× raw Fastify`,
      a && f ? pairedRatio(a.cpu, f.cpu) : null,
      limit,
      'max',
      { label: 'req/s (raw Fastify over arobase)', ratio: a && f ? pairedRatio(f.rps, a.rps) : null },
    );
  };
  const peer = (id: ScenarioId, other: ServerName, what: string, limit: number): Target => {
    const a = results[id]?.arobase;
    const b = results[id]?.[other];
    return judge(
      id,
      `${what}: its CPU per request ≥ ${limit}× arobase's`,
      a && b ? pairedRatio(b.cpu, a.cpu) : null,
      limit,
      'min',
      {
        label: 'req/s (arobase over it)',
        ratio: a && b ? pairedRatio(a.rps, b.rps) : null,
      },
    );
  };
  const startup = (routes: number, limit: number): Target => {
    const s = startups.find((x) => x.size.routes === routes);
    const models = routes === LARGE_APP.routes ? `, ${LARGE_APP.models} models` : '';
    return judge(
      `start-up (${routes} routes${models})`,
      `CPU used until listening ≤ ${limit.toFixed(2)}× raw Fastify`,
      s?.cpuRatio ?? null,
      limit,
      'max',
      { label: 'time to listening', ratio: s?.ratio ?? null },
    );
  };
  return [
    cost('A', 1.03),
    cost('B', 1.03),
    cost('C', 1.0),
    cost('D', 1.05),
    startup(SMALL_APP.routes, 1.3),
    startup(LARGE_APP.routes, 1.2),
    peer('C', 'nest', "NestJS's ClassSerializerInterceptor", 5),
    peer('C', 'routing-controllers', "routing-controllers' classTransformer", 5),
    peer('D', 'nest', "NestJS's ValidationPipe", 1),
  ];
}

function judge(
  id: string,
  goal: string,
  ratio: number | null,
  limit: number,
  bound: 'max' | 'min',
  other: Target['other'],
): Target {
  const met = ratio !== null && (bound === 'max' ? ratio <= limit : ratio >= limit);
  return {
    id,
    goal,
    ratio,
    limit,
    bound,
    status: ratio === null ? 'not measured' : met ? 'PASS' : 'FAIL',
    other,
  };
}
