import { median } from './load';
import type { ScenarioId, ServerName } from './options';
import type { StartupResult } from './startup';

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
  /** Median over the rounds of raw Fastify's CPU per request over this server's (above 1: cheaper). */
  cpuRatio: number | null;
}
export type ScenarioResults = Partial<Record<ScenarioId, Partial<Record<ServerName, ServerResult>>>>;

export interface Target {
  scenario: ScenarioId | 'start-up';
  goal: string;
  measured: string;
  /** The same comparison on server CPU time per request, which a shared machine disturbs less. */
  cpu: string;
  status: 'met' | 'missed' | 'not measured';
}

/** The targets of issue 6, each against the ratio this run measured. */
export function evaluateTargets(results: ScenarioResults, startup: StartupResult | undefined): Target[] {
  const vs = (id: ScenarioId, other: ServerName, goal: string, min: number, strict = false): Target => {
    const a = results[id]?.arobase;
    const b = results[id]?.[other];
    if (a === undefined || b === undefined) {
      return { scenario: id, goal, measured: '—', cpu: '—', status: 'not measured' };
    }
    const ratio = pairedRatio(a.rps, b.rps);
    const cpu = pairedRatio(b.cpu, a.cpu);
    const met = strict ? ratio > min : ratio >= min;
    const measured = `${ratio.toFixed(2)}×`;
    return { scenario: id, goal, measured, cpu: `${cpu.toFixed(2)}×`, status: met ? 'met' : 'missed' };
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
          cpu: '—',
          status: 'not measured',
        }
      : {
          scenario: 'start-up',
          goal: '200 routes, 50 models: < 2× raw Fastify',
          measured: `${startup.ratio.toFixed(2)}×`,
          cpu: '—',
          status: startup.ratio < 2 ? 'met' : 'missed',
        },
  );
  return targets;
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
