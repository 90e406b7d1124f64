import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { startProcess, stopServer } from './children';
import { load, median } from './load';
import type { Scenario } from './scenarios';

/** Ir counts of V8's optimising compilers (TurboFan, Maglev, Turboshaft): JIT warm-up, not the request. */
const COMPILER = /v8::internal::(compiler|maglev|turboshaft)::/;

export interface Instructions {
  /** Instructions per request (median of the windows), and the same without V8's optimising compilers. */
  instructions: number;
  instructionsNoCompiler: number;
  /** Each window's instructions per request, to show the spread. */
  windows: number[];
}

/**
 * A server under `valgrind --tool=callgrind`, instrumentation off while it warms up (V8 tiers up
 * by counts, not time), then on for windows of a fixed number of requests, each dumped (which
 * zeroes the counters), until three in a row agree: instructions per request are the same from one
 * run to the next whatever else the machine does.
 */
export async function countInstructions(
  name: string,
  file: string,
  args: string[],
  scenario: Scenario,
  outDir: string,
  log: (line: string) => void,
  { warm = 12000, window = 1500, windows = 3, connections = 4 } = {},
): Promise<Instructions> {
  mkdirSync(outDir, { recursive: true });
  const out = join(outDir, `${name}-${scenario.id}.out`);
  for (const f of readdirSync(outDir))
    if (f.startsWith(`${name}-${scenario.id}.out`)) rmSync(join(outDir, f));
  const server = await startProcess(name, file, args, {
    // One thread: V8's optimising compilers and the collector's helpers run on the main thread,
    // where the warm-up's requests trigger them, instead of on threads valgrind serialises (their
    // compiled code would land in the measured windows, a few thousand requests late).
    execArgv: ['--single-threaded'],
    wrapper: {
      command: 'valgrind',
      args: ['--tool=callgrind', '--instr-atstart=no', `--callgrind-out-file=${out}`, '-q'],
    },
    timeoutMs: 180_000,
  });
  const pid = String(server.child.pid);
  const counted: { total: number; compiler: number }[] = [];
  try {
    await load(server, scenario, { connections, duration: 0, amount: warm });
    // Idle a moment: what the warm-up left to finish (a sweep, a compile) finishes outside the windows.
    await new Promise((resolve) => setTimeout(resolve, 1000));
    execFileSync('callgrind_control', ['-i', 'on', pid], { stdio: 'ignore' });
    // Windows until the last `windows` agree within 3% (V8 may still be optimising in the first
    // ones), at most twice as many.
    for (let w = 0; w < windows * 2; w++) {
      await load(server, scenario, { connections, duration: 0, amount: window });
      execFileSync('callgrind_control', ['-d', pid], { stdio: 'ignore' });
      counted.push(irOf(`${out}.${w + 1}`));
      const last = counted.slice(-windows).map((c) => c.total);
      if (last.length === windows && Math.max(...last) / Math.min(...last) < 1.03) break;
    }
  } finally {
    await stopServer(server);
  }
  const kept = counted.slice(-windows);
  const perWindow = counted.map((c) => c.total / window);
  log(
    `callgrind: ${name} ${scenario.id}: ${perWindow.map((n) => Math.round(n).toLocaleString('en-US')).join(', ')} instructions/req in windows of ${window} requests (the last ${windows} kept)`,
  );
  return {
    instructions: median(kept.map((c) => c.total / window)),
    instructionsNoCompiler: median(kept.map((c) => (c.total - c.compiler) / window)),
    windows: perWindow,
  };
}

/** A callgrind dump's total instructions, and those of V8's optimising compilers. */
function irOf(file: string): { total: number; compiler: number } {
  const annotated = execFileSync('callgrind_annotate', ['--threshold=100', file], {
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  });
  let total = 0;
  let compiler = 0;
  for (const line of annotated.split('\n')) {
    const m = /^\s*([\d,]+) \([\s\d.]+%\)\s+(.*)$/.exec(line);
    if (m === null) continue;
    const ir = Number(m[1].replaceAll(',', ''));
    if (m[2].startsWith('PROGRAM TOTALS')) total = ir;
    else if (COMPILER.test(m[2])) compiler += ir;
  }
  return { total, compiler };
}
