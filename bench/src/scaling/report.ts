import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Results } from '../report';
import { replaceSection, table } from '../report';
import { scalingChart } from './chart';
import type { AxisResult } from './run';

const times = (r: number | undefined) => (r === undefined || !Number.isFinite(r) ? '—' : `${r.toFixed(2)}×`);

/** The scaling table, in markdown. */
export function scalingMarkdown(
  axes: AxisResult[],
  machine: Results['machine'],
  rounds: number,
  duration: number,
): string {
  const rows: string[][] = [];
  for (const axis of axes) {
    for (const p of axis.points) {
      const f = p.servers.fastify;
      const a = p.servers.arobase;
      const n = p.servers.nest;
      rows.push([
        axis.id,
        p.size.toLocaleString('en-US'),
        f.cpu.toFixed(1),
        a.cpu.toFixed(1),
        times(a.ratio),
        n === undefined ? '—' : times(n.ratio),
        `${f.p99} / ${a.p99}${n === undefined ? '' : ` / ${n.p99}`}`,
        times(p.startupRatio),
      ]);
    }
  }
  return [
    `Run of ${new Date().toISOString()} on Node ${machine.node}, ${machine.cpus} × ${machine.cpu}; load average ${machine.loadAverageAtStart.map((l) => l.toFixed(2)).join(' ')} at the start. ${rounds} rounds × ${duration} s per server and point, servers interleaved; ratios are medians of the per-round ratios of server CPU per request (below 1: cheaper than raw Fastify). ${machine.note}`,
    '',
    ...table(
      [
        'axis',
        'size',
        'raw Fastify µs/req',
        'arobase µs/req',
        'arobase ×',
        'NestJS ×',
        'p99 ms (Fastify / arobase / Nest)',
        'start-up CPU ×',
      ],
      [false, true, true, true, true, true, false, true],
      rows,
    ),
    '',
    ...axes.map((a) => `- ${a.id}: ${a.label}`),
    '',
    '![CPU per request over raw Fastify against the size of the work](results/scaling.svg)',
  ].join('\n');
}

/** Writes results/scaling.json, results/scaling.svg and the README's scaling section. */
export function writeScaling(
  benchDir: string,
  axes: AxisResult[],
  machine: Results['machine'],
  rounds: number,
  duration: number,
): string {
  const dir = join(benchDir, 'results');
  writeFileSync(
    join(dir, 'scaling.json'),
    `${JSON.stringify({ date: new Date().toISOString(), machine, axes }, null, 2)}\n`,
  );
  writeFileSync(
    join(dir, 'scaling.svg'),
    scalingChart(
      axes,
      "CPU per request over raw Fastify's as the work grows (dashed: NestJS; arobase's start-up)",
    ),
  );
  const section = scalingMarkdown(axes, machine, rounds, duration);
  replaceSection(benchDir, 'scaling', 'Scaling', section);
  return section;
}
