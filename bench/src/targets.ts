import type { ScenarioId, ServerName } from './options';
import type { StartupResult } from './startup';

/** Medians of one scenario on one server. */
export interface ServerResult {
  rps: number[];
  p99: number[];
  medianRps: number;
  medianP99: number;
  /** median req/s over raw Fastify's; null without the baseline. */
  ratio: number | null;
}
export type ScenarioResults = Partial<Record<ScenarioId, Partial<Record<ServerName, ServerResult>>>>;

export interface Target {
  scenario: ScenarioId | 'start-up';
  goal: string;
  measured: string;
  status: 'met' | 'missed' | 'not measured';
}

/** The targets of issue 6, each against the ratio this run measured. */
export function evaluateTargets(results: ScenarioResults, startup: StartupResult | undefined): Target[] {
  const rps = (id: ScenarioId, server: ServerName) => results[id]?.[server]?.medianRps;
  const vs = (id: ScenarioId, other: ServerName, goal: string, min: number, strict = false): Target => {
    const a = rps(id, 'arobase');
    const b = rps(id, other);
    if (a === undefined || b === undefined)
      return { scenario: id, goal, measured: '—', status: 'not measured' };
    const ratio = a / b;
    const met = strict ? ratio > min : ratio >= min;
    return { scenario: id, goal, measured: `${ratio.toFixed(2)}×`, status: met ? 'met' : 'missed' };
  };
  const targets = [
    vs('A', 'fastify', 'arobase ≥ 0.95× raw Fastify req/s', 0.95),
    vs('B', 'fastify', 'arobase ≥ 0.95× raw Fastify req/s', 0.95),
    vs('C', 'fastify', 'arobase ≥ 0.90× raw Fastify (hand-written schema)', 0.9),
    vs('C', 'nest', "arobase ≥ 5× NestJS's ClassSerializerInterceptor", 5),
    vs('C', 'routing-controllers', "arobase ≥ 5× routing-controllers' classTransformer", 5),
    vs('D', 'fastify', 'arobase ≥ 0.85× raw Fastify (hand-written JSON schema)', 0.85),
    vs('D', 'nest', "arobase ahead of NestJS's ValidationPipe", 1, true),
  ];
  targets.push(
    startup === undefined
      ? {
          scenario: 'start-up',
          goal: '200 routes, 50 models: < 2× raw Fastify',
          measured: '—',
          status: 'not measured',
        }
      : {
          scenario: 'start-up',
          goal: '200 routes, 50 models: < 2× raw Fastify',
          measured: `${startup.ratio.toFixed(2)}×`,
          status: startup.ratio < 2 ? 'met' : 'missed',
        },
  );
  return targets;
}
