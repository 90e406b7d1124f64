import { execFileSync, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';

/** A throwaway PostgreSQL server: its own cluster in a temporary folder, on a free port. */
export interface PostgresCluster {
  port: number;
  /** The URL of one of its databases (`postgres`, the maintenance database, by default). */
  url(database?: string): string;
  /** A new database, empty or a copy of `template`, and its URL. */
  createDatabase(template?: string): Promise<string>;
  dropDatabase(url: string): Promise<void>;
}

let cluster: Promise<PostgresCluster> | undefined;
let databases = 0;

/**
 * The test run's PostgreSQL server, started on first use (initdb, then pg_ctl, about two seconds)
 * and removed when the process exits. It runs as an unprivileged user when the tests run as root
 * (PostgreSQL refuses to run as root), in a folder that user owns. When no server can be started the
 * promise rejects with the reason, so every PostgreSQL test fails saying why: never a silent skip.
 */
export function postgresCluster(): Promise<PostgresCluster> {
  cluster ??= start();
  return cluster;
}

/** Debian installs the server under /usr/lib/postgresql/<version>/bin, not on PATH. */
function binaries(): string {
  if (process.env.PG_BIN) return process.env.PG_BIN;
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root)
    ? readdirSync(root)
        .filter((v) => existsSync(join(root, v, 'bin', 'initdb')))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  if (versions.length > 0) return join(root, versions[0], 'bin');
  const onPath = spawnSync('sh', ['-c', 'command -v initdb'], { encoding: 'utf8' }).stdout.trim();
  if (onPath !== '') return join(onPath, '..');
  throw new Error(
    'the PostgreSQL tests need a PostgreSQL server, and none is installed: no initdb in /usr/lib/postgresql/*/bin ' +
      'or on PATH (install it with `apt-get install -y postgresql`, or set PG_BIN to its bin folder)',
  );
}

/** Root cannot run postgres: the cluster belongs to the `postgres` user when there is one, else `nobody`. */
function runAs(): { user: string; uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  for (const user of ['postgres', 'nobody']) {
    const id = spawnSync('id', ['-u', user], { encoding: 'utf8' });
    if (id.status === 0) {
      const gid = Number(execFileSync('id', ['-g', user], { encoding: 'utf8' }));
      return { user, uid: Number(id.stdout), gid };
    }
  }
  throw new Error(
    'the PostgreSQL tests run as root and found no unprivileged user (postgres or nobody) to run the server',
  );
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

async function start(): Promise<PostgresCluster> {
  const bin = binaries();
  const owner = runAs();
  const dir = mkdtempSync(join(tmpdir(), 'arobase-pg-'));
  const data = join(dir, 'data');
  const logFile = join(dir, 'server.log');
  if (owner) chownSync(dir, owner.uid, owner.gid);
  const run = (tool: string, args: string[]) => {
    const [command, argv] = owner
      ? ['runuser', ['-u', owner.user, '--', join(bin, tool), ...args]]
      : [join(bin, tool), args];
    const result = spawnSync(command, argv, { encoding: 'utf8', cwd: dir, timeout: 60_000 });
    if (result.status !== 0) {
      const log = existsSync(logFile) ? readFileSync(logFile, 'utf8') : '';
      throw new Error(
        `cannot start the test PostgreSQL server: ${tool} failed (${result.error?.message ?? `status ${result.status}`})\n` +
          `${result.stdout}${result.stderr}${log}`,
      );
    }
  };
  const stop = () => {
    spawnSync(owner ? 'runuser' : join(bin, 'pg_ctl'), [
      ...(owner ? ['-u', owner.user, '--', join(bin, 'pg_ctl')] : []),
      'stop',
      '-D',
      data,
      '-m',
      'immediate',
    ]);
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    run('initdb', [
      '-D',
      data,
      '-U',
      'postgres',
      '--auth=trust',
      '--encoding=UTF8',
      '--locale=C',
      '--no-sync',
    ]);
    const port = await freePort();
    // Durability is worth nothing in a throwaway cluster: no fsync makes each test's database quick.
    const settings = `-p ${port} -h 127.0.0.1 -k ${dir} -c fsync=off -c synchronous_commit=off -c full_page_writes=off`;
    run('pg_ctl', ['-D', data, '-l', logFile, '-w', '-t', '60', '-o', settings, 'start']);
    process.once('exit', stop);
    const url = (database = 'postgres') => `postgres://postgres@127.0.0.1:${port}/${database}`;
    const admin = async <T>(work: (client: Client) => Promise<T>) => {
      const client = new Client({ connectionString: url() });
      await client.connect();
      try {
        return await work(client);
      } finally {
        await client.end();
      }
    };
    return {
      port,
      url,
      async createDatabase(template = 'template0') {
        if (!/^\w+$/.test(template)) throw new TypeError(`not a database name: ${template}`);
        const name = `blog_test_${process.pid}_${++databases}`;
        // FILE_COPY copies the files at once, twice as fast as PostgreSQL 15's default for a small database.
        await admin((client) =>
          client.query(`CREATE DATABASE ${name} TEMPLATE ${template} STRATEGY FILE_COPY`),
        );
        return url(name);
      },
      async dropDatabase(target: string) {
        const name = new URL(target).pathname.slice(1);
        if (!/^\w+$/.test(name)) throw new TypeError(`not a test database: ${target}`);
        await admin((client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
      },
    };
  } catch (error) {
    stop();
    throw error;
  }
}
