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
  /** Measure the 1 MB, 125,000-key body on both input paths. */
  bigBody: boolean;
  /** Start-up runs per app (0: skip the start-up measure). */
  startupRuns: number;
  /** Run the servers under `node --cpu-prof` and print where each spends its time. */
  profile: boolean;
  /** What to run: the comparison (default), the hello route's anatomy, or the scaling table. */
  mode: 'compare' | 'anatomy' | 'scaling';
  /** Also count instructions per request under valgrind's callgrind (anatomy variants, or scenarios). */
  callgrind: boolean;
  /** With --anatomy: the variants to run (default all). */
  variants: string[] | undefined;
  /** With --scaling: the axes to run (default all). */
  axes: string[] | undefined;
}

export const USAGE = `npm run bench -- [flags]
  --quick               a short run (under two minutes) of fastify and arobase: 5 rounds of 1 s,
                        then PASS/FAIL per target
  --rounds N            timed rounds (default 15; quick 5, scaling 3)
  --duration S          seconds per timed run (default 2; quick 1)
  --warmup S            seconds of untimed load per server and scenario first (default 2; quick 0.5)
  --connections N       concurrent connections (default 50)
  --only A,C,startup    scenarios to run; 'startup' is the start-up measure of a 3-route and a
                        200-route app, 'bigbody' the 1 MB body of 125,000 keys (default all;
                        quick: all but bigbody)
  --servers a,b         among ${SERVERS.join(', ')} (default all; ratios need fastify)
  --startup-runs N      start-up runs per app and size (default 15; quick 5)
  --profile             run the servers under node --cpu-prof (bench/results/NAME.cpuprofile)
                        and print each one's hottest functions
  --anatomy             the hello route taken apart: raw Fastify plus one of arobase's pieces at
                        a time, and arobase minus some (CPU per request against raw Fastify);
                        with --profile, raw Fastify and arobase compared function by function
  --callgrind           instructions per request under valgrind (repeatable on a busy machine):
                        of each variant with --anatomy, of raw Fastify and arobase on each
                        scenario otherwise (a minute or more per server and scenario)
  --variants a,b        with --anatomy: the variants to run (default all; fastify first)
  --scaling             CPU per request against raw Fastify as the work grows (models, routes,
                        middleware, dependencies, connections); writes results/scaling.svg
                        (default 3 rounds × 2 s per point)
  --axes a,b            with --scaling: among posts, routes, middleware, dependencies, connections`;

export function parseOptions(argv: string[]): BenchOptions {
  const flags = new Map<string, string | true>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--help' || arg === '-h') throw new UsageError('');
    if (!arg.startsWith('--')) throw new UsageError(`unexpected argument ${arg}`);
    const [name, inline] = arg.slice(2).split('=', 2);
    if (BOOLEAN_FLAGS.includes(name)) flags.set(name, true);
    else if (inline !== undefined) flags.set(name, inline);
    else if (i + 1 < argv.length) flags.set(name, argv[++i]);
    else throw new UsageError(`--${name} needs a value`);
  }
  const on = (name: string) => {
    const set = flags.get(name) === true;
    flags.delete(name);
    return set;
  };
  const quick = on('quick');
  const profile = on('profile');
  const anatomy = on('anatomy');
  const scaling = on('scaling');
  const callgrind = on('callgrind');
  if (anatomy && scaling) throw new UsageError('--anatomy and --scaling are separate runs');
  if (callgrind && scaling) throw new UsageError('--callgrind goes with the comparison or --anatomy');
  const take = (name: string) => {
    const v = flags.get(name);
    flags.delete(name);
    return v as string | undefined;
  };
  const only = list(take('only'), [...SCENARIOS, 'startup', 'bigbody'], 'scenario');
  // The scaling run has some forty points and the anatomy eleven servers: shorter warm-ups.
  const short = quick || scaling || anatomy;
  const startupRuns = int(take('startup-runs'), quick ? 5 : scaling ? 3 : 15, 'startup-runs', true);
  const options: BenchOptions = {
    quick,
    // Many short rounds rather than a few long ones: the machine's speed drifts over seconds, and a
    // pair measured 2 s apart shares more of it than one measured 5 s apart.
    rounds: int(take('rounds'), scaling ? 3 : quick ? 5 : 15, 'rounds'),
    duration: num(take('duration'), quick ? 1 : 2, 'duration'),
    warmup: num(take('warmup'), quick ? 0.5 : short ? 1 : 2, 'warmup', true),
    connections: int(take('connections'), 50, 'connections'),
    scenarios: (only ?? SCENARIOS).filter((s): s is ScenarioId => s !== 'startup' && s !== 'bigbody'),
    // The 1 MB body takes seconds a request on the reference path: the full run only, or when named.
    bigBody: only === undefined ? !quick : only.includes('bigbody'),
    // The targets compare arobase with raw Fastify only: the quick run leaves the peers out.
    servers: (list(take('servers'), SERVERS, 'server') ??
      (quick ? ['fastify', 'arobase'] : [...SERVERS])) as ServerName[],
    startupRuns: only !== undefined && !only.includes('startup') ? 0 : startupRuns,
    profile,
    mode: anatomy ? 'anatomy' : scaling ? 'scaling' : 'compare',
    callgrind,
    variants: take('variants')?.split(','),
    axes: list(take('axes'), AXES, 'axis'),
  };
  for (const name of flags.keys()) throw new UsageError(`unknown flag --${name}`);
  // Keep the baseline first: verification and ratios read it as the reference.
  options.servers = SERVERS.filter((s) => options.servers.includes(s));
  return options;
}

export const AXES = ['posts', 'routes', 'middleware', 'dependencies', 'connections'];

const BOOLEAN_FLAGS = ['quick', 'profile', 'anatomy', 'scaling', 'callgrind'];

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
