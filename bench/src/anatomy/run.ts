import { join } from 'node:path';
import { countInstructions } from '../callgrind';
import { type RunningServer, startProcess, startProfile, stopProfile, stopServer } from '../children';
import { load, median, pairedRatio } from '../load';
import type { BenchOptions } from '../options';
import { compareProfiles } from '../profile';
import { table } from '../report';
import { scenario } from '../scenarios';
import { hasBefore } from '../servers/core-libs';
import { verifyScenario } from '../verify';
import { VARIANTS } from './variants';

const SERVER = join(__dirname, 'server.js');
const hello = scenario('A');

export interface AnatomyRow {
  variant: string;
  what: string;
  /** Server CPU µs per request, median of the rounds. */
  cpu: number;
  /** This variant's CPU per request over raw Fastify's, median of the per-round ratios. */
  ratio: number;
  /** With --callgrind: instructions per request, and the same without V8's optimising compilers. */
  instructions?: number;
  instructionsNoCompiler?: number;
}

/**
 * `--anatomy`: every variant of the hello route (variants.ts) under the same load, interleaved, as
 * CPU per request against raw Fastify's in the same round; with --profile, the function-by-function
 * difference between raw Fastify and arobase; with --callgrind, instructions per request under
 * valgrind, which the machine's other load does not move.
 */
export async function anatomy(
  options: BenchOptions,
  resultsDir: string,
  log: (line: string) => void,
): Promise<AnatomyRow[]> {
  const chosen = VARIANTS.filter(
    (v) =>
      (options.variants === undefined || options.variants.includes(v.name)) &&
      (!v.name.endsWith('@before') || hasBefore()),
  );
  if (chosen[0]?.name !== 'fastify') throw new Error('--anatomy needs the fastify variant (the baseline)');
  const servers: RunningServer<string>[] = [];
  const cpu = new Map<string, number[]>();
  try {
    for (const v of chosen) servers.push(await startProcess(v.name, SERVER, argsOf(v.name)));
    await verifyScenario(hello, servers);
    log(`anatomy: ${servers.length} variants answer GET /hello with the same status, headers and bytes`);
    for (const s of servers)
      await load(s, hello, { connections: options.connections, duration: options.warmup || 1 });
    for (let round = 0; round < options.rounds; round++) {
      const shift = round % servers.length;
      for (const s of [...servers.slice(shift), ...servers.slice(0, shift)]) {
        const sample = await load(s, hello, options);
        cpu.set(s.name, [...(cpu.get(s.name) ?? []), sample.cpuPerRequest]);
      }
      log(`anatomy: round ${round + 1}/${options.rounds} done`);
    }
    if (options.profile) {
      const pair = servers.filter((s) => s.name === 'fastify' || s.name === 'arobase');
      const files: Record<string, { file: string; requests: number }> = {};
      for (const s of pair) {
        const file = join(resultsDir, `anatomy-${s.name}.cpuprofile`);
        await startProfile(s);
        const sample = await load(s, hello, { ...options, duration: Math.max(options.duration, 5) });
        await stopProfile(s, file);
        files[s.name] = { file, requests: sample.requests };
      }
      printDiff(files.fastify, files.arobase);
    }
  } finally {
    await Promise.all(servers.map(stopServer));
  }
  const base = cpu.get('fastify')!;
  const rows: AnatomyRow[] = chosen.map((v) => ({
    variant: v.name,
    what: v.what,
    cpu: median(cpu.get(v.name)!),
    ratio: pairedRatio(cpu.get(v.name)!, base),
  }));
  if (options.callgrind) {
    for (const row of rows) {
      const counted = await countInstructions(
        row.variant,
        SERVER,
        argsOf(row.variant),
        hello,
        join(resultsDir, 'callgrind'),
        log,
      );
      Object.assign(row, counted);
    }
    const fastify = rows[0];
    for (const row of rows) {
      log(
        `anatomy: ${row.variant.padEnd(22)} ${fmt(row.instructions!)} instructions/req (${(row.instructions! / fastify.instructions!).toFixed(3)}×), ${fmt(row.instructionsNoCompiler!)} without the compilers (${(row.instructionsNoCompiler! / fastify.instructionsNoCompiler!).toFixed(3)}×)`,
      );
    }
  }
  const callgrind = options.callgrind;
  console.log(
    `\n${table(
      ['variant', 'what', 'CPU µs/req', '× raw Fastify', ...(callgrind ? ['instr./req', '× (instr.)'] : [])],
      [false, false, true, true, true, true],
      rows.map((r) => [
        r.variant,
        r.what,
        r.cpu.toFixed(1),
        `${r.ratio.toFixed(3)}×`,
        ...(callgrind
          ? [
              fmt(r.instructionsNoCompiler!),
              `${(r.instructionsNoCompiler! / rows[0].instructionsNoCompiler!).toFixed(3)}×`,
            ]
          : []),
      ]),
    ).join('\n')}\n`,
  );
  return rows;
}

const argsOf = (name: string) => (name.endsWith('@before') ? [name, '--core', 'before'] : [name]);

const fmt = (n: number) => Math.round(n).toLocaleString('en-US');

function printDiff(fastify: { file: string; requests: number }, arobase: { file: string; requests: number }) {
  const diff = compareProfiles(fastify, arobase);
  console.log('\nSelf time per request, arobase minus raw Fastify (µs/req; functions that differ most):\n');
  console.log(
    table(
      ['function', 'where', 'fastify', 'arobase', 'difference'],
      [false, false, true, true, true],
      diff.map((d) => [d.name, d.where, d.a.toFixed(2), d.b.toFixed(2), d.diff.toFixed(2)]),
    ).join('\n'),
  );
  const total = (side: 'a' | 'b') => diff.reduce((sum, d) => sum + d[side], 0);
  console.log(`\n(the rows above sum to ${total('a').toFixed(2)} and ${total('b').toFixed(2)} µs/req)\n`);
}
