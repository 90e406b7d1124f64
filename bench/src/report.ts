import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { BIG_BODY_TITLE, type BigBodyRow } from './bigbody';
import type { BenchOptions, ScenarioId, ServerName } from './options';
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
  startup: StartupResult[];
  /** With --callgrind: instructions per request (V8's optimising compilers left out) on each scenario. */
  instructions: Partial<
    Record<
      ScenarioId,
      { fastify: number; arobase: number; ratio: number; before?: number; beforeRatio?: number }
    >
  >;
  /** The 1 MB body of 125,000 keys, on each input path. */
  bigBody: BigBodyRow[] | undefined;
  targets: Target[];
  /** With --profile: each server's profile file and hottest functions. */
  profiles: Partial<Record<ServerName, { file: string; top: HotFunction[] }>>;
}

export const MACHINE_NOTE =
  '2 cores shared with other work (the load generator and the server share them too): ratios between servers measured in the same run matter, absolute numbers are noise.';

/** Writes latest.json and the README section; returns the section as Biome formatted it. */
export function writeResults(
  benchDir: string,
  results: Results,
): { json: string; readme: string; section: string } {
  const dir = join(benchDir, 'results');
  mkdirSync(dir, { recursive: true });
  const json = join(dir, 'latest.json');
  writeFileSync(json, `${JSON.stringify(results, null, 2)}\n`);

  const { readme, section } = replaceSection(benchDir, 'results', 'Latest results', markdown(results));
  return { json, readme, section };
}

/**
 * Replaces the README's section NAME (between its begin and end markers) with `body`, or appends it
 * under `heading`; returns the section as Biome formatted it.
 */
export function replaceSection(
  benchDir: string,
  name: string,
  heading: string,
  body: string,
): { readme: string; section: string } {
  const begin = `<!-- bench:${name}:begin (written by npm run bench; do not edit by hand) -->`;
  const end = `<!-- bench:${name}:end -->`;
  const readme = join(benchDir, 'README.md');
  const text = existsSync(readme) ? readFileSync(readme, 'utf8') : '# Benchmarks\n';
  const fresh = `${begin}\n${body}\n${end}`;
  const start = text.indexOf(begin);
  const stop = text.indexOf(end);
  const next =
    start >= 0 && stop > start
      ? text.slice(0, start) + fresh + text.slice(stop + end.length)
      : `${text.trimEnd()}\n\n## ${heading}\n\n${fresh}\n`;
  writeFileSync(readme, next);
  formatMarkdown(readme);
  const formatted = readFileSync(readme, 'utf8');
  const section = formatted.slice(formatted.indexOf(begin) + begin.length, formatted.indexOf(end)).trim();
  return { readme, section };
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
    `${options.quick ? 'Quick run: ' : ''}${options.rounds} rounds × ${options.duration} s per server and scenario after a ${options.warmup} s warm-up, ${options.connections} connections, servers interleaved. req/s, p99 and CPU are medians over the rounds; each × raw Fastify is the median of the per-round ratios (req/s: above 1 is faster; CPU per request: below 1 is cheaper).`,
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
          'CPU × raw Fastify',
        ],
        [false, false, true, true, true, true, true],
        rows,
      ),
      '',
      ...measured.map((s) => `- ${s.id}: ${s.title}`),
      '',
    );
  }
  for (const { apps, runs, ratio, buildRatio, cpuRatio, size } of results.startup) {
    const row = (name: string, app: StartupMedians, ratios: string[]) => [
      name,
      fmt(app.loaded),
      fmt(app.ready),
      fmt(app.build),
      fmt(app.cpu),
      ...ratios,
    ];
    lines.push(
      `Start-up of an app with ${size.routes} routes and ${size.models} model${size.models === 1 ? '' : 's'} (median of ${runs} fresh processes each; ms since the process started):`,
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
  const counted = Object.entries(results.instructions);
  if (counted.length > 0) {
    lines.push(
      "Instructions per request under valgrind (callgrind; V8's optimising compilers left out; median of three windows), which the machine's other load does not move:",
      '',
      ...table(
        ['Scenario', 'raw Fastify', 'arobase', '× raw Fastify', 'arobase before', '× (before)'],
        [false, true, true, true, true, true],
        counted.map(([id, c]) => [
          id,
          fmt(c!.fastify),
          fmt(c!.arobase),
          `${c!.ratio.toFixed(3)}×`,
          c!.before === undefined ? '—' : fmt(c!.before),
          c!.beforeRatio === undefined ? '—' : `${c!.beforeRatio.toFixed(3)}×`,
        ]),
      ),
      '',
    );
  }
  if (results.bigBody !== undefined) {
    lines.push(
      `${BIG_BODY_TITLE}:`,
      '',
      ...table(
        ['Path', 'ms per request', 'server CPU ms', '× raw Fastify (CPU)'],
        [false, true, true, true],
        results.bigBody.map((r) => [r.label, fmt(r.ms), fmt(r.cpuMs), times(r.ratio)]),
      ),
      '',
    );
  }
  lines.push(
    "Targets (issue 14): arobase's server CPU per request over raw Fastify's in the same rounds (median of the per-round ratios), its CPU used until listening over raw Fastify's; then the peers' targets of issue 6 where they ran. The last column makes the same comparison on req/s (on the time to listening), for the record:",
    '',
    ...table(
      ['Target', 'Goal', 'measured', 'status', 'other measure', 'ratio'],
      [false, false, true, false, false, true],
      results.targets.map((t) => [
        t.id,
        t.goal,
        times(t.ratio),
        t.status,
        t.other.label,
        times(t.other.ratio),
      ]),
    ),
    '',
    'Servers:',
    '',
    ...Object.entries(results.frameworks).map(([server, framework]) => `- ${server}: ${framework}`),
  );
  return lines.join('\n');
}

/** The PASS/FAIL lines a run ends with. */
export function verdict(targets: Target[], options: BenchOptions): string {
  const lines = [
    `Targets (${options.rounds} rounds × ${options.duration} s${options.quick ? ', quick run' : ''}; on a shared machine a ratio moves by several per cent from one run to the next, see bench/README.md):`,
  ];
  for (const t of targets) {
    if (t.status === 'not measured') continue;
    const sign = t.bound === 'max' ? '≤' : '≥';
    lines.push(
      `  ${t.status}  ${t.id.padEnd(30)} ${times(t.ratio).padStart(6)} ${sign} ${t.limit.toFixed(2)}×  (${t.goal})`,
    );
  }
  const failed = targets.filter((t) => t.status === 'FAIL').length;
  lines.push(failed === 0 ? 'bench: every measured target PASSES' : `bench: ${failed} target(s) FAIL`);
  return lines.join('\n');
}
