/** The servers a run can start, the baseline first. */
export const SERVERS = ['fastify', 'arobase', 'nest', 'routing-controllers'] as const;
export type ServerName = (typeof SERVERS)[number];
export const SCENARIOS = ['A', 'B', 'C', 'D'] as const;
export type ScenarioId = (typeof SCENARIOS)[number];

export interface BenchOptions {
  quick: boolean;
  /** Timed rounds; each round runs every scenario on every server, interleaved. */
  rounds: number;
  /** Seconds per timed autocannon run. */
  duration: number;
  /** Seconds of untimed load per server and scenario before round 1, so every JIT is warm. */
  warmup: number;
  connections: number;
  scenarios: ScenarioId[];
  servers: ServerName[];
  /** Start-up runs per app (0: skip the start-up measure). */
  startupRuns: number;
  /** Run the servers under `node --cpu-prof` and print where each spends its time. */
  profile: boolean;
}

export const USAGE = `npm run bench -- [flags]
  --quick               a short run (under two minutes): 3 rounds of 1 s
  --rounds N            timed rounds (default 5; quick 3)
  --duration S          seconds per timed run (default 5; quick 1)
  --warmup S            seconds of untimed load per server and scenario first (default 2; quick 0.5)
  --connections N       concurrent connections (default 50)
  --only A,C,startup    scenarios to run; 'startup' is the 200-route start-up measure (default all)
  --servers a,b         among ${SERVERS.join(', ')} (default all; ratios need fastify)
  --startup-runs N      start-up runs per app (default 15; quick 5)
  --profile             run the servers under node --cpu-prof (bench/results/NAME.cpuprofile)
                        and print each one's hottest functions`;

export function parseOptions(argv: string[]): BenchOptions {
  const flags = new Map<string, string | true>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--help' || arg === '-h') throw new UsageError('');
    if (!arg.startsWith('--')) throw new UsageError(`unexpected argument ${arg}`);
    const [name, inline] = arg.slice(2).split('=', 2);
    if (name === 'quick' || name === 'profile') flags.set(name, true);
    else if (inline !== undefined) flags.set(name, inline);
    else if (i + 1 < argv.length) flags.set(name, argv[++i]);
    else throw new UsageError(`--${name} needs a value`);
  }
  const quick = flags.get('quick') === true;
  const profile = flags.get('profile') === true;
  flags.delete('quick');
  flags.delete('profile');
  const take = (name: string) => {
    const v = flags.get(name);
    flags.delete(name);
    return v as string | undefined;
  };
  const only = list(take('only'), [...SCENARIOS, 'startup'], 'scenario');
  const startupRuns = int(take('startup-runs'), quick ? 5 : 15, 'startup-runs', true);
  const options: BenchOptions = {
    quick,
    rounds: int(take('rounds'), quick ? 3 : 5, 'rounds'),
    duration: num(take('duration'), quick ? 1 : 5, 'duration'),
    warmup: num(take('warmup'), quick ? 0.5 : 2, 'warmup', true),
    connections: int(take('connections'), 50, 'connections'),
    scenarios: (only ?? SCENARIOS).filter((s): s is ScenarioId => s !== 'startup'),
    servers: (list(take('servers'), SERVERS, 'server') ?? [...SERVERS]) as ServerName[],
    startupRuns: only !== undefined && !only.includes('startup') ? 0 : startupRuns,
    profile,
  };
  for (const name of flags.keys()) throw new UsageError(`unknown flag --${name}`);
  // Keep the baseline first: verification and ratios read it as the reference.
  options.servers = SERVERS.filter((s) => options.servers.includes(s));
  return options;
}

export class UsageError extends Error {}

function int(raw: string | undefined, fallback: number, name: string, zero = false): number {
  const n = num(raw, fallback, name, zero);
  if (!Number.isInteger(n)) throw new UsageError(`--${name} must be a whole number`);
  return n;
}

function num(raw: string | undefined, fallback: number, name: string, zero = false): number {
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n) || n < 0 || (n === 0 && !zero))
    throw new UsageError(`--${name} must be a positive number`);
  return n;
}

function list<T extends string>(
  raw: string | undefined,
  allowed: readonly T[],
  what: string,
): T[] | undefined {
  if (raw === undefined) return undefined;
  const items = raw
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  for (const item of items) {
    if (!allowed.includes(item as T))
      throw new UsageError(`unknown ${what} ${item} (one of ${allowed.join(', ')})`);
  }
  if (items.length === 0) throw new UsageError(`an empty ${what} list`);
  return items as T[];
}
