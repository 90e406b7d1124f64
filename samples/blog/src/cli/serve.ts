import cluster from 'node:cluster';
import { type AddressInfo, createServer } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { createBlogApp } from '../app';
import { DatabaseOpenError } from '../db/errors';
import { openStore } from '../db/open';
import { isPostgresUrl, redactUrl } from '../db/postgres/database';
import { serverTimeouts } from './timeouts';

/** Options of `blog serve`, as commander parsed them. */
export interface ServeOptions {
  port: number;
  host: string;
  /** A SQLite file or a `postgres://` URL (`DATABASE_URL`). */
  db: string;
  workers: number;
  /** PostgreSQL: connections each process's pool may open. */
  pool: number;
  /** How long in-flight requests may take after SIGTERM before the process exits anyway, in seconds. */
  grace: number;
  /** Seconds a client has to send its whole request (headers and body). */
  requestTimeout: number;
  /** Seconds an idle keep-alive connection is kept open. */
  keepAliveTimeout: number;
  /** Fastify's `trustProxy`: a hop count, addresses, or `true`. */
  trustProxy?: boolean | number | string;
}

/** A problem the CLI reports in one line and exits non-zero for. */
export class CliError extends Error {}

const say = (line: string) => process.stdout.write(`blog: ${line}\n`);

/**
 * `blog serve`: one process, or with `--workers N` a primary that migrates the database once and
 * forks N workers that share the port through `node:cluster`.
 */
export async function serve(options: ServeOptions): Promise<void> {
  if (options.workers > 1 && cluster.isPrimary) return runPrimary(options);
  return runServer(
    options,
    cluster.isWorker ? `worker ${process.env.BLOG_WORKER ?? cluster.worker?.id}` : '',
  );
}

async function runServer(options: ServeOptions, role: string): Promise<void> {
  const prefix = role === '' ? '' : `${role}: `;
  const log = (line: string) => say(prefix + line);
  if (role === '') {
    await checkPort(options); // a worker's port is the primary's, already checked
    log(`opening database ${shownDb(options.db)}`);
  }
  let app: FastifyInstance;
  try {
    app = await createBlogApp({
      db: options.db,
      poolSize: options.pool,
      log: role === '' ? log : undefined, // the primary already reported the migration
      logger: { level: process.env.BLOG_LOG_LEVEL ?? 'warn' },
      fastify: { ...serverTimeouts(options), trustProxy: options.trustProxy ?? false },
      export: { throttleMs: Number(process.env.BLOG_EXPORT_THROTTLE_MS ?? 0) || 0 },
    });
  } catch (error) {
    throw error instanceof DatabaseOpenError ? new CliError(error.message) : error;
  }
  try {
    await app.listen({ port: options.port, host: options.host });
  } catch (error) {
    await app.close();
    throw new CliError(listenProblem(error as NodeJS.ErrnoException, options));
  }
  const { port } = app.server.address() as AddressInfo;
  if (role === '') log(`listening at ${publicUrl(options.host, port)}`);
  else log(`ready (pid ${process.pid})`);
  stopOnSignals(async (signal) => {
    log(`${signal}: finishing in-flight requests`);
    const force = setTimeout(() => {
      log(`in-flight requests still running after ${options.grace} s, exiting`);
      process.exit(1);
    }, options.grace * 1000);
    force.unref();
    // Fastify stops accepting, answers 503 to new requests on open connections, waits for the
    // in-flight ones, then runs onClose hooks (the database closes last). It closes the connections
    // that are idle when it starts; a keep-alive connection whose request ends later would hold the
    // process for the whole keep-alive timeout, so idle ones are swept until the server is closed.
    const sweep = setInterval(() => app.server.closeIdleConnections(), 100);
    await app.close().finally(() => clearInterval(sweep));
    log('stopped');
    // A worker's IPC channel to the primary would keep it alive: closing it lets the process end.
    cluster.worker?.disconnect();
  });
}

async function runPrimary(options: ServeOptions): Promise<void> {
  await checkPort(options);
  say(`opening database ${shownDb(options.db)}`);
  try {
    // Migrate and create the cookie secret once, before any worker opens the database.
    const store = await openStore(options.db, { log: say, poolSize: 1 });
    try {
      if (process.env.BLOG_COOKIE_SECRET === undefined) await store.cookieSecret();
    } finally {
      await store.close();
    }
  } catch (error) {
    throw error instanceof DatabaseOpenError ? new CliError(error.message) : error;
  }
  let stopping = false;
  let listening = 0;
  const fork = (n: number) => cluster.fork({ BLOG_WORKER: String(n) });
  const slots = new Map<number, number>();
  for (let n = 1; n <= options.workers; n++) slots.set(fork(n).id, n);

  cluster.on('listening', (_worker, address) => {
    if (++listening === options.workers) {
      say(`listening at ${publicUrl(options.host, address.port)} with ${options.workers} workers`);
    }
  });
  cluster.on('exit', (worker, code, signal) => {
    const n = slots.get(worker.id) ?? 0;
    slots.delete(worker.id);
    if (stopping) {
      if (slots.size === 0) {
        say('all workers stopped');
      }
      return;
    }
    if (listening < options.workers) {
      // A worker that dies before listening would die again: stop rather than fork in a loop.
      say(`worker ${n} exited during start-up (${signal ?? `code ${code}`}), stopping`);
      stopping = true;
      process.exitCode = 1;
      for (const other of Object.values(cluster.workers ?? {})) other?.process.kill('SIGTERM');
      return;
    }
    say(`worker ${n} died (${signal ?? `code ${code}`}), starting another`);
    slots.set(fork(n).id, n);
  });
  stopOnSignals((signal) => {
    stopping = true;
    say(`${signal}: stopping ${slots.size} workers`);
    for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill('SIGTERM');
  });
}

function stopOnSignals(stop: (signal: NodeJS.Signals) => void | Promise<void>): void {
  let stopped = false;
  const handler = (signal: NodeJS.Signals) => {
    if (stopped) return;
    stopped = true;
    Promise.resolve(stop(signal)).catch((error) => {
      process.stderr.write(`blog: error while stopping: ${(error as Error).message}\n`);
      process.exit(1);
    });
  };
  process.on('SIGTERM', handler);
  process.on('SIGINT', handler);
}

function shownDb(db: string): string {
  return isPostgresUrl(db) ? redactUrl(db) : db;
}

function publicUrl(host: string, port: number): string {
  const shown = host === '0.0.0.0' || host === '::' ? 'localhost' : host.includes(':') ? `[${host}]` : host;
  return `http://${shown}:${port}`;
}

/**
 * Binds the port and lets it go again, so that a busy port or a wrong host is reported before the
 * database file is created and migrated. `listen` can still fail later (another program may take the
 * port in between); that is reported the same way.
 */
async function checkPort(options: ServeOptions): Promise<void> {
  const probe = createServer();
  try {
    await new Promise<void>((done, fail) => {
      probe.once('error', fail);
      probe.listen(options.port, options.host, done);
    });
  } catch (error) {
    throw new CliError(listenProblem(error as NodeJS.ErrnoException, options));
  }
  await new Promise((done) => probe.close(done));
}

function listenProblem(error: NodeJS.ErrnoException, options: ServeOptions): string {
  const where = `${options.host}:${options.port}`;
  switch (error.code) {
    case 'EADDRINUSE':
      return `cannot listen on ${where}: the port is already in use (choose another with --port)`;
    case 'EACCES':
      return `cannot listen on ${where}: permission denied (ports below 1024 need privileges)`;
    case 'EADDRNOTAVAIL':
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `cannot listen on ${where}: ${options.host} is not an address of this machine`;
    default:
      return `cannot listen on ${where}: ${error.message}`;
  }
}
