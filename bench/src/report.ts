import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { BenchOptions, ServerName } from './options';
import type { HotFunction } from './profile';
import { SCENARIO_LIST } from './scenarios';
import type { StartupMedians, StartupResult } from './startup';
import type { ScenarioResults, Target } from './targets';

export interface Results {
  date: string;
  options: BenchOptions;
  machine: {
    node: string;
    cpus: number;
    cpu: string;
    loadAverageAtStart: number[];
    loadAverageAtEnd: number[];
    note: string;
  };
  frameworks: Partial<Record<ServerName, string>>;
  /** Headers left out of the identity check, with the reason. */
  ignoredHeaders: Record<string, string>;
  checks: string[];
  scenarios: ScenarioResults;
  startup: StartupResult | undefined;
  targets: Target[];
  /** With --profile: each server's profile file and hottest functions. */
  profiles: Partial<Record<ServerName, { file: string; top: HotFunction[] }>>;
}

export const MACHINE_NOTE =
  '2 cores shared with other work (the load generator and the server share them too): ratios between servers measured in the same run matter, absolute numbers are noise.';

const BEGIN = '<!-- bench:results:begin (written by npm run bench; do not edit by hand) -->';
const END = '<!-- bench:results:end -->';

/** Writes latest.json and the README section; returns the section as Biome formatted it. */
export function writeResults(
  benchDir: string,
  results: Results,
): { json: string; readme: string; section: string } {
  const dir = join(benchDir, 'results');
  mkdirSync(dir, { recursive: true });
  const json = join(dir, 'latest.json');
  writeFileSync(json, `${JSON.stringify(results, null, 2)}\n`);

  const readme = join(benchDir, 'README.md');
  const text = existsSync(readme) ? readFileSync(readme, 'utf8') : '# Benchmarks\n';
  const fresh = `${BEGIN}\n${markdown(results)}\n${END}`;
  const start = text.indexOf(BEGIN);
  const end = text.indexOf(END);
  const next =
    start >= 0 && end > start
      ? text.slice(0, start) + fresh + text.slice(end + END.length)
      : `${text.trimEnd()}\n\n## Latest results\n\n${fresh}\n`;
  writeFileSync(readme, next);
  formatMarkdown(readme);
  const formatted = readFileSync(readme, 'utf8');
  const section = formatted.slice(formatted.indexOf(BEGIN) + BEGIN.length, formatted.indexOf(END)).trim();
  return { json, readme, section };
}

/**
 * Biome 2.6+ formats markdown too (it aligns table columns): let the workspace's Biome format the
 * file, so `npm run lint` stays clean after a run whichever version is pinned (2.5 leaves it alone).
 */
function formatMarkdown(file: string): void {
  const root = dirname(dirname(file));
  try {
    const biome = join(
      dirname(require.resolve('@biomejs/biome/package.json', { paths: [root] })),
      'bin',
      'biome',
    );
    execFileSync(process.execPath, [biome, 'format', '--write', '--no-errors-on-unmatched', file], {
      cwd: root,
      stdio: 'ignore',
    });
  } catch (error) {
    console.warn(`bench: could not format ${file} with Biome: ${(error as Error).message}`);
  }
}

const load = (averages: number[]) => averages.map((l) => l.toFixed(2)).join(' ');

const times = (ratio: number | null) => (ratio === null ? '—' : `${ratio.toFixed(2)}×`);

const fmt = (n: number, digits = 0) =>
  Number.isFinite(n)
    ? n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits })
    : '—';

/** A markdown table with its columns padded, as Biome's markdown formatter lays them out. */
export function table(head: string[], right: boolean[], rows: string[][]): string[] {
  const widths = head.map((h, i) => Math.max(3, h.length, ...rows.map((r) => r[i].length)));
  const cells = (row: string[]) =>
    `| ${row.map((c, i) => (right[i] ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join(' | ')} |`;
  const rule = `| ${widths.map((w, i) => (right[i] ? `${'-'.repeat(w - 1)}:` : '-'.repeat(w))).join(' | ')} |`;
  return [cells(head), rule, ...rows.map(cells)];
}

export function markdown(results: Results): string {
  const { options, machine } = results;
  const lines: string[] = [
    `Run of ${results.date} on Node ${machine.node}, ${machine.cpus} × ${machine.cpu}; load average ${load(machine.loadAverageAtStart)} at the start, ${load(machine.loadAverageAtEnd)} at the end.`,
    `${options.quick ? 'Quick run: ' : ''}${options.rounds} rounds × ${options.duration} s per server and scenario after a ${options.warmup} s warm-up, ${options.connections} connections, servers interleaved. req/s, p99 and CPU are medians over the rounds; each × raw Fastify is the median of the per-round ratios.`,
    '',
    `> **Machine note:** ${machine.note}`,
    '',
  ];
  const measured = SCENARIO_LIST.filter((s) => results.scenarios[s.id] !== undefined);
  if (measured.length > 0) {
    const rows: string[][] = [];
    for (const scenario of measured) {
      for (const [server, r] of Object.entries(results.scenarios[scenario.id]!)) {
        rows.push([
          scenario.id,
          server,
          fmt(r.medianRps),
          fmt(r.medianP99, 1),
          times(r.ratio),
          fmt(r.medianCpu, 1),
          times(r.cpuRatio),
        ]);
      }
    }
    lines.push(
      ...table(
        [
          'Scenario',
          'Server',
          'req/s',
          'p99 (ms)',
          '× raw Fastify',
          'server CPU µs/req',
          '× raw Fastify (CPU)',
        ],
        [false, false, true, true, true, true, true],
        rows,
      ),
      '',
      ...measured.map((s) => `- ${s.id}: ${s.title}`),
      '',
    );
  }
  if (results.startup !== undefined) {
    const { apps, runs, ratio, buildRatio, cpuRatio } = results.startup;
    const row = (name: string, app: StartupMedians, ratios: string[]) => [
      name,
      fmt(app.loaded),
      fmt(app.ready),
      fmt(app.build),
      fmt(app.cpu),
      ...ratios,
    ];
    lines.push(
      `Start-up of an app with 200 routes and 50 models (median of ${runs} fresh processes each; ms since the process started):`,
      '',
      ...table(
        [
          'App',
          'modules loaded',
          'listening',
          'build + listen',
          'CPU used',
          '× raw Fastify',
          '× (build)',
          '× (CPU)',
        ],
        [false, true, true, true, true, true, true, true],
        [
          row('raw Fastify', apps.fastify, ['1.00×', '1.00×', '1.00×']),
          row('arobase', apps.arobase, [times(ratio), times(buildRatio), times(cpuRatio)]),
        ],
      ),
      '',
    );
  }
  lines.push(
    'Targets (issue 6). The issue states them on req/s (on time to listening for start-up); the CPU columns make the same comparison on the server CPU time per request (on CPU used until listening), which the other work on the machine disturbs less:',
    '',
    ...table(
      ['Scenario', 'Target', 'req/s ratio', 'status', 'CPU ratio', 'status (CPU)'],
      [false, false, true, false, true, false],
      results.targets.map((t) => [t.scenario, t.goal, t.measured, t.status, t.cpu, t.cpuStatus]),
    ),
    '',
    'Servers:',
    '',
    ...Object.entries(results.frameworks).map(([server, framework]) => `- ${server}: ${framework}`),
  );
  return lines.join('\n');
}
