import { mkdirSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { anatomy } from './anatomy/run';
import { type BigBodyRow, measureBigBody } from './bigbody';
import { countInstructions, type Instructions } from './callgrind';
import { type RunningServer, startServer, stopServer } from './children';
import { load, median, pairedRatio, roundOrder, type Sample } from './load';
import {
  type BenchOptions,
  parseOptions,
  type ScenarioId,
  type ServerName,
  USAGE,
  UsageError,
} from './options';
import { hottest } from './profile';
import { MACHINE_NOTE, markdown, type Results, verdict, writeResults } from './report';
import { writeScaling } from './scaling/report';
import { scaling } from './scaling/run';
import { SCENARIO_LIST, scenario } from './scenarios';
import { hasBefore } from './servers/core-libs';
import { measureStartup, type StartupResult } from './startup';
import { LARGE_APP, SMALL_APP } from './startup/spec';
import { evaluateTargets, type ScenarioResults } from './targets';
import { IGNORED_HEADERS, verifyScenario } from './verify';

const began = Date.now();
const log = (line: string) =>
  console.log(`[${((Date.now() - began) / 1000).toFixed(1).padStart(5)}s] ${line}`);

/** `node bench/run.js [flags]`: verify every server answers alike, load them in turns, report medians. */
export async function main(argv: string[], benchDir: string): Promise<number> {
  let options: BenchOptions;
  try {
    options = parseOptions(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    if (error.message) console.error(`bench: ${error.message}`);
    console.error(USAGE);
    return error.message ? 2 : 0;
  }
  if (options.mode === 'anatomy') {
    mkdirSync(join(benchDir, 'results'), { recursive: true });
    await anatomy(options, join(benchDir, 'results'), log);
    return 0;
  }
  const loadAverageAtStart = loadavg();
  if (options.mode === 'scaling') {
    log(`scaling: ${options.rounds} rounds × ${options.duration} s per server and point`);
    const axes = await scaling(options, log, options.axes);
    const section = writeScaling(
      benchDir,
      axes,
      machineInfo(loadAverageAtStart),
      options.rounds,
      options.duration,
    );
    console.log(`\n${section}\n`);
    log(`wrote bench/results/scaling.json, bench/results/scaling.svg and the table in bench/README.md`);
    return 0;
  }
  log(
    `bench: scenarios ${options.scenarios.join(',') || 'none'} on ${options.servers.join(', ')}; ` +
      `${options.rounds} rounds × ${options.duration} s, warm-up ${options.warmup} s, ${options.connections} connections; ` +
      `start-up runs ${options.startupRuns}`,
  );
  log(
    `load average ${loadAverageAtStart.map((l) => l.toFixed(2)).join(' ')} on ${cpus().length} cores (shared: ratios matter, absolute numbers are noise)`,
  );

  const frameworks: Partial<Record<ServerName, string>> = {};
  const profileDir = join(benchDir, 'results');
  const profiles: Results['profiles'] = {};
  if (options.profile) mkdirSync(profileDir, { recursive: true });
  const checks: string[] = [];
  const scenarios: ScenarioResults = {};
  let bigBodyRows: BigBodyRow[] | undefined;
  if (options.scenarios.length > 0 || options.bigBody) {
    const servers: RunningServer[] = [];
    try {
      for (const name of options.servers) {
        const server = await startServer(name, options.profile ? profileDir : undefined);
        servers.push(server);
        frameworks[name] = server.framework;
        log(`started ${name.padEnd(19)} on 127.0.0.1:${server.port} (${server.framework})`);
      }
      for (const id of options.scenarios) {
        const notes = await verifyScenario(scenario(id), servers);
        checks.push(...notes.map((n) => `${id}: ${n}`));
        log(
          `checked ${id}: same status, headers, cookies and body on ${servers.map((s) => s.name).join(', ')}${notes.length ? ` (${notes.join('; ')})` : ''}`,
        );
      }
      Object.assign(scenarios, await measure(options, servers));
      if (options.bigBody) bigBodyRows = await measureBigBody(servers, Math.min(options.rounds, 3), log);
    } finally {
      await Promise.all(servers.map(stopServer));
    }
    if (options.profile) {
      for (const server of servers) {
        const file = join(profileDir, `${server.name}.cpuprofile`);
        const top = hottest(file, dirname(benchDir));
        profiles[server.name] = { file, top };
        log(`profile of ${server.name} (${file}), self time of its hottest functions:`);
        for (const f of top) {
          console.log(
            `    ${f.percent.toFixed(1).padStart(5)}%  ${f.ms.toFixed(0).padStart(6)} ms  ${f.name}  ${f.where}`,
          );
        }
      }
    }
  }

  const instructions: Results['instructions'] = {};
  if (options.callgrind) {
    for (const id of options.scenarios) {
      // Scenario C costs four times A's per request: fewer of them, in the same time.
      const counts = id === 'C' ? { warm: 4000, window: 500 } : {};
      const per: Record<string, Instructions> = {};
      // With a kept copy of core (packages/core/.before), its count too: a change's effect in one run.
      const runs = [
        ['fastify', 'fastify', []],
        ['arobase', 'arobase', []],
        ...(hasBefore() ? [['arobase@before', 'arobase', ['--core', 'before']]] : []),
      ] as [string, string, string[]][];
      for (const [name, server, args] of runs) {
        const file = join(__dirname, 'servers', `${server}.js`);
        const dir = join(profileDir, 'callgrind');
        per[name] = await countInstructions(name, file, args, scenario(id), dir, log, counts);
      }
      const ratio = (name: string) => per[name].instructionsNoCompiler / per.fastify.instructionsNoCompiler;
      instructions[id] = {
        fastify: per.fastify.instructionsNoCompiler,
        arobase: per.arobase.instructionsNoCompiler,
        ratio: ratio('arobase'),
        ...(per['arobase@before'] === undefined
          ? {}
          : { before: per['arobase@before'].instructionsNoCompiler, beforeRatio: ratio('arobase@before') }),
      };
      log(
        `callgrind: ${id}: arobase ${instructions[id]!.ratio.toFixed(3)}× raw Fastify's instructions per request`,
      );
    }
  }

  const startup: StartupResult[] = [];
  if (options.startupRuns > 0 && options.servers.includes('fastify') && options.servers.includes('arobase')) {
    for (const size of [SMALL_APP, LARGE_APP]) {
      log(
        `start-up: an app of ${size.routes} routes and ${size.models} models, ${options.startupRuns} fresh processes each`,
      );
      startup.push(await measureStartup(options.startupRuns, size, log));
    }
  }

  const results: Results = {
    date: new Date().toISOString(),
    options,
    machine: machineInfo(loadAverageAtStart),
    frameworks,
    ignoredHeaders: IGNORED_HEADERS,
    checks,
    scenarios,
    startup,
    bigBody: bigBodyRows,
    instructions,
    targets: evaluateTargets(scenarios, startup),
    profiles,
  };
  // A quick run only prints: the README keeps the last full run.
  if (options.quick) console.log(`\n${markdown(results)}\n`);
  else {
    const written = writeResults(benchDir, results);
    console.log(`\n${written.section}\n`);
    log(`wrote ${written.json} and the table in ${written.readme}`);
  }
  console.log(verdict(results.targets, options));
  return results.targets.some((t) => t.status === 'FAIL') ? 1 : 0;
}

function machineInfo(loadAverageAtStart: number[]): Results['machine'] {
  return {
    node: process.versions.node,
    cpus: cpus().length,
    cpu: cpus()[0]?.model ?? 'unknown',
    loadAverageAtStart,
    loadAverageAtEnd: loadavg(),
    note: MACHINE_NOTE,
  };
}

async function measure(options: BenchOptions, servers: RunningServer[]): Promise<ScenarioResults> {
  const samples = new Map<string, Sample[]>();
  const key = (id: ScenarioId, name: ServerName) => `${id}/${name}`;
  if (options.warmup > 0) {
    for (const id of options.scenarios) {
      for (const server of servers) {
        await load(server, scenario(id), { connections: options.connections, duration: options.warmup });
      }
    }
    log(`warmed up every server on every scenario (${options.warmup} s each, not counted)`);
  }
  for (let round = 0; round < options.rounds; round++) {
    for (const [s, id] of options.scenarios.entries()) {
      for (const server of roundOrder(servers, round + s)) {
        const sample = await load(server, scenario(id), options);
        const list = samples.get(key(id, server.name)) ?? [];
        list.push(sample);
        samples.set(key(id, server.name), list);
        log(
          `round ${round + 1}/${options.rounds} ${id} ${server.name.padEnd(19)} ${sample.rps.toFixed(0).padStart(7)} req/s  p99 ${sample.p99.toFixed(1).padStart(6)} ms  ${sample.cpuPerRequest.toFixed(0).padStart(5)} µs CPU/req`,
        );
      }
    }
  }
  const results: ScenarioResults = {};
  for (const { id } of SCENARIO_LIST) {
    if (!options.scenarios.includes(id)) continue;
    const row: NonNullable<ScenarioResults[ScenarioId]> = {};
    for (const server of servers) {
      const list = samples.get(key(id, server.name)) ?? [];
      const rps = list.map((x) => x.rps);
      const p99 = list.map((x) => x.p99);
      const cpu = list.map((x) => x.cpuPerRequest);
      row[server.name] = {
        rps,
        p99,
        cpu,
        medianRps: median(rps),
        medianP99: median(p99),
        medianCpu: median(cpu),
        ratio: null,
        cpuRatio: null,
      };
    }
    const base = row.fastify;
    if (base !== undefined) {
      for (const r of Object.values(row)) {
        r.ratio = pairedRatio(r.rps, base.rps);
        // This server's CPU per request over raw Fastify's: below 1 means cheaper than the baseline.
        r.cpuRatio = pairedRatio(r.cpu, base.cpu);
      }
    }
    results[id] = row;
  }
  return results;
}
