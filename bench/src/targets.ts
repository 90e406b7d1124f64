import { pairedRatio } from './load';

export { pairedRatio };

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

type Status = 'met' | 'missed' | 'not measured';

export interface Target {
  scenario: ScenarioId | 'start-up';
  goal: string;
  /** The ratio on req/s (on time to listening for start-up), as the issue states the targets. */
  measured: string;
  status: Status;
  /** The same comparison on the server's CPU time per request (CPU used until listening for start-up). */
  cpu: string;
  cpuStatus: Status;
}

const NONE = { measured: '—', status: 'not measured', cpu: '—', cpuStatus: 'not measured' } as const;

/** The targets of issue 6, each against the ratios this run measured. */
export function evaluateTargets(results: ScenarioResults, startup: StartupResult | undefined): Target[] {
  const vs = (id: ScenarioId, other: ServerName, goal: string, min: number, strict = false): Target => {
    const a = results[id]?.arobase;
    const b = results[id]?.[other];
    if (a === undefined || b === undefined) return { scenario: id, goal, ...NONE };
    const judge = (ratio: number): Status => ((strict ? ratio > min : ratio >= min) ? 'met' : 'missed');
    const ratio = pairedRatio(a.rps, b.rps);
    // The other's CPU per request over arobase's: above 1 means arobase spends less per request.
    const cpu = pairedRatio(b.cpu, a.cpu);
    return {
      scenario: id,
      goal,
      measured: times(ratio),
      status: judge(ratio),
      cpu: times(cpu),
      cpuStatus: judge(cpu),
    };
  };
  const goal = '200 routes, 50 models: < 2× raw Fastify';
  return [
    vs('A', 'fastify', 'arobase ≥ 0.95× raw Fastify req/s', 0.95),
    vs('B', 'fastify', 'arobase ≥ 0.95× raw Fastify req/s', 0.95),
    vs('C', 'fastify', 'arobase ≥ 0.90× raw Fastify (hand-written schema)', 0.9),
    vs('C', 'nest', "arobase ≥ 5× NestJS's ClassSerializerInterceptor", 5),
    vs('C', 'routing-controllers', "arobase ≥ 5× routing-controllers' classTransformer", 5),
    vs('D', 'fastify', 'arobase ≥ 0.85× raw Fastify (hand-written JSON schema)', 0.85),
    vs('D', 'nest', "arobase ahead of NestJS's ValidationPipe", 1, true),
    startup === undefined
      ? { scenario: 'start-up', goal, ...NONE }
      : {
          scenario: 'start-up',
          goal,
          measured: times(startup.ratio),
          status: startup.ratio < 2 ? 'met' : 'missed',
          cpu: times(startup.cpuRatio),
          cpuStatus: startup.cpuRatio < 2 ? 'met' : 'missed',
        },
  ];
}

const times = (ratio: number) => `${ratio.toFixed(2)}×`;
