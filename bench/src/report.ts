import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { BenchOptions, ServerName } from './options';
import { SCENARIO_LIST } from './scenarios';
import type { StartupResult } from './startup';
import type { ScenarioResults, Target } from './targets';

export interface Results {
  date: string;
  options: BenchOptions;
  machine: { node: string; cpus: number; cpu: string; loadAverageAtStart: number[]; note: string };
  frameworks: Partial<Record<ServerName, string>>;
  /** Headers left out of the identity check, with the reason. */
  ignoredHeaders: Record<string, string>;
  checks: string[];
  scenarios: ScenarioResults;
  startup: StartupResult | undefined;
  targets: Target[];
}

export const MACHINE_NOTE =
  '2 cores shared with other work (the load generator and the server share them too): ratios between servers measured in the same run matter, absolute numbers are noise.';

const BEGIN = '<!-- bench:results:begin (written by npm run bench; do not edit by hand) -->';
const END = '<!-- bench:results:end -->';

export function writeResults(benchDir: string, results: Results): { json: string; readme: string } {
  const dir = join(benchDir, 'results');
  mkdirSync(dir, { recursive: true });
  const json = join(dir, 'latest.json');
  writeFileSync(json, `${JSON.stringify(results, null, 2)}\n`);

  const readme = join(benchDir, 'README.md');
  const text = existsSync(readme) ? readFileSync(readme, 'utf8') : '# Benchmarks\n';
  const section = `${BEGIN}\n${markdown(results)}\n${END}`;
  const start = text.indexOf(BEGIN);
  const end = text.indexOf(END);
  const next =
    start >= 0 && end > start
      ? text.slice(0, start) + section + text.slice(end + END.length)
      : `${text.trimEnd()}\n\n## Latest results\n\n${section}\n`;
  writeFileSync(readme, next);
  formatMarkdown(readme);
  return { json, readme };
}

/** Biome formats markdown too (it aligns table columns): let it, so `npm run lint` stays clean after a run. */
function formatMarkdown(file: string): void {
  const root = dirname(dirname(file));
  try {
    const biome = join(
      dirname(require.resolve('@biomejs/biome/package.json', { paths: [root] })),
      'bin',
      'biome',
    );
    execFileSync(process.execPath, [biome, 'format', '--write', file], { cwd: root, stdio: 'ignore' });
  } catch (error) {
    console.warn(`bench: could not format ${file} with Biome: ${(error as Error).message}`);
  }
}

const fmt = (n: number, digits = 0) =>
  Number.isFinite(n)
    ? n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits })
    : '—';

export function markdown(results: Results): string {
  const { options, machine } = results;
  const lines: string[] = [];
  lines.push(
    `Run of ${results.date} on Node ${machine.node}, ${machine.cpus} × ${machine.cpu} (load average ${machine.loadAverageAtStart.map((l) => l.toFixed(2)).join(' ')} at the start).`,
    `${options.quick ? 'Quick run: ' : ''}${options.rounds} rounds × ${options.duration} s per server and scenario, ${options.connections} connections, servers interleaved, medians shown.`,
    '',
    `> **Machine note:** ${machine.note}`,
    '',
  );
  if (SCENARIO_LIST.some((s) => results.scenarios[s.id] !== undefined)) {
    lines.push(
      '| Scenario | Server | req/s (median) | p99 latency (ms) | × raw Fastify |',
      '| --- | --- | ---: | ---: | ---: |',
    );
    for (const scenario of SCENARIO_LIST) {
      const row = results.scenarios[scenario.id];
      if (row === undefined) continue;
      for (const [server, r] of Object.entries(row)) {
        lines.push(
          `| ${scenario.id}: ${scenario.title} | ${server} | ${fmt(r.medianRps)} | ${fmt(r.medianP99, 1)} | ${r.ratio === null ? '—' : `${r.ratio.toFixed(2)}×`} |`,
        );
      }
    }
    lines.push('');
  }
  if (results.startup !== undefined) {
    const { apps, runs, ratio, buildRatio } = results.startup;
    lines.push(
      `Start-up of an app with 200 routes and 50 models (median of ${runs} fresh processes each; ms since the process started):`,
      '',
      '| App | modules loaded | listening | build + listen | × raw Fastify (listening) |',
      '| --- | ---: | ---: | ---: | ---: |',
      `| raw Fastify | ${fmt(apps.fastify.loaded)} | ${fmt(apps.fastify.ready)} | ${fmt(apps.fastify.build)} | 1.00× |`,
      `| arobase | ${fmt(apps.arobase.loaded)} | ${fmt(apps.arobase.ready)} | ${fmt(apps.arobase.build)} | ${ratio.toFixed(2)}× (build + listen only: ${buildRatio.toFixed(2)}×) |`,
      '',
    );
  }
  lines.push(
    'Targets (issue 6):',
    '',
    '| Scenario | Target | Measured | Status |',
    '| --- | --- | ---: | --- |',
  );
  for (const t of results.targets) lines.push(`| ${t.scenario} | ${t.goal} | ${t.measured} | ${t.status} |`);
  lines.push('', 'Servers:', '');
  for (const [server, framework] of Object.entries(results.frameworks))
    lines.push(`- ${server}: ${framework}`);
  return lines.join('\n');
}
